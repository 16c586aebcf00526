import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { notFound } from '$lib/server/api/responses';
import { getSchemeDetail } from '$lib/server/plan/plan.service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	const scheme = await getSchemeDetail(getDb(), params.scheme);
	if (!scheme) return notFound(`Aucun schéma « ${params.scheme} ».`);
	// The hook has already refused a caller who may not read this scheme (404).
	return json({ scheme });
};
