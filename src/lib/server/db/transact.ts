import type { Transaction } from 'kysely';
import type { Db } from './database';
import type { Database } from './schema';
import { retryConflicts } from './versioned-update';

type Tx = Transaction<Database>;

class Refusal<R> extends Error {
	constructor(readonly result: R) {
		super('refused');
	}
}

/**
 * Runs `work` in one write transaction; `refuse(result)` rolls back everything written so far and
 * answers `result`. Nothing slow (parsing files, network) belongs inside `work`: the transaction
 * holds SQLite's single write lock. When a versioned write loses a race to another process
 * (VersionConflict, PostgreSQL), `work` runs again in a new transaction (versioned-update.ts).
 */
export async function transact<T>(
	db: Db,
	work: (tx: Tx, refuse: (result: T) => never) => Promise<T>
): Promise<T> {
	const refuse = (result: T): never => {
		throw new Refusal(result);
	};
	try {
		return await retryConflicts(() => db.transaction().execute((tx) => work(tx, refuse)));
	} catch (error) {
		if (error instanceof Refusal) return error.result as T;
		throw error;
	}
}
