import { getDb } from '$lib/server/app-db';
import { listSchemeSummaries } from '$lib/server/plan/plan.service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const schemes = await listSchemeSummaries(getDb());
	// Private schemes are named to anonymous visitors (so they know to sign in), not opened.
	return { schemes, signedIn: locals.user !== null };
};
