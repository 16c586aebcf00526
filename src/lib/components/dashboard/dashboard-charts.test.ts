import { describe, expect, it } from 'vitest';
import { FICHE_STATES } from '$lib/domain/enums';
import { METEOS } from '$lib/domain/dashboard';
import { chartData, formatChartValue } from '../charts/chart-spec';
import { entryChart, meteoChart, stateChart } from './dashboard-charts';

const counts = (values: Partial<Record<(typeof FICHE_STATES)[number], number>>) =>
	Object.fromEntries(FICHE_STATES.map((s) => [s, values[s] ?? 0])) as Record<
		(typeof FICHE_STATES)[number],
		number
	>;
const meteo = (values: Partial<Record<(typeof METEOS)[number], number>>) =>
	Object.fromEntries(METEOS.map((m) => [m, values[m] ?? 0])) as Record<
		(typeof METEOS)[number],
		number
	>;

const axes = [
	{
		code: '1',
		title: 'Accueillir',
		counts: counts({ a_lancer: 2, en_cours: 1 }),
		meteo: meteo({ on_track: 2, at_risk: 1 })
	},
	{ code: '2', title: 'Informer', counts: counts({ realisee: 1 }), meteo: meteo({ on_track: 1 }) }
];

describe('dashboard chart specs', () => {
	it('stacks fiches by state per axis, leaving out states no fiche is in', () => {
		const spec = stateChart(axes, 'Axe');
		expect(spec).toMatchObject({
			type: 'bar',
			stacked: true,
			unit: 'nombre',
			categoryLabel: 'Axe'
		});
		expect(chartData(spec)).toEqual({
			labels: ['Axe 1 — Accueillir', 'Axe 2 — Informer'],
			datasets: [
				{ label: 'À lancer', data: [2, 0] },
				{ label: 'En cours', data: [1, 0] },
				{ label: 'Réalisée', data: [0, 1] }
			]
		});
	});

	it('stacks weathers per axis', () => {
		expect(chartData(meteoChart(axes, 'Axe')).datasets).toEqual([
			{ label: 'En bonne voie', data: [2, 1] },
			{ label: 'À surveiller', data: [1, 0] }
		]);
	});

	it('keeps every series when everything is zero, so the table still has its columns', () => {
		const empty = [{ code: '1', title: 'A', counts: counts({}), meteo: meteo({}) }];
		expect(stateChart(empty, 'Axe').datasets).toHaveLength(FICHE_STATES.length);
	});

	it('groups expected, entered and validated figures per organisation', () => {
		const spec = entryChart([
			{ label: 'CAF 87', expected: 10, entered: 8, validated: 5 },
			{ label: 'CD 87', expected: 4, entered: 4, validated: 4 }
		]);
		expect(spec.stacked).toBeUndefined();
		expect(chartData(spec)).toEqual({
			labels: ['CAF 87', 'CD 87'],
			datasets: [
				{ label: 'Attendus', data: [10, 4] },
				{ label: 'Saisis', data: [8, 4] },
				{ label: 'Validés', data: [5, 4] }
			]
		});
	});

	it('formats values in French', () => {
		expect(formatChartValue(1234.5, 'nombre')).toBe('1\u202f234,5');
		expect(formatChartValue(12.5, 'pourcentage')).toBe('12,5\u202f%');
		expect(formatChartValue(1234.56, 'montant')).toBe('1\u202f234,56\u00a0€');
		expect(formatChartValue(null, 'nombre')).toBe('—');
	});
});
