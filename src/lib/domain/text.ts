/** Lower-case, accents and ligatures removed, punctuation turned into single spaces: for matching names. */
export function foldText(value: string): string {
	return value
		.normalize('NFD')
		.replace(/\p{M}+/gu, '')
		.replace(/œ/gi, 'oe')
		.replace(/æ/gi, 'ae')
		.toLowerCase()
		.replace(/[’'`]/g, ' ')
		.replace(/[^\p{L}\p{N}%€]+/gu, ' ')
		.trim();
}

/** Letters that no Unicode decomposition turns into ASCII. */
const ASCII_OF: Record<string, string> = {
	ß: 'ss',
	ø: 'o',
	ł: 'l',
	đ: 'd',
	ð: 'd',
	þ: 'th',
	ı: 'i',
	ħ: 'h',
	ŀ: 'l'
};

/**
 * URL segment from a free label, plain ASCII: "11 bis" → "11-bis", "Ville de Limoges" →
 * "ville-de-limoges", "Łódź²" → "lodz2". A character with no ASCII form is dropped, so a slug can
 * always travel in a header (a download's file name) and in a URL as it is.
 */
export function slugify(value: string): string {
	return foldText(value.normalize('NFKD'))
		.replace(/[%€]/g, '')
		.replace(/[ßøłđðþıħŀ]/g, (c) => ASCII_OF[c])
		.replace(/[^a-z0-9]+/g, ' ')
		.trim()
		.replace(/\s+/g, '-');
}
