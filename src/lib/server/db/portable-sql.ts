import { sql, type Expression, type Kysely, type RawBuilder } from 'kysely';
import { dialectOf } from '$db/migrations/portable';

// The few SQL functions whose names differ between SQLite and PostgreSQL, for queries that need
// them in raw SQL. Everything else the app writes through Kysely reads the same on both.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** The largest of several values (SQLite's scalar max(a, b, …), PostgreSQL's greatest). */
export function greatest<T>(db: AnyDb, values: Expression<T>[]): RawBuilder<T> {
	const list = sql.join(values);
	return dialectOf(db) === 'postgres' ? sql<T>`greatest(${list})` : sql<T>`max(${list})`;
}
