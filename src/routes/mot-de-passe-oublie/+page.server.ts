import { fail } from '@sveltejs/kit';
import { passwordResetRequestSchema } from '$lib/domain/account-forms';
import { fieldErrors } from '$lib/domain/fiche-edit';
import { getDb } from '$lib/server/app-db';
import { requestPasswordReset, RESET_LIFETIME_MS } from '$lib/server/auth/password-reset.service';
import { readFormData } from '$lib/server/http/forms';
import { mailQueued } from '$lib/server/scheduler/scheduler';
import type { Actions, PageServerLoad } from './$types';

// « Mot de passe oublié » : one answer, in the same time, whatever the address. The address is
// sent back only to show it in that answer; whether it has an account is never told.

export const load: PageServerLoad = async () => ({ lifetimeMinutes: RESET_LIFETIME_MS / 60_000 });

export const actions: Actions = {
	default: async ({ request }) => {
		const form = Object.fromEntries(await readFormData(request));
		const values = { email: typeof form.email === 'string' ? form.email.trim() : '' };
		const parsed = passwordResetRequestSchema.safeParse(form);
		if (!parsed.success) return fail(400, { values, errors: fieldErrors(parsed.error) });
		await requestPasswordReset(getDb(), parsed.data.email);
		// Always: a pass with nothing due costs a query, and the answer stays the same.
		mailQueued();
		return { requested: { email: parsed.data.email } };
	}
};
