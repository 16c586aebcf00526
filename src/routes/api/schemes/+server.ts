import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { listSchemeSummaries } from '$lib/server/plan/plan.service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
	// The role is the caller's own business, not part of the public description of a scheme.
	const schemes = await listSchemeSummaries(getDb(), locals.user);
	return json({ schemes: schemes.map(({ role: _role, ...scheme }) => scheme) });
};
