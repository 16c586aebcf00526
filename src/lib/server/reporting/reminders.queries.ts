import type { Kysely, Transaction } from 'kysely';
import type { Database, ReminderKind } from '../db/schema';

type Q = Kysely<Database> | Transaction<Database>;

export function insertReminder(
	db: Q,
	row: {
		schemeId: number;
		periodId: number;
		organisationId: number;
		kind: ReminderKind;
		sentBy: number | null;
		createdAt: string;
	}
) {
	return db
		.insertInto('reminder')
		.values({
			scheme_id: row.schemeId,
			period_id: row.periodId,
			organisation_id: row.organisationId,
			kind: row.kind,
			sent_by: row.sentBy,
			created_at: row.createdAt
		})
		.returning(['id', 'created_at'])
		.executeTakeFirstOrThrow();
}

/** The reminders of a period, newest first, with who asked for them. */
function remindersOf(db: Q, periodId: number) {
	return db
		.selectFrom('reminder')
		.leftJoin('app_user', 'app_user.id', 'reminder.sent_by')
		.select([
			'reminder.id',
			'reminder.organisation_id',
			'reminder.kind',
			'reminder.created_at',
			'app_user.name as sent_by_name'
		])
		.where('reminder.period_id', '=', periodId)
		.orderBy('reminder.created_at', 'desc')
		.orderBy('reminder.id', 'desc');
}

/** The last reminder of one organisation for a period. */
export function findLastReminder(db: Q, periodId: number, organisationId: number) {
	return remindersOf(db, periodId)
		.where('reminder.organisation_id', '=', organisationId)
		.limit(1)
		.executeTakeFirst();
}

/** The last reminder of every organisation reminded for a period (one row each). */
export function listLastReminders(db: Q, periodId: number) {
	return remindersOf(db, periodId)
		.where(({ eb, selectFrom }) =>
			eb(
				'reminder.created_at',
				'=',
				selectFrom('reminder as later')
					.select((e) => e.fn.max('later.created_at').as('latest'))
					.whereRef('later.period_id', '=', 'reminder.period_id')
					.whereRef('later.organisation_id', '=', 'reminder.organisation_id')
			)
		)
		.execute();
}
export type LastReminderRow = Awaited<ReturnType<typeof listLastReminders>>[number];
