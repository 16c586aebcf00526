import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { readJsonObject, refusal, unauthenticated } from '$lib/server/reporting/api';
import { toApiPeriod } from '$lib/server/reporting/api-views';
import { createPeriod, listPeriods } from '$lib/server/reporting/periods.service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params, locals }) => {
	if (!locals.user) return unauthenticated();
	const result = await listPeriods(getDb(), locals.user, params.scheme);
	if (!result.ok) return refusal(result);
	return json({ periods: result.periods.map(toApiPeriod) });
};

/** Creates a period (administrator): { kind, year, number, opensOn, closesOn }. */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	if (!locals.user) return unauthenticated();
	const body = await readJsonObject(request);
	if (!body.ok) return body.response;
	const result = await createPeriod(getDb(), locals.user, params.scheme, body.body);
	if (!result.ok) return refusal(result);
	return json(
		{ period: toApiPeriod(result.period) },
		{ status: 201, headers: { ETag: `"${result.period.version}"` } }
	);
};
