import { sql, type Kysely } from 'kysely';

// Frozen: a migration never imports application code.
// A data generation number, bumped by triggers on every change to what the dashboard reads, so a
// process can keep computed views (the scheme dashboard) while the number stays the same.

/** The tables whose rows the dashboard reads; any insert, update or delete bumps the number. */
const WATCHED = [
	'scheme',
	'plan_node',
	'fiche',
	'fiche_actor',
	'organisation',
	'indicator',
	'indicator_target',
	'indicator_breakdown_value',
	'reporting_period',
	'figure',
	'bilan',
	'milestone',
	'meteo_override',
	'app_user'
] as const;
const EVENTS = ['insert', 'update', 'delete'] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('data_generation')
		// A single row: the check keeps it so.
		.addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
		.addColumn('value', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await sql`insert into data_generation (id, value) values (1, 0)`.execute(db);
	for (const table of WATCHED) {
		for (const event of EVENTS) {
			await sql
				.raw(
					`create trigger data_generation_${table}_${event} after ${event} on ${table}
					begin update data_generation set value = value + 1 where id = 1; end`
				)
				.execute(db);
		}
	}
	// Audit events are append-only: new ones (the weather history) bump the number too.
	await sql`create trigger data_generation_audit_event_insert after insert on audit_event
		begin update data_generation set value = value + 1 where id = 1; end`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop trigger if exists data_generation_audit_event_insert`.execute(db);
	for (const table of WATCHED) {
		for (const event of EVENTS) {
			await sql.raw(`drop trigger if exists data_generation_${table}_${event}`).execute(db);
		}
	}
	await db.schema.dropTable('data_generation').ifExists().execute();
}
