import { sql, type Transaction } from 'kysely';
import type { Db } from '../db/database';
import type { Database } from '../db/schema';

// Test-only: another writer commits between a service's read and its versioned write. On SQLite
// one writer at a time makes that impossible for real, so the proxy plays it: just before the
// first UPDATE or DELETE the service sends to `table`, every row of `table` moves to its next
// version inside the same transaction (and again, committed, once that attempt rolled back). The
// service's `where version = ?` then changes no row; updateVersioned/assertOneRow must refuse
// (VersionConflict), `transact` runs the work again, and the second attempt answers what a stale
// edit answers. A write that does not check commits and the service answers ok.

const EXECUTE = new Set(['execute', 'executeTakeFirst', 'executeTakeFirstOrThrow']);

type Builder = Record<PropertyKey, unknown>;

export function withRacingWriter(db: Db, table: keyof Database): { db: Db; raced: () => boolean } {
	let raced = false;
	let committed = false;
	const bump = (on: Db | Transaction<Database>) =>
		sql`update ${sql.table(table)} set version = version + 1`.execute(on);
	const wrapBuilder = (builder: Builder, tx: Transaction<Database>): Builder =>
		new Proxy(builder, {
			get(target, prop) {
				const value = Reflect.get(target, prop);
				if (typeof value !== 'function') return value;
				if (EXECUTE.has(String(prop)))
					return async (...args: unknown[]) => {
						if (!raced) {
							raced = true;
							await bump(tx);
						}
						return value.apply(target, args);
					};
				return (...args: unknown[]) => {
					const next = value.apply(target, args);
					return next && typeof next === 'object' && 'executeTakeFirst' in next
						? wrapBuilder(next as Builder, tx)
						: next;
				};
			}
		});
	const wrapTx = (tx: Transaction<Database>): Transaction<Database> =>
		new Proxy(tx, {
			get(target, prop) {
				const value = Reflect.get(target, prop);
				if (typeof value !== 'function') return value;
				if (prop === 'updateTable' || prop === 'deleteFrom')
					return (name: unknown, ...rest: unknown[]) => {
						const builder = value.call(target, name, ...rest);
						return !raced && name === table ? wrapBuilder(builder, target) : builder;
					};
				return value.bind(target);
			}
		});
	const proxy = new Proxy(db, {
		get(target, prop) {
			if (prop === 'transaction')
				return () => {
					const builder = target.transaction();
					return {
						execute: async <T>(work: (tx: Transaction<Database>) => Promise<T>) => {
							try {
								return await builder.execute((tx) => work(wrapTx(tx)));
							} catch (error) {
								// The attempt rolled back the other writer's change with its own: the other
								// writer committed, so it stays for the next attempt.
								if (raced && !committed) {
									committed = true;
									await bump(target);
								}
								throw error;
							}
						}
					};
				};
			const value = Reflect.get(target, prop);
			return typeof value === 'function' ? value.bind(target) : value;
		}
	});
	return { db: proxy, raced: () => raced };
}
