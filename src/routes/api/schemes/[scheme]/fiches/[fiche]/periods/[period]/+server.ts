import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { refusal, sheetWhere, unauthenticated } from '$lib/server/reporting/api';
import { getEntrySheet } from '$lib/server/reporting/figures.service';
import { toApiSheet } from '$lib/server/reporting/api-views';
import type { RequestHandler } from './$types';

// The figures of a fiche for a period: every expected line with its figure (or null).
export const GET: RequestHandler = async ({ params, locals }) => {
	if (!locals.user) return unauthenticated();
	const result = await getEntrySheet(getDb(), locals.user, sheetWhere(params));
	if (!result.ok) return refusal(result);
	return json({ sheet: await toApiSheet(getDb(), result.sheet) });
};
