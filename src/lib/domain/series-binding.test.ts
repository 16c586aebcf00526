import { describe, expect, it } from 'vitest';
import { foldSeriesIntoPeriods, readSeriesChoice, seriesChoice } from './series-binding';

const periods = [
	{ id: 1, year: 2021, kind: 'annee' as const },
	{ id: 2, year: 2022, kind: 'annee' as const },
	{ id: 3, year: 2023, kind: 'annee' as const },
	{ id: 4, year: 2022, kind: 'semestre' as const }
];

describe('foldSeriesIntoPeriods', () => {
	it('gives one figure per expected period whose year has a value', () => {
		const figures = foldSeriesIntoPeriods('annuelle', periods, [
			{ year: 2021, value: 61.3, importId: 7 },
			{ year: 2022, value: 104.2, importId: 8 },
			{ year: 2019, value: 50, importId: 7 }
		]);
		expect(figures).toEqual([
			{ periodId: 1, value: 61.3, notAvailable: false, importId: 7 },
			{ periodId: 2, value: 104.2, notAvailable: false, importId: 8 }
		]);
	});

	it('makes an unpublished value « non disponible », never 0', () => {
		const [figure] = foldSeriesIntoPeriods('annuelle', periods, [
			{ year: 2023, value: null, importId: 9 }
		]);
		expect(figure).toEqual({ periodId: 3, value: null, notAvailable: true, importId: 9 });
	});

	it('skips periods the indicator does not expect', () => {
		const figures = foldSeriesIntoPeriods('semestrielle', periods, [
			{ year: 2022, value: 12, importId: 1 }
		]);
		expect(figures.map((f) => f.periodId)).toEqual([4]);
	});
});

describe('series choice', () => {
	it('round-trips and refuses anything else', () => {
		expect(readSeriesChoice(seriesChoice(12, 'txcouv_eaje'))).toEqual({
			territoryId: 12,
			seriesKey: 'txcouv_eaje'
		});
		expect(readSeriesChoice('12')).toBeNull();
		expect(readSeriesChoice('x:txcouv')).toBeNull();
		expect(readSeriesChoice(undefined)).toBeNull();
	});
});
