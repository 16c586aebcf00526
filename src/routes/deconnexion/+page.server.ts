import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { SESSION_COOKIE, signOut } from '$lib/server/auth/auth.service';
import { clearSessionCookie } from '$lib/server/http/cookies';
import type { Actions, PageServerLoad } from './$types';

// Signing out changes state, so it is a POST; a GET only offers the button.
export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.user) redirect(303, '/');
	return {};
};

export const actions: Actions = {
	default: async ({ cookies }) => {
		const token = cookies.get(SESSION_COOKIE);
		if (token) await signOut(getDb(), token);
		clearSessionCookie(cookies);
		redirect(303, '/connexion');
	}
};
