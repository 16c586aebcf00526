import type { Kysely, Transaction } from 'kysely';
import { userInputSchema, userState, type UserInput } from '$lib/domain/account-forms';
import { passwordProblem } from '$lib/domain/password-policy';
import { can, MEMBERSHIP_ROLE_LABELS, PLATFORM, type MembershipRole } from '$lib/domain/policy';
import type { Database } from '../db/schema';
import type { Db } from '../db/database';
import { transact } from '../db/transact';
import { updateVersioned } from '../db/versioned-update';
import { publicOrigin } from '../config';
import { enqueueMail } from '../mail/outbox.service';
import { invitationMail } from '../mail/templates';
import { normaliseEmail, type CurrentUser } from '../auth/auth.service';
import { hashPassword, hashToken, newToken, verifyPassword } from '../auth/crypto';
import { revokeAllTokens } from '../auth/tokens.service';
import {
	actorOf,
	creationChanges,
	diffFields,
	listEntityEvents,
	recordEvent,
	type AuditActor,
	SYSTEM_ACTOR
} from '../audit/audit.service';
import { describeEvents, type HistoryEntry } from './history-view';

type Tx = Transaction<Database> | Kysely<Database>;

export const INVITATION_LIFETIME_MS = 7 * 24 * 3600_000;

// The schema is shared with the forms; re-exported for the command line and older imports.
export { userInputSchema, type UserInput };

export type UserResult<T = object> =
	({ ok: true } & T) | { ok: false; field: string; message: string };

const UNKNOWN_ORGANISATION = { field: 'organisationId', message: 'Organisation inconnue.' };

async function organisationExists(db: Tx, id: number | null): Promise<boolean> {
	if (id === null) return true;
	return Boolean(
		await db.selectFrom('organisation').select('id').where('id', '=', id).executeTakeFirst()
	);
}

function userSnapshot(u: {
	email: string;
	name: string;
	platform_admin: number;
	organisation_id: number | null;
	disabled_at: string | null;
}) {
	return {
		email: u.email,
		name: u.name,
		platformAdmin: u.platform_admin === 1,
		organisationId: u.organisation_id,
		disabled: u.disabled_at !== null
	};
}

const isPlatformAdmin = (user: CurrentUser) => can(user, 'platform.manage', PLATFORM);

/** Inserts the account and its creation event; the caller owns the transaction. */
async function insertUser(
	tx: Tx,
	actor: AuditActor,
	input: UserInput,
	passwordHash: string | null
): Promise<UserResult<{ userId: number }>> {
	const email = normaliseEmail(input.email);
	const taken = await tx
		.selectFrom('app_user')
		.select('id')
		.where('email', '=', email)
		.executeTakeFirst();
	if (taken)
		return { ok: false, field: 'email', message: 'Un compte existe déjà avec cette adresse.' };
	const row = await tx
		.insertInto('app_user')
		.values({
			email,
			name: input.name,
			// Legacy column of 0002: rights come from memberships and platform_admin now.
			role: 'lecteur',
			platform_admin: input.platformAdmin ? 1 : 0,
			organisation_id: input.organisationId,
			password_hash: passwordHash
		})
		.returningAll()
		.executeTakeFirstOrThrow();
	await recordEvent(tx, actor, {
		schemeId: null,
		entityType: 'user',
		entityId: row.id,
		action: 'create',
		changes: creationChanges(userSnapshot(row))
	});
	return { ok: true, userId: row.id };
}

/** Creates an account, with a password (CLI, demo) or none (then an invitation sets it). */
export async function createUser(
	db: Db,
	actor: AuditActor,
	input: UserInput,
	password?: string
): Promise<UserResult<{ userId: number }>> {
	const email = normaliseEmail(input.email);
	if (password !== undefined) {
		const problem = passwordProblem(password, [email.split('@')[0], input.name]);
		if (problem) return { ok: false, field: 'password', message: problem };
	}
	if (!(await organisationExists(db, input.organisationId)))
		return { ok: false, ...UNKNOWN_ORGANISATION };
	const passwordHash = password !== undefined ? await hashPassword(password) : null;
	return db.transaction().execute((tx) => insertUser(tx, actor, input, passwordHash));
}

/** What the invitation mail says besides the link (see `invitationMail`). */
export type InvitationMailContext = {
	email: string;
	name: string;
	/** The history's label of whoever invites; null from the command line. */
	invitedBy: string | null;
	/** The scheme the person is invited into, when there is one. */
	scheme?: { id: number; title: string; roleLabel: string; organisation: string | null } | null;
};

/**
 * A new invitation link for the account. With `mail`, the invitation mail is written into the
 * outbox in the same transaction (sent after the commit; see mail/outbox.service.ts).
 */
export async function insertInvitation(
	tx: Tx,
	userId: number,
	mail?: InvitationMailContext
): Promise<string> {
	const token = newToken();
	const expiresAt = new Date(Date.now() + INVITATION_LIFETIME_MS);
	const row = await tx
		.insertInto('invitation')
		.values({
			user_id: userId,
			token_hash: hashToken(token),
			expires_at: expiresAt.toISOString()
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	if (mail) {
		const origin = publicOrigin();
		const rendered = invitationMail({
			name: mail.name,
			email: mail.email,
			link: `${origin}/invitation/${token}`,
			expiresAt,
			origin,
			invitedBy: mail.invitedBy,
			scheme: mail.scheme ?? null
		});
		await enqueueMail(tx, {
			idempotencyKey: `invitation:${row.id}`,
			kind: 'invitation',
			to: mail.email,
			userId,
			schemeId: mail.scheme?.id ?? null,
			subject: rendered.subject,
			text: rendered.text,
			html: rendered.html
		});
	}
	return token;
}

/** The first scheme an account belongs to, as the invitation mail names it (or null). */
async function invitationSchemeOf(tx: Tx, userId: number) {
	const row = await tx
		.selectFrom('membership')
		.innerJoin('scheme', 'scheme.id', 'membership.scheme_id')
		.leftJoin('organisation', 'organisation.id', 'membership.organisation_id')
		.select([
			'scheme.id',
			'scheme.title',
			'membership.role',
			'organisation.short_name as organisation'
		])
		.where('membership.user_id', '=', userId)
		.orderBy('membership.id')
		.executeTakeFirst();
	return row
		? {
				id: row.id,
				title: row.title,
				roleLabel: MEMBERSHIP_ROLE_LABELS[row.role],
				organisation: row.organisation
			}
		: null;
}

/**
 * A one-time link that lets the invited person choose their password (`npm run user:create --
 * --invite`), with the invitation mail in the same transaction (sent by the server's tick or
 * `npm run mail:tick`).
 */
export async function createInvitation(db: Db, userId: number): Promise<string> {
	return db.transaction().execute(async (tx) => {
		const user = await tx
			.selectFrom('app_user')
			.select(['name', 'email'])
			.where('id', '=', userId)
			.executeTakeFirstOrThrow();
		return insertInvitation(tx, userId, {
			email: user.email,
			name: user.name,
			invitedBy: null,
			scheme: await invitationSchemeOf(tx, userId)
		});
	});
}

export type InviteResult =
	| { ok: true; userId: number; token: string }
	| { ok: false; reason: 'forbidden' }
	| { ok: false; reason: 'invalid'; field: string; message: string };

/**
 * An administrator creates an account without a password and gets the one-time link that lets
 * its owner choose one. Account, invitation and history land together.
 */
export async function inviteUser(
	db: Db,
	admin: CurrentUser,
	input: UserInput
): Promise<InviteResult> {
	if (!isPlatformAdmin(admin)) return { ok: false, reason: 'forbidden' };
	return db.transaction().execute(async (tx) => {
		if (!(await organisationExists(tx, input.organisationId)))
			return { ok: false, reason: 'invalid', ...UNKNOWN_ORGANISATION } as const;
		const created = await insertUser(tx, actorOf(admin), input, null);
		if (!created.ok) return { ok: false, reason: 'invalid', ...omitOk(created) } as const;
		const token = await insertInvitation(tx, created.userId, {
			email: normaliseEmail(input.email),
			name: input.name,
			invitedBy: actorOf(admin).label
		});
		await recordEvent(tx, actorOf(admin), {
			schemeId: null,
			entityType: 'user',
			entityId: created.userId,
			action: 'invite',
			changes: {}
		});
		return { ok: true, userId: created.userId, token } as const;
	});
}

function omitOk(failure: { ok: false; field: string; message: string }) {
	return { field: failure.field, message: failure.message };
}

export type ResendInvitationResult =
	| { ok: true; token: string; name: string; email: string }
	| { ok: false; reason: 'forbidden' | 'not_found' | 'not_pending' };

/**
 * A new link for an account still waiting for its password; earlier unused links stop working.
 * Platform administrators, and the coordination of a scheme the person belongs to.
 */
export async function resendInvitation(
	db: Db,
	admin: CurrentUser,
	userId: number
): Promise<ResendInvitationResult> {
	if (!isPlatformAdmin(admin)) {
		const schemes = await db
			.selectFrom('membership')
			.innerJoin('scheme', 'scheme.id', 'membership.scheme_id')
			.select(['scheme.id', 'scheme.visibility'])
			.where('membership.user_id', '=', userId)
			.execute();
		if (
			!schemes.some((s) =>
				can(admin, 'member.manage', { schemeId: s.id, visibility: s.visibility })
			)
		)
			return { ok: false, reason: 'not_found' };
	}
	return db.transaction().execute(async (tx) => {
		const user = await tx
			.selectFrom('app_user')
			.select(['id', 'name', 'email', 'password_hash', 'disabled_at'])
			.where('id', '=', userId)
			.executeTakeFirst();
		if (!user) return { ok: false, reason: 'not_found' } as const;
		if (user.password_hash !== null || user.disabled_at !== null)
			return { ok: false, reason: 'not_pending' } as const;
		await tx
			.deleteFrom('invitation')
			.where('user_id', '=', userId)
			.where('used_at', 'is', null)
			.execute();
		const token = await insertInvitation(tx, userId, {
			email: user.email,
			name: user.name,
			invitedBy: actorOf(admin).label,
			scheme: await invitationSchemeOf(tx, userId)
		});
		await recordEvent(tx, actorOf(admin), {
			schemeId: null,
			entityType: 'user',
			entityId: userId,
			action: 'invite',
			changes: {}
		});
		return { ok: true, token, name: user.name, email: user.email } as const;
	});
}

export async function findInvitation(db: Db, token: string) {
	const row = await db
		.selectFrom('invitation')
		.innerJoin('app_user', 'app_user.id', 'invitation.user_id')
		.select([
			'invitation.id',
			'invitation.expires_at',
			'invitation.used_at',
			'app_user.id as user_id',
			'app_user.email',
			'app_user.name',
			'app_user.disabled_at'
		])
		.where('invitation.token_hash', '=', hashToken(token))
		.executeTakeFirst();
	if (!row || row.used_at || row.disabled_at || Date.parse(row.expires_at) < Date.now())
		return null;
	return row;
}

export async function acceptInvitation(
	db: Db,
	token: string,
	password: string
): Promise<UserResult<{ userId: number }>> {
	const invitation = await findInvitation(db, token);
	if (!invitation)
		return {
			ok: false,
			field: 'token',
			message: 'Ce lien d’invitation est invalide, déjà utilisé ou expiré.'
		};
	const problem = passwordProblem(password, [invitation.email.split('@')[0], invitation.name]);
	if (problem) return { ok: false, field: 'password', message: problem };
	const passwordHash = await hashPassword(password);
	return db.transaction().execute(async (tx) => {
		const used = await tx
			.updateTable('invitation')
			.set({ used_at: new Date().toISOString() })
			.where('id', '=', invitation.id)
			.where('used_at', 'is', null)
			.executeTakeFirst();
		if (Number(used.numUpdatedRows) !== 1)
			return {
				ok: false,
				field: 'token',
				message: 'Ce lien d’invitation a déjà été utilisé.'
			} as const;
		await tx
			.updateTable('app_user')
			.set({ password_hash: passwordHash })
			.where('id', '=', invitation.user_id)
			.execute();
		await tx.deleteFrom('user_session').where('user_id', '=', invitation.user_id).execute();
		await recordEvent(
			tx,
			{ userId: invitation.user_id, label: invitation.name },
			{
				schemeId: null,
				entityType: 'user',
				entityId: invitation.user_id,
				action: 'password_set',
				changes: {}
			}
		);
		return { ok: true, userId: invitation.user_id } as const;
	});
}

/**
 * Changes one's own password; every session of the account ends (the caller signs in again) and
 * every API token is revoked.
 */
export async function changePassword(
	db: Db,
	user: CurrentUser,
	current: string,
	next: string
): Promise<UserResult> {
	const row = await db
		.selectFrom('app_user')
		.select(['password_hash'])
		.where('id', '=', user.id)
		.executeTakeFirstOrThrow();
	if (!row.password_hash || !(await verifyPassword(row.password_hash, current)))
		return { ok: false, field: 'current', message: 'Mot de passe actuel incorrect.' };
	const problem = passwordProblem(next, [user.email.split('@')[0], user.name]);
	if (problem) return { ok: false, field: 'password', message: problem };
	const passwordHash = await hashPassword(next);
	await db.transaction().execute(async (tx) => {
		await tx
			.updateTable('app_user')
			.set({ password_hash: passwordHash })
			.where('id', '=', user.id)
			.execute();
		await tx.deleteFrom('user_session').where('user_id', '=', user.id).execute();
		const revoked = await revokeAllTokens(tx, user.id);
		await recordEvent(tx, actorOf(user), {
			schemeId: null,
			entityType: 'user',
			entityId: user.id,
			action: 'password_change',
			changes: revoked ? { activeApiTokens: { old: revoked, new: 0 } } : {}
		});
	});
	return { ok: true };
}

export type UpdateUserResult =
	| { ok: true; version: number }
	| { ok: false; reason: 'not_found' | 'forbidden' }
	| { ok: false; reason: 'conflict'; currentVersion: number }
	| { ok: false; reason: 'invalid'; field: string; message: string };

/** Platform edit of an account (name, organisation, platform role, disabled). Disabling ends its sessions and tokens' use. */
export async function updateUser(
	db: Db,
	admin: CurrentUser,
	userId: number,
	input: Omit<UserInput, 'email'> & { disabled: boolean },
	expectedVersion: number
): Promise<UpdateUserResult> {
	if (!isPlatformAdmin(admin)) return { ok: false, reason: 'forbidden' };
	if (userId === admin.id && input.disabled)
		return {
			ok: false,
			reason: 'invalid',
			field: 'disabled',
			message: 'Vous ne pouvez pas désactiver votre propre compte.'
		};
	if (userId === admin.id && !input.platformAdmin)
		return {
			ok: false,
			reason: 'invalid',
			field: 'platformAdmin',
			message: 'Vous ne pouvez pas retirer vos propres droits d’administration de la plateforme.'
		};
	return transact(db, async (tx) => {
		if (!(await organisationExists(tx, input.organisationId)))
			return { ok: false, reason: 'invalid', ...UNKNOWN_ORGANISATION } as const;
		const before = await tx
			.selectFrom('app_user')
			.selectAll()
			.where('id', '=', userId)
			.executeTakeFirst();
		if (!before) return { ok: false, reason: 'not_found' } as const;
		if (before.version !== expectedVersion)
			return { ok: false, reason: 'conflict', currentVersion: before.version } as const;
		const disabledAt = input.disabled ? (before.disabled_at ?? new Date().toISOString()) : null;
		const after = {
			...before,
			name: input.name,
			platform_admin: input.platformAdmin ? 1 : 0,
			organisation_id: input.organisationId,
			disabled_at: disabledAt
		};
		const changes = diffFields(userSnapshot(before), userSnapshot(after));
		if (Object.keys(changes).length === 0) return { ok: true, version: before.version } as const;
		const version = await updateVersioned(tx, 'app_user', before, {
			name: after.name,
			platform_admin: after.platform_admin,
			organisation_id: after.organisation_id,
			disabled_at: disabledAt
		});
		if (disabledAt || changes.platformAdmin) {
			// Rights changed: end sessions so no page keeps acting on the old ones.
			await tx.deleteFrom('user_session').where('user_id', '=', userId).execute();
		}
		await recordEvent(tx, actorOf(admin), {
			schemeId: null,
			entityType: 'user',
			entityId: userId,
			action: 'update',
			changes
		});
		return { ok: true, version } as const;
	});
}

/** The account columns the user list and the account page both show. */
const ACCOUNT_COLUMNS = [
	'app_user.id',
	'app_user.email',
	'app_user.name',
	'app_user.platform_admin',
	'app_user.organisation_id',
	'app_user.disabled_at',
	'app_user.version',
	'app_user.created_at'
] as const;

export function listUsers(db: Db) {
	return db
		.selectFrom('app_user')
		.leftJoin('organisation', 'organisation.id', 'app_user.organisation_id')
		.select([
			...ACCOUNT_COLUMNS,
			'organisation.short_name as organisation_short_name',
			(eb) =>
				eb.case().when('app_user.password_hash', 'is', null).then(1).else(0).end().as('pending')
		])
		.orderBy('app_user.name')
		.execute();
}

/** One account as the administration pages show it, or null. */
export async function getUserAccount(db: Db, userId: number) {
	const row = await db
		.selectFrom('app_user')
		.leftJoin('organisation', 'organisation.id', 'app_user.organisation_id')
		.select([
			...ACCOUNT_COLUMNS,
			'app_user.password_hash',
			'organisation.short_name as organisation_short_name',
			'organisation.name as organisation_name',
			'organisation.slug as organisation_slug'
		])
		.where('app_user.id', '=', userId)
		.executeTakeFirst();
	if (!row) return null;
	const { password_hash, ...account } = row;
	return {
		...account,
		state: userState({ disabledAt: row.disabled_at, hasPassword: password_hash !== null })
	};
}

const USER_HISTORY_ACTIONS: Record<string, string> = {
	create: 'Création du compte',
	update: 'Modification du compte',
	invite: 'Invitation envoyée',
	password_set: 'Mot de passe choisi (invitation acceptée)',
	password_change: 'Mot de passe modifié',
	password_reset: 'Mot de passe réinitialisé (lien « Mot de passe oublié »)',
	membership_add: 'Ajout à un schéma',
	membership_update: 'Rôle modifié dans un schéma',
	membership_remove: 'Retrait d’un schéma'
};
const USER_HISTORY_FIELDS: Record<string, string> = {
	email: 'Adresse e-mail',
	name: 'Nom',
	platformAdmin: 'Administration de la plateforme',
	role: 'Rôle',
	scheme: 'Schéma',
	organisationId: 'Organisation',
	disabled: 'Compte désactivé'
};

/** The account's history in words: role labels and organisation names instead of codes. */
export async function listUserHistory(db: Db, userId: number): Promise<HistoryEntry[]> {
	const [events, organisations] = await Promise.all([
		listEntityEvents(db, 'user', userId),
		db.selectFrom('organisation').select(['id', 'short_name']).execute()
	]);
	const names = new Map(organisations.map((o) => [o.id, o.short_name]));
	return describeEvents(events, {
		actions: USER_HISTORY_ACTIONS,
		fields: USER_HISTORY_FIELDS,
		value: (field, value) => {
			if (field === 'role' && typeof value === 'string')
				return MEMBERSHIP_ROLE_LABELS[value as MembershipRole] ?? value;
			if (field === 'platformAdmin' && typeof value === 'boolean') return value ? 'oui' : 'non';
			if (field === 'organisationId' && typeof value === 'number')
				return names.get(value) ?? `Organisation n° ${value} (supprimée)`;
			return undefined;
		}
	});
}

export { SYSTEM_ACTOR };
