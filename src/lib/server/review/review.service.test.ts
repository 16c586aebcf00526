import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { METEOS } from '$lib/domain/dashboard';
import { FICHE_STATES, INDICATOR_UNITS } from '$lib/domain/enums';
import { formatFigureNumber, formatFigureValue } from '$lib/domain/figures';
import { hauteViennePlan } from '$seeds/haute-vienne-2017-2021';
import { overrideMeteo, getDashboard } from '../dashboard/dashboard.service';
import { QueryCounter, createSizedDb } from '../dashboard/test-data';
import type { PackFiche, ReviewPack } from './review-pack';
import { createDemoDb, DEMO_SLUG, DEMO_TODAY } from './review-test-db';
import { getReviewPack } from './review.service';

const where2018 = { scheme: DEMO_SLUG, period: '2018' };

async function pack2018(extra?: Parameters<typeof createDemoDb>[0]) {
	const { db, users } = await createDemoDb(extra);
	const result = await getReviewPack(db, users.reader, where2018, { today: DEMO_TODAY });
	if (!result.ok) throw new Error(result.message);
	return { db, users, pack: result.pack };
}

const allFiches = (pack: ReviewPack): PackFiche[] => pack.axes.flatMap((a) => a.fiches);

describe('getReviewPack', () => {
	it('has a cover, one section per strategic axis and every fiche once, in booklet order', async () => {
		const { db, pack } = await pack2018();
		expect(pack.scheme.title).toBe(hauteViennePlan.scheme.title);
		expect(pack.period).toMatchObject({ code: '2018', label: 'Année 2018', state: 'validee' });
		expect(pack.previousPeriod).toEqual({ code: '2017', label: 'Année 2017' });
		expect(pack.demo).toBe(true);
		expect(pack.axes.map((a) => a.code)).toEqual(hauteViennePlan.tree.map((n) => n.code));
		expect(new Set(pack.axes.map((a) => a.anchor)).size).toBe(pack.axes.length);

		const numbers = await db.selectFrom('fiche').select('number').orderBy('number_sort').execute();
		const packed = allFiches(pack).map((f) => f.number);
		expect([...packed].sort()).toEqual(numbers.map((f) => f.number).sort());
		expect(new Set(packed).size).toBe(packed.length);
		// Within an axis, fiches keep the booklet's order.
		for (const axis of pack.axes) {
			const order = numbers
				.map((f) => f.number)
				.filter((n) => axis.fiches.some((f) => f.number === n));
			expect(axis.fiches.map((f) => f.number)).toEqual(order);
		}
	});

	it('sums the axis summaries into the scheme summary', async () => {
		const { pack } = await pack2018();
		const sum = (pick: (a: ReviewPack['axes'][number]) => number) =>
			pack.axes.reduce((total, axis) => total + pick(axis), 0);
		expect(pack.summary.ficheCount).toBe(sum((a) => a.summary.ficheCount));
		expect(pack.summary.figures.validated).toBe(sum((a) => a.summary.figures.validated));
		for (const state of FICHE_STATES)
			expect(pack.summary.byState[state]).toBe(sum((a) => a.summary.byState[state]));
		for (const meteo of METEOS)
			expect(pack.summary.byMeteo[meteo]).toBe(sum((a) => a.summary.byMeteo[meteo]));
		for (const axis of pack.axes) {
			expect(axis.summary.ficheCount).toBe(axis.fiches.length);
			expect(axis.summary.figures.expected).toBe(
				axis.fiches.reduce((n, f) => n + f.progress.expected, 0)
			);
		}
		// 2018 is validated in the demo: everything expected is validated.
		expect(pack.summary.figures.validated).toBe(pack.summary.figures.expected);
		expect(pack.summary.figures.expected).toBeGreaterThan(0);
	});

	it('quotes the validated figures with their change from the previous period', async () => {
		const { db, pack } = await pack2018();
		const periods = await db.selectFrom('reporting_period').select(['id', 'code']).execute();
		const periodId = (code: string) => periods.find((p) => p.code === code)!.id;
		const figure = allFiches(pack)
			.flatMap((f) => f.figures)
			.find((f) => f.unit === 'nombre' && f.breakdown.length === 0 && f.value !== null)!;
		const stored = async (code: string) =>
			(
				await db
					.selectFrom('figure')
					.select('value_number')
					.where('indicator_id', '=', figure.indicatorId)
					.where('period_id', '=', periodId(code))
					.where('breakdown_value_id', 'is', null)
					.executeTakeFirstOrThrow()
			).value_number!;
		const [v2018, v2017] = [await stored('2018'), await stored('2017')];
		expect(figure.value).toBe(v2018);
		expect(figure.previous?.value).toBe(v2017);
		expect(figure.change?.value).toBe(v2018 - v2017);
		expect(figure.change?.display).toMatch(
			v2018 === v2017 ? /^stable$/ : v2018 > v2017 ? /^\+/ : /^−/
		);
		expect(figure.history.map((h) => [h.code, h.value])).toEqual([
			['2017', v2017],
			['2018', v2018]
		]);
	});

	it('adds a complete breakdown of counts into its total and keeps each value for the bars', async () => {
		const { pack } = await pack2018();
		const withBreakdown = allFiches(pack)
			.flatMap((f) => f.figures)
			.filter((f) => f.breakdown.length > 0 && f.unit === 'nombre');
		expect(withBreakdown.length).toBeGreaterThan(0);
		for (const figure of withBreakdown) {
			expect(figure.breakdownLabel).not.toBeNull();
			expect(figure.value).toBe(figure.breakdown.reduce((sum, b) => sum + (b.value ?? 0), 0));
		}
	});

	it('quotes only validated figures: drafts count as entered, never as values', async () => {
		const { db, users } = await createDemoDb();
		const result = await getReviewPack(
			db,
			users.admin,
			{ scheme: DEMO_SLUG, period: '2019' },
			{ today: DEMO_TODAY }
		);
		if (!result.ok) throw new Error(result.message);
		const drafts = await db
			.selectFrom('figure')
			.innerJoin('reporting_period', 'reporting_period.id', 'figure.period_id')
			.select(['figure.indicator_id'])
			.where('reporting_period.code', '=', '2019')
			.where('figure.status', '!=', 'valide')
			.execute();
		expect(drafts.length).toBeGreaterThan(0);
		const figures = allFiches(result.pack).flatMap((f) => f.figures);
		for (const { indicator_id } of drafts) {
			const figure = figures.find((f) => f.indicatorId === indicator_id);
			expect(figure?.display).toBe('');
			expect(figure?.validated).toBe(false);
		}
		expect(result.pack.summary.figures.entered).toBeGreaterThan(0);
		expect(result.pack.summary.figures.validated).toBe(0);
	});

	it('gives every fiche the weather of the dashboard, overrides included', async () => {
		const { db, users } = await createDemoDb();
		const fiche = (
			await db.selectFrom('fiche').select('slug').orderBy('number_sort').executeTakeFirstOrThrow()
		).slug;
		const override = await overrideMeteo(
			db,
			users.admin,
			{ scheme: DEMO_SLUG, fiche, period: '2018' },
			{ meteo: 'off_track', reason: 'Partenaire retiré en cours d’année.' },
			0
		);
		expect(override.ok).toBe(true);
		const result = await getReviewPack(db, users.reader, where2018, { today: DEMO_TODAY });
		const dashboard = await getDashboard(
			db,
			users.reader,
			DEMO_SLUG,
			{ periode: '2018' },
			DEMO_TODAY
		);
		if (!result.ok || !dashboard.ok) throw new Error('pack or dashboard refused');
		const weather = new Map(dashboard.dashboard.fiches.map((f) => [f.slug, f.effective]));
		for (const f of allFiches(result.pack)) expect(f.meteo).toBe(weather.get(f.slug));
		const adjusted = allFiches(result.pack).find((f) => f.slug === fiche)!;
		expect(adjusted.meteo).toBe('off_track');
		expect(adjusted.meteoOverride?.reason).toBe('Partenaire retiré en cours d’année.');
	});

	it('refuses an anonymous visitor on a private scheme, and unknown schemes or periods', async () => {
		const { db } = await createDemoDb();
		// Private: not found for an anonymous visitor, as an unknown scheme.
		expect(await getReviewPack(db, null, where2018)).toMatchObject({
			ok: false,
			reason: 'not_found'
		});
		expect(await getReviewPack(db, null, { scheme: 'inconnu', period: '2018' })).toMatchObject({
			ok: false,
			reason: 'not_found'
		});
		const { users } = await createDemoDb();
		expect(
			await getReviewPack(db, users.reader, { scheme: DEMO_SLUG, period: '2031' })
		).toMatchObject({
			ok: false,
			reason: 'not_found'
		});
	});

	it('is plain JSON: a stored copy reads back identical', async () => {
		const { pack } = await pack2018();
		expect(JSON.parse(JSON.stringify(pack))).toEqual(pack);
	});

	it('runs the same number of queries for 6 fiches as for 60', async () => {
		const counts: number[] = [];
		for (const size of [6, 60]) {
			const { db, slug, reader } = await createSizedDb(size);
			const counter = new QueryCounter();
			const counted = db.withPlugin(counter);
			const result = await getReviewPack(
				counted,
				reader,
				{ scheme: slug, period: '2021' },
				{ today: '2021-06-30' }
			);
			expect(result.ok).toBe(true);
			if (result.ok) expect(allFiches(result.pack)).toHaveLength(size);
			counts.push(counter.count);
		}
		expect(counts[0]).toBe(counts[1]);
		expect(counts[0]).toBeGreaterThan(5);
		expect(counts[0]).toBeLessThanOrEqual(20);
	});
});

describe('formatFigureNumber (cached formats)', () => {
	it('writes every number exactly as a freshly built French format does, for every unit', () => {
		for (const unit of INDICATOR_UNITS) {
			fc.assert(
				fc.property(
					fc.oneof(
						fc.integer({ min: -1_000_000, max: 1_000_000_000 }),
						fc.double({ min: -1e12, max: 1e12, noNaN: true, noDefaultInfinity: true }),
						fc.integer({ min: 0, max: 100_000 }).map((n) => n / 100)
					),
					(value) => {
						const max = unit === 'montant' ? 2 : unit === 'pourcentage' ? 1 : 0;
						const min = unit === 'montant' && !Number.isInteger(value) ? 2 : 0;
						const fresh = new Intl.NumberFormat('fr-FR', {
							maximumFractionDigits: max,
							minimumFractionDigits: min
						}).format(value);
						const suffix = unit === 'pourcentage' ? '\u202f%' : unit === 'montant' ? '\u00a0€' : '';
						return (
							formatFigureNumber(unit, value) === fresh + suffix &&
							formatFigureValue(unit, { kind: 'number', value }) === fresh + suffix
						);
					}
				)
			);
		}
	});
});
