import type { Kysely } from 'kysely';
import { idColumn, nowDefault } from './portable';

// Frozen: a migration never imports application code. Portable to PostgreSQL (portable.ts).
// Issue 18, the next generation of a scheme and its end-of-scheme bilan:
// - `scheme.predecessor_id`: the scheme a new one was prepared from (« Préparer le schéma suivant »).
// - `fiche_lineage`: which fiche of the previous generation a fiche continues. A table rather than a
//   `fiche.predecessor_id` column because committees merge two old fiches into one and split one
//   into two; the successor is the same row read the other way. Kept apart from `fiche_link`
//   (0007), which says « answers to a fiche of another, concurrent scheme ».
// - `scheme_bilan`: one row per fiche, the five columns of the bilan a CDSF adopts at the end of a
//   scheme. Versioned (optimistic concurrency); every change is also an audit event.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('scheme')
		.addColumn('predecessor_id', 'integer', (c) => c.references('scheme.id').onDelete('set null'))
		.execute();

	await db.schema
		.createTable('fiche_lineage')
		.addColumn('fiche_id', 'integer', (c) => c.notNull().references('fiche.id').onDelete('cascade'))
		.addColumn('predecessor_id', 'integer', (c) =>
			c.notNull().references('fiche.id').onDelete('cascade')
		)
		.addPrimaryKeyConstraint('fiche_lineage_pk', ['fiche_id', 'predecessor_id'])
		.execute();
	await db.schema
		.createIndex('fiche_lineage_predecessor')
		.on('fiche_lineage')
		.column('predecessor_id')
		.execute();

	await db.schema
		.createTable('scheme_bilan')
		.addColumn('id', 'integer', idColumn(db))
		.addColumn('fiche_id', 'integer', (c) =>
			c.notNull().unique().references('fiche.id').onDelete('cascade')
		)
		.addColumn('objectives', 'text')
		.addColumn('actions_done', 'text')
		.addColumn('expected_effects', 'text')
		.addColumn('results_observed', 'text')
		.addColumn('outlook', 'text')
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('created_at', 'text', (c) => c.notNull().defaultTo(nowDefault(db)))
		.addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(nowDefault(db)))
		.addColumn('updated_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('scheme_bilan').ifExists().execute();
	await db.schema.dropTable('fiche_lineage').ifExists().execute();
	await db.schema.alterTable('scheme').dropColumn('predecessor_id').execute();
}
