import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { prepareNextScheme } from '$lib/server/generations/next-scheme.service';
import { readJsonObject, refusal, unauthenticated } from '$lib/server/reporting/api';
import type { RequestHandler } from './$types';

/** « Préparer le schéma suivant »: { startYear, endYear, fiches? } → 201 { scheme, fiches }. */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	if (!locals.user) return unauthenticated();
	const body = await readJsonObject(request);
	if (!body.ok) return body.response;
	const result = await prepareNextScheme(getDb(), locals.user, params.scheme, body.body);
	if (!result.ok) return refusal(result);
	return json(
		{
			scheme: {
				slug: result.scheme.slug,
				title: result.scheme.title,
				startYear: result.scheme.startYear,
				endYear: result.scheme.endYear,
				predecessor: params.scheme
			},
			fiches: result.fiches
		},
		{ status: 201, headers: { Location: `/api/schemes/${result.scheme.slug}` } }
	);
};
