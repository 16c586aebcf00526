import { FICHE_STATES, FICHE_STATE_LABELS, type FicheState } from '$lib/domain/enums';
import { METEOS, METEO_LABELS, type Meteo } from '$lib/domain/dashboard';
import type { ChartSpec } from '../charts/chart-spec';

// The dashboard's charts as specs, from the aggregates the server computed. Browser-safe.

export const STATE_COLOURS: Record<FicheState, string> = {
	a_elaborer: '#6a6a6a',
	a_lancer: '#b34000',
	en_cours: '#0063cb',
	realisee: '#18753c',
	suspendue: '#8d533e',
	abandonnee: '#ce0500'
};

export const METEO_COLOURS: Record<Meteo, string> = {
	on_track: '#18753c',
	at_risk: '#b34000',
	off_track: '#ce0500',
	not_assessed: '#6a6a6a'
};

type AxisRow = {
	code: string;
	title: string;
	counts: Record<FicheState, number>;
	meteo: Record<Meteo, number>;
};

/** Keys with at least one non-zero count (all of them when everything is zero). */
function used<K extends string>(keys: readonly K[], rows: Record<K, number>[]): K[] {
	const some = keys.filter((k) => rows.some((r) => r[k] > 0));
	return some.length ? some : [...keys];
}

/** Fiches counted by `keys` (states or weathers), one stacked bar per strategic axis. */
function axisChart<K extends string>(
	axes: AxisRow[],
	axisLabel: string,
	keys: readonly K[],
	countsOf: (axis: AxisRow) => Record<K, number>,
	labels: Record<K, string>,
	colours: Record<K, string>
): ChartSpec {
	return {
		type: 'bar',
		stacked: true,
		unit: 'nombre',
		categoryLabel: axisLabel,
		valueLabel: 'Nombre de fiches',
		// The axis's title too: « Axe stratégique 3 » alone says nothing to a committee.
		labels: axes.map((a) => `${axisLabel} ${a.code} — ${a.title}`),
		datasets: used(keys, axes.map(countsOf)).map((key) => ({
			label: labels[key],
			color: colours[key],
			data: axes.map((a) => countsOf(a)[key])
		}))
	};
}

/** Fiches by state, one stacked bar per strategic axis. */
export function stateChart(axes: AxisRow[], axisLabel: string): ChartSpec {
	return axisChart(
		axes,
		axisLabel,
		FICHE_STATES,
		(a) => a.counts,
		FICHE_STATE_LABELS,
		STATE_COLOURS
	);
}

/** Fiches by weather, one stacked bar per strategic axis. */
export function meteoChart(axes: AxisRow[], axisLabel: string): ChartSpec {
	return axisChart(axes, axisLabel, METEOS, (a) => a.meteo, METEO_LABELS, METEO_COLOURS);
}

/** Figures expected, entered and validated per pilot organisation (grouped bars). */
export function entryChart(
	rows: { label: string; expected: number; entered: number; validated: number }[]
): ChartSpec {
	return {
		type: 'bar',
		unit: 'nombre',
		categoryLabel: 'Organisation pilote',
		valueLabel: 'Nombre de chiffres',
		labels: rows.map((r) => r.label),
		datasets: [
			{ label: 'Attendus', color: '#6a6a6a', data: rows.map((r) => r.expected) },
			{ label: 'Saisis', color: '#0063cb', data: rows.map((r) => r.entered) },
			{ label: 'Validés', color: '#18753c', data: rows.map((r) => r.validated) }
		]
	};
}
