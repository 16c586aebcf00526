import { randomBytes } from 'node:crypto';
import {
	DEFAULT_PREFERENCES,
	NOTICE_KINDS,
	notificationPreferencesSchema,
	type NotificationPreferences,
	type UnsubscribeTopic
} from '$lib/domain/notifications';
import { fieldErrors } from '$lib/domain/fiche-edit';
import type { CurrentUser } from '../auth/auth.service';
import type { Db } from '../db/database';
import { transact } from '../db/transact';
import type { Tx } from '../reporting/results';
import * as q from './notifications.queries';

// What each person wants to receive. No row means the defaults (every notice, weekly digest); the
// row is written with a random unsubscribe key the first time a notice is queued for the person
// (notify.ts) or when they save « Avis par courriel » on their profile.

export const newUnsubscribeKey = () => randomBytes(32).toString('base64url');

export function preferencesOf(row: q.PreferenceRow | undefined): NotificationPreferences {
	if (!row) return { ...DEFAULT_PREFERENCES };
	return {
		period_opened: row.period_opened === 1,
		reminder: row.reminder === 1,
		sent_back: row.sent_back === 1,
		validated: row.validated === 1,
		meeting_closed: row.meeting_closed === 1,
		digest: row.digest
	};
}

/** Whether a person with these preferences receives mail of this topic. */
export function wants(prefs: NotificationPreferences, topic: UnsubscribeTopic): boolean {
	return topic === 'digest' ? prefs.digest !== 'never' : prefs[topic];
}

/** The preference rows of these people, written with a fresh key for those who had none. */
export async function ensurePreferenceRows(
	tx: Db | Tx,
	userIds: readonly number[]
): Promise<Map<number, q.PreferenceRow>> {
	const ids = [...new Set(userIds)];
	const rows = new Map((await q.listPreferenceRows(tx, ids)).map((r) => [r.user_id, r]));
	const missing = ids.filter((id) => !rows.has(id));
	if (missing.length) {
		for (const id of missing) await q.insertPreferenceRow(tx, id, newUnsubscribeKey());
		for (const r of await q.listPreferenceRows(tx, missing)) rows.set(r.user_id, r);
	}
	return rows;
}

export async function getPreferences(db: Db, userId: number): Promise<NotificationPreferences> {
	const [row] = await q.listPreferenceRows(db, [userId]);
	return preferencesOf(row);
}

export type SavePreferencesResult =
	| { ok: true; preferences: NotificationPreferences }
	| { ok: false; reason: 'invalid'; errors: Record<string, string> };

/** « Avis par courriel » on the profile. */
export async function savePreferences(
	db: Db,
	user: CurrentUser,
	input: unknown,
	at: string = new Date().toISOString()
): Promise<SavePreferencesResult> {
	const parsed = notificationPreferencesSchema.safeParse(input);
	if (!parsed.success) return { ok: false, reason: 'invalid', errors: fieldErrors(parsed.error) };
	const prefs = parsed.data;
	return transact(db, async (tx) => {
		await ensurePreferenceRows(tx, [user.id]);
		await q.updatePreferenceRow(
			tx,
			user.id,
			{
				...Object.fromEntries(NOTICE_KINDS.map((kind) => [kind, prefs[kind] ? 1 : 0])),
				digest: prefs.digest
			},
			at
		);
		return { ok: true as const, preferences: prefs };
	});
}

export type UnsubscribeTarget = { name: string; email: string; subscribed: boolean };

/** Who a link's key belongs to, and whether they still receive this topic (null: unknown key). */
export async function findUnsubscribeTarget(
	db: Db,
	key: string,
	topic: UnsubscribeTopic
): Promise<UnsubscribeTarget | null> {
	const row = await q.findPreferenceByKey(db, key);
	if (!row) return null;
	return { name: row.name, email: row.email, subscribed: wants(preferencesOf(row), topic) };
}

/**
 * The one-click unsubscribe (RFC 8058) and its undo. Idempotent; false for an unknown key.
 * Unsubscribing from the digest sets it to « jamais »; subscribing again, to weekly.
 */
export async function setSubscription(
	db: Db,
	key: string,
	topic: UnsubscribeTopic,
	subscribed: boolean,
	at: string = new Date().toISOString()
): Promise<boolean> {
	const row = await q.findPreferenceByKey(db, key);
	if (!row) return false;
	const values =
		topic === 'digest'
			? { digest: subscribed ? ('weekly' as const) : ('never' as const) }
			: { [topic]: subscribed ? 1 : 0 };
	await q.updatePreferenceRow(db, row.user_id, values, at);
	return true;
}
