import type { DeleteResult, Transaction, UpdateObject, UpdateResult } from 'kysely';
import type { Db } from './database';
import type { Database } from './schema';

// Optimistic versions with several writers. A service reads a row, compares its version with
// the one the client based its edit on (If-Match, a hidden field), then writes `where version =
// <read>`. On SQLite one writer at a time makes the write always find the row it read; on
// PostgreSQL another process may commit in between, and the write then changes no row. That is
// not a server error: the transaction is run again (retryConflicts), re-reads the row and answers
// what a stale edit answers (412, « modifié entre-temps »).

/** A versioned write found the row at another version: the caller's transaction is retried. */
export class VersionConflict extends Error {
	constructor(what: string) {
		super(`${what}: version changed by another writer`);
	}
}

type Versioned = {
	[T in keyof Database]: Database[T] extends { id: unknown; version: unknown } ? T : never;
}[keyof Database];

/**
 * `update <table> set …, version = version + 1 where id = ? and version = ?`; throws
 * VersionConflict when no row changed. Answers the new version.
 */
export async function updateVersioned<T extends Versioned>(
	tx: Transaction<Database> | Db,
	table: T,
	row: { id: number; version: number },
	values: UpdateObject<Database, T>
): Promise<number> {
	// Kysely cannot type a generic table's columns; the public signature above is the check.
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	const result = await (tx as any)
		.updateTable(table)
		.set({ ...values, version: row.version + 1 })
		.where('id', '=', row.id)
		.where('version', '=', row.version)
		.executeTakeFirst();
	assertOneRow(result, table);
	return row.version + 1;
}

/**
 * For writes written out by hand (a delete `where version = ?`, an update with another key):
 * throws VersionConflict unless exactly one row changed.
 */
export function assertOneRow(result: UpdateResult | DeleteResult, what: string): void {
	const changed = 'numDeletedRows' in result ? result.numDeletedRows : result.numUpdatedRows;
	if (Number(changed) !== 1) throw new VersionConflict(what);
}

// Errors that mean « another transaction won, try again ». PostgreSQL: serialization failure,
// deadlock, a unique key taken meanwhile (two first entries of the same figure slot). SQLite with
// several processes on one file: a read snapshot that another process's commit made stale
// cannot become a write transaction (SQLITE_BUSY_SNAPSHOT), or the busy timeout ran out.
const RETRYABLE_CODES = new Set([
	'40001',
	'40P01',
	'23505',
	'SQLITE_BUSY',
	'SQLITE_BUSY_SNAPSHOT',
	'SQLITE_CONSTRAINT_UNIQUE'
]);

function isRetryable(error: unknown): boolean {
	if (error instanceof VersionConflict) return true;
	const code = (error as { code?: unknown } | null)?.code;
	return typeof code === 'string' && RETRYABLE_CODES.has(code);
}

/**
 * Runs `attempt` (one whole transaction) again when it lost a race, at most `times` in all, after
 * a short random pause (the winner is usually committing right then: on SQLite, a reader cannot
 * even wait for it). The last attempt's error is thrown: a real unique-key violation still fails
 * the same way each time.
 */
export async function retryConflicts<T>(attempt: () => Promise<T>, times = 5): Promise<T> {
	for (let n = 1; ; n++) {
		try {
			return await attempt();
		} catch (error) {
			if (n >= times || !isRetryable(error)) throw error;
			await new Promise((resolve) => setTimeout(resolve, 10 * n + Math.random() * 20 * n));
		}
	}
}

/** db.transaction().execute(work), retried when a versioned write lost a race. */
export function inTransaction<T>(
	db: Db,
	work: (tx: Transaction<Database>) => Promise<T>
): Promise<T> {
	return retryConflicts(() => db.transaction().execute(work));
}
