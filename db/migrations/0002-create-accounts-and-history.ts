import { sql, type Kysely } from 'kysely';

// Frozen: a migration never imports application code.

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('app_user')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('email', 'text', (c) => c.notNull().unique())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('organisation_id', 'integer', (c) => c.references('organisation.id'))
		.addColumn('role', 'text', (c) =>
			c.notNull().check(sql`role in ('administrateur','pilote','lecteur')`)
		)
		.addColumn('password_hash', 'text')
		.addColumn('disabled_at', 'text')
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
		.addCheckConstraint(
			'app_user_pilot_organisation',
			sql`role <> 'pilote' or organisation_id is not null`
		)
		.execute();

	await db.schema
		.createTable('user_session')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('token_hash', 'text', (c) => c.notNull().unique())
		.addColumn('user_id', 'integer', (c) =>
			c.notNull().references('app_user.id').onDelete('cascade')
		)
		.addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
		.addColumn('last_seen_at', 'text', (c) => c.notNull().defaultTo(now))
		.addColumn('expires_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('user_session_user').on('user_session').column('user_id').execute();

	await db.schema
		.createTable('invitation')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('token_hash', 'text', (c) => c.notNull().unique())
		.addColumn('user_id', 'integer', (c) =>
			c.notNull().references('app_user.id').onDelete('cascade')
		)
		.addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
		.addColumn('expires_at', 'text', (c) => c.notNull())
		.addColumn('used_at', 'text')
		.execute();

	await db.schema
		.createTable('api_token')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('user_id', 'integer', (c) =>
			c.notNull().references('app_user.id').onDelete('cascade')
		)
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('token_hash', 'text', (c) => c.notNull().unique())
		.addColumn('prefix', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
		.addColumn('last_used_at', 'text')
		.addColumn('revoked_at', 'text')
		.execute();

	// Failed sign-ins, by account key and by address, for throttling.
	await db.schema
		.createTable('login_failure')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('key', 'text', (c) => c.notNull())
		.addColumn('at', 'text', (c) => c.notNull().defaultTo(now))
		.execute();
	await db.schema
		.createIndex('login_failure_key_at')
		.on('login_failure')
		.columns(['key', 'at'])
		.execute();

	await db.schema
		.createTable('amendment')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('scheme_id', 'integer', (c) =>
			c.notNull().references('scheme.id').onDelete('cascade')
		)
		.addColumn('signed_on', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('description', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
		.execute();
	await db.schema
		.createTable('amendment_fiche')
		.addColumn('amendment_id', 'integer', (c) =>
			c.notNull().references('amendment.id').onDelete('cascade')
		)
		.addColumn('fiche_id', 'integer', (c) => c.notNull().references('fiche.id').onDelete('cascade'))
		.addColumn('effect', 'text', (c) => c.notNull().check(sql`effect in ('adds','changes','ends')`))
		.addPrimaryKeyConstraint('amendment_fiche_pk', ['amendment_id', 'fiche_id'])
		.execute();

	// Append-only history: who, when (UTC), what, old → new. No foreign keys, so that deleting
	// a record never touches its history.
	await db.schema
		.createTable('audit_event')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('at', 'text', (c) => c.notNull().defaultTo(now))
		.addColumn('user_id', 'integer')
		.addColumn('actor', 'text', (c) => c.notNull())
		.addColumn('scheme_id', 'integer')
		.addColumn('entity_type', 'text', (c) => c.notNull())
		.addColumn('entity_id', 'integer', (c) => c.notNull())
		.addColumn('action', 'text', (c) => c.notNull())
		.addColumn('changes', 'text', (c) => c.notNull()) // JSON: { field: { old, new } }
		.addColumn('reason', 'text')
		.execute();
	await db.schema
		.createIndex('audit_event_entity')
		.on('audit_event')
		.columns(['entity_type', 'entity_id', 'id'])
		.execute();
	await db.schema
		.createIndex('audit_event_scheme')
		.on('audit_event')
		.columns(['scheme_id', 'id'])
		.execute();
	await sql`create trigger audit_event_no_update before update on audit_event
		begin select raise(abort, 'audit_event is append-only'); end`.execute(db);
	await sql`create trigger audit_event_no_delete before delete on audit_event
		begin select raise(abort, 'audit_event is append-only'); end`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop trigger if exists audit_event_no_update`.execute(db);
	await sql`drop trigger if exists audit_event_no_delete`.execute(db);
	for (const table of [
		'audit_event',
		'amendment_fiche',
		'amendment',
		'login_failure',
		'api_token',
		'invitation',
		'user_session',
		'app_user'
	]) {
		await db.schema.dropTable(table).ifExists().execute();
	}
}
