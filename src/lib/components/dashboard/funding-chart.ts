import { PALETTE, type ChartSpec } from '$lib/components/charts/chart-spec';

// Planned vs spent by strategic axis, for the dashboard (issue 17).

export function fundingSpec(
	totals: readonly { key: string; planned: number; spent: number }[]
): ChartSpec {
	return {
		type: 'bar',
		labels: totals.map((t) => t.key),
		datasets: [
			{ label: 'Prévu', data: totals.map((t) => t.planned), color: PALETTE[0] },
			{ label: 'Dépensé', data: totals.map((t) => t.spent), color: PALETTE[2] }
		],
		unit: 'montant',
		categoryLabel: 'Axe',
		valueLabel: 'Montant'
	};
}
