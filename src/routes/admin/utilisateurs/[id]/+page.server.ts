import { error, fail } from '@sveltejs/kit';
import { pickValues, userEditSchema, USER_STATE_LABELS } from '$lib/domain/account-forms';
import { fieldErrors } from '$lib/domain/fiche-edit';
import { MEMBERSHIP_ROLE_LABELS } from '$lib/domain/policy';
import { getDb } from '$lib/server/app-db';
import { requirePlatformAdmin } from '$lib/server/auth/guards';
import { failAccountForm, readFormData } from '$lib/server/http/forms';
import { logger } from '$lib/server/log';
import { mailMode } from '$lib/server/mail/transport';
import { mailQueued } from '$lib/server/scheduler/scheduler';
import { listMembershipsOf } from '$lib/server/members/members.service';
import { listOrganisationChoices } from '$lib/server/organisations/organisations.service';
import {
	getUserAccount,
	listUserHistory,
	resendInvitation,
	updateUser
} from '$lib/server/users/users.service';
import type { Actions, PageServerLoad } from './$types';

const NOT_FOUND = {
	message: 'Compte introuvable',
	hint: 'Ce compte n’existe pas. Retrouvez tous les comptes dans la liste des utilisateurs.'
};

/** The account id from the address; anything but a positive integer is "not found". */
function accountId(param: string): number {
	const id = /^\d{1,9}$/.test(param) ? Number(param) : 0;
	if (id < 1) error(404, NOT_FOUND);
	return id;
}

export const load: PageServerLoad = async (event) => {
	requirePlatformAdmin(event);
	const id = accountId(event.params.id);
	const db = getDb();
	const account = await getUserAccount(db, id);
	if (!account) error(404, NOT_FOUND);
	const [organisations, history, memberships] = await Promise.all([
		listOrganisationChoices(db),
		listUserHistory(db, id),
		listMembershipsOf(db, id)
	]);
	return {
		account: {
			id: account.id,
			name: account.name,
			email: account.email,
			platformAdmin: account.platform_admin === 1,
			organisationId: account.organisation_id,
			disabled: account.disabled_at !== null,
			version: account.version,
			createdAt: account.created_at,
			state: account.state,
			stateLabel: USER_STATE_LABELS[account.state]
		},
		isSelf: account.id === event.locals.user?.id,
		memberships: memberships.map((m) => ({
			scheme: { slug: m.scheme_slug, title: m.scheme_title },
			roleLabel: MEMBERSHIP_ROLE_LABELS[m.role],
			organisation: m.organisation_short_name
		})),
		organisations,
		history
	};
};

export const actions: Actions = {
	update: async (event) => {
		const admin = requirePlatformAdmin(event);
		const id = accountId(event.params.id);
		const form = Object.fromEntries(await readFormData(event.request));
		const values = pickValues(form, [
			'name',
			'organisationId',
			'platformAdmin',
			'disabled',
			'version'
		]);
		const parsed = userEditSchema.safeParse(form);
		if (!parsed.success) return failAccountForm(400, values, fieldErrors(parsed.error));
		const db = getDb();
		const result = await updateUser(db, admin, id, parsed.data, parsed.data.version);
		if (result.ok) return { saved: true };
		if (result.reason === 'not_found') error(404, NOT_FOUND);
		if (result.reason === 'forbidden')
			error(403, { message: 'Accès réservé aux administrateurs de la plateforme.' });
		if (result.reason === 'invalid')
			return failAccountForm(400, values, { [result.field]: result.message });
		// Someone saved first: nothing was written; show both versions side by side.
		const [current, organisations] = await Promise.all([
			getUserAccount(db, id),
			listOrganisationChoices(db)
		]);
		if (!current) error(404, NOT_FOUND);
		const orgName = (orgId: number | null) =>
			organisations.find((o) => o.id === orgId)?.shortName ?? '';
		const yesNo = (v: boolean) => (v ? 'Oui' : 'Non');
		return failAccountForm(409, values, {}, [
			{ label: 'Nom', mine: parsed.data.name, saved: current.name },
			{
				label: 'Organisation',
				mine: orgName(parsed.data.organisationId),
				saved: orgName(current.organisation_id)
			},
			{
				label: 'Administrateur de la plateforme',
				mine: yesNo(parsed.data.platformAdmin),
				saved: yesNo(current.platform_admin === 1)
			},
			{
				label: 'Compte désactivé',
				mine: yesNo(parsed.data.disabled),
				saved: yesNo(current.disabled_at !== null)
			}
		]);
	},

	resend: async (event) => {
		const admin = requirePlatformAdmin(event);
		const id = accountId(event.params.id);
		const result = await resendInvitation(getDb(), admin, id);
		if (!result.ok) {
			if (result.reason === 'not_found') error(404, NOT_FOUND);
			if (result.reason === 'forbidden')
				error(403, { message: 'Accès réservé aux administrateurs de la plateforme.' });
			return fail(400, {
				resendError:
					'Ce compte a déjà choisi son mot de passe ou est désactivé : aucune invitation à renvoyer.'
			});
		}
		mailQueued();
		const link = `${event.url.origin}/invitation/${result.token}`;
		logger().info({ reqId: event.locals.requestId, userId: id }, 'invitation renvoyée');
		return { resent: { link, mail: mailMode() } };
	}
};
