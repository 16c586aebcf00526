import type SQLite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * better-sqlite3 behind a bounded cache of prepared statements. Kysely's SQLite driver prepares
 * every query again (about 50 µs each); the app runs the same few hundred statements, so each is
 * prepared once. A statement still being iterated (a streamed export) is busy: the same SQL run
 * meanwhile gets a fresh statement. SQLite re-prepares a cached statement itself after a schema
 * change, so migrations need no flush.
 */
export function cacheStatements(sqlite: SQLite.Database, capacity = 500): SqliteDatabase {
	const cache = new Map<string, SQLite.Statement>();
	return {
		close: () => sqlite.close(),
		prepare(sql: string): SqliteStatement {
			const cached = cache.get(sql);
			if (cached && !cached.busy) {
				// Least recently used goes first: a hit moves to the end.
				cache.delete(sql);
				cache.set(sql, cached);
				return cached;
			}
			const statement = sqlite.prepare(sql);
			if (!cached) {
				if (cache.size >= capacity) cache.delete(cache.keys().next().value!);
				cache.set(sql, statement);
			}
			return statement;
		}
	};
}
