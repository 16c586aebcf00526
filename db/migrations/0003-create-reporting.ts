import { sql, type Kysely } from 'kysely';

// Frozen: a migration never imports application code.
// Reporting: periods of a scheme, one figure per indicator × period × breakdown value, the
// pilot's bilan per fiche × period, and the milestones of a fiche.

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('reporting_period')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('scheme_id', 'integer', (c) =>
			c.notNull().references('scheme.id').onDelete('cascade')
		)
		// "2019", "2019-S1", "2019-T3": the identifier used in addresses.
		.addColumn('code', 'text', (c) => c.notNull())
		.addColumn('kind', 'text', (c) =>
			c.notNull().check(sql`kind in ('annee','semestre','trimestre')`)
		)
		.addColumn('year', 'integer', (c) => c.notNull().check(sql`year between 1900 and 2999`))
		// Semester 1–2 or quarter 1–4; null for a year.
		.addColumn('number', 'integer')
		.addColumn('starts_on', 'text', (c) => c.notNull())
		.addColumn('ends_on', 'text', (c) => c.notNull())
		// Entry window.
		.addColumn('opens_on', 'text', (c) => c.notNull())
		.addColumn('closes_on', 'text', (c) => c.notNull())
		.addColumn('state', 'text', (c) =>
			c.notNull().check(sql`state in ('a_venir','ouverte','close','validee')`)
		)
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
		.addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
		.addUniqueConstraint('reporting_period_scheme_code', ['scheme_id', 'code'])
		.addCheckConstraint(
			'reporting_period_number',
			sql`(kind = 'annee' and number is null) or (kind = 'semestre' and number between 1 and 2) or (kind = 'trimestre' and number between 1 and 4)`
		)
		.addCheckConstraint(
			'reporting_period_window',
			sql`closes_on >= opens_on and ends_on >= starts_on`
		)
		.execute();

	await db.schema
		.createTable('figure')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('indicator_id', 'integer', (c) =>
			c.notNull().references('indicator.id').onDelete('cascade')
		)
		.addColumn('period_id', 'integer', (c) =>
			c.notNull().references('reporting_period.id').onDelete('cascade')
		)
		// Null: the indicator has no breakdown (the figure is its total).
		.addColumn('breakdown_value_id', 'integer', (c) =>
			c.references('indicator_breakdown_value.id').onDelete('cascade')
		)
		// nombre, pourcentage, montant.
		.addColumn('value_number', 'real')
		// texte; oui_non as 'oui' / 'non'.
		.addColumn('value_text', 'text')
		// "Non disponible" is an answer, not a zero.
		.addColumn('not_available', 'integer', (c) =>
			c
				.notNull()
				.defaultTo(0)
				.check(sql`not_available in (0,1)`)
		)
		.addColumn('comment', 'text')
		.addColumn('reviewer_comment', 'text')
		.addColumn('status', 'text', (c) =>
			c
				.notNull()
				.defaultTo('brouillon')
				.check(sql`status in ('brouillon','soumis','renvoye','valide')`)
		)
		// Fictitious demonstration figure: the interface says so.
		.addColumn('demo', 'integer', (c) =>
			c
				.notNull()
				.defaultTo(0)
				.check(sql`demo in (0,1)`)
		)
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
		.addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
		.addColumn('updated_by', 'integer')
		.addColumn('submitted_at', 'text')
		.addColumn('submitted_by', 'integer')
		.addColumn('reviewed_at', 'text')
		.addColumn('reviewed_by', 'integer')
		.addCheckConstraint(
			'figure_value',
			sql`not_available = 0 or (value_number is null and value_text is null)`
		)
		.addCheckConstraint('figure_one_value', sql`value_number is null or value_text is null`)
		.execute();
	// SQLite treats NULLs as distinct in UNIQUE: coalesce makes "no breakdown" a single slot.
	await sql`create unique index figure_slot on figure (indicator_id, period_id, coalesce(breakdown_value_id, 0))`.execute(
		db
	);
	await db.schema
		.createIndex('figure_period')
		.on('figure')
		.columns(['period_id', 'status'])
		.execute();

	await db.schema
		.createTable('bilan')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('fiche_id', 'integer', (c) => c.notNull().references('fiche.id').onDelete('cascade'))
		.addColumn('period_id', 'integer', (c) =>
			c.notNull().references('reporting_period.id').onDelete('cascade')
		)
		.addColumn('actions_done', 'text')
		.addColumn('results_observed', 'text')
		.addColumn('difficulties', 'text')
		.addColumn('outlook', 'text')
		.addColumn('demo', 'integer', (c) =>
			c
				.notNull()
				.defaultTo(0)
				.check(sql`demo in (0,1)`)
		)
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
		.addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
		.addColumn('updated_by', 'integer')
		.addUniqueConstraint('bilan_fiche_period', ['fiche_id', 'period_id'])
		.execute();

	await db.schema
		.createTable('milestone')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('fiche_id', 'integer', (c) => c.notNull().references('fiche.id').onDelete('cascade'))
		.addColumn('label', 'text', (c) => c.notNull())
		.addColumn('due_on', 'text', (c) => c.notNull())
		.addColumn('done_on', 'text')
		.addColumn('demo', 'integer', (c) =>
			c
				.notNull()
				.defaultTo(0)
				.check(sql`demo in (0,1)`)
		)
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
		.addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
		.addColumn('updated_by', 'integer')
		.execute();
	await db.schema
		.createIndex('milestone_fiche')
		.on('milestone')
		.columns(['fiche_id', 'due_on'])
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	for (const table of ['milestone', 'bilan', 'figure', 'reporting_period']) {
		await db.schema.dropTable(table).ifExists().execute();
	}
}
