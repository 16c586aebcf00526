import { randomUUID } from 'node:crypto';
import type { RequestEvent } from '@sveltejs/kit';
import { logger } from '../log';

// Each request gets an id (the proxy's X-Request-Id when it is a plain token, a new UUID
// otherwise), sent back in X-Request-Id and written on every log line about the request.

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function requestIdOf(request: Request): string {
	const given = request.headers.get('x-request-id');
	return given && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * A long mixed-case run of base64url characters: a link token (invitation…) in a path, even in an
 * unmatched route. Slugs are lower-case and never match.
 */
const TOKEN_LIKE = /^(?=.*[A-Z])(?=.*[a-z])[A-Za-z0-9_-]{32,}$/;

/**
 * The path as it may be logged: route parameters that carry a credential (named …token…) and any
 * segment that looks like a token are masked; the query string is left out.
 */
export function loggablePath(url: URL, params: Partial<Record<string, string>> = {}): string {
	const secret = new Set(
		Object.entries(params)
			.filter(([name, value]) => /token/i.test(name) && value)
			.map(([, value]) => encodeURIComponent(value!))
	);
	return url.pathname
		.split('/')
		.map((segment) => (secret.has(segment) || TOKEN_LIKE.test(segment) ? '[masqué]' : segment))
		.join('/');
}

/** One line per request: id, method, route, masked path, status and duration. */
export function logRequest(
	event: RequestEvent,
	requestId: string,
	status: number,
	startedAt: number
): void {
	const line = {
		reqId: requestId,
		method: event.request.method,
		route: event.route.id,
		path: loggablePath(event.url, event.params),
		status,
		ms: Math.round((performance.now() - startedAt) * 10) / 10,
		user: event.locals.user?.id
	};
	if (status >= 500) logger().error(line, 'requête en erreur');
	else logger().info(line, 'requête');
}
