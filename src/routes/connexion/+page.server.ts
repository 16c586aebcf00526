import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { signInNotice, throttledMessage } from '$lib/domain/account-forms';
import { getDb } from '$lib/server/app-db';
import { signIn } from '$lib/server/auth/auth.service';
import { safeReturnPath, setSessionCookie } from '$lib/server/http/cookies';
import type { Actions, PageServerLoad } from './$types';
import { readFormData } from '$lib/server/http/forms';

const signInSchema = z.object({
	email: z
		.string()
		.trim()
		.min(1, 'Saisissez votre adresse e-mail.')
		.max(254, 'Adresse trop longue.'),
	password: z.string().min(1, 'Saisissez votre mot de passe.').max(1024, 'Mot de passe trop long.')
});

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.user) redirect(303, safeReturnPath(url.searchParams.get('retour')));
	return {
		retour: safeReturnPath(url.searchParams.get('retour')),
		notice: signInNotice(url.searchParams.get('info'))
	};
};

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress, setHeaders }) => {
		const form = Object.fromEntries(await readFormData(request));
		const values = { email: String(form.email ?? '') };
		const parsed = signInSchema.safeParse(form);
		if (!parsed.success) {
			const errors: Record<string, string> = {};
			for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
			return fail(400, { values, errors });
		}
		const result = await signIn(getDb(), { ...parsed.data, address: getClientAddress() });
		if (!result.ok) {
			if (result.reason === 'throttled') {
				// Progressive delay (no lockout): the right password works once it has passed.
				setHeaders({ 'retry-after': String(result.retryAfterSeconds) });
				return fail(429, {
					values,
					errors: { _form: throttledMessage(result.retryAfterSeconds) },
					retryAfterSeconds: result.retryAfterSeconds
				});
			}
			return fail(400, {
				values,
				errors: { _form: 'Adresse e-mail ou mot de passe incorrect.' }
			});
		}
		setSessionCookie(cookies, url, result.token, result.expiresAt);
		// Without a page to go back to, a pilot lands on what they have to do.
		const retour = url.searchParams.get('retour');
		const pilot = result.user.memberships.some((m) => m.role === 'pilote');
		redirect(303, !retour && pilot ? '/ma-saisie' : safeReturnPath(retour));
	}
};
