import { requirePlatformAdmin } from '$lib/server/auth/guards';
import type { LayoutServerLoad } from './$types';

// Guards every administration page's load; each action checks again (actions run before loads).
export const load: LayoutServerLoad = async (event) => {
	requirePlatformAdmin(event);
	return {};
};
