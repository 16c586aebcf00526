import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { canEditFiche, canReadScheme, isAdministrator } from '$lib/domain/permissions';
import { getDb } from '../app-db';
import { findFicheInScheme, listPilotOrganisationIds } from '../plan/fiche-edit.service';
import type { CurrentUser } from './auth.service';

/** Pages: the signed-in user, or a redirect to the sign-in page that comes back here. */
export function requireUser(event: Pick<RequestEvent, 'locals' | 'url'>): CurrentUser {
	const user = event.locals.user;
	if (!user) {
		const back = event.url.pathname + event.url.search;
		redirect(303, `/connexion?retour=${encodeURIComponent(back)}`);
	}
	return user;
}

export function requireAdministrator(event: Pick<RequestEvent, 'locals' | 'url'>): CurrentUser {
	const user = requireUser(event);
	if (!isAdministrator(user)) error(403, { message: 'Accès réservé aux administrateurs.' });
	return user;
}

/** A service's refusal as a 404 or 403 page; an anonymous visitor refused signs in first. */
export function refusePage(
	event: Pick<RequestEvent, 'locals' | 'url'>,
	result: { reason: 'not_found' | 'forbidden'; message: string }
): never {
	if (result.reason === 'forbidden' && !event.locals.user) requireUser(event);
	error(result.reason === 'not_found' ? 404 : 403, { message: result.message });
}

/** Pages of a scheme: a private scheme sends an anonymous visitor to the sign-in page. */
export function ensureCanReadScheme(
	event: Pick<RequestEvent, 'locals' | 'url'>,
	scheme: { visibility: 'public' | 'private' }
): void {
	if (!canReadScheme(event.locals.user, scheme.visibility)) requireUser(event);
}

/**
 * Actions on a fiche's content (edit, figures, bilan, milestones): its pilots and the
 * coordinator only. Checked before the form is read, so a refused user learns nothing from it.
 */
export async function requireFicheEditor(
	event: Pick<RequestEvent, 'locals' | 'url' | 'params'>
): Promise<CurrentUser> {
	const user = requireUser(event);
	const { scheme, fiche } = event.params as { scheme?: string; fiche?: string };
	const db = getDb();
	const found = scheme && fiche ? await findFicheInScheme(db, scheme, fiche) : undefined;
	if (!found) error(404, { message: 'Fiche introuvable' });
	if (!canEditFiche(user, await listPilotOrganisationIds(db, found.id))) {
		error(403, {
			message: 'Seuls les pilotes de cette fiche et l’administrateur peuvent la renseigner.'
		});
	}
	return user;
}
