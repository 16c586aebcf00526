import { sql, type Kysely } from 'kysely';

// Frozen: a migration never imports application code.
// One change counter per scheme instead of 0006's single row: a figure saved in one département
// no longer invalidates the cached dashboard of every other scheme of the instance. The watched
// tables are 0006's; each trigger bumps the counter of the scheme its row belongs to.
// SQLite only, like every migration before it (FTS5, strftime defaults, 0006's triggers).

/** How a watched table finds its scheme(s): a select for a row alias (`new` or `old`). */
type SchemeOf = {
	/** The column that ties the row to its scheme: an update that keeps it stays in one scheme. */
	key: string;
	/** One scheme or, for organisations and accounts, every scheme that shows them. */
	select: (row: string) => string;
};
const direct: SchemeOf = { key: 'scheme_id', select: (r) => `select ${r}.scheme_id` };
const ofFiche: SchemeOf = {
	key: 'fiche_id',
	select: (r) => `select scheme_id from fiche where id = ${r}.fiche_id`
};
const ofIndicator: SchemeOf = {
	key: 'indicator_id',
	select: (r) =>
		`select f.scheme_id from indicator i join fiche f on f.id = i.fiche_id where i.id = ${r}.indicator_id`
};
const SCHEME_OF: Record<string, SchemeOf> = {
	plan_node: direct,
	fiche: direct,
	reporting_period: direct,
	fiche_actor: ofFiche,
	indicator: ofFiche,
	bilan: ofFiche,
	milestone: ofFiche,
	meteo_override: ofFiche,
	indicator_target: ofIndicator,
	indicator_breakdown_value: ofIndicator,
	figure: {
		key: 'period_id',
		select: (r) => `select scheme_id from reporting_period where id = ${r}.period_id`
	},
	// The dashboard shows organisations as pilots of fiches (fiche_actor) …
	organisation: {
		key: 'id',
		select: (r) => `select f.scheme_id from fiche_actor a join fiche f on f.id = a.fiche_id
			where a.organisation_id = ${r}.id`
	},
	// … and accounts by name as authors of weather overrides (updated_by has no foreign key).
	app_user: {
		key: 'id',
		select: (r) => `select f.scheme_id from meteo_override o join fiche f on f.id = o.fiche_id
			where o.updated_by = ${r}.id`
	}
};
const EVENTS = ['insert', 'update', 'delete'] as const;

type Trigger = { suffix: string; event: string; when?: string; schemes: string };

/**
 * The triggers of one table. Updates come in two: the usual one keeps the row in its scheme (one
 * lookup, on `new`); one that moves the row to another parent bumps the schemes of both.
 */
function triggersOf({ key, select }: SchemeOf): Trigger[] {
	return [
		{ suffix: 'insert', event: 'insert', schemes: select('new') },
		{
			suffix: 'update',
			event: 'update',
			when: `old.${key} is new.${key}`,
			schemes: select('new')
		},
		{
			suffix: 'move',
			event: 'update',
			when: `old.${key} is not new.${key}`,
			schemes: `${select('old')} union ${select('new')}`
		},
		{ suffix: 'delete', event: 'delete', schemes: select('old') }
	];
}
const TRIGGER_SUFFIXES = ['insert', 'update', 'move', 'delete'] as const;

/** 0006's list, for down(). */
const WATCHED_0006 = [
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

const bump = (where: string) => `update scheme_generation set value = value + 1 where ${where};`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await sql`drop trigger if exists data_generation_audit_event_insert`.execute(db);
	for (const table of WATCHED_0006) {
		for (const event of EVENTS) {
			await sql.raw(`drop trigger if exists data_generation_${table}_${event}`).execute(db);
		}
	}
	await db.schema.dropTable('data_generation').ifExists().execute();

	await db.schema
		.createTable('scheme_generation')
		.addColumn('scheme_id', 'integer', (c) =>
			c.primaryKey().references('scheme.id').onDelete('cascade')
		)
		.addColumn('value', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await sql`insert into scheme_generation (scheme_id, value) select id, 0 from scheme`.execute(db);

	// A new scheme gets its counter; a deleted one loses it (cascade). Scheme ids are
	// AUTOINCREMENT, never reused, so a (scheme id, value) pair never names two states.
	await sql`create trigger scheme_generation_scheme_insert after insert on scheme
		begin insert into scheme_generation (scheme_id, value) values (new.id, 0); end`.execute(db);
	await sql
		.raw(
			`create trigger scheme_generation_scheme_update after update on scheme
			begin ${bump('scheme_id in (old.id, new.id)')} end`
		)
		.execute(db);

	for (const [table, scheme] of Object.entries(SCHEME_OF)) {
		for (const t of triggersOf(scheme)) {
			await sql
				.raw(
					`create trigger scheme_generation_${table}_${t.suffix} after ${t.event} on ${table}
					${t.when ? `when ${t.when}` : ''}
					begin ${bump(`scheme_id in (${t.schemes})`)} end`
				)
				.execute(db);
		}
	}

	// Audit events are append-only: the dashboard reads the weather history (entity 'meteo', found
	// through its override); any event naming a scheme bumps that scheme, like 0006 did for all.
	await sql`create trigger scheme_generation_audit_event_insert after insert on audit_event
		begin update scheme_generation set value = value + 1 where scheme_id = new.scheme_id
			or (new.entity_type = 'meteo' and scheme_id in
				(select f.scheme_id from meteo_override o join fiche f on f.id = o.fiche_id
					where o.id = new.entity_id)); end`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop trigger if exists scheme_generation_audit_event_insert`.execute(db);
	await sql`drop trigger if exists scheme_generation_scheme_insert`.execute(db);
	await sql`drop trigger if exists scheme_generation_scheme_update`.execute(db);
	for (const table of Object.keys(SCHEME_OF)) {
		for (const suffix of TRIGGER_SUFFIXES) {
			await sql.raw(`drop trigger if exists scheme_generation_${table}_${suffix}`).execute(db);
		}
	}
	await db.schema.dropTable('scheme_generation').ifExists().execute();

	// 0006 as it was.
	await db.schema
		.createTable('data_generation')
		.addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
		.addColumn('value', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await sql`insert into data_generation (id, value) values (1, 0)`.execute(db);
	for (const table of WATCHED_0006) {
		for (const event of EVENTS) {
			await sql
				.raw(
					`create trigger data_generation_${table}_${event} after ${event} on ${table}
					begin update data_generation set value = value + 1 where id = 1; end`
				)
				.execute(db);
		}
	}
	await sql`create trigger data_generation_audit_event_insert after insert on audit_event
		begin update data_generation set value = value + 1 where id = 1; end`.execute(db);
}
