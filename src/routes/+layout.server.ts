import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => {
	const user = locals.user;
	return {
		user: user
			? {
					name: user.name,
					organisationShortName: user.organisationShortName,
					platformAdmin: user.platformAdmin,
					// « Ma saisie » is for whoever reports or coordinates somewhere; readers only read.
					reports: user.platformAdmin || user.memberships.some((m) => m.role !== 'lecteur'),
					coordinates: user.memberships.some((m) => m.role === 'coordinateur')
				}
			: null
	};
};
