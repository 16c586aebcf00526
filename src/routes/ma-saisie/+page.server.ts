import { getDb } from '$lib/server/app-db';
import { requireUser } from '$lib/server/auth/guards';
import { getNotices } from '$lib/server/notices/notices.service';
import { getEntryOverview, getMyEntry } from '$lib/server/reporting/my-entry.service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const db = getDb();
	const [groups, notices] = await Promise.all([getMyEntry(db, user), getNotices(db, user)]);
	// The coordination sees each open period organisation by organisation, late ones first.
	const withOrganisations = await Promise.all(
		groups.map(async (group) => {
			if (!group.coordinates) return { ...group, organisations: null };
			const overview = await getEntryOverview(db, user, group.scheme.slug, group.period.code);
			return { ...group, organisations: overview.ok ? overview.organisations : null };
		})
	);
	const reporting = user.memberships.filter((m) => m.role !== 'lecteur');
	return {
		/** Only reader memberships (or none): nothing to enter anywhere. */
		readerOnly: reporting.length === 0,
		coordinates: reporting.some((m) => m.role === 'coordinateur'),
		/** A pilot membership without an organisation cannot be matched to any fiche. */
		pilotWithoutOrganisation: reporting.some(
			(m) => m.role === 'pilote' && m.organisationId === null
		),
		organisationName: user.organisationShortName,
		groups: withOrganisations,
		notices
	};
};
