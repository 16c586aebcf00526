import { formatReminderDays, parseReminderDays } from '$lib/domain/notifications';
import { actorOf, recordEvent } from '../audit/audit.service';
import type { CurrentUser } from '../auth/auth.service';
import type { Db } from '../db/database';
import { transact } from '../db/transact';
import { updateVersioned } from '../db/versioned-update';
import { loadSchemeFor } from '../reporting/reporting-context';
import { invalid, type Forbidden, type Invalid, type NotFound } from '../reporting/results';

// The scheme's reminder days (« 7, 1 »): J-n before the closing of each open period, the pilots
// with figures left get a reminder (scheduled.ts). A change is versioned like any scheme setting.

export type ReminderDaysResult = { ok: true; days: number[] } | NotFound | Forbidden | Invalid;

/** The reminder days of a scheme the caller has already been allowed to see. */
export async function readReminderDays(db: Db, schemeSlug: string): Promise<number[]> {
	const row = await db
		.selectFrom('scheme')
		.select('reminder_days')
		.where('slug', '=', schemeSlug)
		.executeTakeFirst();
	const parsed = parseReminderDays(row?.reminder_days ?? '');
	return parsed.ok ? parsed.days : [];
}

export async function updateReminderDays(
	db: Db,
	user: CurrentUser,
	schemeSlug: string,
	text: string
): Promise<ReminderDaysResult> {
	const parsed = parseReminderDays(text);
	if (!parsed.ok) return invalid({ reminderDays: parsed.message });
	return transact<ReminderDaysResult>(db, async (tx) => {
		const scheme = await loadSchemeFor(
			tx,
			user,
			schemeSlug,
			'period.manage',
			'Les rappels sont réglés par la coordination du schéma.'
		);
		if ('reason' in scheme) return scheme;
		const before = await tx
			.selectFrom('scheme')
			.select(['id', 'reminder_days', 'version'])
			.where('id', '=', scheme.id)
			.executeTakeFirstOrThrow();
		const stored = formatReminderDays(parsed.days);
		if (before.reminder_days === stored) return { ok: true, days: parsed.days };
		// The form carries no version (last writer wins) but the scheme's version still moves, so
		// that a settings form opened before answers its conflict.
		await updateVersioned(tx, 'scheme', before, { reminder_days: stored });
		await recordEvent(tx, actorOf(user), {
			schemeId: scheme.id,
			entityType: 'scheme',
			entityId: scheme.id,
			action: 'update',
			changes: { reminderDays: { old: before.reminder_days, new: stored } }
		});
		return { ok: true, days: parsed.days };
	});
}
