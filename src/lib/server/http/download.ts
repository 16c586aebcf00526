// Every download's Content-Disposition goes through here: a plain-ASCII `filename` for old clients
// and the real name in `filename*` (RFC 6266 / RFC 8187), so no name (a slug, a French title)
// can put a character into the header that Node refuses (which was a 500).

/** "Fiche action 11 bis.xlsx" → "Fiche-action-11-bis.xlsx": the plain-ASCII fallback name. */
export function asciiFileName(name: string): string {
	const ascii = name
		.normalize('NFKD')
		.replace(/\p{M}+/gu, '')
		.replace(/[^A-Za-z0-9._-]+/g, '-')
		.replace(/-+/g, '-')
		.replace(/^[-.]+|-+(?=\.[^.]*$)|-+$/g, '');
	return ascii || 'telechargement';
}

/** RFC 8187 value-chars: everything but attr-char percent-encoded in UTF-8. */
function extValue(name: string): string {
	return encodeURIComponent(name).replace(
		/['()*]/g,
		(c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
	);
}

/** `attachment; filename="…"; filename*=UTF-8''…` */
export function attachment(fileName: string): string {
	return `attachment; filename="${asciiFileName(fileName)}"; filename*=UTF-8''${extValue(fileName)}`;
}
