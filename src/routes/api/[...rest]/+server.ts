import { notFound } from '$lib/server/api/responses';
import type { RequestHandler } from './$types';

// Any other /api path answers JSON, never the HTML error page.
export const fallback: RequestHandler = async ({ url }) =>
	notFound(`Aucune ressource à l’adresse ${url.pathname}.`);
