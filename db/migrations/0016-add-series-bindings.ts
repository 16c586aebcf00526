import { sql } from 'kysely';
import { nowDefault, type AnyDb } from './portable';

// Frozen: a migration never imports application code.
// Indicators fed by public data and territorial breakdowns (issue 17, items 5 and 6).
// `indicator_series` binds an indicator to one public series of one territory (« Taux de
// couverture global, Haute-Vienne » = `txcouv` of département 87): its figures are then written by
// the imports, one per period whose year has a value, and `figure.source_import_id` names the
// import a figure came from (null: entered by a pilot). Such a figure is not entered by pilots.
// `indicator.breakdown_scope` makes a breakdown territorial (par EPCI du département, par commune,
// par département) and `indicator_breakdown_value.territory_id` names the territory of each value,
// whose code the exports carry.

export async function up(db: AnyDb): Promise<void> {
	await db.schema
		.createTable('indicator_series')
		.addColumn('indicator_id', 'integer', (c) =>
			c.primaryKey().references('indicator.id').onDelete('cascade')
		)
		.addColumn('territory_id', 'integer', (c) =>
			c.notNull().references('territory.id').onDelete('cascade')
		)
		.addColumn('series_key', 'text', (c) => c.notNull())
		.addColumn('bound_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
		.addColumn('bound_at', 'text', (c) => c.notNull().defaultTo(nowDefault(db)))
		.execute();
	await db.schema
		.createIndex('indicator_series_source')
		.on('indicator_series')
		.columns(['territory_id', 'series_key'])
		.execute();

	await db.schema
		.alterTable('figure')
		.addColumn('source_import_id', 'integer', (c) => c.references('territory_import.id'))
		.execute();

	await db.schema
		.alterTable('indicator')
		.addColumn('breakdown_scope', 'text', (c) =>
			c.check(sql`breakdown_scope in ('epci','commune','departement')`)
		)
		.execute();
	await db.schema
		.alterTable('indicator_breakdown_value')
		.addColumn('territory_id', 'integer', (c) => c.references('territory.id').onDelete('set null'))
		.execute();
}

export async function down(db: AnyDb): Promise<void> {
	await db.schema.alterTable('indicator_breakdown_value').dropColumn('territory_id').execute();
	await db.schema.alterTable('indicator').dropColumn('breakdown_scope').execute();
	await db.schema.alterTable('figure').dropColumn('source_import_id').execute();
	await db.schema.dropTable('indicator_series').ifExists().execute();
}
