// User text must never become a live formula in a spreadsheet (CSV/formula injection, OWASP).
// In .xlsx a cell is a formula only when written as { formula }: every user value goes through
// safeCellValue, which only ever returns a string, a number, a boolean, a date or null.
// In CSV, a field is a formula for Excel when it starts with = + - @ tab or CR: it gets a quote.

const FORMULA_START = /^[=+\-@\t\r]/;
// Characters XML 1.0 cannot hold: a cell containing one would make the whole file unreadable.
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export type SafeCellValue = string | number | boolean | Date | null;

/** Whether a spreadsheet would read this text as a formula if it were typed in. */
export function looksLikeFormula(text: string): boolean {
	return FORMULA_START.test(text);
}

/**
 * The value to put in an exceljs cell for any user-provided datum: always a plain value that
 * exceljs writes as text, a number, a boolean or a date, never a formula object.
 */
export function safeCellValue(value: unknown): SafeCellValue {
	if (value === null || value === undefined) return null;
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value === 'boolean') return value;
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
	return String(value).replace(XML_FORBIDDEN, '');
}

/** A CSV field (";" separated, as French Excel expects), neutralised and quoted when needed. */
export function csvField(value: unknown, separator = ';'): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
	let text = value instanceof Date ? value.toISOString() : String(value);
	if (looksLikeFormula(text)) text = `'${text}`;
	const needsQuotes = text.includes(separator) || /["\n\r]/.test(text) || text !== text.trim();
	return needsQuotes ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line, CRLF-terminated as RFC 4180 and Excel want. */
export function csvRow(values: readonly unknown[], separator = ';'): string {
	return values.map((v) => csvField(v, separator)).join(separator) + '\r\n';
}
