import { beforeEach, describe, expect, it } from 'vitest';
import { ficheNumberSortKey } from '$lib/domain/fiche-number';
import type { Db } from '../db/database';
import { SCHEME, bookletDb, bookletUsers } from '../reporting/reporting.fixture';
import { reloadUser } from '../testing/test-users';
import { compareGenerations } from './compare.service';
import { prepareNextScheme } from './next-scheme.service';

let db: Db;
let users: Awaited<ReturnType<typeof bookletUsers>>;

beforeEach(async () => {
	db = await bookletDb();
	users = await bookletUsers(db);
});

describe('compareGenerations', () => {
	it('lists the fiches kept, changed (and how), dropped and new, with their indicators', async () => {
		const result = await prepareNextScheme(db, users.admin, SCHEME, {
			startYear: 2022,
			endYear: 2026,
			fiches: ['1', '2', '35']
		});
		if (!result.ok) throw new Error(JSON.stringify(result));
		const next = result.scheme;
		const ficheOf = (number: string) =>
			db
				.selectFrom('fiche')
				.selectAll()
				.where('scheme_id', '=', next.id)
				.where('number', '=', number)
				.executeTakeFirstOrThrow();
		// The committee rewrites fiche 2 and drops an indicator of fiche 35, and adds fiche 41.
		const two = await ficheOf('2');
		await db
			.updateTable('fiche')
			.set({ title: 'Promouvoir le métier d’assistant maternel' })
			.where('id', '=', two.id)
			.execute();
		const thirtyFive = await ficheOf('35');
		const dropped = await db
			.selectFrom('indicator')
			.select(['id', 'label'])
			.where('fiche_id', '=', thirtyFive.id)
			.orderBy('position')
			.executeTakeFirstOrThrow();
		await db.deleteFrom('indicator').where('id', '=', dropped.id).execute();
		await db
			.insertInto('fiche')
			.values({
				scheme_id: next.id,
				node_id: two.node_id,
				number: '41',
				number_sort: ficheNumberSortKey('41'),
				slug: '41',
				title: 'Accompagner les communes dans le service public de la petite enfance',
				state: 'a_elaborer'
			})
			.execute();

		const admin = await reloadUser(db, users.admin);
		const comparison = (await compareGenerations(db, admin, next.slug))!;
		// From the old scheme, the same comparison.
		expect(await compareGenerations(db, admin, SCHEME)).toEqual(comparison);
		expect(comparison.old.slug).toBe(SCHEME);
		expect(comparison.kept.map((p) => p.new.number)).toEqual(['1']);
		expect(comparison.changed.map((p) => p.new.number)).toEqual(['2', '35']);
		const changedTwo = comparison.changed[0];
		expect(changedTwo.changes).toEqual([
			{
				field: 'Intitulé',
				old: expect.stringContaining('Valoriser le métier'),
				new: 'Promouvoir le métier d’assistant maternel'
			}
		]);
		expect(comparison.changed[1].indicatorsRemoved).toEqual([
			expect.stringContaining(dropped.label)
		]);
		expect(comparison.added.map((f) => f.number)).toEqual(['41']);
		expect(comparison.dropped.map((f) => f.number)).not.toContain('35');
		expect(comparison.dropped).toHaveLength(20 - 3);
		expect(comparison.kept[0].new.indicators.length).toBeGreaterThan(0);
	});

	it('shows nothing without another generation, nor one the caller may not read', async () => {
		expect(await compareGenerations(db, users.admin, SCHEME)).toBeNull();
		const result = await prepareNextScheme(db, users.admin, SCHEME, {
			startYear: 2022,
			endYear: 2026
		});
		if (!result.ok) throw new Error(JSON.stringify(result));
		// Its memberships predate the new, private scheme.
		expect(await compareGenerations(db, users.admin, SCHEME)).toBeNull();
		expect(await compareGenerations(db, null, result.scheme.slug)).toBeNull();
	});
});
