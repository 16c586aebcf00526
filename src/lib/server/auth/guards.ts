import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { canReadScheme, isAdministrator } from '$lib/domain/permissions';
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

/** Pages of a scheme: a private scheme sends an anonymous visitor to the sign-in page. */
export function ensureCanReadScheme(
	event: Pick<RequestEvent, 'locals' | 'url'>,
	scheme: { visibility: 'public' | 'private' }
): void {
	if (!canReadScheme(event.locals.user, scheme.visibility)) requireUser(event);
}
