import type SQLite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * better-sqlite3 behind a bounded cache of prepared statements. Kysely's SQLite driver prepares
 * every query again (about 50 µs each); the app runs the same few hundred statements, so each is
 * prepared once. A statement still being iterated (a streamed export) is busy: the same SQL run
 * meanwhile gets a fresh statement. SQLite re-prepares a cached statement itself after a schema
 * change, so migrations need no flush.
 */
export function cacheStatements(
	sqlite: SQLite.Database,
	capacity = 500,
	onStatement?: StatementTimer
): SqliteDatabase {
	const cache = new Map<string, SQLite.Statement>();
	const wrap = onStatement
		? (statement: SQLite.Statement) => timeStatement(statement, onStatement)
		: (statement: SQLite.Statement) => statement;
	return {
		close: () => sqlite.close(),
		prepare(sql: string): SqliteStatement {
			const cached = cache.get(sql);
			if (cached && !cached.busy) {
				// Least recently used goes first: a hit moves to the end.
				cache.delete(sql);
				cache.set(sql, cached);
				return wrap(cached);
			}
			const statement = sqlite.prepare(sql);
			if (!cached) {
				if (cache.size >= capacity) cache.delete(cache.keys().next().value!);
				cache.set(sql, statement);
			}
			return wrap(statement);
		}
	};
}

/** Told the milliseconds SQLite spent on one statement (stepping and reading its rows). */
export type StatementTimer = (ms: number) => void;

/**
 * A statement whose executions are timed: only the synchronous work of SQLite and of reading its
 * rows, nothing of Kysely or of the promises around it. A streamed read is timed row by row.
 */
function timeStatement(statement: SQLite.Statement, onStatement: StatementTimer): SqliteStatement {
	const timed = <T>(run: () => T): T => {
		const started = performance.now();
		try {
			return run();
		} finally {
			onStatement(performance.now() - started);
		}
	};
	return {
		reader: statement.reader,
		all: (parameters) => timed(() => statement.all(parameters)),
		run: (parameters) => timed(() => statement.run(parameters)),
		iterate(parameters) {
			let spent = 0;
			const rows = statement.iterate(parameters);
			const step = (result: () => IteratorResult<unknown>) => {
				const started = performance.now();
				try {
					return result();
				} finally {
					spent += performance.now() - started;
				}
			};
			const iterator: IterableIterator<unknown> = {
				next: () => {
					const result = step(() => rows.next());
					if (result.done) onStatement(spent);
					return result;
				},
				return: (value?: unknown) => {
					const result = step(() => rows.return?.(value) ?? { done: true, value });
					onStatement(spent);
					return result;
				},
				[Symbol.iterator]: () => iterator
			};
			return iterator;
		}
	};
}
