import { sql, type Kysely } from 'kysely';

// Frozen: a migration never imports application code.
// Dashboard: how many months without an update make a fiche "stale" (a scheme setting), and the
// coordinator's override of a fiche's computed weather (météo) for a period, with its reason.

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('scheme')
		.addColumn('stale_months', 'integer', (c) =>
			c
				.notNull()
				.defaultTo(6)
				.check(sql`stale_months between 1 and 60`)
		)
		.execute();

	await db.schema
		.createTable('meteo_override')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('fiche_id', 'integer', (c) => c.notNull().references('fiche.id').onDelete('cascade'))
		.addColumn('period_id', 'integer', (c) =>
			c.notNull().references('reporting_period.id').onDelete('cascade')
		)
		// Null: the override was withdrawn and the computed weather applies again. The row stays so
		// its version keeps counting (no lost update on a later override).
		.addColumn('meteo', 'text', (c) =>
			c.check(sql`meteo in ('on_track','at_risk','off_track','not_assessed')`)
		)
		.addColumn('reason', 'text', (c) => c.notNull())
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
		.addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
		.addColumn('updated_by', 'integer')
		.addUniqueConstraint('meteo_override_fiche_period', ['fiche_id', 'period_id'])
		.execute();
	// The dashboard reads every override of one period at once.
	await db.schema
		.createIndex('meteo_override_period')
		.on('meteo_override')
		.column('period_id')
		.execute();
	// Last activity of a fiche: the latest figure of each indicator is one index seek, not a scan of
	// every figure of every period.
	await db.schema
		.createIndex('figure_indicator_updated')
		.on('figure')
		.columns(['indicator_id', 'updated_at'])
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('figure_indicator_updated').ifExists().execute();
	await db.schema.dropTable('meteo_override').ifExists().execute();
	await db.schema.alterTable('scheme').dropColumn('stale_months').execute();
}
