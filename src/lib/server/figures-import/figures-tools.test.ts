import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CurrentUser } from '../auth/auth.service';
import type { Db } from '../db/database';
import { libreofficeResave, openpyxlEdit } from '../excel/office-tools.fixture';
import { frenchText } from '../excel/french-text.fixture';
import { writeWorkbook } from '../excel/write-workbook';
import { getEntrySheet } from '../reporting/figures.service';
import { SCHEME, bookletDb, bookletUsers } from '../reporting/reporting.fixture';
import { seedDemoFigures } from '../seed/demo-figures';
import { checkFiguresUpload, confirmFiguresImport } from './figures-import';
import { loadImportContext, writeFiguresTemplate } from './template';
import { FIGURES_COLUMNS, FIGURES_SHEETS } from './template-format';

// The figures template through the tools pilots really use: filled by openpyxl (pandas and most
// scripts), re-saved by LibreOffice. Long French comments (accents, œ, «», …, emoji) cross the
// 16 KiB chunk boundaries of the XML parts; not one character may change on the way.

const TODAY = '2019-03-01';
const WHERE = { scheme: SCHEME, period: '2019' };
let db: Db;
let pilot: CurrentUser;

beforeEach(async () => {
	db = await bookletDb();
	pilot = (await bookletUsers(db)).cafPilot;
	await seedDemoFigures(db, TODAY);
});

const column = (key: string) => FIGURES_COLUMNS.findIndex((c) => c.key === key) + 1;

async function template(): Promise<Buffer> {
	const context = await loadImportContext(db, pilot, WHERE, TODAY);
	if (!context.ok) throw new Error(JSON.stringify(context));
	return writeFiguresTemplate(context, pilot);
}

/** The template's lines that have no figure yet: row, fiche, key, unit. */
async function freeLines(buffer: Buffer) {
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
	const lines: { row: number; fiche: string; key: string; unit: string }[] = [];
	workbook.getWorksheet(FIGURES_SHEETS.figures)!.eachRow((row, number) => {
		if (number > 1 && !row.getCell(column('version')).value)
			lines.push({
				row: number,
				fiche: String(row.getCell(column('fiche')).value),
				key: String(row.getCell(column('key')).value),
				unit: String(row.getCell(column('unit')).value)
			});
	});
	return lines;
}

function valueFor(unit: string, i: number): string | number {
	if (unit.startsWith('Oui')) return 'oui';
	if (unit.startsWith('Texte')) return `Texte ${i} : « crèche »`;
	if (unit.startsWith('Pourcentage')) return 12.5;
	if (unit.startsWith('Montant')) return '1 234,56';
	return 40 + i;
}

/** Comments of 1 000 to 2 000 characters (the grid's limit), the same on every run. */
const comments = (count: number) =>
	fc
		.sample(frenchText(600, 1_000), { numRuns: count, seed: 19 })
		.map((text) => text.slice(0, 1_990));

async function storedComments(keys: string[], fiches: string[]) {
	const byKey = new Map<string, string | null>();
	for (const fiche of new Set(fiches)) {
		const sheet = await getEntrySheet(db, pilot, { scheme: SCHEME, fiche, period: '2019' }, TODAY);
		if (!sheet.ok) throw new Error(JSON.stringify(sheet));
		for (const line of sheet.sheet.lines) byKey.set(line.key, line.figure?.comment ?? null);
	}
	return keys.map((k) => byKey.get(k));
}

describe('figures template through other tools', () => {
	it('imports a template filled by openpyxl without one changed character', async () => {
		const blank = await template();
		const lines = await freeLines(blank);
		expect(lines.length).toBeGreaterThanOrEqual(4);
		const texts = comments(lines.length);
		const filled = openpyxlEdit(
			blank,
			[
				'sheet = book["Chiffres"]',
				'for line in data["lines"]:',
				'    sheet.cell(row=line["row"], column=data["value"]).value = line["value"]',
				'    sheet.cell(row=line["row"], column=data["comment"]).value = line["comment"]'
			].join('\n'),
			{
				value: column('value'),
				comment: column('comment'),
				lines: lines.map((l, i) => ({ row: l.row, value: valueFor(l.unit, i), comment: texts[i] }))
			}
		);
		const checked = await checkFiguresUpload(db, pilot, WHERE, filled, { today: TODAY });
		if (!checked.ok) throw new Error(JSON.stringify(checked.problems.slice(0, 3)));
		expect(checked.preview.counts).toMatchObject({ new: lines.length, changed: 0 });
		expect(await confirmFiguresImport(db, pilot, WHERE, checked.pending)).toMatchObject({
			ok: true
		});
		const stored = await storedComments(
			lines.map((l) => l.key),
			lines.map((l) => l.fiche)
		);
		expect(stored.filter((c) => c?.includes('\ufffd'))).toEqual([]);
		expect(stored).toEqual(texts);
	}, 120_000);

	it('imports the same template re-saved by LibreOffice as unchanged, every line', async () => {
		// First the comments are entered (through our own template), then a fresh template is
		// re-saved by LibreOffice untouched: nothing may read as changed.
		const blank = await template();
		const lines = await freeLines(blank);
		const texts = comments(lines.length);
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(blank as unknown as ExcelJS.Buffer);
		const sheet = workbook.getWorksheet(FIGURES_SHEETS.figures)!;
		lines.forEach((l, i) => {
			sheet.getCell(l.row, column('value')).value = valueFor(l.unit, i);
			sheet.getCell(l.row, column('comment')).value = texts[i];
		});
		const first = await checkFiguresUpload(db, pilot, WHERE, await writeWorkbook(workbook), {
			today: TODAY
		});
		if (!first.ok) throw new Error(JSON.stringify(first.problems.slice(0, 3)));
		expect(await confirmFiguresImport(db, pilot, WHERE, first.pending)).toMatchObject({
			ok: true
		});

		const resaved = libreofficeResave(await template());
		console.info(
			`Modèle re-enregistré par LibreOffice : ${lines.length} commentaires, ${texts.join('').length} caractères, ${resaved.length} octets`
		);
		const checked = await checkFiguresUpload(db, pilot, WHERE, resaved, { today: TODAY });
		if (!checked.ok) throw new Error(JSON.stringify(checked.problems.slice(0, 3)));
		expect(checked.preview.counts).toMatchObject({
			new: 0,
			changed: 0,
			unchanged: checked.preview.counts.rows
		});
		expect(
			await storedComments(
				lines.map((l) => l.key),
				lines.map((l) => l.fiche)
			)
		).toEqual(texts);
	}, 120_000);
});
