import type { RequestEvent } from '@sveltejs/kit';

// The CSRF origin check of SvelteKit (`csrf.checkOrigin`), done here so that it can leave out the
// one route that must accept a cross-site form POST: the one-click unsubscribe of RFC 8058, which
// mail providers send from their own servers without an Origin. That route acts on the key in its
// URL only, never on the session cookie, so a forged request can do nothing its link cannot.
// svelte.config.js turns SvelteKit's own check off (`trustedOrigins: ['*']`); this one replaces it
// for every other request, with the same rule and the same answer.

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Routes a cross-site form may post to (their handlers never read the session). */
const CROSS_SITE_FORM_ROUTES = [/^\/desabonnement\/[^/]+$/];

function isFormContentType(request: Request): boolean {
	const type = (request.headers.get('content-type') ?? '').split(';', 1)[0].trim().toLowerCase();
	return FORM_TYPES.includes(type);
}

/** A 403 for a cross-site form submission, or null to go on. */
export function checkFormOrigin(event: RequestEvent): Response | null {
	const { request, url } = event;
	if (!WRITES.has(request.method) || !isFormContentType(request)) return null;
	if (request.headers.get('origin') === url.origin) return null;
	if (CROSS_SITE_FORM_ROUTES.some((route) => route.test(url.pathname))) return null;
	const message = `Cross-site ${request.method} form submissions are forbidden`;
	return request.headers.get('accept') === 'application/json'
		? Response.json({ message }, { status: 403 })
		: new Response(message, { status: 403, headers: { 'content-type': 'text/plain' } });
}
