import { error, fail, redirect } from '@sveltejs/kit';
import { invitationAcceptSchema } from '$lib/domain/account-forms';
import { fieldErrors } from '$lib/domain/fiche-edit';
import { getDb } from '$lib/server/app-db';
import { acceptInvitation, findInvitation } from '$lib/server/users/users.service';
import type { Actions, PageServerLoad } from './$types';
import { readFormData } from '$lib/server/http/forms';

const INVALID = {
	message: 'Lien d’invitation invalide',
	hint: 'Ce lien d’invitation est invalide, déjà utilisé ou expiré (il vaut 7 jours). Si vous avez déjà choisi votre mot de passe, connectez-vous ; sinon, demandez à la coordination du schéma de vous envoyer une nouvelle invitation.'
};

export const load: PageServerLoad = async ({ params }) => {
	const invitation = await findInvitation(getDb(), params.token);
	if (!invitation) error(404, INVALID);
	return {
		invitee: { name: invitation.name, email: invitation.email },
		expiresAt: invitation.expires_at
	};
};

export const actions: Actions = {
	default: async ({ params, request }) => {
		const form = Object.fromEntries(await readFormData(request));
		const parsed = invitationAcceptSchema.safeParse(form);
		// No value is sent back: the only fields are passwords.
		if (!parsed.success) return fail(400, { errors: fieldErrors(parsed.error) });
		const result = await acceptInvitation(getDb(), params.token, parsed.data.password);
		if (!result.ok) {
			if (result.field === 'token') error(404, INVALID);
			return fail(400, { errors: { [result.field]: result.message } });
		}
		redirect(303, '/connexion?info=invitation-acceptee');
	}
};
