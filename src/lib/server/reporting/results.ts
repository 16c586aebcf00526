import type { Transaction } from 'kysely';
import type { Db } from '../db/database';
import type { Database } from '../db/schema';

// The typed answers of the reporting services; routes turn them into pages, 400, 403, 404, 409 or 423.

export type NotFound = { ok: false; reason: 'not_found'; message: string };
export type Forbidden = { ok: false; reason: 'forbidden'; message: string };
/** The period is not open, or the figure waits for (or passed) review. */
export type Locked = { ok: false; reason: 'locked'; message: string };
/** Errors keyed by form field name (`value.<key>`, `comment.<key>`, `opensOn`…), in French. */
export type Invalid = { ok: false; reason: 'invalid'; errors: Record<string, string> };
export type Conflict<C> = { ok: false; reason: 'conflict'; current: C; message: string };

export const notFound = (message: string): NotFound => ({
	ok: false,
	reason: 'not_found',
	message
});
export const forbidden = (
	message = 'Vous n’avez pas les droits pour cette action.'
): Forbidden => ({
	ok: false,
	reason: 'forbidden',
	message
});
export const locked = (message: string): Locked => ({ ok: false, reason: 'locked', message });
export const invalid = (errors: Record<string, string>): Invalid => ({
	ok: false,
	reason: 'invalid',
	errors
});
export const conflict = <C>(current: C, message: string): Conflict<C> => ({
	ok: false,
	reason: 'conflict',
	current,
	message
});

export type Tx = Transaction<Database>;

class Refusal<R> extends Error {
	constructor(readonly result: R) {
		super('refused');
	}
}

/**
 * Runs `work` in one write transaction; `refuse(result)` rolls back everything written so far and
 * answers `result`. Nothing slow (parsing files, network) belongs inside `work`: the transaction
 * holds SQLite's single write lock.
 */
export async function transact<T>(
	db: Db,
	work: (tx: Tx, refuse: (result: T) => never) => Promise<T>
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

export const today = (): string => new Date().toISOString().slice(0, 10);
