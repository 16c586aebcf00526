import { json } from '@sveltejs/kit';
import { apiRefusal, currentScheme } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/app-db';
import { readJsonObject, refusal, sheetWhere, unauthenticated } from '$lib/server/reporting/api';
import { reviewFiche } from '$lib/server/reporting/figures.service';
import { toApiSheet } from '$lib/server/reporting/api-views';
import type { RequestHandler } from './$types';

// The coordination decides figure by figure: validate, send back with a reason, undo a validation.
// The deprecated shape (comments + versions) still works.
export const POST: RequestHandler = async (event) => {
	const { params, request, locals } = event;
	if (!locals.user) return unauthenticated();
	// The coordinator's action: refuse others before reading the request.
	const refused = apiRefusal(
		locals.user,
		'figure.review',
		currentScheme(event),
		'Action réservée à la coordination du schéma.'
	);
	if (refused) return refused;
	const body = await readJsonObject(request);
	if (!body.ok) return body.response;
	const result = await reviewFiche(getDb(), locals.user, sheetWhere(params), body.body);
	if (!result.ok) return refusal(result);
	return json({
		validated: result.validated,
		sentBack: result.sentBack,
		undone: result.undone,
		sheet: await toApiSheet(getDb(), result.sheet)
	});
};
