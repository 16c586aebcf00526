import { XLSX_CONTENT_TYPE } from './workbook-style';

/** "Fiche action 11 bis.xlsx" → "Fiche-action-11-bis.xlsx": the plain-ASCII fallback name. */
function asciiFileName(name: string): string {
	return name
		.normalize('NFD')
		.replace(/\p{M}+/gu, '')
		.replace(/[^A-Za-z0-9._-]+/g, '-')
		.replace(/-+/g, '-');
}

/** A workbook download: attachment with a French file name (RFC 6266), never cached. */
export function xlsxResponse(buffer: Buffer, fileName: string): Response {
	return new Response(new Uint8Array(buffer), {
		headers: {
			'Content-Type': XLSX_CONTENT_TYPE,
			'Content-Length': String(buffer.length),
			'Content-Disposition': `attachment; filename="${asciiFileName(fileName)}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
			'Cache-Control': 'private, no-store'
		}
	});
}
