import { json } from '@sveltejs/kit';
import { canReadScheme } from '$lib/domain/permissions';
import { getDb } from '$lib/server/app-db';
import { notFound, unauthorized } from '$lib/server/api/responses';
import { getSchemeDetail } from '$lib/server/plan/plan.service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params, locals }) => {
	const scheme = await getSchemeDetail(getDb(), params.scheme);
	if (!scheme) return notFound(`Aucun schéma « ${params.scheme} ».`);
	if (!canReadScheme(locals.user, scheme.visibility)) return unauthorized();
	return json({ scheme });
};
