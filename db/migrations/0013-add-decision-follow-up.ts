import type { Kysely } from 'kysely';

// Frozen: a migration never imports application code.
// Decisions follow-up (issue 14): each committee decision gets a state — « à faire », « en cours »,
// « fait », « abandonnée » — beside its due date (due_on, 0005). Existing decisions start « à faire ».
// A plain text column with a constant default: the same statement on SQLite and on PostgreSQL.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('decision')
		.addColumn('state', 'text', (c) => c.notNull().defaultTo('a_faire'))
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('decision').dropColumn('state').execute();
}
