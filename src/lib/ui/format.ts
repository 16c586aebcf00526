// French formatting for the interface. Browser-safe: no server import.
// fr-FR groups thousands with a narrow no-break space (U+202F) and puts a no-break space
// (U+202F or U+00A0, depending on the ICU version) before "%" and "€": both are kept as is.

const numberFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
const currencyFormat = new Intl.NumberFormat('fr-FR', {
	style: 'currency',
	currency: 'EUR',
	maximumFractionDigits: 2
});

/** 1234.5 → "1 234,5" (narrow no-break space as thousands separator). */
export function formatNumber(value: number): string {
	if (!Number.isFinite(value)) return '—';
	return numberFormat.format(value);
}

/**
 * A percentage given in points, as plans write it, to one decimal like the figures themselves:
 * 12.5 → "12,5 %", 2.4242 → "2,4 %".
 * Pass `{ ratio: true }` when the value is a ratio (0.125 → "12,5 %").
 */
export function formatPercent(value: number, options: { ratio?: boolean } = {}): string {
	if (!Number.isFinite(value)) return '—';
	const points = options.ratio ? value * 100 : value;
	return `${numberFormat.format(Math.round(points * 10) / 10)}\u202f%`;
}

/** 1234.5 → "1 234,5 €". */
export function formatAmount(value: number): string {
	if (!Number.isFinite(value)) return '—';
	return currencyFormat.format(value);
}

/**
 * An ISO date ("2018-12-31", or a full ISO timestamp) → "31/12/2018".
 * Anything that is not a date is returned unchanged, so a free text never disappears.
 */
export function formatDate(value: string | null | undefined): string {
	if (!value) return '';
	const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.trim());
	if (!match) return value;
	const [, year, month, day] = match;
	return `${day}/${month}/${year}`;
}

const dateTimeFormat = new Intl.DateTimeFormat('fr-FR', {
	timeZone: 'Europe/Paris',
	day: '2-digit',
	month: '2-digit',
	year: 'numeric',
	hour: '2-digit',
	minute: '2-digit'
});

/** A UTC timestamp as people in France read it: "12/03/2018 à 10:05" (Paris time). */
export function formatDateTime(value: string | null | undefined): string {
	if (!value) return '';
	const date = new Date(value);
	if (Number.isNaN(date.getTime())) return value;
	return dateTimeFormat.format(date).replace(' ', ' à ');
}

/** Plural agreement for French counts: (1, 'fiche') → "1 fiche", (3, 'fiche') → "3 fiches". */
export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
	return `${formatNumber(count)} ${Math.abs(count) >= 2 ? plural : singular}`;
}

/** A value of an indicator in its unit. */
export function formatIndicatorValue(value: number, unit: string): string {
	switch (unit) {
		case 'pourcentage':
			return formatPercent(value);
		case 'montant':
			return formatAmount(value);
		case 'oui_non':
			return value ? 'Oui' : 'Non';
		default:
			return formatNumber(value);
	}
}
