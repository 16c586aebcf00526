import { sql } from 'kysely';
import { idColumn, nowDefault, type AnyDb } from './portable';

// Frozen: a migration never imports application code.
// Public territory data beside the plan (issue 17): the CNAF coverage-rate and places series by
// territory and year, imported from the open-data files. `territory` (0007) gains the vintage of
// its geography (codes and perimeters change every 1 January) and an optional population (SPPE
// thresholds). `territory_import` names each file imported (its SHA-256 makes a second import of
// the same file a no-op); `territory_value` holds the current value of each territory × series ×
// year (null territory: the national value), the one from the latest import; the values it
// replaced stay in `territory_value_history` with the import they came from. A blank cell is the
// status « non diffusé », never 0. Each scheme may set the coverage threshold under which its
// profile lists an EPCI or commune.

export async function up(db: AnyDb): Promise<void> {
	await db.schema.alterTable('territory').addColumn('vintage', 'integer').execute();
	await db.schema.alterTable('territory').addColumn('population', 'integer').execute();
	await db.schema.alterTable('territory').addColumn('population_year', 'integer').execute();
	await db.schema
		.alterTable('scheme')
		.addColumn('coverage_threshold', 'double precision')
		.execute();

	await db.schema
		.createTable('territory_import')
		.addColumn('id', 'integer', idColumn(db))
		.addColumn('file_name', 'text', (c) => c.notNull())
		.addColumn('file_sha256', 'text', (c) => c.notNull().unique())
		// Which file it was recognised as (`txcouv_pe_epci`, `nbpla_pe_com` …).
		.addColumn('file_kind', 'text', (c) => c.notNull())
		.addColumn('scale', 'text', (c) =>
			c.notNull().check(sql`scale in ('national','departement','epci','commune')`)
		)
		.addColumn('row_count', 'integer', (c) => c.notNull())
		.addColumn('imported_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
		.addColumn('imported_at', 'text', (c) => c.notNull().defaultTo(nowDefault(db)))
		.execute();

	await db.schema
		.createTable('territory_value')
		.addColumn('id', 'integer', idColumn(db))
		.addColumn('territory_id', 'integer', (c) => c.references('territory.id').onDelete('cascade'))
		.addColumn('series_key', 'text', (c) => c.notNull())
		.addColumn('year', 'integer', (c) => c.notNull())
		.addColumn('value', 'double precision')
		.addColumn('status', 'text', (c) =>
			c.notNull().check(sql`status in ('published','not_published')`)
		)
		.addColumn('import_id', 'integer', (c) => c.notNull().references('territory_import.id'))
		.addCheckConstraint(
			'territory_value_status_value',
			sql`(status = 'published') = (value is not null)`
		)
		.execute();
	// One current value per territory (national: none), series and year.
	await sql`create unique index territory_value_key on territory_value
		((coalesce(territory_id, 0)), series_key, year)`.execute(db);

	await db.schema
		.createTable('territory_value_history')
		.addColumn('id', 'integer', idColumn(db))
		.addColumn('territory_id', 'integer', (c) => c.references('territory.id').onDelete('cascade'))
		.addColumn('series_key', 'text', (c) => c.notNull())
		.addColumn('year', 'integer', (c) => c.notNull())
		.addColumn('value', 'double precision')
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('import_id', 'integer', (c) => c.notNull().references('territory_import.id'))
		.addColumn('replaced_by_import_id', 'integer', (c) =>
			c.notNull().references('territory_import.id')
		)
		.execute();
	await db.schema
		.createIndex('territory_value_history_key')
		.on('territory_value_history')
		.columns(['territory_id', 'series_key', 'year'])
		.execute();
}

export async function down(db: AnyDb): Promise<void> {
	await db.schema.dropTable('territory_value_history').ifExists().execute();
	await db.schema.dropTable('territory_value').ifExists().execute();
	await db.schema.dropTable('territory_import').ifExists().execute();
	await db.schema.alterTable('scheme').dropColumn('coverage_threshold').execute();
	await db.schema.alterTable('territory').dropColumn('population_year').execute();
	await db.schema.alterTable('territory').dropColumn('population').execute();
	await db.schema.alterTable('territory').dropColumn('vintage').execute();
}
