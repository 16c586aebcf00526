import { sql } from 'kysely';
import { idColumn, nowDefault, type AnyDb } from './portable';

// Frozen: a migration never imports application code.
// Funding of the action fiches (issue 17): per fiche, year and funder (an organisation: CAF,
// Conseil départemental, État, commune, MSA…), the amounts planned and spent in euros. A blank
// amount is « non renseigné » (null), never 0. Entered by the fiche's pilots while a period is
// open, or by the coordination; `version` guards concurrent edits like everywhere else.

export async function up(db: AnyDb): Promise<void> {
	await db.schema
		.createTable('fiche_funding')
		.addColumn('id', 'integer', idColumn(db))
		.addColumn('fiche_id', 'integer', (c) => c.notNull().references('fiche.id').onDelete('cascade'))
		.addColumn('year', 'integer', (c) => c.notNull())
		.addColumn('organisation_id', 'integer', (c) =>
			c.notNull().references('organisation.id').onDelete('restrict')
		)
		.addColumn('planned', 'double precision')
		.addColumn('spent', 'double precision')
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('updated_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
		.addColumn('created_at', 'text', (c) => c.notNull().defaultTo(nowDefault(db)))
		.addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(nowDefault(db)))
		.addUniqueConstraint('fiche_funding_key', ['fiche_id', 'year', 'organisation_id'])
		.addCheckConstraint(
			'fiche_funding_amounts',
			sql`(planned is null or planned >= 0) and (spent is null or spent >= 0)`
		)
		.execute();
	await db.schema
		.createIndex('fiche_funding_organisation')
		.on('fiche_funding')
		.columns(['organisation_id', 'year'])
		.execute();
}

export async function down(db: AnyDb): Promise<void> {
	await db.schema.dropTable('fiche_funding').ifExists().execute();
}
