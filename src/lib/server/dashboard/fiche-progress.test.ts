import { beforeEach, describe, expect, it } from 'vitest';
import { getFicheProgress, shortPeriodLabel } from './fiche-progress';
import { createDashboardDb, insertFigures, insertPeriod, QueryCounter } from './test-data';

let data: Awaited<ReturnType<typeof createDashboardDb>>;
beforeEach(async () => {
	data = await createDashboardDb();
});

async function progressOf(fiche: string, user = data.reader) {
	const result = await getFicheProgress(data.db, user, { scheme: data.slug, fiche });
	if (!result.ok) throw new Error(result.message);
	return result.progress;
}

describe('getFicheProgress', () => {
	it('gives each numeric indicator its validated values over the periods, with targets and baseline', async () => {
		const progress = await progressOf('11-bis');
		const byLabel = Object.fromEntries(progress.indicators.map((i) => [i.measure ?? i.label, i]));
		const places = byLabel['Places ouvertes'];
		expect(places.display).toBe('bar');
		expect(places.periods.map((p) => p.code)).toEqual(['2020', '2021']);
		expect(places.series).toEqual([{ label: 'Valeur', values: [15, 21] }]);
		expect(places.targets).toEqual([null, 20]);
		expect(places.baseline).toEqual({ value: 12, year: 2019 });

		const meetings = byLabel['Nombre de réunions'];
		expect(meetings.series).toEqual([{ label: 'Valeur', values: [null, 8] }]);
		expect(meetings.targets).toEqual([null, 10]);
	});

	it('splits a breakdown into one series per value; drafts are not shown; rates are lines', async () => {
		const progress = await progressOf('11-bis');
		const [count, rate] = progress.indicators.filter((i) => i.breakdownLabel === 'Commune');
		expect(count.series).toEqual([
			{ label: 'Ajaccio', values: [3, 5] },
			{ label: 'Porticcio', values: [4, 7] }
		]);
		// No target: no total line needed.
		expect(count.total).toBeNull();
		expect(rate.display).toBe('line');
		// The 2021 percentage for Ajaccio is a draft: not validated, not shown.
		expect(rate.series.map((s) => s.values)).toEqual([
			[null, null],
			[null, null]
		]);
	});

	it('adds the breakdown total when the indicator has a target', async () => {
		await data.db
			.insertInto('indicator_target')
			.values({ indicator_id: data.indicators.children, year: 2021, value: 10 })
			.execute();
		const count = (await progressOf('11-bis')).indicators.find(
			(i) => i.id === data.indicators.children
		)!;
		expect(count.total).toEqual([7, 12]);
		expect(count.targets).toEqual([null, 10]);
	});

	it('puts yes/no answers on a timeline, "non disponible" included', async () => {
		const website = (await progressOf('10')).indicators.find(
			(i) => i.id === data.indicators.website
		)!;
		expect(website.display).toBe('timeline');
		expect(website.series).toEqual([]);
		expect(website.timeline).toEqual([
			{ code: '2020', label: 'Année 2020', breakdown: null, display: 'Oui' },
			{ code: '2021', label: 'Année 2021', breakdown: null, display: 'Non disponible' }
		]);
		expect(website.notAvailable).toEqual(['2021']);
	});

	it('keeps only the periods of the indicator’s periodicity', async () => {
		const { id: semester } = await data.db
			.insertInto('reporting_period')
			.values({
				scheme_id: data.schemeId,
				code: '2021-S1',
				kind: 'semestre',
				year: 2021,
				number: 1,
				starts_on: '2021-01-01',
				ends_on: '2021-06-30',
				opens_on: '2021-07-01',
				closes_on: '2021-08-31',
				state: 'validee'
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await data.db
			.updateTable('indicator')
			.set({ periodicity: 'semestrielle' })
			.where('id', '=', data.indicators.satisfaction)
			.execute();
		await insertFigures(data.db, [
			{
				indicatorId: data.indicators.satisfaction,
				periodId: semester,
				number: 75.5,
				status: 'valide'
			}
		]);
		const satisfaction = (await progressOf('11')).indicators[0];
		expect(satisfaction.periods).toEqual([
			{ code: '2021-S1', label: '1er semestre 2021', shortLabel: 'S1 2021', year: 2021 }
		]);
		expect(satisfaction.series[0].values).toEqual([75.5]);
		expect(satisfaction.targets).toEqual([80]);
	});

	it('flags demonstration figures', async () => {
		expect((await progressOf('11-bis')).demo).toBe(false);
		await data.db.updateTable('figure').set({ demo: 1 }).execute();
		expect((await progressOf('11-bis')).demo).toBe(true);
	});

	it('needs sign-in for a private scheme; unknown fiche is not found', async () => {
		// Private: not found for who may not read it (the route gate sends them to sign in).
		expect(
			await getFicheProgress(data.db, null, { scheme: data.slug, fiche: '11-bis' })
		).toMatchObject({ ok: false, reason: 'not_found' });
		expect(
			await getFicheProgress(data.db, data.reader, { scheme: data.slug, fiche: '99' })
		).toMatchObject({ ok: false, reason: 'not_found' });
	});

	it('uses the same number of queries whatever the number of periods and figures', async () => {
		const count = async () => {
			const counter = new QueryCounter();
			await getFicheProgress(data.db.withPlugin(counter), data.reader, {
				scheme: data.slug,
				fiche: '11-bis'
			});
			return counter.count;
		};
		const before = await count();
		const p2022 = await insertPeriod(data.db, data.schemeId, 2022, 'validee');
		await insertFigures(data.db, [
			{ indicatorId: data.indicators.places, periodId: p2022, number: 30, status: 'valide' }
		]);
		expect(await count()).toBe(before);
		expect(before).toBeLessThanOrEqual(7);
	});

	it('writes short period labels for chart axes', () => {
		expect(shortPeriodLabel({ kind: 'annee', year: 2019, number: null })).toBe('2019');
		expect(shortPeriodLabel({ kind: 'trimestre', year: 2019, number: 3 })).toBe('T3 2019');
	});
});
