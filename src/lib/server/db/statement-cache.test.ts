import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cacheStatements } from './statement-cache';

type Tables = { item: { id: number; label: string } };

let sqlite: SQLite.Database;
let prepared: string[];
let db: Kysely<Tables>;

beforeEach(async () => {
	sqlite = new SQLite(':memory:');
	sqlite.exec('create table item (id integer primary key, label text not null)');
	const insert = sqlite.prepare('insert into item (label) values (?)');
	for (let i = 1; i <= 50; i++) insert.run(`n°${i}`);
	// Count the real prepares behind the cache.
	prepared = [];
	const prepare = sqlite.prepare.bind(sqlite);
	sqlite.prepare = ((text: string) => {
		prepared.push(text);
		return prepare(text);
	}) as typeof sqlite.prepare;
	db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: cacheStatements(sqlite, 2) }) });
});

afterEach(async () => {
	await db.destroy();
});

const byId = (id: number) =>
	db.selectFrom('item').select('label').where('id', '=', id).executeTakeFirstOrThrow();

describe('cacheStatements', () => {
	it('prepares a statement once and runs it with each call’s parameters', async () => {
		expect((await byId(1)).label).toBe('n°1');
		expect((await byId(7)).label).toBe('n°7');
		await db.updateTable('item').set({ label: 'modifié' }).where('id', '=', 7).execute();
		expect((await byId(7)).label).toBe('modifié');
		expect(prepared.filter((text) => text.startsWith('select'))).toHaveLength(1);
	});

	it('runs a streamed query again after a stream stopped early', async () => {
		const query = db.selectFrom('item').select(['id', 'label']).orderBy('id');
		const seen: number[] = [];
		for await (const row of query.stream()) {
			seen.push(row.id);
			if (row.id === 10) break;
		}
		expect(seen).toHaveLength(10);
		// The abandoned iteration left the cached statement reusable, not busy.
		expect(await query.execute()).toHaveLength(50);
		expect(prepared.filter((text) => text.startsWith('select'))).toHaveLength(1);
	});

	it('prepares a second statement when the cached one is busy', () => {
		const database = cacheStatements(sqlite);
		const first = database.prepare('select id from item order by id') as SQLite.Statement;
		const iterator = first.iterate();
		iterator.next();
		const second = database.prepare('select id from item order by id') as SQLite.Statement;
		expect(second).not.toBe(first);
		iterator.return?.();
		expect(database.prepare('select id from item order by id')).toBe(first);
	});

	it('forgets the least recently used statement beyond its capacity', async () => {
		const count = () =>
			db
				.selectFrom('item')
				.select((eb) => eb.fn.countAll().as('n'))
				.execute();
		const max = () =>
			db
				.selectFrom('item')
				.select((eb) => eb.fn.max('id').as('n'))
				.execute();
		await byId(1); // cache: byId
		await count(); // cache: byId, count
		await byId(2); // hit: count, byId
		await max(); // evicts count: byId, max
		await byId(3); // hit
		await count(); // prepared again
		expect(prepared.filter((text) => text.startsWith('select'))).toHaveLength(4);
	});

	it('keeps working after a schema change', async () => {
		expect((await byId(3)).label).toBe('n°3');
		await sql`alter table item add column note text`.execute(db);
		await sql`create index item_label on item (label)`.execute(db);
		expect((await byId(3)).label).toBe('n°3');
	});
});
