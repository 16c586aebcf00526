import { sql, type Kysely } from 'kysely';

// Frozen: a migration never imports application code, so it keeps meaning the same thing.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('organisation')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('slug', 'text', (c) => c.notNull().unique())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('short_name', 'text', (c) => c.notNull())
		.addColumn('type', 'text', (c) =>
			c
				.notNull()
				.check(
					sql`type in ('etat','caf','msa','departement','commune_epci','education_nationale','association','autre')`
				)
		)
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('created_at', 'text', (c) =>
			c.notNull().defaultTo(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`)
		)
		.execute();

	await db.schema
		.createTable('organisation_alias')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('organisation_id', 'integer', (c) =>
			c.notNull().references('organisation.id').onDelete('cascade')
		)
		.addColumn('alias', 'text', (c) => c.notNull())
		.addColumn('match_key', 'text', (c) => c.notNull())
		.addUniqueConstraint('organisation_alias_unique', ['organisation_id', 'match_key'])
		.execute();
	await db.schema
		.createIndex('organisation_alias_match_key')
		.on('organisation_alias')
		.column('match_key')
		.execute();

	await db.schema
		.createTable('scheme')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('slug', 'text', (c) => c.notNull().unique())
		.addColumn('department_code', 'text', (c) => c.notNull())
		.addColumn('department_name', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('subtitle', 'text')
		.addColumn('start_year', 'integer', (c) => c.notNull())
		.addColumn('end_year', 'integer', (c) => c.notNull())
		.addColumn('state', 'text', (c) =>
			c.notNull().check(sql`state in ('en_preparation','en_cours','clos')`)
		)
		.addColumn('level_labels', 'text', (c) => c.notNull()) // JSON array of 1 to 4 labels
		.addColumn('description', 'text')
		.addColumn('source', 'text')
		.addColumn('visibility', 'text', (c) =>
			c
				.notNull()
				.defaultTo('private')
				.check(sql`visibility in ('public','private')`)
		)
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('created_at', 'text', (c) =>
			c.notNull().defaultTo(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`)
		)
		.addCheckConstraint('scheme_years', sql`end_year >= start_year`)
		.execute();

	await db.schema
		.createTable('plan_node')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('scheme_id', 'integer', (c) =>
			c.notNull().references('scheme.id').onDelete('cascade')
		)
		.addColumn('parent_id', 'integer', (c) => c.references('plan_node.id').onDelete('cascade'))
		.addColumn('depth', 'integer', (c) => c.notNull().check(sql`depth between 1 and 4`))
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('code', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('toc_title', 'text')
		.addColumn('note', 'text')
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.execute();
	await db.schema
		.createIndex('plan_node_scheme_parent')
		.on('plan_node')
		.columns(['scheme_id', 'parent_id', 'position'])
		.execute();

	await db.schema
		.createTable('fiche')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('scheme_id', 'integer', (c) =>
			c.notNull().references('scheme.id').onDelete('cascade')
		)
		.addColumn('node_id', 'integer', (c) => c.notNull().references('plan_node.id'))
		.addColumn('number', 'text', (c) => c.notNull())
		.addColumn('number_sort', 'text', (c) => c.notNull())
		.addColumn('slug', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('toc_title', 'text')
		.addColumn('priority_label', 'text')
		.addColumn('context', 'text')
		.addColumn('target_public', 'text')
		.addColumn('schedule', 'text')
		.addColumn('start_date', 'text')
		.addColumn('end_date', 'text')
		.addColumn('links', 'text')
		.addColumn('state', 'text', (c) =>
			c
				.notNull()
				.check(
					sql`state in ('a_elaborer','a_lancer','en_cours','realisee','suspendue','abandonnee')`
				)
		)
		.addColumn('note', 'text')
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('created_at', 'text', (c) =>
			c.notNull().defaultTo(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`)
		)
		.addColumn('updated_at', 'text', (c) =>
			c.notNull().defaultTo(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`)
		)
		.addUniqueConstraint('fiche_scheme_slug', ['scheme_id', 'slug'])
		.execute();
	await db.schema.createIndex('fiche_node').on('fiche').column('node_id').execute();
	await db.schema
		.createIndex('fiche_scheme_sort')
		.on('fiche')
		.columns(['scheme_id', 'number_sort'])
		.execute();

	// Steps and expected results: ordered, possibly nested lists.
	await db.schema
		.createTable('fiche_list_item')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('fiche_id', 'integer', (c) => c.notNull().references('fiche.id').onDelete('cascade'))
		.addColumn('list', 'text', (c) =>
			c
				.notNull()
				.check(
					sql`list in ('step','result_quantitative','result_qualitative','result_unclassified')`
				)
		)
		.addColumn('parent_id', 'integer', (c) =>
			c.references('fiche_list_item.id').onDelete('cascade')
		)
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('marker', 'text')
		.addColumn('text', 'text', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('fiche_list_item_fiche')
		.on('fiche_list_item')
		.columns(['fiche_id', 'list', 'position'])
		.execute();

	// Pilots and partners: an organisation when there is one, always the label as written.
	await db.schema
		.createTable('fiche_actor')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('fiche_id', 'integer', (c) => c.notNull().references('fiche.id').onDelete('cascade'))
		.addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('pilot','partner')`))
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('organisation_id', 'integer', (c) => c.references('organisation.id'))
		.addColumn('label', 'text', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('fiche_actor_fiche')
		.on('fiche_actor')
		.columns(['fiche_id', 'role', 'position'])
		.execute();
	await db.schema
		.createIndex('fiche_actor_organisation')
		.on('fiche_actor')
		.columns(['organisation_id', 'role'])
		.execute();

	await db.schema
		.createTable('indicator')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('fiche_id', 'integer', (c) => c.notNull().references('fiche.id').onDelete('cascade'))
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('realisation','resultat')`))
		.addColumn('kind_label', 'text')
		.addColumn('label', 'text', (c) => c.notNull())
		.addColumn('measure', 'text')
		.addColumn('unit', 'text', (c) =>
			c.notNull().check(sql`unit in ('nombre','pourcentage','montant','oui_non','texte')`)
		)
		.addColumn('polarity', 'text', (c) =>
			c.notNull().check(sql`polarity in ('higher_better','lower_better','reach_target')`)
		)
		.addColumn('periodicity', 'text', (c) =>
			c.notNull().check(sql`periodicity in ('annuelle','semestrielle','trimestrielle')`)
		)
		.addColumn('baseline_value', 'real')
		.addColumn('baseline_year', 'integer')
		.addColumn('breakdown_label', 'text')
		.addColumn('note', 'text')
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.addCheckConstraint(
			'indicator_baseline',
			sql`(baseline_value is null) = (baseline_year is null)`
		)
		.execute();
	await db.schema
		.createIndex('indicator_fiche')
		.on('indicator')
		.columns(['fiche_id', 'position'])
		.execute();

	await db.schema
		.createTable('indicator_target')
		.addColumn('indicator_id', 'integer', (c) =>
			c.notNull().references('indicator.id').onDelete('cascade')
		)
		.addColumn('year', 'integer', (c) => c.notNull())
		.addColumn('value', 'real', (c) => c.notNull())
		.addPrimaryKeyConstraint('indicator_target_pk', ['indicator_id', 'year'])
		.execute();

	await db.schema
		.createTable('indicator_breakdown_value')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('indicator_id', 'integer', (c) =>
			c.notNull().references('indicator.id').onDelete('cascade')
		)
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('label', 'text', (c) => c.notNull())
		.addUniqueConstraint('indicator_breakdown_value_unique', ['indicator_id', 'label'])
		.execute();

	// Full-text search over every text of a fiche, accent- and case-insensitive.
	await sql`create virtual table fiche_search using fts5(
		body,
		tokenize = "unicode61 remove_diacritics 2"
	)`.execute(db);
	// The search row lives and dies with its fiche (rowid = fiche id).
	await sql`create trigger fiche_search_cleanup after delete on fiche begin
		delete from fiche_search where rowid = old.id;
	end`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	for (const table of [
		'fiche_search',
		'indicator_breakdown_value',
		'indicator_target',
		'indicator',
		'fiche_actor',
		'fiche_list_item',
		'fiche',
		'plan_node',
		'scheme',
		'organisation_alias',
		'organisation'
	]) {
		await db.schema.dropTable(table).ifExists().execute();
	}
}
