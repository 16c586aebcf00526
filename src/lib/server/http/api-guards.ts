import type { RequestEvent } from '@sveltejs/kit';
import { SESSION_COOKIE } from '../auth/auth.service';
import { apiError } from '../api/responses';

// Checks on /api/ requests made before they reach an endpoint (called from hooks.server.ts).

export const MAX_API_BODY_BYTES = 1024 * 1024;

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const tooLarge = () => apiError('payload_too_large', 'Le corps de la requête dépasse 1 Mo.');
const badBody = () => apiError('bad_request', 'Le corps de la requête n’a pas pu être lu.');

export const isApiRequest = (event: RequestEvent) => event.url.pathname.startsWith('/api/');

/**
 * Enforces the 1 MB limit of an API body on the bytes actually read, so neither a lying
 * Content-Length nor chunked encoding gets past it: the body is read here (at most the limit plus
 * one chunk) and the endpoint receives it as a buffered copy. Returns a 413 response when over.
 */
export async function limitApiBody(
	event: RequestEvent,
	maxBytes = MAX_API_BODY_BYTES
): Promise<Response | null> {
	const { request } = event;
	if (!isApiRequest(event) || !request.body) return null;
	if (Number(request.headers.get('content-length') ?? 0) > maxBytes) return tooLarge();
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.byteLength;
			if (size > maxBytes) {
				// Read the rest without keeping it (adapter-node stops at BODY_SIZE_LIMIT), so the client
				// gets the 413 instead of a connection reset while it is still sending.
				while (!(await reader.read()).done);
				return tooLarge();
			}
			chunks.push(value);
		}
	} catch {
		return size > maxBytes ? tooLarge() : badBody();
	}
	const body = new Uint8Array(size);
	let offset = 0;
	for (const chunk of chunks) {
		body.set(chunk, offset);
		offset += chunk.byteLength;
	}
	event.request = new Request(request.url, {
		method: request.method,
		headers: request.headers,
		body: size ? body : null,
		signal: request.signal
	});
	return null;
}

const isJson = (contentType: string | null) =>
	!!contentType && /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(contentType.trim());

/**
 * A write to the API authenticated by the session cookie (no Authorization header) must come from
 * this site's pages: same-origin `Origin` (403 otherwise) and, with a body, a JSON Content-Type
 * (415 otherwise), so a cross-site form or a `text/plain` fetch cannot ride on the cookie.
 * Token-authenticated calls come from other systems and need no Origin.
 */
export function checkCookieApiWrite(event: RequestEvent): Response | null {
	const { request } = event;
	if (!isApiRequest(event) || !WRITES.has(request.method)) return null;
	if (request.headers.has('authorization') || !event.cookies.get(SESSION_COOKIE)) return null;
	if (request.headers.get('origin') !== event.url.origin)
		return apiError(
			'forbidden',
			'Écriture refusée : la requête ne vient pas de ce site (en-tête Origin absent ou différent).'
		);
	if (request.body && !isJson(request.headers.get('content-type')))
		return apiError(
			'unsupported_media_type',
			'Le corps doit être envoyé en JSON (Content-Type: application/json).'
		);
	return null;
}
