import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { migrations, migrationsFor } from '../../db/migrations/index';
import { migrateToLatest, openPostgres, type Db } from '../../src/lib/server/db/database';
import { importPlanDocument } from '../../src/lib/server/plan/plan-import.service';
import { fixturePlan } from '../../src/lib/server/plan/plan.fixture';
import { collectFiches, getSchemeOverview } from '../../src/lib/server/plan/plan.service';
import { createPostgresDatabase, startPostgresCluster } from '../support/database';

// What PostgreSQL must do like SQLite, beyond the HTTP suites' run (npm run test:e2e:pg): the
// same search answers, the rules SQLite's triggers enforce, numbers and counts of the same type,
// the per-scheme change counters. Runs on TEST_POSTGRES_URL, or on a cluster of its own.

let stopCluster: (() => void) | null = null;
let db: Db;
let drop: () => Promise<void>;
let schemeId: number;

beforeAll(() => {
	if (!process.env.TEST_POSTGRES_URL) {
		const cluster = startPostgresCluster();
		process.env.TEST_POSTGRES_URL = cluster.url;
		stopCluster = cluster.stop;
	}
});
beforeEach(async () => {
	await db?.destroy();
	await drop?.();
	const created = await createPostgresDatabase();
	drop = created.drop;
	db = openPostgres(created.url, { max: 2 });
	await migrateToLatest(db);
	({ schemeId } = await importPlanDocument(db, fixturePlan));
});
afterAll(async () => {
	await db?.destroy();
	await drop?.();
	stopCluster?.();
});

describe('PostgreSQL', () => {
	it('runs its own version of every SQLite-only migration, under the same names, in the same order', () => {
		const names = Object.keys(migrations);
		expect(Object.keys(migrationsFor('postgres'))).toEqual(names);
		const sqliteOnly = names.filter((name) => Number(name.slice(0, 4)) <= 10);
		for (const name of sqliteOnly)
			expect(migrationsFor('postgres')[name], name).not.toBe(migrations[name]);
		for (const name of names.filter((n) => !sqliteOnly.includes(n)))
			expect(migrationsFor('postgres')[name], name).toBe(migrations[name]);
	});

	it('searches every text of a fiche ignoring accents and case, as on SQLite', async () => {
		const search = async (q: string) =>
			(await getSchemeOverview(db, 'test-2020-2025', { q }))!.tree
				.flatMap(collectFiches)
				.map((f) => f.number);
		expect(await search('creche')).toEqual(['11 bis']);
		expect(await search('CRÈCHES')).toEqual(['11 bis']);
		expect(await search('ETAPE deux')).toEqual(['11 bis']);
		expect(await search('Ajaccio relais')).toEqual(['11']);
		expect(await search('"unbalanced AND (')).toEqual([]);
		expect(await search("l'internet & | ! :*")).toEqual(['10']);
		// Prefixes, as SQLite's "word"* queries.
		expect(await search('inter')).toEqual(['10']);
		// Every word is required.
		expect(await search('crèche internet')).toEqual([]);
	});

	it('keeps the history append-only and a closed meeting final, like the SQLite triggers', async () => {
		await sql`insert into audit_event (actor, scheme_id, entity_type, entity_id, action, changes)
			values ('Test', ${schemeId}, 'fiche', 1, 'update', '{}')`.execute(db);
		await expect(sql`update audit_event set actor = 'x'`.execute(db)).rejects.toThrow(
			/append-only/
		);
		await expect(sql`delete from audit_event`.execute(db)).rejects.toThrow(/append-only/);
		await expect(sql`truncate audit_event`.execute(db)).rejects.toThrow(/append-only/);

		const period = await db
			.insertInto('reporting_period')
			.values({
				scheme_id: schemeId,
				code: '2021',
				kind: 'annee',
				year: 2021,
				starts_on: '2021-01-01',
				ends_on: '2021-12-31',
				opens_on: '2022-01-01',
				closes_on: '2022-03-31',
				state: 'ouverte'
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const meeting = await db
			.insertInto('meeting')
			.values({ scheme_id: schemeId, period_id: period.id, held_on: '2022-04-01', title: 'COPIL' })
			.returning('id')
			.executeTakeFirstOrThrow();
		await db
			.updateTable('meeting')
			.set({ state: 'closed', frozen_pack: '{}', closed_at: '2022-04-01T10:00:00.000Z' })
			.where('id', '=', meeting.id)
			.execute();
		await expect(
			db.updateTable('meeting').set({ title: 'Autre' }).where('id', '=', meeting.id).execute()
		).rejects.toThrow(/closed meeting/);
	});

	it('stores amounts in 8 bytes, counts as numbers, instants as the same ISO text', async () => {
		const indicator = await db
			.selectFrom('indicator')
			.innerJoin('fiche', 'fiche.id', 'indicator.fiche_id')
			.select(['indicator.id', 'fiche.scheme_id'])
			.where('indicator.label', '=', 'Places ouvertes')
			.executeTakeFirstOrThrow();
		const period = await db
			.insertInto('reporting_period')
			.values({
				scheme_id: schemeId,
				code: '2020',
				kind: 'annee',
				year: 2020,
				starts_on: '2020-01-01',
				ends_on: '2020-12-31',
				opens_on: '2021-01-01',
				closes_on: '2021-03-31',
				state: 'ouverte'
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const generation = async () =>
			(
				await db
					.selectFrom('scheme_generation')
					.select('value')
					.where('scheme_id', '=', schemeId)
					.executeTakeFirstOrThrow()
			).value;
		const before = await generation();
		await db
			.insertInto('figure')
			.values({ indicator_id: indicator.id, period_id: period.id, value_number: 12500.55 })
			.execute();
		// The trigger bumped this scheme's counter (each process's dashboard cache checks it).
		expect(await generation()).toBe(before + 1);
		const row = await db
			.selectFrom('figure')
			.select(['value_number', 'created_at'])
			.where('period_id', '=', period.id)
			.executeTakeFirstOrThrow();
		expect(row.value_number).toBe(12500.55);
		expect(row.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
		const counted = await db
			.selectFrom('figure')
			.select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('value_number').as('s')])
			.executeTakeFirstOrThrow();
		expect(counted).toEqual({ n: 1, s: 12500.55 });
		const average = await sql<{ a: number }>`select avg(year) as a from reporting_period`.execute(
			db
		);
		expect(typeof average.rows[0].a).toBe('number');
	});
});
