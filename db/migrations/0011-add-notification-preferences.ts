import { sql, type Kysely } from 'kysely';
import { nowDefault } from './portable';

// Frozen: a migration never imports application code. Portable to PostgreSQL (portable.ts).
// Notification e-mails (issue 13): what each person wants to receive, and the key of their
// one-click unsubscribe links; and, per scheme, how many days before the closing of a period the
// pilots with figures left are reminded (J-7 and J-1 by default).
// No row means every notice on and a weekly digest: the row is written the first time a notice is
// queued for the person or they save their choices, with a random key that only switches notices.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('notification_preference')
		.addColumn('user_id', 'integer', (c) =>
			c.primaryKey().references('app_user.id').onDelete('cascade')
		)
		// In the links of List-Unsubscribe: 32 random bytes, base64url. Not a sign-in credential.
		.addColumn('unsubscribe_key', 'text', (c) => c.notNull().unique())
		.addColumn('period_opened', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('reminder', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('sent_back', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('validated', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('meeting_closed', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('digest', 'text', (c) =>
			c
				.notNull()
				.defaultTo('weekly')
				.check(sql`digest in ('weekly', 'daily', 'never')`)
		)
		.addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(nowDefault(db)))
		.execute();

	// « 7,1 »: days before `closes_on` on which the scheduler reminds the pilots with work left.
	await db.schema
		.alterTable('scheme')
		.addColumn('reminder_days', 'text', (c) => c.notNull().defaultTo('7,1'))
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('scheme').dropColumn('reminder_days').execute();
	await db.schema.dropTable('notification_preference').ifExists().execute();
}
