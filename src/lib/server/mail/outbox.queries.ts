import type { Kysely, Transaction } from 'kysely';
import type { Database, MailStatus } from '../db/schema';

type Q = Kysely<Database> | Transaction<Database>;

/** Rows a sender may claim at `now`: queued and due, or sending with a lease that ran out. */
export function listClaimable(db: Q, now: string, limit: number) {
	return db
		.selectFrom('mail')
		.select('id')
		.where((eb) =>
			eb.or([
				eb.and([eb('status', '=', 'queued'), eb('next_attempt_at', '<=', now)]),
				eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', now)])
			])
		)
		.orderBy('next_attempt_at')
		.orderBy('id')
		.limit(limit)
		.execute();
}

/**
 * The claim: one conditional UPDATE. Whichever process (or connection) changes the row owns it
 * until `leaseUntil`; every other one sees 0 rows changed and leaves it. Same statement on
 * PostgreSQL, where the row lock makes the second UPDATE re-check the condition after the first
 * commits.
 */
export async function claim(db: Q, id: number, now: string, leaseUntil: string): Promise<boolean> {
	const result = await db
		.updateTable('mail')
		.set((eb) => ({
			status: 'sending',
			lease_until: leaseUntil,
			attempts: eb('attempts', '+', 1)
		}))
		.where('id', '=', id)
		.where((eb) =>
			eb.or([
				eb.and([eb('status', '=', 'queued'), eb('next_attempt_at', '<=', now)]),
				eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', now)])
			])
		)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

export function findMail(db: Q, id: number) {
	return db.selectFrom('mail').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Ends a claim: only while this sender still holds it (same lease). False when the lease ran out
 * and another sender took the row over meanwhile.
 */
export async function settle(
	db: Q,
	id: number,
	lease: string,
	values: {
		status: MailStatus;
		sent_at?: string | null;
		next_attempt_at?: string;
		last_error?: string | null;
	}
): Promise<boolean> {
	const result = await db
		.updateTable('mail')
		.set({ ...values, lease_until: null })
		.where('id', '=', id)
		.where('status', '=', 'sending')
		.where('lease_until', '=', lease)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

export const MAIL_LIST_COLUMNS = [
	'id',
	'kind',
	'to_address',
	'subject',
	'status',
	'attempts',
	'last_error',
	'created_at',
	'sent_at',
	'next_attempt_at'
] as const;

/** Newest first; `before` pages on by id. */
export function listMails(db: Q, limit: number, before: number | null) {
	let query = db.selectFrom('mail').select(MAIL_LIST_COLUMNS);
	if (before !== null) query = query.where('id', '<', before);
	return query.orderBy('id', 'desc').limit(limit).execute();
}

export function countMailsByStatus(db: Q) {
	return db
		.selectFrom('mail')
		.select((eb) => ['status', eb.fn.countAll<number>().as('count')])
		.groupBy('status')
		.execute();
}
