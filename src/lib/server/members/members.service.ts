import type { Kysely, Transaction } from 'kysely';
import { userState, type MemberEdit, type MemberInvite } from '$lib/domain/account-forms';
import {
	can,
	MEMBERSHIP_ROLE_LABELS,
	type MembershipRole,
	type SchemeResource
} from '$lib/domain/policy';
import {
	actorOf,
	creationChanges,
	deletionChanges,
	diffFields,
	recordEvent,
	type AuditActor
} from '../audit/audit.service';
import { normaliseEmail, type CurrentUser } from '../auth/auth.service';
import type { Db } from '../db/database';
import { transact } from '../db/transact';
import { updateVersioned } from '../db/versioned-update';
import type { Database } from '../db/schema';
import { loadMatchableOrganisations } from '../plan/organisation.queries';
import { describeEvents, type HistoryEntry } from '../users/history-view';
import { insertInvitation } from '../users/users.service';

// The members of one scheme: its coordination invites, changes and removes them. Every change is
// in the scheme's history (audit events with its scheme id) and in the person's own.

type Tx = Transaction<Database> | Kysely<Database>;

/** The scheme as the members pages need it: the policy's resource and its territory. */
export type MemberScheme = SchemeResource & { slug: string; territoryId: number | null };

export type MemberView = {
	id: number;
	version: number;
	userId: number;
	name: string;
	email: string;
	role: MembershipRole;
	roleLabel: string;
	organisationId: number | null;
	organisation: string | null;
	stateLabel: 'Actif' | 'Invitation en attente' | 'Désactivé';
};

export type MemberResult<T = object> =
	| ({ ok: true } & T)
	| { ok: false; reason: 'forbidden' | 'not_found'; message: string }
	| { ok: false; reason: 'invalid'; field: string; message: string }
	| { ok: false; reason: 'conflict'; message: string };

const FORBIDDEN = {
	ok: false,
	reason: 'forbidden',
	message: 'La gestion des membres est réservée à la coordination du schéma.'
} as const;
const NOT_MEMBER = {
	ok: false,
	reason: 'not_found',
	message: 'Cette personne n’est pas (ou plus) membre du schéma.'
} as const;

const STATE_LABELS = {
	actif: 'Actif',
	invitation: 'Invitation en attente',
	desactive: 'Désactivé'
} as const;

/** The scheme's members, by name (coordination only). */
export async function listMembers(
	db: Db,
	user: CurrentUser,
	scheme: MemberScheme
): Promise<MemberResult<{ members: MemberView[] }>> {
	if (!can(user, 'member.manage', scheme)) return FORBIDDEN;
	const rows = await db
		.selectFrom('membership')
		.innerJoin('app_user', 'app_user.id', 'membership.user_id')
		.leftJoin('organisation', 'organisation.id', 'membership.organisation_id')
		.select([
			'membership.id',
			'membership.version',
			'membership.role',
			'membership.organisation_id',
			'app_user.id as user_id',
			'app_user.name',
			'app_user.email',
			'app_user.disabled_at',
			'app_user.password_hash',
			'organisation.short_name as organisation'
		])
		.where('membership.scheme_id', '=', scheme.schemeId)
		.orderBy('app_user.name')
		.execute();
	return {
		ok: true,
		members: rows.map((r) => ({
			id: r.id,
			version: r.version,
			userId: r.user_id,
			name: r.name,
			email: r.email,
			role: r.role,
			roleLabel: MEMBERSHIP_ROLE_LABELS[r.role],
			organisationId: r.organisation_id,
			organisation: r.organisation,
			stateLabel:
				STATE_LABELS[
					userState({ disabledAt: r.disabled_at, hasPassword: r.password_hash !== null })
				]
		}))
	};
}

/** The organisation must be one a scheme of this territory may name. */
async function checkOrganisation(
	tx: Tx,
	scheme: MemberScheme,
	organisationId: number | null
): Promise<string | null> {
	if (organisationId === null) return null;
	const allowed = await loadMatchableOrganisations(tx, scheme.territoryId);
	return allowed.some((o) => o.id === organisationId)
		? null
		: 'Choisissez une organisation du territoire du schéma (ou nationale).';
}

/** Adds a membership and records it, in the caller's transaction. */
export async function insertMembership(
	tx: Tx,
	actor: AuditActor,
	scheme: { schemeId: number; slug: string },
	input: { userId: number; role: MembershipRole; organisationId: number | null }
): Promise<number> {
	const row = await tx
		.insertInto('membership')
		.values({
			user_id: input.userId,
			scheme_id: scheme.schemeId,
			role: input.role,
			organisation_id: input.organisationId
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await recordEvent(tx, actor, {
		schemeId: scheme.schemeId,
		entityType: 'user',
		entityId: input.userId,
		action: 'membership_add',
		changes: creationChanges({
			scheme: scheme.slug,
			role: input.role,
			organisationId: input.organisationId
		})
	});
	return row.id;
}

export type InviteMemberResult = MemberResult<{
	userId: number;
	name: string;
	/** The one-time link's token when the account was created here (no password yet). */
	token: string | null;
	created: boolean;
}>;

/**
 * Invites a person into the scheme by e-mail: an existing account is added as it is; otherwise an
 * account is created without a password and an invitation token returned. One transaction.
 */
export async function inviteMember(
	db: Db,
	user: CurrentUser,
	scheme: MemberScheme,
	input: MemberInvite
): Promise<InviteMemberResult> {
	if (!can(user, 'member.manage', scheme)) return FORBIDDEN;
	const email = normaliseEmail(input.email);
	return db.transaction().execute(async (tx): Promise<InviteMemberResult> => {
		const problem = await checkOrganisation(tx, scheme, input.organisationId);
		if (problem) return { ok: false, reason: 'invalid', field: 'organisationId', message: problem };
		const existing = await tx
			.selectFrom('app_user')
			.select(['id', 'name', 'disabled_at'])
			.where('email', '=', email)
			.executeTakeFirst();
		const actor = actorOf(user);
		if (existing) {
			if (existing.disabled_at)
				return {
					ok: false,
					reason: 'invalid',
					field: 'email',
					message:
						'Ce compte est désactivé : demandez à l’administration de la plateforme de le réactiver.'
				};
			const already = await tx
				.selectFrom('membership')
				.select('id')
				.where('user_id', '=', existing.id)
				.where('scheme_id', '=', scheme.schemeId)
				.executeTakeFirst();
			if (already)
				return {
					ok: false,
					reason: 'invalid',
					field: 'email',
					message: 'Cette personne est déjà membre du schéma : changez son rôle dans la liste.'
				};
			await insertMembership(tx, actor, scheme, { userId: existing.id, ...input });
			return { ok: true, userId: existing.id, name: existing.name, token: null, created: false };
		}
		if (!input.name)
			return {
				ok: false,
				reason: 'invalid',
				field: 'name',
				message: 'Aucun compte n’a cette adresse : indiquez le nom de la personne pour le créer.'
			};
		const row = await tx
			.insertInto('app_user')
			.values({
				email,
				name: input.name,
				role: 'lecteur', // legacy column (0002); rights are memberships
				organisation_id: input.organisationId,
				password_hash: null
			})
			.returning(['id'])
			.executeTakeFirstOrThrow();
		await recordEvent(tx, actor, {
			schemeId: scheme.schemeId,
			entityType: 'user',
			entityId: row.id,
			action: 'create',
			changes: creationChanges({ email, name: input.name, organisationId: input.organisationId })
		});
		await insertMembership(tx, actor, scheme, { userId: row.id, ...input });
		const token = await insertInvitation(tx, row.id, {
			email,
			name: input.name,
			invitedBy: actor.label,
			scheme: await invitationScheme(tx, scheme.schemeId, input)
		});
		await recordEvent(tx, actor, {
			schemeId: scheme.schemeId,
			entityType: 'user',
			entityId: row.id,
			action: 'invite',
			changes: {}
		});
		return { ok: true, userId: row.id, name: input.name, token, created: true };
	});
}

/** The scheme and role as the invitation mail names them. */
async function invitationScheme(
	tx: Tx,
	schemeId: number,
	input: { role: MembershipRole; organisationId: number | null }
) {
	const row = await tx
		.selectFrom('scheme')
		.select('title')
		.where('id', '=', schemeId)
		.executeTakeFirstOrThrow();
	const organisation =
		input.organisationId === null
			? null
			: await tx
					.selectFrom('organisation')
					.select('short_name')
					.where('id', '=', input.organisationId)
					.executeTakeFirst();
	return {
		id: schemeId,
		title: row.title,
		roleLabel: MEMBERSHIP_ROLE_LABELS[input.role],
		organisation: organisation?.short_name ?? null
	};
}

async function findMembership(tx: Tx, scheme: MemberScheme, membershipId: number) {
	return tx
		.selectFrom('membership')
		.selectAll()
		.where('id', '=', membershipId)
		.where('scheme_id', '=', scheme.schemeId)
		.executeTakeFirst();
}

/** Changes a member's role or organisation when the version is still current. */
export async function updateMember(
	db: Db,
	user: CurrentUser,
	scheme: MemberScheme,
	membershipId: number,
	input: MemberEdit
): Promise<MemberResult<{ version: number }>> {
	if (!can(user, 'member.manage', scheme)) return FORBIDDEN;
	return transact(db, async (tx): Promise<MemberResult<{ version: number }>> => {
		const before = await findMembership(tx, scheme, membershipId);
		if (!before) return NOT_MEMBER;
		if (before.version !== input.version)
			return {
				ok: false,
				reason: 'conflict',
				message: 'Ce membre a été modifié entre-temps : relisez la liste puis recommencez.'
			};
		if (before.user_id === user.id && !user.platformAdmin && input.role !== before.role)
			return {
				ok: false,
				reason: 'invalid',
				field: 'role',
				message:
					'Vous ne pouvez pas changer votre propre rôle : demandez-le à une autre personne de la coordination.'
			};
		const problem = await checkOrganisation(tx, scheme, input.organisationId);
		if (problem) return { ok: false, reason: 'invalid', field: 'organisationId', message: problem };
		const changes = diffFields(
			{ role: before.role, organisationId: before.organisation_id },
			{ role: input.role, organisationId: input.organisationId }
		);
		if (Object.keys(changes).length === 0) return { ok: true, version: before.version };
		const version = await updateVersioned(tx, 'membership', before, {
			role: input.role,
			organisation_id: input.organisationId
		});
		await recordEvent(tx, actorOf(user), {
			schemeId: scheme.schemeId,
			entityType: 'user',
			entityId: before.user_id,
			action: 'membership_update',
			changes: { scheme: { old: scheme.slug, new: scheme.slug }, ...changes }
		});
		return { ok: true, version };
	});
}

/** Removes a person from the scheme (not their account). One cannot remove oneself. */
export async function removeMember(
	db: Db,
	user: CurrentUser,
	scheme: MemberScheme,
	membershipId: number
): Promise<MemberResult<{ name: string }>> {
	if (!can(user, 'member.manage', scheme)) return FORBIDDEN;
	return db.transaction().execute(async (tx): Promise<MemberResult<{ name: string }>> => {
		const before = await findMembership(tx, scheme, membershipId);
		if (!before) return NOT_MEMBER;
		if (before.user_id === user.id)
			return {
				ok: false,
				reason: 'invalid',
				field: 'membershipId',
				message: 'Vous ne pouvez pas vous retirer vous-même du schéma.'
			};
		await tx.deleteFrom('membership').where('id', '=', before.id).execute();
		await recordEvent(tx, actorOf(user), {
			schemeId: scheme.schemeId,
			entityType: 'user',
			entityId: before.user_id,
			action: 'membership_remove',
			changes: deletionChanges({
				scheme: scheme.slug,
				role: before.role,
				organisationId: before.organisation_id
			})
		});
		const person = await tx
			.selectFrom('app_user')
			.select('name')
			.where('id', '=', before.user_id)
			.executeTakeFirst();
		return { ok: true, name: person?.name ?? '' };
	});
}

/** A person's own memberships, for their profile page. */
export async function listMembershipsOf(db: Db, userId: number) {
	return db
		.selectFrom('membership')
		.innerJoin('scheme', 'scheme.id', 'membership.scheme_id')
		.leftJoin('organisation', 'organisation.id', 'membership.organisation_id')
		.select([
			'membership.role',
			'scheme.slug as scheme_slug',
			'scheme.title as scheme_title',
			'organisation.short_name as organisation_short_name'
		])
		.where('membership.user_id', '=', userId)
		.orderBy('scheme.title')
		.execute();
}

/** Every membership of every account, for the platform's list of accounts. */
export async function listAllMemberships(db: Db) {
	return db
		.selectFrom('membership')
		.innerJoin('scheme', 'scheme.id', 'membership.scheme_id')
		.leftJoin('organisation', 'organisation.id', 'membership.organisation_id')
		.select([
			'membership.user_id',
			'membership.role',
			'scheme.slug as scheme_slug',
			'scheme.title as scheme_title',
			'organisation.short_name as organisation_short_name'
		])
		.orderBy('scheme.title')
		.execute();
}

const MEMBER_HISTORY_ACTIONS: Record<string, string> = {
	create: 'Compte créé',
	invite: 'Invitation créée',
	membership_add: 'Ajout au schéma',
	membership_update: 'Rôle ou organisation modifiés',
	membership_remove: 'Retrait du schéma'
};
const MEMBER_HISTORY_FIELDS: Record<string, string> = {
	email: 'Adresse e-mail',
	name: 'Nom',
	role: 'Rôle',
	organisationId: 'Organisation'
};

/**
 * Who joined, changed or left the scheme, and by whom, newest first (coordination only): the
 * scheme's audit events about accounts. Each entry names the person concerned.
 */
export async function listMemberHistory(
	db: Db,
	user: CurrentUser,
	scheme: MemberScheme,
	limit = 200
): Promise<MemberResult<{ entries: HistoryEntry[] }>> {
	if (!can(user, 'member.manage', scheme)) return FORBIDDEN;
	const [events, organisations] = await Promise.all([
		db
			.selectFrom('audit_event')
			.leftJoin('app_user', 'app_user.id', 'audit_event.entity_id')
			.select([
				'audit_event.id',
				'audit_event.at',
				'audit_event.actor',
				'audit_event.action',
				'audit_event.changes',
				'app_user.name as person'
			])
			.where('audit_event.scheme_id', '=', scheme.schemeId)
			.where('audit_event.entity_type', '=', 'user')
			.where('audit_event.action', 'in', Object.keys(MEMBER_HISTORY_ACTIONS))
			.orderBy('audit_event.id', 'desc')
			.limit(limit)
			.execute(),
		db.selectFrom('organisation').select(['id', 'short_name']).execute()
	]);
	const names = new Map(organisations.map((o) => [o.id, o.short_name]));
	const people = new Map(events.map((e) => [e.id, e.person]));
	// The scheme is the page's own: its slug in each change says nothing here.
	const entries = describeEvents(
		events.map((e) => ({ ...e, changes: withoutScheme(e.changes) })),
		{
			actions: MEMBER_HISTORY_ACTIONS,
			fields: MEMBER_HISTORY_FIELDS,
			value: (field, value) => {
				if (field === 'role' && typeof value === 'string')
					return MEMBERSHIP_ROLE_LABELS[value as MembershipRole] ?? value;
				if (field === 'organisationId' && typeof value === 'number')
					return names.get(value) ?? `Organisation n° ${value} (supprimée)`;
				return undefined;
			}
		}
	).map((entry) => {
		const person = people.get(entry.id);
		return {
			...entry,
			action: person ? `${entry.action} : ${person}` : entry.action,
			// A new member without an organisation: « — → — » says nothing.
			changes: entry.changes.filter((c) => c.old !== c.new)
		};
	});
	return { ok: true, entries };
}

function withoutScheme(changes: string): string {
	try {
		const parsed = JSON.parse(changes) as Record<string, unknown>;
		delete parsed.scheme;
		return JSON.stringify(parsed);
	} catch {
		return changes;
	}
}
