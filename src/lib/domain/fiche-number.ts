const SUFFIX_RANK: Record<string, number> = { bis: 2, ter: 3, quater: 4, quinquies: 5 };

/**
 * A key that sorts fiche numbers as people read them: 2 < 10 < 11 < 11 bis < 11 ter < 12 < A1.
 * Numbers without digits sort after all numbered ones, alphabetically.
 */
export function ficheNumberSortKey(number: string): string {
	const trimmed = number.trim().toLowerCase();
	const match = /^(\d+)\s*([a-z]*)\s*(.*)$/.exec(trimmed);
	if (!match) return `1~${trimmed}`;
	const [, digits, word, rest] = match;
	const rank = word ? (SUFFIX_RANK[word] ?? 50) : 0;
	const letters = word && !(word in SUFFIX_RANK) ? word : '';
	return `0~${digits.padStart(8, '0')}~${String(rank).padStart(2, '0')}~${letters}~${rest}`;
}

export function compareFicheNumbers(a: string, b: string): number {
	const ka = ficheNumberSortKey(a);
	const kb = ficheNumberSortKey(b);
	return ka < kb ? -1 : ka > kb ? 1 : 0;
}
