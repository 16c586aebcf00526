import { error, fail } from '@sveltejs/kit';
import {
	pickValues,
	userInputSchema,
	USER_STATE_LABELS,
	userState
} from '$lib/domain/account-forms';
import { fieldErrors } from '$lib/domain/fiche-edit';
import { MEMBERSHIP_ROLE_LABELS } from '$lib/domain/policy';
import { getDb } from '$lib/server/app-db';
import { requirePlatformAdmin } from '$lib/server/auth/guards';
import { readFormData } from '$lib/server/http/forms';
import { logger } from '$lib/server/log';
import { mailMode } from '$lib/server/mail/transport';
import { mailQueued } from '$lib/server/scheduler/scheduler';
import { listAllMemberships } from '$lib/server/members/members.service';
import { listOrganisationChoices } from '$lib/server/organisations/organisations.service';
import { inviteUser, listUsers } from '$lib/server/users/users.service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePlatformAdmin(event);
	const db = getDb();
	const [users, memberships, organisations] = await Promise.all([
		listUsers(db),
		listAllMemberships(db),
		listOrganisationChoices(db)
	]);
	return {
		users: users.map((u) => ({
			id: u.id,
			name: u.name,
			email: u.email,
			platformAdmin: u.platform_admin === 1,
			memberships: memberships
				.filter((m) => m.user_id === u.id)
				.map((m) => ({
					scheme: { slug: m.scheme_slug, title: m.scheme_title },
					roleLabel: MEMBERSHIP_ROLE_LABELS[m.role],
					organisation: m.organisation_short_name
				})),
			organisation: u.organisation_short_name,
			stateLabel:
				USER_STATE_LABELS[userState({ disabledAt: u.disabled_at, hasPassword: !u.pending })]
		})),
		organisations
	};
};

export const actions: Actions = {
	invite: async (event) => {
		const admin = requirePlatformAdmin(event);
		const form = Object.fromEntries(await readFormData(event.request));
		const values = pickValues(form, ['email', 'name', 'organisationId', 'platformAdmin']);
		const parsed = userInputSchema.safeParse(form);
		if (!parsed.success) return fail(400, { values, errors: fieldErrors(parsed.error) });
		const result = await inviteUser(getDb(), admin, parsed.data);
		if (!result.ok) {
			if (result.reason === 'forbidden')
				error(403, { message: 'Accès réservé aux administrateurs de la plateforme.' });
			return fail(400, { values, errors: { [result.field]: result.message } });
		}
		// The invitation mail is in the outbox (same transaction): deliver it now. The link is also
		// shown, once, to the administrator (the only way without a relay); it is never logged.
		mailQueued();
		const link = `${event.url.origin}/invitation/${result.token}`;
		logger().info({ reqId: event.locals.requestId, userId: result.userId }, 'invitation créée');
		return {
			invited: {
				id: result.userId,
				name: parsed.data.name,
				email: parsed.data.email,
				link,
				mail: mailMode()
			}
		};
	}
};
