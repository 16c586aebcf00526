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

const UNIT_SUFFIX: Record<ChartUnit, string> = { nombre: '', pourcentage: ' (%)', montant: ' (€)' };

/** Title of the value axis with its unit: "Nombre de fiches", "Montant (€)". */
export function valueAxisTitle(spec: ChartSpec): string {
	return spec.valueLabel ? `${spec.valueLabel}${UNIT_SUFFIX[spec.unit]}` : '';
}

/**
 * A category label cut into lines of at most `width` characters (at word boundaries), at most
 * `lines` of them, the last one ending in « … » when text was left out: a tick never runs past
 * its slot. The full label stays in the tooltip and in the table.
 */
export function wrapLabel(label: string, width: number, lines = 3): string[] {
	const out: string[] = [];
	let line = '';
	for (const word of label.split(/\s+/).filter(Boolean)) {
		const next = line ? `${line} ${word}` : word;
		if (next.length <= width || !line) line = next;
		else {
			out.push(line);
			line = word;
		}
	}
	if (line) out.push(line);
	const fitted = out.map((l) => (l.length > width ? `${l.slice(0, Math.max(1, width - 1))}…` : l));
	if (fitted.length <= lines) return fitted;
	const kept = fitted.slice(0, lines);
	const last = kept[lines - 1];
	kept[lines - 1] = last.endsWith('…')
		? last
		: `${last.length >= width ? last.slice(0, Math.max(1, width - 1)) : last}…`;
	return kept;
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
