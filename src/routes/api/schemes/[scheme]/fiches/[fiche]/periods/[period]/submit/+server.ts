import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { refusal, sheetWhere, unauthenticated } from '$lib/server/reporting/api';
import { submitFiche } from '$lib/server/reporting/figures.service';
import { toApiSheet } from '$lib/server/reporting/api-views';
import type { RequestHandler } from './$types';

// Sends the fiche's figures for the period to the coordination (pilot of the fiche or admin).
export const POST: RequestHandler = async ({ params, locals }) => {
	if (!locals.user) return unauthenticated();
	const result = await submitFiche(getDb(), locals.user, sheetWhere(params));
	if (!result.ok) return refusal(result);
	return json({ submitted: result.submitted, sheet: await toApiSheet(getDb(), result.sheet) });
};
