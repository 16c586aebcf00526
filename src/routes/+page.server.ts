import { getDb } from '$lib/server/app-db';
import { getNotices } from '$lib/server/notices/notices.service';
import { listSchemeSummaries } from '$lib/server/plan/plan.service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const db = getDb();
	// Public schemes, and the private ones the caller is a member of: nobody learns of the others.
	const [schemes, notices] = await Promise.all([
		listSchemeSummaries(db, locals.user),
		// What the signed-in person has to do in the schemes they belong to.
		locals.user ? getNotices(db, locals.user) : Promise.resolve([])
	]);
	return { schemes, notices, signedIn: locals.user !== null };
};
