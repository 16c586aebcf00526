import { passwordProblem } from '$lib/domain/password-policy';
import { revokeAllTokens } from './tokens.service';
import { recordEvent } from '../audit/audit.service';
import { publicOrigin } from '../config';
import type { Db } from '../db/database';
import { enqueueMail } from '../mail/outbox.service';
import { passwordResetMail } from '../mail/templates';
import { normaliseEmail } from './auth.service';
import { findUserByEmail } from './auth.queries';
import { hashPassword, hashToken, newToken } from './crypto';
import { accountKey, clearFailures } from './throttle';

// « Mot de passe oublié » : a single-use link by e-mail (256-bit token, only its SHA-256 stored,
// valid one hour). The request answers the same, in the same time, whether the address has an
// account or not; only an active account (password set, not disabled) gets a mail. Choosing the
// new password closes every session of the account and clears its sign-in delays.

export const RESET_LIFETIME_MS = 3600_000;
/** At most this many links per account and hour: the form cannot flood someone's mailbox. */
export const RESET_MAX_PER_HOUR = 3;
/** The request always takes at least this long, whether a mail was queued or not. */
export const RESET_ANSWER_MS = 400;

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

/**
 * Handles a « mot de passe oublié » request. Says nothing about the address: the caller shows
 * one answer whatever happened. The mail (if any) is in the outbox when this returns.
 */
export async function requestPasswordReset(
	db: Db,
	email: string,
	options: { now?: Date; minDurationMs?: number; origin?: string } = {}
): Promise<void> {
	const started = Date.now();
	const now = options.now ?? new Date();
	// Same work whatever the address: a fresh token and its hash, then the account lookup.
	const token = newToken();
	const tokenHash = hashToken(token);
	const user = await findUserByEmail(db, normaliseEmail(email));
	if (user && user.password_hash && !user.disabled_at) {
		const since = new Date(now.getTime() - RESET_LIFETIME_MS).toISOString();
		await db.transaction().execute(async (tx) => {
			const recent = await tx
				.selectFrom('password_reset')
				.select((eb) => eb.fn.countAll<number>().as('count'))
				.where('user_id', '=', user.id)
				.where('created_at', '>=', since)
				.executeTakeFirstOrThrow();
			if (Number(recent.count) >= RESET_MAX_PER_HOUR) return;
			const expiresAt = new Date(now.getTime() + RESET_LIFETIME_MS);
			const reset = await tx
				.insertInto('password_reset')
				.values({
					user_id: user.id,
					token_hash: tokenHash,
					created_at: now.toISOString(),
					expires_at: expiresAt.toISOString()
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			const origin = options.origin ?? publicOrigin();
			const mail = passwordResetMail({
				name: user.name,
				link: `${origin}/mot-de-passe-oublie/${token}`,
				expiresAt,
				origin
			});
			await enqueueMail(tx, {
				idempotencyKey: `password_reset:${reset.id}`,
				kind: 'password_reset',
				to: user.email,
				userId: user.id,
				subject: mail.subject,
				text: mail.text,
				html: mail.html
			});
		});
	}
	const rest = (options.minDurationMs ?? RESET_ANSWER_MS) - (Date.now() - started);
	if (rest > 0) await sleep(rest);
}

/** The reset behind a link, while it is unused, unexpired and its account active; or null. */
export async function findPasswordReset(db: Db, token: string, now: Date = new Date()) {
	const row = await db
		.selectFrom('password_reset')
		.innerJoin('app_user', 'app_user.id', 'password_reset.user_id')
		.select([
			'password_reset.id',
			'password_reset.expires_at',
			'password_reset.used_at',
			'app_user.id as user_id',
			'app_user.email',
			'app_user.name',
			'app_user.password_hash',
			'app_user.disabled_at'
		])
		.where('password_reset.token_hash', '=', hashToken(token))
		.executeTakeFirst();
	if (
		!row ||
		row.used_at ||
		row.disabled_at ||
		!row.password_hash ||
		Date.parse(row.expires_at) <= now.getTime()
	)
		return null;
	return {
		id: row.id,
		userId: row.user_id,
		email: row.email,
		name: row.name,
		expiresAt: row.expires_at
	};
}

export type ResetResult =
	{ ok: true; userId: number } | { ok: false; field: string; message: string };

export const RESET_LINK_INVALID = 'Ce lien est invalide, déjà utilisé ou expiré.';

/**
 * Sets the new password of a reset link: the link is spent, every session of the account ends,
 * its sign-in delays are cleared, and the other links it had stop working.
 */
export async function completePasswordReset(
	db: Db,
	token: string,
	password: string,
	now: Date = new Date()
): Promise<ResetResult> {
	const reset = await findPasswordReset(db, token, now);
	if (!reset) return { ok: false, field: 'token', message: RESET_LINK_INVALID };
	const problem = passwordProblem(password, [reset.email.split('@')[0], reset.name]);
	if (problem) return { ok: false, field: 'password', message: problem };
	const passwordHash = await hashPassword(password);
	return db.transaction().execute(async (tx): Promise<ResetResult> => {
		const used = await tx
			.updateTable('password_reset')
			.set({ used_at: now.toISOString() })
			.where('id', '=', reset.id)
			.where('used_at', 'is', null)
			.executeTakeFirst();
		if (Number(used.numUpdatedRows) !== 1)
			return { ok: false, field: 'token', message: RESET_LINK_INVALID };
		await tx
			.updateTable('password_reset')
			.set({ used_at: now.toISOString() })
			.where('user_id', '=', reset.userId)
			.where('used_at', 'is', null)
			.execute();
		await tx
			.updateTable('app_user')
			.set({ password_hash: passwordHash })
			.where('id', '=', reset.userId)
			.execute();
		await tx.deleteFrom('user_session').where('user_id', '=', reset.userId).execute();
		const revoked = await revokeAllTokens(tx, reset.userId, now.toISOString());
		await clearFailures(tx, accountKey(normaliseEmail(reset.email)));
		await recordEvent(
			tx,
			{ userId: reset.userId, label: reset.name },
			{
				schemeId: null,
				entityType: 'user',
				entityId: reset.userId,
				action: 'password_reset',
				changes: revoked ? { activeApiTokens: { old: revoked, new: 0 } } : {}
			}
		);
		return { ok: true, userId: reset.userId };
	});
}

/** Housekeeping (scheduler): links expired for a day are of no use, even as a trace. */
export async function purgeExpiredResets(db: Db, now: Date): Promise<void> {
	await db
		.deleteFrom('password_reset')
		.where('expires_at', '<', new Date(now.getTime() - 24 * 3600_000).toISOString())
		.execute();
}
