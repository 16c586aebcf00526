import type { Actor, Membership, TokenScope } from '$lib/domain/policy';
import { config } from '../config';
import type { Db } from '../db/database';
import { creationChanges, recordEvent, type AuditActor } from '../audit/audit.service';
import * as q from './auth.queries';
import { burnPasswordCheck, hashToken, newToken, verifyPassword } from './crypto';
import {
	accountKey,
	addressKey,
	clearFailures,
	recordFailure,
	throttleSettings,
	waitFor
} from './throttle';

export type CurrentUser = Actor & {
	email: string;
	name: string;
	/** The organisation the person works for (shown beside their name); rights come from memberships. */
	organisationId: number | null;
	organisationShortName: string | null;
	/** How the request was authenticated: a browser session or a personal API token. */
	via: 'session' | 'token';
	sessionId?: number;
};

export const SESSION_COOKIE = 'sdsf_session';
const minutes = (n: number) => n * 60_000;

export const authSettings = {
	/** SESSION_IDLE_MINUTES and SESSION_MAX_HOURS, checked by the config module. */
	get idleTimeoutMs() {
		return minutes(config().SESSION_IDLE_MINUTES);
	},
	get absoluteLifetimeMs() {
		return minutes(config().SESSION_MAX_HOURS * 60);
	}
};

const iso = (ms: number) => new Date(ms).toISOString();

type UserRow = NonNullable<Awaited<ReturnType<typeof q.findUserById>>>;
async function toCurrentUser(
	db: Db,
	row: UserRow,
	via: CurrentUser['via'],
	extra: { sessionId?: number; token?: Actor['token'] } = {}
): Promise<CurrentUser> {
	const memberships: Membership[] = await q.listMemberships(db, row.id);
	return {
		id: row.id,
		email: row.email,
		name: row.name,
		platformAdmin: row.platform_admin === 1,
		memberships,
		organisationId: row.organisation_id,
		organisationShortName: row.organisation_short_name,
		via,
		sessionId: extra.sessionId,
		token: extra.token ?? null
	};
}

/** The current state of an account as the policy sees it (for a user just created or changed). */
export async function loadCurrentUser(db: Db, userId: number): Promise<CurrentUser | null> {
	const row = await q.findUserById(db, userId);
	return row ? toCurrentUser(db, row, 'session') : null;
}

export function normaliseEmail(email: string): string {
	return email.trim().normalize('NFC').toLowerCase();
}

export type SignInResult =
	| { ok: true; user: CurrentUser; token: string; expiresAt: Date }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/**
 * Checks credentials with progressive delays per account and per address (throttle.ts). An
 * unknown e-mail, a wrong password and a disabled account all get the same answer after the same
 * work. While a delay runs the attempt is refused without checking the password, and without
 * counting as a failure.
 */
export async function signIn(
	db: Db,
	input: { email: string; password: string; address: string }
): Promise<SignInResult> {
	const email = normaliseEmail(input.email);
	const keys = { account: accountKey(email), address: addressKey(input.address) };
	const now = Date.now();
	const [account, address] = await Promise.all([
		waitFor(db, keys.account, throttleSettings.freeFailuresPerAccount, now),
		waitFor(db, keys.address, throttleSettings.freeFailuresPerAddress, now)
	]);
	const wait = Math.max(account, address);
	if (wait > 0)
		return {
			ok: false,
			reason: 'throttled',
			retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000))
		};

	const user = await q.findUserByEmail(db, email);
	const valid = user?.password_hash
		? await verifyPassword(user.password_hash, input.password)
		: (await burnPasswordCheck(input.password), false);
	if (!user || !valid || user.disabled_at) {
		await recordFailure(db, [keys.account, keys.address], Date.now());
		return { ok: false, reason: 'invalid' };
	}
	await clearFailures(db, keys.account);
	const { token, expiresAt, sessionId } = await createSession(db, user.id);
	return {
		ok: true,
		user: await toCurrentUser(db, user, 'session', { sessionId }),
		token,
		expiresAt
	};
}

async function createSession(db: Db, userId: number) {
	const token = newToken();
	const expiresAt = new Date(Date.now() + authSettings.absoluteLifetimeMs);
	const row = await db
		.insertInto('user_session')
		.values({ token_hash: hashToken(token), user_id: userId, expires_at: expiresAt.toISOString() })
		.returning('id')
		.executeTakeFirstOrThrow();
	return { token, expiresAt, sessionId: row.id };
}

/** The user of a session cookie, or null when it is unknown, idle too long, expired or disabled. */
export async function resolveSession(db: Db, token: string): Promise<CurrentUser | null> {
	const row = await q.findSessionWithUser(db, hashToken(token));
	if (!row) return null;
	const now = Date.now();
	const idle = now - Date.parse(row.last_seen_at) > authSettings.idleTimeoutMs;
	if (idle || Date.parse(row.expires_at) <= now || row.disabled_at) {
		await db.deleteFrom('user_session').where('id', '=', row.session_id).execute();
		return null;
	}
	// Touch at most once a minute: a write per request would serialise every reader.
	if (now - Date.parse(row.last_seen_at) > 60_000) {
		await db
			.updateTable('user_session')
			.set({ last_seen_at: iso(now) })
			.where('id', '=', row.session_id)
			.execute();
	}
	return toCurrentUser(db, row, 'session', { sessionId: row.session_id });
}

export async function signOut(db: Db, token: string): Promise<void> {
	await db.deleteFrom('user_session').where('token_hash', '=', hashToken(token)).execute();
}

/** The user of a personal API token ("Authorization: Bearer …"), or null. */
export async function resolveApiToken(db: Db, token: string): Promise<CurrentUser | null> {
	const row = await q.findApiTokenWithUser(db, hashToken(token));
	if (!row || row.revoked_at || row.disabled_at) return null;
	const now = Date.now();
	if (!row.last_used_at || now - Date.parse(row.last_used_at) > 60_000) {
		await db
			.updateTable('api_token')
			.set({ last_used_at: iso(now) })
			.where('id', '=', row.token_id)
			.execute();
	}
	return toCurrentUser(db, row, 'token', {
		token: { schemeId: row.token_scheme_id, scope: row.token_scope as TokenScope }
	});
}

export const API_TOKEN_PREFIX = 'sdsf_';

/** Creates a personal API token and records it in the history; the clear token is returned once. */
export async function createApiToken(
	db: Db,
	userId: number,
	name: string,
	actor: AuditActor = { userId, label: 'Ligne de commande' },
	/** Narrows the token below its owner's rights: one scheme, and/or read or figures only. */
	narrowing: { schemeId: number | null; scope: TokenScope } = { schemeId: null, scope: 'all' }
) {
	const token = newToken(API_TOKEN_PREFIX);
	const prefix = token.slice(0, API_TOKEN_PREFIX.length + 6);
	return db.transaction().execute(async (tx) => {
		const row = await tx
			.insertInto('api_token')
			.values({
				user_id: userId,
				name,
				token_hash: hashToken(token),
				prefix,
				scheme_id: narrowing.schemeId,
				scope: narrowing.scope
			})
			.returning(['id', 'prefix', 'created_at'])
			.executeTakeFirstOrThrow();
		await recordEvent(tx, actor, {
			schemeId: null,
			entityType: 'api_token',
			entityId: row.id,
			action: 'create',
			changes: creationChanges({
				userId,
				name,
				prefix,
				schemeId: narrowing.schemeId,
				scope: narrowing.scope
			})
		});
		return { ...row, token };
	});
}
