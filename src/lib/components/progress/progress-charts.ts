import type { IndicatorProgress } from '$lib/server/dashboard/fiche-progress';
import { PALETTE, type ChartSpec, type ChartUnit } from '../charts/chart-spec';

// One chart per numeric indicator of a fiche: the values over the periods (bars for counts, lines
// for rates and amounts; one series per breakdown value), with the target and the baseline as
// lines. Browser-safe.

/** The chart of an indicator, or null for yes/no and text indicators (shown as a timeline). */
export function indicatorChart(indicator: IndicatorProgress): ChartSpec | null {
	if (indicator.display === 'timeline') return null;
	const unit = indicator.unit as ChartUnit;
	const datasets: ChartSpec['datasets'] = indicator.series.map((s, i) => ({
		label: indicator.series.length > 1 ? s.label : 'Valeur validée',
		color: PALETTE[i % PALETTE.length],
		data: [...s.values]
	}));
	if (indicator.total) {
		datasets.push({ label: 'Total', type: 'line', color: '#3a3a3a', data: [...indicator.total] });
	}
	if (indicator.targets.some((t) => t !== null)) {
		datasets.push({
			label: 'Cible',
			type: 'line',
			color: '#ce0500',
			dash: 'dashed',
			data: [...indicator.targets]
		});
	}
	if (indicator.baseline) {
		const { value, year } = indicator.baseline;
		datasets.push({
			label: `Valeur de référence (${year})`,
			type: 'line',
			color: '#6a6a6a',
			dash: 'dotted',
			data: indicator.periods.map(() => value)
		});
	}
	return {
		type: indicator.display === 'bar' ? 'bar' : 'line',
		unit,
		categoryLabel: 'Période',
		labels: indicator.periods.map((p) => p.shortLabel),
		datasets
	};
}
