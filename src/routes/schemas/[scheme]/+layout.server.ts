import { can, roleIn } from '$lib/domain/policy';
import { refuse } from '$lib/server/auth/guards';
import type { LayoutServerLoad } from './$types';

// Every page of a scheme: the hook has set `locals.scheme` only if the caller may read it.
export const load: LayoutServerLoad = async (event) => {
	const scheme = event.locals.scheme;
	const user = event.locals.user;
	if (!scheme) refuse(event, user ? 'not_found' : 'sign_in', 'Schéma introuvable');
	return {
		/** What the caller may do here, for the pages' links and buttons (the actions check again). */
		schemeRights: {
			role: roleIn(user, scheme.schemeId),
			configure: can(user, 'scheme.configure', scheme),
			readDrafts: can(user, 'scheme.readDrafts', scheme),
			report: can(user, 'scheme.report', scheme),
			manageMembers: can(user, 'member.manage', scheme)
		}
	};
};
