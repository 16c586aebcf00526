// What a chart shows, as plain data: the canvas and the accessible table beside it are both drawn
// from this one object, so they can never disagree. Browser-safe, no chart.js import here.

export type ChartUnit = 'nombre' | 'pourcentage' | 'montant';

export type ChartDataset = {
	label: string;
	data: (number | null)[];
	/** Inside a bar chart, a dataset may be a line (target, baseline). */
	type?: 'bar' | 'line';
	color: string;
	/** Dashed line (targets) or dotted (baselines): not colour alone. */
	dash?: 'dashed' | 'dotted';
};

export type ChartSpec = {
	type: 'bar' | 'line';
	/** Categories along the horizontal axis (strategic axes, organisations, periods). */
	labels: string[];
	datasets: ChartDataset[];
	stacked?: boolean;
	unit: ChartUnit;
	/** Header of the table's first column ("Axe", "Organisation pilote", "Période"). */
	categoryLabel: string;
	/** Title of the value axis ("Nombre de fiches"). */
	valueLabel?: string;
};

const formats: Record<ChartUnit, Intl.NumberFormat> = {
	nombre: new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 }),
	pourcentage: new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }),
	montant: new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 })
};

/** A value in French: "1 234,5", "12,5 %", "1 234,56 €"; null → "—". */
export function formatChartValue(value: number | null | undefined, unit: ChartUnit): string {
	if (value === null || value === undefined || !Number.isFinite(value)) return '—';
	const text = formats[unit].format(value);
	if (unit === 'pourcentage') return `${text}\u202f%`;
	if (unit === 'montant') return `${text}\u00a0€`;
	return text;
}

/** The data as the table and the tests read it: categories, and one row of values per dataset. */
export function chartData(spec: ChartSpec): {
	labels: string[];
	datasets: { label: string; data: (number | null)[] }[];
} {
	return {
		labels: [...spec.labels],
		datasets: spec.datasets.map((d) => ({ label: d.label, data: [...d.data] }))
	};
}

/** Colours of at least 4.5:1 on white; every chart also says everything in its table. */
export const PALETTE = [
	'#000091',
	'#b34000',
	'#18753c',
	'#8d533e',
	'#0063cb',
	'#a558a0',
	'#716043',
	'#3a3a3a'
];
