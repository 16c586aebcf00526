import { sql, type Transaction } from 'kysely';
import type { Db } from '../db/database';
import type { Database } from '../db/schema';

// Services such as saveDraft open their own transaction. To run several of them as one unit (a
// figures file touching many fiches), they receive this stand-in for the database: its
// transaction() opens a SAVEPOINT inside the caller's transaction instead of a new one, so a
// refusal rolls back that service's writes and the caller's rollback undoes everything.

let counter = 0;

export function nestedDb(tx: Transaction<Database>): Db {
	const transaction = () => ({
		execute: async <T>(work: (inner: Transaction<Database>) => Promise<T>): Promise<T> => {
			const name = sql.raw(`nested_${++counter}`);
			await sql`savepoint ${name}`.execute(tx);
			try {
				const result = await work(tx);
				await sql`release ${name}`.execute(tx);
				return result;
			} catch (error) {
				await sql`rollback to ${name}`.execute(tx);
				await sql`release ${name}`.execute(tx);
				throw error;
			}
		}
	});
	return new Proxy(tx, {
		get(target, property) {
			if (property === 'transaction') return transaction;
			const value = Reflect.get(target, property, target);
			// Kysely keeps its state in private fields: methods must run on the real object.
			return typeof value === 'function' ? value.bind(target) : value;
		}
	}) as unknown as Db;
}
