import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { refusal, sheetWhere, unauthenticated } from '$lib/server/reporting/api';
import { withdrawSubmission } from '$lib/server/reporting/figures.service';
import { toApiSheet } from '$lib/server/reporting/api-views';
import type { RequestHandler } from './$types';

// A pilot takes back the fiche's figures still waiting for review (they return to drafts).
export const POST: RequestHandler = async ({ params, locals }) => {
	if (!locals.user) return unauthenticated();
	const result = await withdrawSubmission(getDb(), locals.user, sheetWhere(params));
	if (!result.ok) return refusal(result);
	return json({ withdrawn: result.withdrawn, sheet: await toApiSheet(getDb(), result.sheet) });
};
