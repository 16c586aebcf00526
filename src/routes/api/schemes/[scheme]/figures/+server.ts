import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { forbidden, notFound, unauthorized } from '$lib/server/api/responses';
import { getOpenData } from '$lib/server/open-data/open-data.service';
import type { RequestHandler } from './$types';

// GET /api/schemes/{slug}/figures — every figure of the scheme as JSON (the same rows as the CSV
// of /schemas/{slug}/donnees.csv). Administrators get every figure with its state; everyone
// else only the validated ones (`validatedOnly: true` in the answer).
export const GET: RequestHandler = async ({ params, locals }) => {
	const result = await getOpenData(getDb(), locals.user, params.scheme);
	if (!result.ok) {
		if (result.reason === 'forbidden')
			return locals.user ? forbidden(result.message) : unauthorized();
		return notFound(result.message);
	}
	return json(result.data, { headers: { 'Cache-Control': 'private, no-store' } });
};
