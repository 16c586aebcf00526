import { refuse } from '$lib/server/auth/guards';
import type { LayoutServerLoad } from './$types';

// Every page of a scheme: the hook has set `locals.scheme` only if the caller may read it.
export const load: LayoutServerLoad = async (event) => {
	if (!event.locals.scheme) refuse(event, event.locals.user ? 'not_found' : 'sign_in', 'Schéma introuvable');
	return {};
};
