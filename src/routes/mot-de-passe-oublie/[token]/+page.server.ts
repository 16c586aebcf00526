import { error, fail, redirect } from '@sveltejs/kit';
import { passwordResetSchema } from '$lib/domain/account-forms';
import { fieldErrors } from '$lib/domain/fiche-edit';
import { getDb } from '$lib/server/app-db';
import { completePasswordReset, findPasswordReset } from '$lib/server/auth/password-reset.service';
import { readFormData } from '$lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';

// The link of a « mot de passe oublié » mail. The token is a credential: the request log masks
// it (route parameter named token), and it is never written anywhere but its hash.

const INVALID = {
	message: 'Lien de réinitialisation invalide',
	hint: 'Ce lien est invalide, déjà utilisé ou expiré (il vaut une heure). Demandez-en un nouveau depuis « Mot de passe oublié ? » sur la page de connexion.'
};

export const load: PageServerLoad = async ({ params, setHeaders }) => {
	// A page addressed by a credential: no cache (browser or proxy) keeps it.
	setHeaders({ 'cache-control': 'no-store' });
	const reset = await findPasswordReset(getDb(), params.token);
	if (!reset) error(404, INVALID);
	return { account: { name: reset.name, email: reset.email }, expiresAt: reset.expiresAt };
};

export const actions: Actions = {
	default: async ({ params, request }) => {
		const form = Object.fromEntries(await readFormData(request));
		const parsed = passwordResetSchema.safeParse(form);
		// No value is sent back: the only fields are passwords.
		if (!parsed.success) return fail(400, { errors: fieldErrors(parsed.error) });
		const result = await completePasswordReset(getDb(), params.token, parsed.data.password);
		if (!result.ok) {
			if (result.field === 'token') error(404, INVALID);
			return fail(400, { errors: { [result.field]: result.message } });
		}
		redirect(303, '/connexion?info=mot-de-passe-reinitialise');
	}
};
