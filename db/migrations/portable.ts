import {
	PostgresAdapter,
	sql,
	type ColumnDefinitionBuilder,
	type Kysely,
	type RawBuilder
} from 'kysely';

// Frozen like the migrations that use it: no application imports, and never changed in a way
// that would alter what an already-shipped migration creates (add new helpers instead).
// Migrations from 0011 on run on SQLite and on PostgreSQL (issue 16). These few helpers are where
// the two must differ; everything else is Kysely's schema builder with portable types:
// `text`, `integer`, `double precision` (never `real`: 4 bytes on PostgreSQL), 0/1 integers for
// booleans, ISO 8601 UTC text for instants and `YYYY-MM-DD` text for dates.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDb = Kysely<any>;

/** Which engine a migration runs on. */
export function dialectOf(db: AnyDb): 'postgres' | 'sqlite' {
	return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** The current instant as ISO 8601 UTC text with milliseconds (`2026-12-07T12:00:00.000Z`). */
export function nowDefault(db: AnyDb): RawBuilder<string> {
	return dialectOf(db) === 'postgres'
		? sql`(to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`
		: sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;
}

/**
 * The surrogate key: `integer primary key autoincrement` on SQLite, an identity column on
 * PostgreSQL (by default, so that a copy of an existing database can keep its ids).
 * Use as `.addColumn('id', 'integer', idColumn(db))`.
 */
export function idColumn(db: AnyDb): (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder {
	return dialectOf(db) === 'postgres'
		? (c) => c.primaryKey().generatedByDefaultAsIdentity()
		: (c) => c.primaryKey().autoIncrement();
}
