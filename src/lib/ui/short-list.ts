/** A long list shown by its first rows, with its full count; `expanded` shows it whole. */
export type ShortList<T> = { total: number; first: number; expanded: boolean; rows: T[] };

export function shortenList<T>(rows: T[], expanded: boolean, first = 10): ShortList<T> {
	return { total: rows.length, first, expanded, rows: expanded ? rows : rows.slice(0, first) };
}
