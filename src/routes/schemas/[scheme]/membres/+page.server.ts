import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { memberEditSchema, memberInviteSchema, pickValues } from '$lib/domain/account-forms';
import { fieldErrors } from '$lib/domain/fiche-edit';
import { MEMBERSHIP_ROLE_LABELS, MEMBERSHIP_ROLES } from '$lib/domain/policy';
import { getDb } from '$lib/server/app-db';
import { authorizeUser, currentScheme, refusePage } from '$lib/server/auth/guards';
import { readFormData } from '$lib/server/http/forms';
import { logger } from '$lib/server/log';
import { mailMode } from '$lib/server/mail/transport';
import { mailQueued } from '$lib/server/scheduler/scheduler';
import {
	inviteMember,
	listMemberHistory,
	listMembers,
	removeMember,
	updateMember,
	type MemberResult
} from '$lib/server/members/members.service';
import { loadMatchableOrganisations } from '$lib/server/plan/organisation.queries';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

// The members of one scheme, for its coordination (and platform administrators): who may read,
// report on or coordinate it. The scheme is always the URL's; a membership named by a form is
// looked up within that scheme by the service.

const MANAGE_REFUSED = 'La gestion des membres est réservée à la coordination du schéma.';

const collator = new Intl.Collator('fr', { sensitivity: 'base' });

const membershipIdSchema = z.coerce.number().int().positive();
const UNKNOWN_MEMBER =
	'Ce membre est introuvable dans ce schéma (retiré entre-temps ?) : la liste a été rechargée.';

type Refused = Exclude<MemberResult, { ok: true }>;
type Answer = {
	scope: 'invite' | 'update' | 'remove';
	membershipId?: number;
	values?: Record<string, string>;
};

/** A refused form, always in the same shape so the page reads it whatever happened. */
function refused(status: number, answer: Answer, errors: Record<string, string>, conflict = false) {
	return fail(status, { ...answer, errors, conflict });
}

/** A service refusal: 403 as a page, field problems and conflicts next to the form. */
function refusal(event: RequestEvent, result: Refused, answer: Answer) {
	switch (result.reason) {
		case 'forbidden':
			return refusePage(event, result);
		case 'not_found':
			return refused(404, answer, { _form: result.message });
		case 'conflict':
			return refused(409, answer, { _form: result.message }, true);
		case 'invalid':
			return refused(400, answer, { [result.field]: result.message });
	}
}

/** The listing services only refuse a caller who may not manage members. */
function refuseListing(event: RequestEvent, result: Refused): never {
	refusePage(event, { reason: 'forbidden', message: result.message });
}

function membershipIdOf(form: Record<string, FormDataEntryValue>): number | null {
	const parsed = membershipIdSchema.safeParse(form.membershipId);
	return parsed.success ? parsed.data : null;
}

export const load: PageServerLoad = async (event) => {
	const user = authorizeUser(event, 'member.manage', MANAGE_REFUSED);
	const scheme = currentScheme(event);
	const db = getDb();
	const [members, history, organisations] = await Promise.all([
		listMembers(db, user, scheme),
		listMemberHistory(db, user, scheme),
		loadMatchableOrganisations(db, scheme.territoryId)
	]);
	if (!members.ok) refuseListing(event, members);
	if (!history.ok) refuseListing(event, history);
	return {
		scheme: { slug: scheme.slug, title: scheme.title },
		members: members.members.map((m) => ({ ...m, isSelf: m.userId === user.id })),
		/** A coordinator cannot change their own role; a platform administrator can. */
		canChangeOwnRole: user.platformAdmin,
		roles: MEMBERSHIP_ROLES.map((r) => ({ value: r, label: MEMBERSHIP_ROLE_LABELS[r] })),
		organisations: organisations
			.sort((a, b) => collator.compare(a.shortName, b.shortName))
			.map((o) => ({
				value: String(o.id),
				label: o.shortName === o.name ? o.name : `${o.shortName} — ${o.name}`
			})),
		history: history.entries
	};
};

export const actions: Actions = {
	invite: async (event) => {
		const user = authorizeUser(event, 'member.manage', MANAGE_REFUSED);
		const scheme = currentScheme(event);
		const form = Object.fromEntries(await readFormData(event.request));
		const values = pickValues(form, ['email', 'name', 'role', 'organisationId']);
		const answer: Answer = { scope: 'invite', values };
		const parsed = memberInviteSchema.safeParse(form);
		if (!parsed.success) return refused(400, answer, fieldErrors(parsed.error));
		const result = await inviteMember(getDb(), user, scheme, parsed.data);
		if (!result.ok) return refusal(event, result, answer);
		// A new account: its invitation mail is in the outbox (same transaction), delivered now.
		// The link is also shown once to whoever invited (the only way without a relay); it is a
		// credential, never logged.
		if (result.created) {
			mailQueued();
			logger().info(
				{ reqId: event.locals.requestId, userId: result.userId, scheme: scheme.slug },
				'invitation créée'
			);
		}
		return {
			scope: 'invite' as const,
			invited: {
				name: result.name,
				email: parsed.data.email,
				roleLabel: MEMBERSHIP_ROLE_LABELS[parsed.data.role],
				created: result.created,
				link: result.token ? `${event.url.origin}/invitation/${result.token}` : null,
				mail: mailMode()
			}
		};
	},

	update: async (event) => {
		const user = authorizeUser(event, 'member.manage', MANAGE_REFUSED);
		const scheme = currentScheme(event);
		const form = Object.fromEntries(await readFormData(event.request));
		const membershipId = membershipIdOf(form);
		if (membershipId === null) return refused(404, { scope: 'update' }, { _form: UNKNOWN_MEMBER });
		const values = pickValues(form, ['role', 'organisationId', 'version']);
		const answer: Answer = { scope: 'update', membershipId, values };
		const parsed = memberEditSchema.safeParse(form);
		if (!parsed.success) return refused(400, answer, fieldErrors(parsed.error));
		const result = await updateMember(getDb(), user, scheme, membershipId, parsed.data);
		if (!result.ok) return refusal(event, result, answer);
		return { scope: 'update' as const, membershipId, saved: true };
	},

	remove: async (event) => {
		const user = authorizeUser(event, 'member.manage', MANAGE_REFUSED);
		const scheme = currentScheme(event);
		const form = Object.fromEntries(await readFormData(event.request));
		const membershipId = membershipIdOf(form);
		if (membershipId === null) return refused(404, { scope: 'remove' }, { _form: UNKNOWN_MEMBER });
		const result = await removeMember(getDb(), user, scheme, membershipId);
		if (!result.ok) return refusal(event, result, { scope: 'remove', membershipId });
		return { scope: 'remove' as const, removed: result.name };
	}
};
