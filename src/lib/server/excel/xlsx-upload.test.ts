import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readZipDirectory, storedPart, writeZip, type ZipPart } from './zip-inspect';
import { MESSAGES, UPLOAD_LIMITS, columnLetter, readXlsxUpload, sniffXlsx } from './xlsx-upload';
import { longFrenchText } from './french-text.fixture';
import { hugeSharedStringWorkbook, toolWorkbook } from './tool-workbook.fixture';
import { writeWorkbook } from './write-workbook';

const CONTENT_TYPES =
	'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';
const workbookXml =
	'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Fiches" sheetId="1" r:id="rId1"/></sheets></workbook>';
const rels =
	'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';
/** The parts every workbook has, around the sheet under test (xl/worksheets/sheet1.xml). */
const skeleton = () => [
	storedPart('[Content_Types].xml', CONTENT_TYPES),
	storedPart('xl/workbook.xml', workbookXml),
	storedPart('xl/_rels/workbook.xml.rels', rels)
];

/** A deflated part; `declared` lies about the inflated size when given. */
function deflatedPart(name: string, content: Buffer, declared?: number): ZipPart {
	return {
		name,
		method: 8,
		crc32: crc32(content) >>> 0,
		uncompressedSize: declared ?? content.length,
		data: deflateRawSync(content)
	};
}

async function workbook(fill: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
	const wb = new ExcelJS.Workbook();
	fill(wb);
	return writeWorkbook(wb);
}

describe('content sniffing', () => {
	it('refuses a legacy .xls (OLE2) whatever its name', () => {
		const xls = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(512)]);
		expect(sniffXlsx(xls)).toMatchObject({ status: 415, message: MESSAGES.legacyXls });
		expect(MESSAGES.legacyXls).toMatch(
			/^Ancien format \.xls : enregistrez le fichier au format \.xlsx/
		);
	});

	it('refuses a text file renamed .xlsx, with or without a byte order mark', () => {
		expect(sniffXlsx(Buffer.from('N°;Intitulé\r\n1;Accueil\r\n'))).toMatchObject({
			status: 415,
			message: MESSAGES.text
		});
		expect(sniffXlsx(Buffer.from('\ufeffa,b\n1,2\n'))).toMatchObject({
			status: 415,
			message: MESSAGES.text
		});
	});

	it('refuses other binary content, an empty file and an oversized one', () => {
		expect(sniffXlsx(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 1, 2]))).toMatchObject({
			status: 415,
			message: MESSAGES.notXlsx
		});
		expect(sniffXlsx(Buffer.alloc(0))).toMatchObject({ status: 400 });
		const big = Buffer.alloc(UPLOAD_LIMITS.maxFileBytes + 1);
		big.writeUInt32LE(0x04034b50, 0);
		expect(sniffXlsx(big)).toMatchObject({
			status: 413,
			message: MESSAGES.tooLarge(UPLOAD_LIMITS.maxFileBytes)
		});
	});

	it('lets a ZIP through to the archive checks', () => {
		expect(sniffXlsx(writeZip([storedPart('a.txt', 'x')]))).toBeNull();
	});
});

describe('archive checks before parsing', () => {
	it('reads the central directory of a real workbook', async () => {
		const buffer = await workbook((wb) => wb.addWorksheet('Fiches').addRow(['a']));
		const directory = readZipDirectory(buffer, UPLOAD_LIMITS);
		expect(directory.ok).toBe(true);
		if (directory.ok)
			expect(directory.entries.map((e) => e.name)).toContain('xl/worksheets/sheet1.xml');
	});

	it('refuses a zip bomb that announces more than 100 MB, without inflating it', async () => {
		const zeros = Buffer.alloc(110 * 1024 * 1024);
		const bomb = writeZip([...skeleton(), deflatedPart('xl/worksheets/sheet1.xml', zeros)]);
		expect(bomb.length).toBeLessThan(200 * 1024);
		const result = await readXlsxUpload(bomb);
		expect(result).toMatchObject({ ok: false, status: 413 });
		if (!result.ok)
			expect(result.message).toBe(
				MESSAGES.uncompressedTooLarge(UPLOAD_LIMITS.maxTotalUncompressed)
			);
	});

	it('stops an entry that inflates beyond what it announced, as soon as it overflows', async () => {
		const zeros = Buffer.alloc(120 * 1024 * 1024);
		const liar = writeZip([...skeleton(), deflatedPart('xl/worksheets/sheet1.xml', zeros, 2_000)]);
		const started = performance.now();
		const result = await readXlsxUpload(liar);
		expect(result).toMatchObject({ ok: false, status: 413 });
		if (!result.ok)
			expect(result.message).toMatch(
				/archive piégée.*sheet1\.xml.*au-delà des 2000 octets annoncés/
			);
		// Stopped after the first chunks, not after inflating 120 MB.
		expect(performance.now() - started).toBeLessThan(1_000);
	});

	it('refuses a suspicious compression ratio on a large entry', async () => {
		const zeros = Buffer.alloc(20 * 1024 * 1024);
		const result = await readXlsxUpload(
			writeZip([...skeleton(), deflatedPart('xl/worksheets/sheet1.xml', zeros)])
		);
		expect(result).toMatchObject({ ok: false, status: 413 });
		if (!result.ok) expect(result.message).toMatch(/taux de compression/);
	});

	it('refuses too many entries before reading any of them', async () => {
		const parts = Array.from({ length: UPLOAD_LIMITS.maxEntries + 1 }, (_, i) =>
			storedPart(`x/${i}.xml`, '<a/>')
		);
		const result = await readXlsxUpload(writeZip(parts));
		expect(result).toMatchObject({
			ok: false,
			status: 413,
			message: MESSAGES.tooManyEntries(UPLOAD_LIMITS.maxEntries + 1, UPLOAD_LIMITS.maxEntries)
		});
	});

	it('refuses entries that overlap (the overlapping-file bomb)', () => {
		// "a.xml" holds, inside its data, the local header of "b.xml": both entries share bytes.
		const inner = writeZip([storedPart('b.xml', '<b/>')]).subarray(0, 30 + 'b.xml'.length + 4);
		const outer = writeZip([
			{
				name: 'a.xml',
				method: 0,
				crc32: crc32(inner) >>> 0,
				uncompressedSize: inner.length,
				data: inner
			},
			storedPart('b.xml', '<b/>')
		]);
		const end = outer.length - 22;
		const secondEntry = outer.readUInt32LE(end + 16) + 46 + 'a.xml'.length;
		outer.writeUInt32LE(30 + 'a.xml'.length, secondEntry + 42);
		const directory = readZipDirectory(outer, UPLOAD_LIMITS);
		expect(directory).toEqual({
			ok: false,
			problem: { kind: 'bomb', name: 'b.xml', detail: 'entrées qui se chevauchent' }
		});
	});

	it('says a truncated workbook is incomplete, wherever it is cut', async () => {
		const buffer = await workbook((wb) => {
			const sheet = wb.addWorksheet('Fiches');
			for (let i = 0; i < 200; i++) sheet.addRow([`Ligne ${i}`, i]);
		});
		for (const ratio of [0.1, 0.5, 0.9, 0.999]) {
			const result = await readXlsxUpload(buffer.subarray(0, Math.floor(buffer.length * ratio)));
			expect(result, String(ratio)).toMatchObject({
				ok: false,
				status: 400,
				message: MESSAGES.truncated
			});
		}
	});

	it('says a corrupted entry is damaged (checksum)', async () => {
		const buffer = await workbook((wb) => wb.addWorksheet('Fiches').addRow(['abc']));
		const directory = readZipDirectory(buffer, UPLOAD_LIMITS);
		if (!directory.ok) throw new Error('archive');
		const sheet = directory.entries.find((e) => e.name === 'xl/worksheets/sheet1.xml')!;
		const damaged = Buffer.from(buffer);
		damaged[sheet.dataOffset + 2] ^= 0xff;
		expect(await readXlsxUpload(damaged)).toMatchObject({ ok: false, status: 400 });
	});

	it('refuses a ZIP that is not a workbook (OpenDocument, Word…)', async () => {
		const ods = writeZip([
			storedPart('mimetype', 'application/vnd.oasis.opendocument.spreadsheet'),
			storedPart('content.xml', '<a/>')
		]);
		expect(await readXlsxUpload(ods)).toMatchObject({
			ok: false,
			status: 415,
			message: MESSAGES.zipNotXlsx
		});
	});
});

describe('streaming read', () => {
	it('reads plain values: text kept as typed, dates, numbers, rich text', async () => {
		const buffer = await workbook((wb) => {
			const sheet = wb.addWorksheet('Fiches');
			sheet.addRow(['N°', 'Intitulé', 'Date']);
			sheet.addRow(['1', '=HYPERLINK("http://x","clic")', new Date(Date.UTC(2018, 11, 31))]);
			sheet.getCell('C2').numFmt = 'dd/mm/yyyy';
			sheet.addRow([2, '  retrait\r\n  - point', 12.5]);
			sheet.addRow([3, { richText: [{ text: 'gr' }, { text: 'as', font: { bold: true } }] }, null]);
			wb.addWorksheet('Ignorée').addRow(['x']);
		});
		const result = await readXlsxUpload(buffer, { wanted: (name) => name === 'Fiches' });
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.sheets.map((s) => s.name)).toEqual(['Fiches']);
		expect(result.sheets[0].rows.map((r) => r.cells)).toEqual([
			['N°', 'Intitulé', 'Date'],
			['1', '=HYPERLINK("http://x","clic")', new Date(Date.UTC(2018, 11, 31))],
			[2, '  retrait\n  - point', 12.5],
			[3, 'gras']
		]);
	});

	it('lists every formula and error value with its address, never only the first', async () => {
		const buffer = await workbook((wb) => {
			const sheet = wb.addWorksheet('Fiches');
			sheet.addRow(['N°', 'Intitulé']);
			sheet.addRow(['1', { formula: 'HYPERLINK("http://x","clic")', result: 'clic' }]);
			sheet.addRow([{ formula: '1+1', result: 2 }, 'ok']);
			sheet.addRow(['3', { error: '#REF!' }]);
		});
		const result = await readXlsxUpload(buffer);
		expect(result).toMatchObject({ ok: true, problemCount: 3 });
		if (!result.ok) return;
		// The other cells are read, so the caller can list its own problems beside these.
		expect(result.sheets[0].rows.map((r) => r.cells)).toEqual([
			['N°', 'Intitulé'],
			['1'],
			[null, 'ok'],
			['3']
		]);
		expect(result.problems.map((p) => `${p.sheet}!${p.column}${p.row}`)).toEqual([
			'Fiches!B2',
			'Fiches!A3',
			'Fiches!B4'
		]);
		expect(result.problems[0].message).toMatch(/^Formule « =HYPERLINK/);
		expect(result.problems[2].message).toMatch(/#REF!/);
	});

	it('answers malformed sheet XML with a clear message instead of failing', async () => {
		for (const sheet of [
			'<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>1</v></c></row',
			'<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></row></c></sheetData></worksheet>',
			'<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>7</v></c></row></sheetData></worksheet>',
			'<worksheet><sheetData><row r="1"><c r="A1"><v>douze</v></c></row></sheetData></worksheet>',
			'<!DOCTYPE w [<!ENTITY a "aaaa">]><worksheet><sheetData/></worksheet>',
			'pas du XML <<<'
		]) {
			const zip = writeZip([
				storedPart('[Content_Types].xml', CONTENT_TYPES),
				storedPart('xl/workbook.xml', workbookXml),
				storedPart('xl/_rels/workbook.xml.rels', rels),
				deflatedPart('xl/worksheets/sheet1.xml', Buffer.from(sheet))
			]);
			const result = await readXlsxUpload(zip);
			expect(result.ok, sheet).toBe(false);
			if (!result.ok) expect(result.status, sheet).toBe(400);
		}
	});

	it('stops a sheet at the row limit while streaming', async () => {
		const buffer = await workbook((wb) => {
			const sheet = wb.addWorksheet('Fiches');
			for (let i = 0; i < 5_000; i++) sheet.addRow([i, `ligne ${i}`]);
		});
		const limits = { ...UPLOAD_LIMITS, maxRowsPerSheet: 1_000 };
		const result = await readXlsxUpload(buffer, { limits });
		expect(result).toMatchObject({
			ok: false,
			status: 413,
			message: MESSAGES.tooManyRows('Fiches', 1_000)
		});
		expect(MESSAGES.tooManyRows('Fiches', 20_000)).toContain('20 000 lignes');
	});

	it('stops at the total row limit across sheets', async () => {
		const buffer = await workbook((wb) => {
			for (const name of ['A', 'B', 'C']) {
				const sheet = wb.addWorksheet(name);
				for (let i = 0; i < 400; i++) sheet.addRow([i]);
			}
		});
		const result = await readXlsxUpload(buffer, {
			limits: { ...UPLOAD_LIMITS, maxTotalRows: 1_000 }
		});
		expect(result).toMatchObject({
			ok: false,
			status: 413,
			message: MESSAGES.tooManyRowsTotal(1_000)
		});
	});
});

describe('cells and columns', () => {
	it('names columns as Excel does', () => {
		expect([1, 26, 27, 52, 703].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'AAA']);
	});
});

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
type Expected = Record<string, (string | number | boolean | null)[][]>;
const expectedValues = JSON.parse(readFileSync(join(FIXTURES, 'values.json'), 'utf8')) as Expected;
/** values.json as the reader gives it: "date:…" as a Date, trailing blanks dropped. */
function asRead(rows: (string | number | boolean | null)[][]) {
	return rows.map((row) => {
		const cells = row.map((v) =>
			typeof v === 'string' && v.startsWith('date:') ? new Date(`${v.slice(5)}T00:00:00Z`) : v
		);
		while (cells.length && cells[cells.length - 1] === null) cells.pop();
		return cells;
	});
}

describe('workbooks written by other tools', () => {
	for (const file of ['openpyxl-values.xlsx', 'libreoffice-values.xlsx'])
		it(`reads ${file} (made by make-fixtures.py) character for character`, async () => {
			const result = await readXlsxUpload(readFileSync(join(FIXTURES, file)));
			expect(result.ok).toBe(true);
			if (!result.ok) return;
			expect(result.problems).toEqual([]);
			expect(result.sheets.map((s) => s.name)).toEqual(['Chiffres', 'Consignes']);
			const [figures, instructions] = result.sheets;
			const expected = asRead(expectedValues.Chiffres);
			expect(figures.rows.map((r) => r.number)).toEqual(expected.map((_, i) => i + 1));
			for (const [i, row] of figures.rows.entries())
				expect(row.cells, `ligne ${i + 1}`).toEqual(expected[i]);
			expect(figures.rows.flatMap((r) => r.cells).join('')).not.toContain('\ufffd');
			expect(instructions.rows[0].cells).toEqual(expectedValues.Consignes[0]);
		});

	it('reads hand-built shapes: prefixed elements, cells without references, strings after sheets', async () => {
		const rows = [
			['Clé', 'Texte', 'Nombre'],
			['a', 'Crèche « Les P’tits Loups »', 3],
			[null, 'sans clé', true]
		];
		for (const style of ['openpyxl', 'libreoffice', 'prefixed'] as const) {
			const result = await readXlsxUpload(toolWorkbook(style, 'Chiffres', rows));
			expect(result, style).toMatchObject({ ok: true, problemCount: 0 });
			if (result.ok)
				expect(
					result.sheets[0].rows.map((r) => r.cells),
					style
				).toEqual(rows);
		}
	});
});

describe('French text across chunk boundaries', () => {
	// Before: exceljs decoded each 16 KiB chunk of an XML part on its own, so that a letter cut by
	// a boundary came back as U+FFFD (« kak��mono »).
	it('gives back long French texts byte for byte, written by exceljs or the way other tools write', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(longFrenchText(), { minLength: 2, maxLength: 4 }),
				fc.constantFrom('exceljs', 'openpyxl', 'libreoffice', 'prefixed'),
				async (texts, tool) => {
					const rows = texts.map((t, i) => [`clé ${i}`, t]);
					const buffer =
						tool === 'exceljs'
							? await workbook((wb) => {
									const sheet = wb.addWorksheet('Chiffres');
									for (const row of rows) sheet.addRow(row);
								})
							: toolWorkbook(tool, 'Chiffres', rows);
					const result = await readXlsxUpload(buffer);
					expect(result.ok).toBe(true);
					if (!result.ok) return;
					const read = result.sheets[0].rows.map((r) => r.cells[1]);
					expect(read.filter((t) => String(t).includes('\ufffd')).length).toBe(0);
					expect(read).toEqual(texts);
				}
			),
			{ numRuns: 40 }
		);
	}, 60_000);
});

describe('bounded parts and cells', () => {
	it('refuses a 3 MB workbook holding one 95 MB shared string, before inflating it', async () => {
		const hostile = hugeSharedStringWorkbook(95 * 1024 * 1024);
		expect(hostile.length).toBeLessThan(3.5 * 1024 * 1024);
		const started = performance.now();
		const result = await readXlsxUpload(hostile);
		expect(result).toMatchObject({
			ok: false,
			status: 413,
			message: MESSAGES.partTooLarge('xl/sharedStrings.xml', UPLOAD_LIMITS.maxPartBytes)
		});
		expect(MESSAGES.partTooLarge('xl/sharedStrings.xml', UPLOAD_LIMITS.maxPartBytes)).toBe(
			'L’élément interne « xl/sharedStrings.xml » du classeur dépasse 32 Mo une fois décompressé : import refusé (fichier trop volumineux ou piégé).'
		);
		expect(performance.now() - started).toBeLessThan(500);
	}, 30_000);

	it('stops the same string when the archive lies about its size', async () => {
		const result = await readXlsxUpload(hugeSharedStringWorkbook(40 * 1024 * 1024, 4_000));
		expect(result).toMatchObject({ ok: false, status: 413 });
		if (!result.ok) expect(result.message).toMatch(/archive piégée.*sharedStrings\.xml/);
	}, 30_000);

	it('streams a 30 MB string without keeping it: the cell is listed as too long for Excel', async () => {
		const result = await readXlsxUpload(hugeSharedStringWorkbook(30 * 1024 * 1024));
		expect(result).toMatchObject({ ok: true, problemCount: 1 });
		if (!result.ok) return;
		expect(result.problems).toEqual([
			{
				sheet: 'Chiffres',
				row: 2,
				column: 'A',
				message:
					'Texte de plus de 32 767 caractères, la limite d’une cellule dans Excel : raccourcissez-le.'
			}
		]);
		expect(result.sheets[0].rows.map((r) => r.cells)).toEqual([['Clé']]);
	}, 30_000);

	it('lists an inline string over 32 767 characters, and refuses too many cells', async () => {
		const long = 'é'.repeat(UPLOAD_LIMITS.maxCellChars + 1);
		const result = await readXlsxUpload(toolWorkbook('openpyxl', 'Chiffres', [['a', long, 'b']]));
		expect(result).toMatchObject({
			ok: true,
			problemCount: 1,
			problems: [{ column: 'B', row: 1 }]
		});
		if (result.ok) expect(result.sheets[0].rows[0].cells).toEqual(['a', null, 'b']);
		const many = toolWorkbook(
			'libreoffice',
			'Chiffres',
			Array.from({ length: 60 }, (_, i) => Array.from({ length: 10 }, (_, j) => i * 10 + j))
		);
		expect(
			await readXlsxUpload(many, { limits: { ...UPLOAD_LIMITS, maxCells: 500 } })
		).toMatchObject({
			ok: false,
			status: 413,
			message: MESSAGES.tooManyCells(500)
		});
	});
});
