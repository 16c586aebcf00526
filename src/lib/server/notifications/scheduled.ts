import { periodLabel } from '$lib/domain/figures';
import { parseReminderDays } from '$lib/domain/notifications';
import {
	daysBetween,
	hourInParis,
	mondayOf,
	todayInParis,
	weekdayInParis
} from '$lib/domain/paris-time';
import { publicOrigin } from '../config';
import type { Db } from '../db/database';
import { transact } from '../db/transact';
import type { ReminderKind } from '../db/schema';
import { queueReminder } from '../reporting/reminders.service';
import { workByOrganisation } from './events';
import { digestMail } from './notice-mails';
import * as q from './notifications.queries';
import { notify } from './notify';

// The scheduler's notices (registered in scheduler/tasks.ts, run at every tick by every process):
// reminders before and after a period's closing, and the coordinators' digest. Both are
// idempotent: a reminder is recorded at most once per organisation, period, kind and Paris day,
// and every mail carries a key naming the person and the day (or the week).

/** Nothing goes out before this Paris hour: a reminder at 00:01 would be read as spam. */
export const SEND_FROM_HOUR = 8;

/** Overdue reminders: the day after the closing, then every this many days while still open. */
export const OVERDUE_EVERY_DAYS = 7;

/** Which reminder, if any, a period gets today: J-n of the scheme's days, or overdue. */
export function reminderKindFor(
	daysLeft: number,
	reminderDays: readonly number[]
): Exclude<ReminderKind, 'manual'> | null {
	if (daysLeft > 0 && reminderDays.includes(daysLeft)) return 'before_closing';
	if (daysLeft < 0 && (-daysLeft - 1) % OVERDUE_EVERY_DAYS === 0) return 'overdue';
	return null;
}

/** Paris midnight of a day, as the UTC instant the reminder rows are compared with. */
function startOfParisDay(now: Date): string {
	const today = todayInParis(now);
	// Paris is UTC+1 or +2: look back far enough, then keep rows of the same Paris day.
	return new Date(Date.parse(`${today}T00:00:00Z`) - 2 * 3600_000).toISOString();
}

export type ReminderReport = { organisations: number; mails: number };

/** J-7 / J-1 (per scheme) and overdue reminders to the organisations with figures left. */
export async function sendDeadlineReminders(db: Db, now: Date): Promise<ReminderReport> {
	const report: ReminderReport = { organisations: 0, mails: 0 };
	if (hourInParis(now) < SEND_FROM_HOUR) return report;
	const today = todayInParis(now);
	for (const period of await q.listOpenPeriodsWithSchemes(db)) {
		const days = parseReminderDays(period.reminder_days);
		const kind = reminderKindFor(
			daysBetween(today, period.closes_on),
			days.ok ? days.days : [7, 1]
		);
		if (!kind) continue;
		const work = await workByOrganisation(db, period.scheme_id, period);
		for (const organisation of work.values()) {
			if (!organisation.fiches.some((f) => f.submitted < f.expected)) continue;
			await transact(db, async (tx) => {
				const already = await q.listRemindersSince(tx, period.id, kind, startOfParisDay(now));
				const sameDay = already.some((r) => r.organisation_id === organisation.organisationId);
				if (sameDay) return;
				const queued = await queueReminder(tx, {
					schemeId: period.scheme_id,
					periodId: period.id,
					organisationId: organisation.organisationId,
					kind,
					sentBy: null,
					at: now.toISOString()
				});
				report.organisations++;
				report.mails += queued.mails;
			});
		}
	}
	return report;
}

/** The coordinators' digest: Mondays for a weekly one, every working day for a daily one. */
export async function sendDigests(db: Db, now: Date): Promise<number> {
	if (hourInParis(now) < SEND_FROM_HOUR) return 0;
	const weekday = weekdayInParis(now);
	if (weekday > 5) return 0;
	const today = todayInParis(now);
	const origin = publicOrigin();
	let written = 0;
	// Read once for every scheme: the open periods of the whole instance.
	const open = await q.listOpenPeriodsWithSchemes(db);
	for (const { scheme_id: schemeId } of await q.listCoordinatedSchemeIds(db)) {
		const scheme = await q.findSchemeHead(db, schemeId);
		const [awaiting, milestones] = await Promise.all([
			q.listAwaitingReview(db, schemeId),
			q.listOverdueMilestones(db, schemeId, today)
		]);
		const late: { period: string; organisation: string; fiches: number; link: string }[] = [];
		for (const period of open.filter((p) => p.scheme_id === schemeId && p.closes_on < today)) {
			for (const work of (await workByOrganisation(db, schemeId, period)).values()) {
				const left = work.fiches.filter((f) => f.submitted < f.expected).length;
				if (left)
					late.push({
						period: periodLabel(period),
						organisation: work.shortName,
						fiches: left,
						link: `${origin}/schemas/${scheme.slug}/saisie/${period.code}?filtre=en-retard`
					});
			}
		}
		if (awaiting.length === 0 && late.length === 0 && milestones.length === 0) continue;
		const coordinators = (await q.listSchemeMembers(db, schemeId, ['coordinateur'])).map((r) => ({
			userId: r.user_id,
			email: r.email,
			name: r.name
		}));
		written += await transact(db, (tx) =>
			notify(tx, {
				topic: 'digest',
				kind: 'digest',
				schemeId,
				recipients: coordinators,
				filter: (_, prefs) => prefs.digest === 'daily' || weekday === 1,
				key: (m) =>
					`digest:scheme-${schemeId}:user-${m.userId}:${weekday === 1 ? mondayOf(today) : today}`,
				render: (m, unsubscribe) =>
					digestMail(
						{
							name: m.name,
							scheme,
							frequency: weekday === 1 ? 'weekly' : 'daily',
							awaiting: awaiting.map((a) => ({
								period: a.period_code,
								fiche: a.fiche_number,
								count: Number(a.count),
								link: `${origin}/schemas/${scheme.slug}/saisie/${a.period_code}/${a.fiche_slug}`
							})),
							late,
							milestones: milestones.map((ms) => ({
								fiche: ms.fiche_number,
								label: ms.label,
								dueOn: ms.due_on
							})),
							schemeLink: `${origin}/schemas/${scheme.slug}`
						},
						origin,
						unsubscribe
					)
			})
		);
	}
	return written;
}
