import { sql, type Kysely } from 'kysely';

// Frozen: a migration never imports application code.
// Committee meetings (comités de pilotage): a meeting reviews one period of a scheme, records the
// organisations present and its decisions (each tied to fiches, with who follows up and by when).
// Closing a meeting stores the review pack as it was reviewed, so later edits never change it.

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('meeting')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('scheme_id', 'integer', (c) =>
			c.notNull().references('scheme.id').onDelete('cascade')
		)
		// No cascade: a period a committee reviewed is not deleted behind its back.
		.addColumn('period_id', 'integer', (c) => c.notNull().references('reporting_period.id'))
		.addColumn('held_on', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('state', 'text', (c) =>
			c
				.notNull()
				.defaultTo('open')
				.check(sql`state in ('open','closed')`)
		)
		// JSON of the review pack as reviewed, written when the meeting is closed.
		.addColumn('frozen_pack', 'text')
		.addColumn('closed_at', 'text')
		.addColumn('closed_by', 'integer')
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
		.addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
		.addColumn('updated_by', 'integer')
		.addCheckConstraint(
			'meeting_frozen',
			sql`(state = 'closed') = (frozen_pack is not null and closed_at is not null)`
		)
		.execute();
	await db.schema
		.createIndex('meeting_scheme_held_on')
		.on('meeting')
		.columns(['scheme_id', 'held_on'])
		.execute();
	// What a committee saw stays what it saw: a closed meeting is never reopened nor its pack rewritten.
	await sql`create trigger meeting_closed_is_final before update on meeting
		when old.state = 'closed'
		begin select raise(abort, 'a closed meeting cannot be changed'); end`.execute(db);

	await db.schema
		.createTable('meeting_attendee')
		.addColumn('meeting_id', 'integer', (c) =>
			c.notNull().references('meeting.id').onDelete('cascade')
		)
		.addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisation.id'))
		.addPrimaryKeyConstraint('meeting_attendee_pk', ['meeting_id', 'organisation_id'])
		.execute();

	await db.schema
		.createTable('decision')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('meeting_id', 'integer', (c) =>
			c.notNull().references('meeting.id').onDelete('cascade')
		)
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('text', 'text', (c) => c.notNull())
		// Who follows up: an organisation, a person's name, or both.
		.addColumn('follow_up_organisation_id', 'integer', (c) => c.references('organisation.id'))
		.addColumn('follow_up_label', 'text')
		.addColumn('due_on', 'text')
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
		.addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
		.addColumn('updated_by', 'integer')
		.execute();
	await db.schema
		.createIndex('decision_meeting')
		.on('decision')
		.columns(['meeting_id', 'position'])
		.execute();

	await db.schema
		.createTable('decision_fiche')
		.addColumn('decision_id', 'integer', (c) =>
			c.notNull().references('decision.id').onDelete('cascade')
		)
		.addColumn('fiche_id', 'integer', (c) => c.notNull().references('fiche.id').onDelete('cascade'))
		.addPrimaryKeyConstraint('decision_fiche_pk', ['decision_id', 'fiche_id'])
		.execute();
	await db.schema
		.createIndex('decision_fiche_fiche')
		.on('decision_fiche')
		.column('fiche_id')
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop trigger if exists meeting_closed_is_final`.execute(db);
	for (const table of ['decision_fiche', 'decision', 'meeting_attendee', 'meeting']) {
		await db.schema.dropTable(table).ifExists().execute();
	}
}
