import type { Handle, ServerInit } from '@sveltejs/kit';
import { getDb, prepareDatabase } from '$lib/server/app-db';
import { resolveApiToken, resolveSession, SESSION_COOKIE } from '$lib/server/auth/auth.service';
import { DatabaseSetupError } from '$lib/server/db/database';
import { apiError } from '$lib/server/api/responses';

export const init: ServerInit = async () => {
	try {
		await prepareDatabase();
	} catch (error) {
		if (error instanceof DatabaseSetupError) {
			console.error(`Erreur de démarrage : ${error.message}`);
			process.exit(1);
		}
		throw error;
	}
};

const MAX_API_BODY_BYTES = 1024 * 1024;

export const handle: Handle = async ({ event, resolve }) => {
	const db = getDb();
	const isApi = event.url.pathname.startsWith('/api/');

	const declared = Number(event.request.headers.get('content-length') ?? 0);
	if (isApi && declared > MAX_API_BODY_BYTES) {
		return apiError(413, 'payload_too_large', 'Le corps de la requête dépasse 1 Mo.');
	}

	event.locals.user = null;
	// Only « Bearer sdsf_… » is one of our API tokens; any other scheme (the Basic of an intranet
	// proxy, another service's bearer) is not ours, and the session cookie applies.
	const bearer = /^\s*Bearer\s+(sdsf_\S+)\s*$/i.exec(
		event.request.headers.get('authorization') ?? ''
	);
	if (bearer) {
		event.locals.user = await resolveApiToken(db, bearer[1]);
		if (!event.locals.user) {
			return apiError(401, 'unauthorized', 'Jeton d’accès invalide ou révoqué.');
		}
	} else {
		const token = event.cookies.get(SESSION_COOKIE);
		if (token) {
			event.locals.user = await resolveSession(db, token);
			if (!event.locals.user) event.cookies.delete(SESSION_COOKIE, { path: '/' });
		}
	}

	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
	response.headers.set('X-Frame-Options', 'DENY');
	response.headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
	if (event.locals.user) response.headers.set('Cache-Control', 'private, no-store');
	return response;
};
