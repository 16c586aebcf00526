// The review pack's print rules. The page margin boxes (running header, page numbers) can only
// show text through CSS, so the header is passed as CSS custom properties on :root — the page
// context inherits from the root element. Browser-safe.

/**
 * A CSS string literal that cannot break out of its declaration nor out of the <style> element:
 * quotes, backslashes, line breaks, "<", ">" and "&" are written as CSS escapes.
 */
export function cssString(text: string): string {
	const escaped = text.replace(
		/[\\"'<>&\n\r\f\u2028\u2029]/g,
		(c) => `\\${c.charCodeAt(0).toString(16)} `
	);
	return `"${escaped}"`;
}

/**
 * The pack's print stylesheet: A4 pages, a running header (top left), the date of the data
 * (bottom left) and "Page n / N" (bottom right).
 */
export function printStyle(texts: { header: string; footer: string }): string {
	return [
		`:root { --review-header: ${cssString(texts.header)}; --review-footer: ${cssString(texts.footer)}; }`,
		'@page {',
		'  size: A4;',
		'  margin: 18mm 15mm;',
		'  @top-left { content: var(--review-header); font: 8pt system-ui, sans-serif; color: #3a3a3a; }',
		'  @bottom-left { content: var(--review-footer); font: 8pt system-ui, sans-serif; color: #3a3a3a; }',
		'  @bottom-right { content: "Page " counter(page) " / " counter(pages); font: 8pt system-ui, sans-serif; }',
		'}',
		// The cover carries the title already: no running header on the first page.
		'@page :first { @top-left { content: none; } }'
	].join('\n');
}
