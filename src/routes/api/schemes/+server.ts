import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { listSchemeSummaries } from '$lib/server/plan/plan.service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => {
	return json({ schemes: await listSchemeSummaries(getDb()) });
};
