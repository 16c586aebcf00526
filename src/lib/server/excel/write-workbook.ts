import { createRequire } from 'node:module';
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import type ExcelJS from 'exceljs';
import { entryPart, readZipDirectory, writeZip, type ZipPart } from './zip-inspect';

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

// Our exports keep numbers typed as text as text (« 0035 », fiche « 11 bis », codes « 1.2 »):
// Excel would flag each such cell with a green triangle. exceljs cannot write <ignoredErrors>,
// so it is added to each sheet after writing, where the schema places it (after the page set-up
// and breaks, before drawings, tables and extensions).
const IGNORED_ERRORS =
	'<ignoredErrors><ignoredError sqref="A1:XFD1048576" numberStoredAsText="1"/></ignoredErrors>';
const AFTER_IGNORED_ERRORS =
	/<(smartTags|drawing|legacyDrawing|legacyDrawingHF|drawingHF|picture|oleObjects|controls|webPublishItems|tableParts|extLst)[\s>/]/;
const WORKSHEET = /^xl\/worksheets\/sheet\d+\.xml$/;

export function withoutNumberAsTextWarnings(xml: string): string {
	if (xml.includes('<ignoredErrors')) return xml;
	const at = AFTER_IGNORED_ERRORS.exec(xml)?.index ?? xml.lastIndexOf('</worksheet>');
	return at < 0 ? xml : `${xml.slice(0, at)}${IGNORED_ERRORS}${xml.slice(at)}`;
}

function addIgnoredErrors(buffer: Buffer): Buffer {
	const directory = readZipDirectory(buffer, {
		maxEntries: 10_000,
		maxTotalUncompressed: Number.MAX_SAFE_INTEGER,
		maxRatio: Number.MAX_SAFE_INTEGER,
		ratioFloor: 0
	});
	if (!directory.ok)
		throw new Error(`exceljs a écrit une archive illisible (${directory.problem.kind})`);
	const parts: ZipPart[] = directory.entries.map((entry) => {
		const part = entryPart(buffer, entry);
		if (!WORKSHEET.test(entry.name)) return part;
		const stored = part.method === 8 ? inflateRawSync(part.data) : part.data;
		const xml = Buffer.from(withoutNumberAsTextWarnings(stored.toString('utf8')), 'utf8');
		return {
			name: entry.name,
			method: 8,
			crc32: crc32(xml) >>> 0,
			uncompressedSize: xml.length,
			data: deflateRawSync(xml)
		};
	});
	return writeZip(parts);
}

/** The workbook as .xlsx bytes, every character encoded whole, without « number as text » flags. */
export async function writeWorkbook(workbook: ExcelJS.Workbook): Promise<Buffer> {
	return addIgnoredErrors(Buffer.from(await workbook.xlsx.writeBuffer()));
}
