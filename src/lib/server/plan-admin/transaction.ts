import type { Transaction } from 'kysely';
import type { Db } from '../db/database';
import type { Database } from '../db/schema';

class Refusal<R> extends Error {
	constructor(readonly result: R) {
		super('refused');
	}
}

/**
 * Runs `work` in one transaction. `refuse(result)` rolls back everything written so far and makes
 * `result` the answer: a refusal found half-way never leaves half a change behind.
 */
export async function transact<T>(
	db: Db,
	work: (tx: Transaction<Database>, refuse: (result: T) => never) => Promise<T>
): Promise<T> {
	const refuse = (result: T): never => {
		throw new Refusal(result);
	};
	try {
		return await db.transaction().execute((tx) => work(tx, refuse));
	} catch (error) {
		if (error instanceof Refusal) return error.result as T;
		throw error;
	}
}
