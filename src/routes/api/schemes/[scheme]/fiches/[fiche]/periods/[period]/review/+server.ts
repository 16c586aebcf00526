import { json } from '@sveltejs/kit';
import { isAdministrator } from '$lib/domain/permissions';
import { forbidden } from '$lib/server/api/responses';
import { getDb } from '$lib/server/app-db';
import { readJsonObject, refusal, sheetWhere, unauthenticated } from '$lib/server/reporting/api';
import { reviewFiche } from '$lib/server/reporting/figures.service';
import { toApiSheet } from '$lib/server/reporting/api-views';
import type { RequestHandler } from './$types';

// The coordination validates the submitted figures or sends some back, one comment per figure.
export const POST: RequestHandler = async ({ params, request, locals }) => {
	if (!locals.user) return unauthenticated();
	// The coordinator's action: refuse others before reading the request.
	if (!isAdministrator(locals.user))
		return forbidden('Action réservée à l’administrateur du schéma.');
	const body = await readJsonObject(request);
	if (!body.ok) return body.response;
	const result = await reviewFiche(getDb(), locals.user, sheetWhere(params), body.body);
	if (!result.ok) return refusal(result);
	return json({
		validated: result.validated,
		sentBack: result.sentBack,
		sheet: toApiSheet(result.sheet)
	});
};
