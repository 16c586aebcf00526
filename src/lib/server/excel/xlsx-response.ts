import { attachment } from '../http/download';
import { XLSX_CONTENT_TYPE } from './workbook-style';

/** A workbook download: attachment with a French file name (RFC 6266), never cached. */
export function xlsxResponse(buffer: Buffer, fileName: string): Response {
	return new Response(new Uint8Array(buffer), {
		headers: {
			'Content-Type': XLSX_CONTENT_TYPE,
			'Content-Length': String(buffer.length),
			'Content-Disposition': attachment(fileName),
			'Cache-Control': 'private, no-store'
		}
	});
}
