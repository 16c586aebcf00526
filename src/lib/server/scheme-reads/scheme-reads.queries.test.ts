import { describe, expect, it } from 'vitest';
import { insertFigures, insertPeriod } from '../dashboard/test-data';
import { importPlanDocument } from '../plan/plan-import.service';
import { fixturePlan } from '../plan/plan.fixture';
import { createTestDb } from '../testing/test-db';
import * as sq from './scheme-reads.queries';

async function setUp() {
	const db = await createTestDb();
	const { schemeId } = await importPlanDocument(db, fixturePlan);
	const fiche = await db
		.selectFrom('fiche')
		.select('id')
		.where('scheme_id', '=', schemeId)
		.where('slug', '=', '11-bis')
		.executeTakeFirstOrThrow();
	// Fiche 11 bis: réunions (no breakdown), then enfants broken down by commune.
	const [meetings, children] = await db
		.selectFrom('indicator')
		.select('id')
		.where('fiche_id', '=', fiche.id)
		.orderBy('position')
		.execute();
	const [ajaccio, porticcio] = await db
		.selectFrom('indicator_breakdown_value')
		.select('id')
		.where('indicator_id', '=', children.id)
		.orderBy('position')
		.execute();
	return { db, schemeId, ficheId: fiche.id, meetings, children, ajaccio, porticcio };
}

describe('reads shared by the dashboard, the review pack and the annual report', () => {
	it('sums the figures of a period per indicator: entered, validated, total line, breakdown lines', async () => {
		const { db, schemeId, meetings, children, ajaccio, porticcio } = await setUp();
		const p2020 = await insertPeriod(db, schemeId, 2020, 'validee');
		const p2021 = await insertPeriod(db, schemeId, 2021, 'ouverte');
		await insertFigures(db, [
			// réunions 2020: "non disponible", validated; 2021: an empty draft (not entered).
			{ indicatorId: meetings.id, periodId: p2020, notAvailable: true, status: 'valide' },
			{ indicatorId: meetings.id, periodId: p2021, status: 'brouillon' },
			// enfants 2021: total 9 validated; Ajaccio 3 validated; Porticcio 4 only submitted.
			{ indicatorId: children.id, periodId: p2021, number: 9, status: 'valide' },
			{
				indicatorId: children.id,
				periodId: p2021,
				breakdownValueId: ajaccio.id,
				number: 3,
				status: 'valide'
			},
			{
				indicatorId: children.id,
				periodId: p2021,
				breakdownValueId: porticcio.id,
				number: 4,
				status: 'soumis'
			}
		]);
		const rows = await sq.aggregateFigures(db, [p2020, p2021]);
		const key = (r: (typeof rows)[number]) => `${r.indicator_id}/${r.period_id}`;
		const byKey = new Map(rows.map((r) => [key(r), r]));
		expect(rows).toHaveLength(3);
		expect(byKey.get(`${meetings.id}/${p2020}`)).toMatchObject({
			entered: 1,
			validated: 1,
			total_value: null,
			breakdown_sum: null,
			breakdown_numbers: 0
		});
		expect(byKey.get(`${meetings.id}/${p2021}`)).toMatchObject({ entered: 0, validated: 0 });
		expect(byKey.get(`${children.id}/${p2021}`)).toMatchObject({
			entered: 3,
			validated: 2,
			total_value: 9,
			breakdown_sum: 3,
			breakdown_numbers: 1,
			demo: 0
		});
		expect(await sq.aggregateFigures(db, [])).toEqual([]);
	});

	it('lists periods chronologically, the longer first of two that start together', async () => {
		const { db, schemeId } = await setUp();
		await insertPeriod(db, schemeId, 2021, 'a_venir');
		await db
			.insertInto('reporting_period')
			.values({
				scheme_id: schemeId,
				code: '2020-S1',
				kind: 'semestre',
				year: 2020,
				number: 1,
				starts_on: '2020-01-01',
				ends_on: '2020-06-30',
				opens_on: '2020-07-01',
				closes_on: '2020-08-31',
				state: 'validee'
			})
			.execute();
		await insertPeriod(db, schemeId, 2020, 'validee');
		expect((await sq.listPeriods(db, schemeId)).map((p) => p.code)).toEqual([
			'2020',
			'2020-S1',
			'2021'
		]);
	});

	it("joins each indicator to its target of the year asked, and a fiche's breakdown values in order", async () => {
		const { db, schemeId, ficheId, meetings, children, ajaccio, porticcio } = await setUp();
		await db
			.insertInto('indicator_target')
			.values([
				{ indicator_id: meetings.id, year: 2020, value: 5 },
				{ indicator_id: meetings.id, year: 2021, value: 10 }
			])
			.execute();
		const rows = await sq
			.indicatorsWithTarget(db, schemeId, 2021)
			.select(['indicator.id', 'indicator_target.value as target'])
			.execute();
		expect(rows.find((r) => r.id === meetings.id)?.target).toBe(10);
		expect(rows.find((r) => r.id === children.id)?.target).toBeNull();
		expect(
			(await sq.listFicheTargets(db, ficheId))
				.filter((t) => t.indicator_id === meetings.id)
				.map((t) => [t.year, t.value])
		).toEqual([
			[2020, 5],
			[2021, 10]
		]);
		const values = await sq.listFicheBreakdownValues(db, ficheId);
		expect(values.filter((v) => v.indicator_id === children.id).map((v) => v.id)).toEqual([
			ajaccio.id,
			porticcio.id
		]);
		expect(
			(await sq.listBreakdownValues(db, schemeId)).filter((v) => v.indicator_id === children.id)
		).toEqual(values.filter((v) => v.indicator_id === children.id));
	});
});
