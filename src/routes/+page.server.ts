import { getDb } from '$lib/server/app-db';
import { listSchemeSummaries } from '$lib/server/plan/plan.service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	// Public schemes, and the private ones the caller is a member of: nobody learns of the others.
	const schemes = await listSchemeSummaries(getDb(), locals.user);
	return { schemes, signedIn: locals.user !== null };
};
