import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';

// exceljs hands each XML part to JSZip as a JavaScript string, and JSZip encodes strings to UTF-8
// in slices of 16 K UTF-16 units: an emoji (a surrogate pair) cut by a slice boundary is written as
// two U+FFFD. One long text in about fifty with emoji was damaged in our exports. Handing JSZip
// the part already encoded as a whole (Buffer.from) writes every character intact.

type ZipWriterClass = {
	prototype: { append(data: unknown, options: Record<string, unknown>): void };
};
const require = createRequire(import.meta.url);
const { ZipWriter } = require('exceljs/lib/utils/zip-stream.js') as { ZipWriter: ZipWriterClass };
const PATCHED = Symbol.for('pilotage-sdsf.exceljs-utf8');
const prototype = ZipWriter.prototype as ZipWriterClass['prototype'] & { [PATCHED]?: true };
if (!prototype[PATCHED]) {
	const append = prototype.append;
	prototype.append = function (data, options) {
		return append.call(
			this,
			typeof data === 'string' && !options.base64 ? Buffer.from(data, 'utf8') : data,
			options
		);
	};
	prototype[PATCHED] = true;
}

/** The workbook as .xlsx bytes, every character encoded whole. */
export async function writeWorkbook(workbook: ExcelJS.Workbook): Promise<Buffer> {
	return Buffer.from(await workbook.xlsx.writeBuffer());
}
