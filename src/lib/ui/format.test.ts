import { describe, expect, it } from 'vitest';
import {
	formatAmount,
	formatDate,
	formatIndicatorValue,
	formatNumber,
	formatPercent,
	pluralize
} from './format';

/** fr-FR uses U+202F (narrow no-break space) to group thousands; older ICU used U+00A0. */
const SPACE = '[\\u202f\\u00a0 ]';

describe('formatNumber', () => {
	it('groups thousands with a (narrow) no-break space and uses a decimal comma', () => {
		expect(formatNumber(1234.5)).toMatch(new RegExp(`^1${SPACE}234,5$`));
		expect(formatNumber(1234.5).charCodeAt(1)).toBe(0x202f);
	});

	it('leaves small integers alone and rounds to two decimals', () => {
		expect(formatNumber(12)).toBe('12');
		expect(formatNumber(0)).toBe('0');
		expect(formatNumber(3.14159)).toBe('3,14');
		expect(formatNumber(-1500)).toMatch(new RegExp(`^-1${SPACE}500$`));
	});

	it('shows a dash for non-finite values', () => {
		expect(formatNumber(Number.NaN)).toBe('—');
		expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('—');
	});
});

describe('formatPercent', () => {
	it('formats points with a no-break space before the sign', () => {
		expect(formatPercent(80)).toMatch(new RegExp(`^80${SPACE}%$`));
		expect(formatPercent(12.5)).toMatch(new RegExp(`^12,5${SPACE}%$`));
		// A share of fiches reads to one decimal, not « 2,42 % ».
		expect(formatPercent((1 / 41.25) * 100)).toMatch(new RegExp(`^2,4${SPACE}%$`));
	});

	it('accepts ratios', () => {
		expect(formatPercent(0.125, { ratio: true })).toMatch(new RegExp(`^12,5${SPACE}%$`));
		expect(formatPercent(1, { ratio: true })).toMatch(new RegExp(`^100${SPACE}%$`));
	});
});

describe('formatAmount', () => {
	it('formats euros', () => {
		expect(formatAmount(1234.5)).toMatch(new RegExp(`^1${SPACE}234,50${SPACE}€$`));
	});
});

describe('formatDate', () => {
	it('turns an ISO date into dd/mm/yyyy', () => {
		expect(formatDate('2018-12-31')).toBe('31/12/2018');
		expect(formatDate('2017-01-05T10:00:00Z')).toBe('05/01/2017');
	});

	it('returns free text unchanged and blank for nothing', () => {
		expect(formatDate('2017/2018')).toBe('2017/2018');
		expect(formatDate(null)).toBe('');
		expect(formatDate(undefined)).toBe('');
		expect(formatDate('')).toBe('');
	});
});

describe('pluralize', () => {
	it('agrees in French (0 and 1 are singular)', () => {
		expect(pluralize(0, 'fiche')).toBe('0 fiche');
		expect(pluralize(1, 'fiche')).toBe('1 fiche');
		expect(pluralize(20, 'fiche')).toBe('20 fiches');
		expect(pluralize(2, 'axe stratégique', 'axes stratégiques')).toBe('2 axes stratégiques');
	});
});

describe('formatIndicatorValue', () => {
	it('uses the unit', () => {
		expect(formatIndicatorValue(1500, 'nombre')).toMatch(new RegExp(`^1${SPACE}500$`));
		expect(formatIndicatorValue(75, 'pourcentage')).toMatch(new RegExp(`^75${SPACE}%$`));
		expect(formatIndicatorValue(1, 'oui_non')).toBe('Oui');
		expect(formatIndicatorValue(0, 'oui_non')).toBe('Non');
		expect(formatIndicatorValue(10, 'montant')).toMatch(new RegExp(`^10,00${SPACE}€$`));
	});
});

describe('formatDateTime', () => {
	it('shows a UTC timestamp in Paris time, winter and summer', async () => {
		const { formatDateTime } = await import('./format');
		expect(formatDateTime('2018-03-12T09:05:00.000Z')).toBe('12/03/2018 à 10:05');
		expect(formatDateTime('2018-07-01T22:30:00Z')).toBe('02/07/2018 à 00:30');
		expect(formatDateTime('pas une date')).toBe('pas une date');
	});
});
