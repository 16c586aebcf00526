import type { Periodicity } from './enums';
import { isIndicatorExpectedInPeriod } from './figures';

// An indicator bound to a public series (issue 17, item 5): its figures are the series' values,
// one per reporting period the indicator expects whose year has a value. A value the producer did
// not publish (blank cell, « non diffusé ») is the figure « non disponible », never 0.

export type FoldPeriod = { id: number; year: number; kind: 'annee' | 'semestre' | 'trimestre' };
export type FoldValue = { year: number; value: number | null; importId: number };
export type FoldedFigure = {
	periodId: number;
	value: number | null;
	notAvailable: boolean;
	importId: number;
};

/** The figures a series gives an indicator: periods without a value of their year get none. */
export function foldSeriesIntoPeriods(
	periodicity: Periodicity,
	periods: readonly FoldPeriod[],
	values: readonly FoldValue[]
): FoldedFigure[] {
	const byYear = new Map(values.map((v) => [v.year, v]));
	const figures: FoldedFigure[] = [];
	for (const period of periods) {
		if (!isIndicatorExpectedInPeriod(periodicity, period)) continue;
		const found = byYear.get(period.year);
		if (!found) continue;
		figures.push({
			periodId: period.id,
			value: found.value,
			notAvailable: found.value === null,
			importId: found.importId
		});
	}
	return figures;
}

/** The form value naming one series of one territory (`<territory id>:<series key>`). */
export function seriesChoice(territoryId: number, seriesKey: string): string {
	return `${territoryId}:${seriesKey}`;
}

export function readSeriesChoice(raw: unknown): { territoryId: number; seriesKey: string } | null {
	if (typeof raw !== 'string') return null;
	const match = /^(\d{1,12}):([a-z0-9_]{1,64})$/.exec(raw.trim());
	return match ? { territoryId: Number(match[1]), seriesKey: match[2] } : null;
}
