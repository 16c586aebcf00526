import { fail, redirect } from '@sveltejs/kit';
import {
	passwordChangeSchema,
	pickValues,
	tokenCreateSchema,
	tokenRevokeSchema
} from '$lib/domain/account-forms';
import { fieldErrors } from '$lib/domain/fiche-edit';
import { MEMBERSHIP_ROLE_LABELS, TOKEN_SCOPE_LABELS, TOKEN_SCOPES } from '$lib/domain/policy';
import { getDb } from '$lib/server/app-db';
import { requireUser } from '$lib/server/auth/guards';
import { createToken, listTokens, revokeToken } from '$lib/server/auth/tokens.service';
import { clearSessionCookie } from '$lib/server/http/cookies';
import { listMembershipsOf } from '$lib/server/members/members.service';
import { changePassword, getUserAccount } from '$lib/server/users/users.service';
import type { Actions, PageServerLoad } from './$types';
import { readFormData } from '$lib/server/http/forms';
import { getPreferences, savePreferences } from '$lib/server/notifications/preferences.service';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const db = getDb();
	const [account, tokens, memberships, preferences] = await Promise.all([
		getUserAccount(db, user.id),
		listTokens(db, user),
		listMembershipsOf(db, user.id),
		getPreferences(db, user.id)
	]);
	return {
		identity: {
			name: user.name,
			email: user.email,
			platformAdmin: user.platformAdmin,
			organisation: account?.organisation_slug
				? {
						slug: account.organisation_slug,
						name: account.organisation_name ?? '',
						shortName: account.organisation_short_name ?? ''
					}
				: null
		},
		memberships: memberships.map((m) => ({
			scheme: { slug: m.scheme_slug, title: m.scheme_title },
			roleLabel: MEMBERSHIP_ROLE_LABELS[m.role],
			organisation: m.organisation_short_name
		})),
		tokens,
		preferences,
		coordinates: memberships.some((m) => m.role === 'coordinateur'),
		tokenScopes: TOKEN_SCOPES.map((value) => ({ value, label: TOKEN_SCOPE_LABELS[value] }))
	};
};

export const actions: Actions = {
	notifications: async (event) => {
		const user = requireUser(event);
		const data = await readFormData(event.request);
		const result = await savePreferences(getDb(), user, {
			notices: data.getAll('notices'),
			digest: data.get('digest') ?? undefined
		});
		if (!result.ok) return fail(400, { form: 'notifications' as const, errors: result.errors });
		return { form: 'notifications' as const, saved: true };
	},

	password: async (event) => {
		const user = requireUser(event);
		const form = Object.fromEntries(await readFormData(event.request));
		// Passwords are never sent back to the page: the form comes back empty.
		const parsed = passwordChangeSchema.safeParse(form);
		if (!parsed.success)
			return fail(400, { form: 'password' as const, errors: fieldErrors(parsed.error) });
		const result = await changePassword(getDb(), user, parsed.data.current, parsed.data.password);
		if (!result.ok)
			return fail(400, { form: 'password' as const, errors: { [result.field]: result.message } });
		// Every session of the account has ended, this one included.
		clearSessionCookie(event.cookies);
		redirect(303, '/connexion?info=mot-de-passe-modifie');
	},

	createToken: async (event) => {
		const user = requireUser(event);
		const form = Object.fromEntries(await readFormData(event.request));
		const values = pickValues(form, ['name', 'scheme', 'scope']);
		const parsed = tokenCreateSchema.safeParse(form);
		if (!parsed.success)
			return fail(400, { form: 'token' as const, values, errors: fieldErrors(parsed.error) });
		const result = await createToken(getDb(), user, parsed.data.name, {
			schemeSlug: parsed.data.scheme,
			scope: parsed.data.scope
		});
		if (!result.ok && result.reason === 'not_found')
			return fail(400, {
				form: 'token' as const,
				values,
				errors: { scheme: 'Choisissez un schéma dont vous êtes membre.' }
			});
		if (!result.ok)
			return fail(403, {
				form: 'token' as const,
				values,
				errors: { _form: 'Un jeton d’accès ne peut pas créer d’autres jetons : connectez-vous.' }
			});
		return {
			form: 'token' as const,
			created: { name: result.name, token: result.token, prefix: result.prefix }
		};
	},

	revokeToken: async (event) => {
		const user = requireUser(event);
		const form = Object.fromEntries(await readFormData(event.request));
		const parsed = tokenRevokeSchema.safeParse(form);
		if (!parsed.success)
			return fail(400, { form: 'revoke' as const, errors: { _form: 'Jeton inconnu.' } });
		// Only the user's own token: the service checks its owner in the WHERE clause.
		const result = await revokeToken(getDb(), user, parsed.data.tokenId);
		if (!result.ok)
			return fail(result.reason === 'not_found' ? 404 : 400, {
				form: 'revoke' as const,
				errors: {
					_form:
						result.reason === 'not_found'
							? 'Jeton introuvable parmi les vôtres.'
							: 'Ce jeton était déjà révoqué.'
				}
			});
		return { form: 'revoke' as const, revoked: result.name };
	}
};
