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

/** URL segment from a free label: "11 bis" → "11-bis", "Ville de Limoges" → "ville-de-limoges". */
export function slugify(value: string): string {
	return foldText(value).replace(/[%€]/g, '').trim().replace(/\s+/g, '-');
}
