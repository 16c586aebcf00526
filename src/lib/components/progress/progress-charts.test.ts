import { describe, expect, it } from 'vitest';
import type { IndicatorProgress } from '$lib/server/dashboard/fiche-progress';
import { chartData } from '../charts/chart-spec';
import { indicatorChart } from './progress-charts';

const base: IndicatorProgress = {
	id: 1,
	label: 'Places ouvertes',
	measure: null,
	unit: 'nombre',
	polarity: 'higher_better',
	periodicity: 'annuelle',
	display: 'bar',
	periods: [
		{ code: '2020', label: 'Année 2020', shortLabel: '2020', year: 2020 },
		{ code: '2021', label: 'Année 2021', shortLabel: '2021', year: 2021 }
	],
	baseline: { value: 12, year: 2019 },
	targets: [null, 20],
	series: [{ label: 'Valeur', values: [15, 21] }],
	breakdownLabel: null,
	total: null,
	notAvailable: [],
	timeline: []
};

describe('indicator chart specs', () => {
	it('draws a count as bars with the target and the baseline as lines', () => {
		const spec = indicatorChart(base)!;
		expect(spec.type).toBe('bar');
		expect(spec.datasets.map((d) => [d.label, d.type ?? 'bar', d.dash ?? null])).toEqual([
			['Valeur validée', 'bar', null],
			['Cible', 'line', 'dashed'],
			['Valeur de référence (2019)', 'line', 'dotted']
		]);
		expect(chartData(spec)).toEqual({
			labels: ['2020', '2021'],
			datasets: [
				{ label: 'Valeur validée', data: [15, 21] },
				{ label: 'Cible', data: [null, 20] },
				{ label: 'Valeur de référence (2019)', data: [12, 12] }
			]
		});
	});

	it('draws rates as lines, one per breakdown value, with the total when there is a target', () => {
		const spec = indicatorChart({
			...base,
			unit: 'pourcentage',
			display: 'line',
			baseline: null,
			targets: [null, null],
			series: [
				{ label: 'Ajaccio', values: [40, 45] },
				{ label: 'Porticcio', values: [null, 50] }
			],
			breakdownLabel: 'Commune'
		})!;
		expect(spec.type).toBe('line');
		expect(spec.unit).toBe('pourcentage');
		expect(spec.datasets.map((d) => d.label)).toEqual(['Ajaccio', 'Porticcio']);
		const counted = indicatorChart({
			...base,
			baseline: null,
			series: [
				{ label: 'A', values: [1, 2] },
				{ label: 'B', values: [3, 4] }
			],
			total: [4, 6]
		})!;
		expect(counted.datasets.map((d) => d.label)).toEqual(['A', 'B', 'Total', 'Cible']);
	});

	it('has no chart for yes/no and text indicators (a timeline instead)', () => {
		expect(
			indicatorChart({ ...base, unit: 'oui_non', display: 'timeline', series: [] })
		).toBeNull();
	});
});
