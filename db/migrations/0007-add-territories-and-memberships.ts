import { sql, type Kysely } from 'kysely';

// Frozen: a migration never imports application code.
// One instance, many territories: a scheme belongs to a territory and has a kind; organisations
// belong to a territory (or are national); people hold memberships (scheme, role, organisation)
// instead of one global role; API tokens may be narrowed to one scheme and one scope.

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('territory')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('kind', 'text', (c) =>
			c.notNull().check(sql`kind in ('departement','epci','commune')`)
		)
		// INSEE code of a département (« 87 », « 2A », « 974 ») or commune, SIREN of an EPCI.
		.addColumn('code', 'text', (c) => c.notNull())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('parent_id', 'integer', (c) => c.references('territory.id'))
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
		.addUniqueConstraint('territory_kind_code', ['kind', 'code'])
		.execute();

	await db.schema
		.alterTable('scheme')
		.addColumn('territory_id', 'integer', (c) => c.references('territory.id'))
		.execute();
	await db.schema
		.alterTable('scheme')
		.addColumn('kind', 'text', (c) =>
			c
				.notNull()
				.defaultTo('sdsf')
				.check(sql`kind in ('sdsf','ctg','sppe','pedt','autre')`)
		)
		.execute();
	await db.schema.createIndex('scheme_territory').on('scheme').column('territory_id').execute();

	// The schemes a scheme must be compatible with (an SPPE with its département's SDSF).
	await db.schema
		.createTable('scheme_compatibility')
		.addColumn('scheme_id', 'integer', (c) =>
			c.notNull().references('scheme.id').onDelete('cascade')
		)
		.addColumn('other_scheme_id', 'integer', (c) =>
			c.notNull().references('scheme.id').onDelete('cascade')
		)
		.addPrimaryKeyConstraint('scheme_compatibility_pk', ['scheme_id', 'other_scheme_id'])
		.execute();

	// « Liens avec d'autres schémas » as real links where the other scheme exists here.
	await db.schema
		.createTable('fiche_link')
		.addColumn('fiche_id', 'integer', (c) => c.notNull().references('fiche.id').onDelete('cascade'))
		.addColumn('linked_fiche_id', 'integer', (c) =>
			c.notNull().references('fiche.id').onDelete('cascade')
		)
		.addPrimaryKeyConstraint('fiche_link_pk', ['fiche_id', 'linked_fiche_id'])
		.execute();
	await db.schema
		.createIndex('fiche_link_linked')
		.on('fiche_link')
		.column('linked_fiche_id')
		.execute();

	// Null: a national organisation (MSA, CNAF, État).
	await db.schema
		.alterTable('organisation')
		.addColumn('territory_id', 'integer', (c) => c.references('territory.id'))
		.execute();

	await db.schema
		.alterTable('app_user')
		.addColumn('platform_admin', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();

	await db.schema
		.createTable('membership')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('user_id', 'integer', (c) =>
			c.notNull().references('app_user.id').onDelete('cascade')
		)
		.addColumn('scheme_id', 'integer', (c) =>
			c.notNull().references('scheme.id').onDelete('cascade')
		)
		.addColumn('role', 'text', (c) =>
			c.notNull().check(sql`role in ('coordinateur','pilote','lecteur')`)
		)
		.addColumn('organisation_id', 'integer', (c) => c.references('organisation.id'))
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
		.addUniqueConstraint('membership_user_scheme', ['user_id', 'scheme_id'])
		.addCheckConstraint(
			'membership_pilot_organisation',
			sql`role <> 'pilote' or organisation_id is not null`
		)
		.execute();
	await db.schema.createIndex('membership_scheme').on('membership').column('scheme_id').execute();

	await db.schema
		.alterTable('api_token')
		.addColumn('scheme_id', 'integer', (c) => c.references('scheme.id').onDelete('cascade'))
		.execute();
	await db.schema
		.alterTable('api_token')
		.addColumn('scope', 'text', (c) =>
			c
				.notNull()
				.defaultTo('all')
				.check(sql`scope in ('all','read','figures')`)
		)
		.execute();

	// Existing installations: each scheme's département becomes a territory.
	await sql`insert into territory (kind, code, name)
		select 'departement', department_code, min(department_name) from scheme
		group by department_code`.execute(db);
	await sql`update scheme set territory_id =
		(select t.id from territory t where t.kind = 'departement' and t.code = scheme.department_code)`.execute(
		db
	);

	// Every account keeps, in every existing scheme, the rights its global role gave it.
	await sql`insert into membership (user_id, scheme_id, role, organisation_id)
		select u.id, s.id,
			case u.role when 'administrateur' then 'coordinateur' when 'pilote' then 'pilote' else 'lecteur' end,
			case u.role when 'pilote' then u.organisation_id else null end
		from app_user u cross join scheme s`.execute(db);
	await sql`update app_user set platform_admin = 1 where id =
		(select min(id) from app_user where role = 'administrateur')`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('membership').ifExists().execute();
	await db.schema.dropTable('fiche_link').ifExists().execute();
	await db.schema.dropTable('scheme_compatibility').ifExists().execute();
	await db.schema.dropIndex('scheme_territory').ifExists().execute();
	await db.schema.alterTable('api_token').dropColumn('scope').execute();
	await db.schema.alterTable('api_token').dropColumn('scheme_id').execute();
	await db.schema.alterTable('app_user').dropColumn('platform_admin').execute();
	await db.schema.alterTable('organisation').dropColumn('territory_id').execute();
	await db.schema.alterTable('scheme').dropColumn('kind').execute();
	await db.schema.alterTable('scheme').dropColumn('territory_id').execute();
	await db.schema.dropTable('territory').ifExists().execute();
}
