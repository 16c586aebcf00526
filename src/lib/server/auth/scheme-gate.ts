import type { RequestEvent } from '@sveltejs/kit';
import { can } from '$lib/domain/policy';
import { apiError } from '../api/responses';
import type { Db } from '../db/database';
import type { SchemeRef } from './guards';

// Refuse before revealing: every request under /schemas/[scheme]/… and /api/schemes/[scheme]/… is
// stopped here when the caller may not read that scheme, before any route code runs. A private
// scheme and a scheme that does not exist look the same from outside.

/** Endpoint routes (+server.ts): they have no layout, so the gate answers for them. */
const ENDPOINT_ROUTES = new Set(
	Object.keys(import.meta.glob('/src/routes/**/+server.ts')).map(
		(file) => file.replace(/^\/src\/routes/, '').replace(/\/\+server\.ts$/, '') || '/'
	)
);

function isSchemeRoute(routeId: string | null): boolean {
	return (
		!!routeId &&
		(routeId.startsWith('/schemas/[scheme]') || routeId.startsWith('/api/schemes/[scheme]'))
	);
}

/**
 * A refusal sent before the request's body was read: the connection is closed after it, so that a
 * client does not send its next request on a socket still holding the unread upload (undici then
 * saw « other side closed » on the following uploads).
 */
function closing(request: Request, response: Response): Response {
	const hasBody =
		request.headers.has('transfer-encoding') ||
		Number(request.headers.get('content-length') ?? 0) > 0;
	if (hasBody) response.headers.set('connection', 'close');
	return response;
}

export async function findSchemeRef(db: Db, slug: string): Promise<SchemeRef | null> {
	const row = await db
		.selectFrom('scheme')
		.select(['id', 'slug', 'title', 'visibility', 'territory_id'])
		.where('slug', '=', slug)
		.executeTakeFirst();
	return row
		? {
				schemeId: row.id,
				slug: row.slug,
				title: row.title,
				visibility: row.visibility,
				territoryId: row.territory_id
			}
		: null;
}

/**
 * Sets `locals.scheme` for a scheme route, or answers the refusal. A page a person opens in the
 * browser is left to the scheme layout, which renders the refusal as the app's error page (or
 * sends an anonymous visitor to sign in); everything else (form actions, data requests, files,
 * the API) is refused here.
 */
export async function gateScheme(
	db: Db,
	event: Pick<RequestEvent, 'locals' | 'url' | 'route' | 'params' | 'request' | 'isDataRequest'>
): Promise<Response | null> {
	if (!isSchemeRoute(event.route.id)) return null;
	const slug = event.params.scheme ?? '';
	const scheme = await findSchemeRef(db, slug);
	const user = event.locals.user;
	if (scheme && can(user, 'scheme.read', scheme)) {
		event.locals.scheme = scheme;
		return null;
	}
	const isApi = event.route.id!.startsWith('/api/');
	if (isApi) return closing(event.request, apiError('not_found', `Aucun schéma « ${slug} ».`));
	const method = event.request.method;
	const pageView =
		(method === 'GET' || method === 'HEAD') &&
		!event.isDataRequest &&
		!ENDPOINT_ROUTES.has(event.route.id!);
	if (pageView) return null; // the layout refuses, with the app's error page
	if (!user) {
		const back = event.url.pathname + event.url.search;
		return closing(
			event.request,
			new Response(null, {
				status: 303,
				headers: { location: `/connexion?retour=${encodeURIComponent(back)}` }
			})
		);
	}
	return closing(
		event.request,
		new Response('Page introuvable', {
			status: 404,
			headers: { 'content-type': 'text/plain; charset=utf-8' }
		})
	);
}
