import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import {
	can,
	PLATFORM,
	refusalOf,
	type Action,
	type FicheAction,
	type Refusal,
	type SchemeAction,
	type SchemeResource
} from '$lib/domain/policy';
import { apiError } from '../api/responses';
import { getDb } from '../app-db';
import { findFicheInScheme, listPilotOrganisationIds } from '../plan/fiche-edit.service';
import type { CurrentUser } from './auth.service';

// Route-side use of the policy (src/lib/domain/policy.ts): the hook resolves the scheme named by
// the URL and refuses before anything is read; these helpers turn a refusal into the right answer.

type Event = Pick<RequestEvent, 'locals' | 'url'>;

/** The scheme a request is about (set by the hook from the URL's [scheme]), as the policy sees it. */
export type SchemeRef = SchemeResource & {
	slug: string;
	title: string;
	territoryId: number | null;
};

const REFUSAL_MESSAGES: Record<Exclude<Refusal, 'sign_in'>, string> = {
	not_found: 'Page introuvable',
	forbidden: 'Vous n’avez pas les droits pour cette action.'
};

/** The refusal of a member who may read the scheme but not do this: who may, in words. */
const COORDINATION_ONLY = 'Action réservée à la coordination du schéma.';
const FORBIDDEN_BY_ACTION: Partial<Record<Action, string>> = {
	'scheme.readDrafts': COORDINATION_ONLY,
	'scheme.configure': COORDINATION_ONLY,
	'period.manage': COORDINATION_ONLY,
	'figure.review': COORDINATION_ONLY,
	'meeting.manage': COORDINATION_ONLY,
	'scheme.prepareNext': COORDINATION_ONLY,
	'territory.import': COORDINATION_ONLY,
	'member.manage': 'La gestion des membres est réservée à la coordination du schéma.',
	'scheme.report': 'Réservé aux pilotes des fiches et à la coordination du schéma.',
	'platform.manage': 'Accès réservé aux administrateurs de la plateforme.'
};

function signIn(event: Event): never {
	const back = event.url.pathname + event.url.search;
	redirect(303, `/connexion?retour=${encodeURIComponent(back)}`);
}

/** Pages: the signed-in user, or a redirect to the sign-in page that comes back here. */
export function requireUser(event: Event): CurrentUser {
	const user = event.locals.user;
	if (!user) signIn(event);
	return user;
}

/** Pages: a refusal as the sign-in page, a 404 or a 403, with an optional clearer message. */
export function refuse(event: Event, refusal: Refusal, message?: string): never {
	if (refusal === 'sign_in') signIn(event);
	error(refusal === 'not_found' ? 404 : 403, { message: message ?? REFUSAL_MESSAGES[refusal] });
}

/** A service's refusal as a 404 or 403 page; an anonymous visitor refused signs in first. */
export function refusePage(
	event: Event,
	result: { reason: 'not_found' | 'forbidden'; message: string }
): never {
	if (result.reason === 'forbidden' && !event.locals.user) signIn(event);
	error(result.reason === 'not_found' ? 404 : 403, { message: result.message });
}

/** The scheme of the URL; only reached once the hook has let the caller read it. */
export function currentScheme(event: Pick<RequestEvent, 'locals'>): SchemeRef {
	const scheme = event.locals.scheme;
	if (!scheme) error(404, { message: 'Schéma introuvable' });
	return scheme;
}

/** Pages and form actions of a scheme: the caller may do `action` on the URL's scheme, or is refused. */
export function authorize(
	event: Event,
	action: SchemeAction,
	message?: string
): CurrentUser | null {
	const scheme = currentScheme(event);
	const refusal = refusalOf(event.locals.user, action, scheme);
	if (refusal) refuse(event, refusal, message ?? FORBIDDEN_BY_ACTION[action]);
	return event.locals.user;
}

/** Like `authorize`, for a signed-in action: the user is never null. */
export function authorizeUser(event: Event, action: SchemeAction, message?: string): CurrentUser {
	const user = authorize(event, action, message);
	if (!user) signIn(event);
	return user;
}

/** Platform pages (territories, schemes, organisations, all accounts). */
export function requirePlatformAdmin(event: Event): CurrentUser {
	const user = requireUser(event);
	if (!can(user, 'platform.manage', PLATFORM))
		error(403, { message: 'Accès réservé aux administrateurs de la plateforme.' });
	return user;
}

/**
 * Actions on a fiche's content (edit, figures, bilan, milestones): its pilots and the scheme's
 * coordination only. Checked before the form is read, so a refused user learns nothing from it.
 */
export async function requireFicheAction(
	event: Pick<RequestEvent, 'locals' | 'url' | 'params'>,
	action: FicheAction = 'fiche.edit'
): Promise<CurrentUser> {
	const user = requireUser(event);
	const scheme = currentScheme(event);
	const { fiche } = event.params as { fiche?: string };
	const db = getDb();
	const found = fiche ? await findFicheInScheme(db, scheme.slug, fiche) : undefined;
	if (!found) error(404, { message: 'Fiche introuvable' });
	const pilotOrganisationIds = await listPilotOrganisationIds(db, found.id);
	if (!can(user, action, { ...scheme, pilotOrganisationIds })) {
		error(403, {
			message:
				'Seuls les pilotes de cette fiche et la coordination du schéma peuvent la renseigner.'
		});
	}
	return user;
}

/** API: a refusal as JSON; an anonymous caller of a scheme it cannot see gets 404, not 401. */
export function apiRefusal(
	user: CurrentUser | null,
	action: Action,
	resource: SchemeResource | typeof PLATFORM,
	message?: string
): Response | null {
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	const refusal = refusalOf(user, action as any, resource as any);
	if (!refusal) return null;
	const visible = 'platform' in resource || can(user, 'scheme.read', resource);
	if (refusal === 'sign_in' && visible)
		return apiError(
			'unauthorized',
			'Authentification requise : connectez-vous ou utilisez un jeton d’accès.'
		);
	if (refusal === 'forbidden')
		return apiError(
			'forbidden',
			message ?? FORBIDDEN_BY_ACTION[action] ?? REFUSAL_MESSAGES.forbidden
		);
	return apiError('not_found', 'Ressource introuvable.');
}
