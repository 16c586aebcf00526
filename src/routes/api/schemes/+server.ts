import { json } from '@sveltejs/kit';
import { canReadScheme } from '$lib/domain/permissions';
import { getDb } from '$lib/server/app-db';
import { listSchemeSummaries } from '$lib/server/plan/plan.service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
	const schemes = await listSchemeSummaries(getDb());
	return json({ schemes: schemes.filter((s) => canReadScheme(locals.user, s.visibility)) });
};
