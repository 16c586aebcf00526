import { sql, type Kysely } from 'kysely';

// Frozen: a migration never imports application code.
// Reminders of a reporting campaign: the coordination reminds a pilot organisation of a period
// (« Relancer »), later the scheduler does it before and after the closing date. One row per
// reminder, written in the transaction that decides it; the mail that carries it is the outbox's
// business. The campaign page shows the last one per organisation and refuses a second manual
// reminder within the hour.

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('reminder')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('scheme_id', 'integer', (c) =>
			c.notNull().references('scheme.id').onDelete('cascade')
		)
		// A deleted period takes its reminders with it: they only ever describe its campaign.
		.addColumn('period_id', 'integer', (c) =>
			c.notNull().references('reporting_period.id').onDelete('cascade')
		)
		.addColumn('organisation_id', 'integer', (c) =>
			c.notNull().references('organisation.id').onDelete('cascade')
		)
		// `manual`: the « Relancer » button; the others are the scheduler's (before / after closing).
		.addColumn('kind', 'text', (c) =>
			c
				.notNull()
				.defaultTo('manual')
				.check(sql`kind in ('manual','before_closing','overdue')`)
		)
		// Who asked for it; null for the scheduler (or an account since deleted).
		.addColumn('sent_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
		.addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
		.execute();
	// The last reminder of an organisation for a period, and the hour check, read this index.
	await db.schema
		.createIndex('reminder_period_organisation')
		.on('reminder')
		.columns(['period_id', 'organisation_id', 'created_at'])
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('reminder').ifExists().execute();
}
