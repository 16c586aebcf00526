import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { authorizeUser } from '$lib/server/auth/guards';
import { getEntryOverview } from '$lib/server/reporting/my-entry.service';
import { getPeriod } from '$lib/server/reporting/periods.service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	// Following every organisation's entry is the coordination's job.
	const user = authorizeUser(event, 'figure.review');
	const db = getDb();
	const overview = await getEntryOverview(db, user, event.params.scheme, event.params.period);
	if (!overview.ok) {
		error(overview.reason === 'not_found' ? 404 : 403, { message: overview.message });
	}
	const period = await getPeriod(db, user, event.params);
	return {
		scheme: overview.scheme,
		period: overview.period,
		organisations: overview.organisations,
		progress: overview.progress,
		canManage: period.ok && period.canManage
	};
};
