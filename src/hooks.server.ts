import type { IncomingMessage } from 'node:http';
import type { Handle, HandleServerError, RequestEvent, ServerInit } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { resolveApiToken, resolveSession, SESSION_COOKIE } from '$lib/server/auth/auth.service';
import { apiError } from '$lib/server/api/responses';
import { gateScheme } from '$lib/server/auth/scheme-gate';
import { checkCookieApiWrite, isApiRequest, limitApiBody } from '$lib/server/http/api-guards';
import { checkFormOrigin } from '$lib/server/http/csrf';
import { loggablePath, logRequest, requestIdOf } from '$lib/server/http/request-log';
import { withServerTiming } from '$lib/server/http/server-timing';
import { config } from '$lib/server/config';
import { startUp } from '$lib/server/lifecycle';
import { logger } from '$lib/server/log';

export const init: ServerInit = startUp;

/** Who is asking: a personal API token (Authorization: Bearer) or the session cookie. */
async function authenticate(event: RequestEvent): Promise<Response | null> {
	const db = getDb();
	event.locals.user = null;
	// Only « Bearer sdsf_… » is one of our API tokens; any other scheme (the Basic of an intranet
	// proxy, another service's bearer) is not ours, and the session cookie applies.
	const bearer = /^\s*Bearer\s+(sdsf_\S+)\s*$/i.exec(
		event.request.headers.get('authorization') ?? ''
	);
	if (bearer) {
		// A personal token is for programs calling the API; pages and form actions want a person
		// signed in (their CSRF defence rests on the cookie's SameSite and the Origin check).
		if (!isApiRequest(event))
			return apiError(
				'unauthorized',
				'Les jetons d’accès ne valent que pour l’API (/api/…) : connectez-vous pour les pages.'
			);
		event.locals.user = await resolveApiToken(db, bearer[1]);
		if (!event.locals.user) {
			return apiError('unauthorized', 'Jeton d’accès invalide ou révoqué.');
		}
	} else {
		const token = event.cookies.get(SESSION_COOKIE);
		if (token) {
			event.locals.user = await resolveSession(db, token);
			if (!event.locals.user) event.cookies.delete(SESSION_COOKIE, { path: '/' });
		}
	}
	// Refuse before revealing: a private scheme's sub-routes answer as if it did not exist.
	return gateScheme(db, event);
}

/**
 * A body refused before it was read (a 403 on an upload) stays paused on the socket, and the next
 * request on that keep-alive connection would never be read. Read the rest without keeping it, so
 * the client gets the answer instead of a reset while it is still sending. Past BODY_SIZE_LIMIT the
 * stream errors: the raw request then discards what is left, as Node does for an unread body.
 */
async function drainUnreadBody(event: RequestEvent): Promise<void> {
	const { request } = event;
	if (!request.body || request.bodyUsed) return;
	try {
		const reader = request.body.getReader();
		while (!(await reader.read()).done);
	} catch {
		const raw = (event.platform as { req?: IncomingMessage } | undefined)?.req;
		raw?.resume();
	}
}

function setSecurityHeaders(event: RequestEvent, response: Response): void {
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
	response.headers.set('X-Frame-Options', 'DENY');
	response.headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
	if (event.locals.user) response.headers.set('Cache-Control', 'private, no-store');
}

export const handle: Handle = ({ event, resolve }) =>
	config().SERVER_TIMING ? withServerTiming(() => answer(event, resolve)) : answer(event, resolve);

async function answer(event: RequestEvent, resolve: Parameters<Handle>[0]['resolve']) {
	const startedAt = performance.now();
	const requestId = requestIdOf(event.request);
	event.locals.requestId = requestId;
	event.locals.user = null;
	event.locals.scheme = null;

	const response =
		checkFormOrigin(event) ??
		checkCookieApiWrite(event) ??
		(await limitApiBody(event)) ??
		(await authenticate(event)) ??
		(await resolve(event));
	setSecurityHeaders(event, response);
	await drainUnreadBody(event);

	response.headers.set('X-Request-Id', requestId);
	logRequest(event, requestId, response.status, startedAt);
	return response;
}

/** An unexpected error: logged with the request id; the page shows the generic message only. */
export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (status >= 500)
		logger().error(
			{
				reqId: event.locals.requestId,
				path: loggablePath(event.url, event.params),
				err: error
			},
			'erreur inattendue'
		);
	return { message };
};
