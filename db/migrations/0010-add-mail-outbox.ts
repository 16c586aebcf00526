import { sql, type Kysely } from 'kysely';

// Frozen: a migration never imports application code.
// E-mail (issue 13): the transactional outbox `mail`, written in the same transaction as the event
// that causes each message and delivered afterwards by a sender that claims rows with a lease; and
// `password_reset`, the single-use links of « Mot de passe oublié » (only their SHA-256 is kept).
// Plain column types and an ordinary unique key, so the outbox's statements (insert … on conflict
// do nothing, the claim UPDATE … WHERE id = ? AND status …) read the same on PostgreSQL; the
// defaults use SQLite's strftime like every migration before this one.

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('mail')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		// Names the event the mail is about (« invitation:42 »): a second enqueue of it is a no-op.
		.addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('to_address', 'text', (c) => c.notNull())
		.addColumn('user_id', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
		.addColumn('scheme_id', 'integer', (c) => c.references('scheme.id').onDelete('set null'))
		.addColumn('subject', 'text', (c) => c.notNull())
		.addColumn('text_body', 'text', (c) => c.notNull())
		.addColumn('html_body', 'text')
		.addColumn('headers_json', 'text', (c) => c.notNull().defaultTo('{}'))
		// queued → sending (leased) → sent (handed to the SMTP relay) | kept (no SMTP_URL: kept for
		// the « Courriels envoyés » page) | failed (refused for good, or still failing after 24 h).
		.addColumn('status', 'text', (c) =>
			c
				.notNull()
				.defaultTo('queued')
				.check(sql`status in ('queued', 'sending', 'sent', 'kept', 'failed')`)
		)
		.addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('next_attempt_at', 'text', (c) => c.notNull().defaultTo(now))
		.addColumn('lease_until', 'text')
		.addColumn('last_error', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
		.addColumn('sent_at', 'text')
		.execute();
	// What the sender looks for: queued rows that are due, and leases that ran out.
	await db.schema
		.createIndex('mail_due')
		.on('mail')
		.columns(['status', 'next_attempt_at'])
		.execute();
	await db.schema.createIndex('mail_created').on('mail').column('created_at').execute();

	await db.schema
		.createTable('password_reset')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('token_hash', 'text', (c) => c.notNull().unique())
		.addColumn('user_id', 'integer', (c) =>
			c.notNull().references('app_user.id').onDelete('cascade')
		)
		.addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
		.addColumn('expires_at', 'text', (c) => c.notNull())
		.addColumn('used_at', 'text')
		.execute();
	await db.schema
		.createIndex('password_reset_user')
		.on('password_reset')
		.columns(['user_id', 'created_at'])
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('password_reset').ifExists().execute();
	await db.schema.dropTable('mail').ifExists().execute();
}
