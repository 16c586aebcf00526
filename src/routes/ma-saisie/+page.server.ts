import { isAdministrator } from '$lib/domain/permissions';
import { getDb } from '$lib/server/app-db';
import { requireUser } from '$lib/server/auth/guards';
import { getEntryOverview, getMyEntry } from '$lib/server/reporting/my-entry.service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const db = getDb();
	const admin = isAdministrator(user);
	const groups = user.role === 'lecteur' ? [] : await getMyEntry(db, user);
	// The coordination sees each open period organisation by organisation, late ones first.
	const withOrganisations = await Promise.all(
		groups.map(async (group) => {
			if (!admin) return { ...group, organisations: null };
			const overview = await getEntryOverview(db, user, group.scheme.slug, group.period.code);
			return { ...group, organisations: overview.ok ? overview.organisations : null };
		})
	);
	return {
		role: user.role,
		isAdministrator: admin,
		hasOrganisation: user.organisationId !== null,
		organisationName: user.organisationShortName,
		groups: withOrganisations
	};
};
