import type { IndicatorUnit } from '$lib/domain/enums';

// Number and date formats of the report workbooks. Format codes are written the way the file
// stores them (point for decimals, comma for thousands); French Excel and LibreOffice display
// them with French separators: "1 234", "12,5 %", "1 234,56 €", "31/12/2018".

export const NUMBER_FORMATS = {
	integer: '#,##0',
	/** Percentages are stored as ratios (0.125) so that Excel computes with them. */
	percent: '0.0 %',
	euro: '#,##0.00 "€"',
	date: 'dd/mm/yyyy',
	dateTime: 'dd/mm/yyyy hh:mm',
	/** Gaps to the target keep their sign. */
	signedInteger: '+#,##0;-#,##0;0',
	signedPercent: '+0.0 %;-0.0 %;0.0 %',
	signedEuro: '+#,##0.00 "€";-#,##0.00 "€";0.00 "€"',
	/** Shares of a count (validated / expected). */
	share: '0.0 %'
} as const;

/** The format of a value of an indicator unit; null for text units. */
export function unitFormat(unit: IndicatorUnit, signed = false): string | null {
	switch (unit) {
		case 'nombre':
			return signed ? NUMBER_FORMATS.signedInteger : NUMBER_FORMATS.integer;
		case 'pourcentage':
			return signed ? NUMBER_FORMATS.signedPercent : NUMBER_FORMATS.percent;
		case 'montant':
			return signed ? NUMBER_FORMATS.signedEuro : NUMBER_FORMATS.euro;
		default:
			return null;
	}
}

/** A percentage in points (12.5) as the ratio a "%" format expects (0.125), without binary noise. */
export function percentCell(points: number): number {
	return Math.round(points * 1000) / 100_000;
}

/** A number of an indicator unit as it goes into a cell (percentages become ratios). */
export function unitCell(unit: IndicatorUnit, value: number): number {
	return unit === 'pourcentage' ? percentCell(value) : value;
}

/** "2018-12-31" → a date cell (UTC midnight, which is how Excel stores a day). */
export function excelDate(iso: string | null): Date | null {
	if (!iso) return null;
	const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
	if (!match) return null;
	return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

const PARIS = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'Europe/Paris',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
	hourCycle: 'h23'
});

/**
 * A UTC timestamp as a date-time cell showing Paris time: cells have no time zone, so the cell
 * holds the wall-clock time people in France read ("12/03/2018 11:05").
 */
export function excelDateTime(iso: string | null): Date | null {
	if (!iso) return null;
	// Reports repeat the same timestamps (a period validated at once): each is converted once.
	const known = wallClock.get(iso);
	if (known !== undefined) return known;
	const converted = toWallClock(iso);
	if (wallClock.size >= 20_000) wallClock.clear();
	wallClock.set(iso, converted);
	return converted;
}

const wallClock = new Map<string, Date | null>();

function toWallClock(iso: string): Date | null {
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) return null;
	const parts = Object.fromEntries(PARIS.formatToParts(date).map((p) => [p.type, p.value]));
	return new Date(
		Date.UTC(
			Number(parts.year),
			Number(parts.month) - 1,
			Number(parts.day),
			Number(parts.hour),
			Number(parts.minute),
			Number(parts.second)
		)
	);
}

/** The day of a date ("2018-12-31") or of a UTC timestamp, in Paris, as a date cell. */
export function excelDay(iso: string | null): Date | null {
	if (!iso) return null;
	if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return excelDate(iso);
	const local = excelDateTime(iso);
	return local
		? new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()))
		: null;
}
