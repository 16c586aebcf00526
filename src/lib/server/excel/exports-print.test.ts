import { inflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/database';
import { writeAnnualReport } from '../excel-report/annual-report';
import { loadAnnualReport } from '../excel-report/report.service';
import { loadImportContext, writeFiguresTemplate } from '../figures-import/template';
import { SCHEME, bookletDb, bookletUsers } from '../reporting/reporting.fixture';
import { seedDemoFigures } from '../seed/demo-figures';
import { placeFiches, writeFichesWorkbook } from './fiche-export';
import { libreofficePdf } from './office-tools.fixture';
import { loadPlanDocument, writePlanWorkbook } from './plan-export';
import { readZipDirectory } from './zip-inspect';
import { UPLOAD_LIMITS } from './xlsx-upload';

// Every export opened by LibreOffice and printed to PDF (the pages were also looked at, with
// pdftoppm, when this was written): long tables flow over pages at a readable size instead of
// being shrunk to one page wide, a fiche fits its page with a footer that does not overprint,
// and no sheet flags numbers kept as text.

const TODAY = '2019-03-01';
let db: Db;
const exports: Record<string, Buffer> = {};

beforeAll(async () => {
	db = await bookletDb();
	const users = await bookletUsers(db);
	await seedDemoFigures(db, TODAY);
	const report = await loadAnnualReport(db, users.admin, SCHEME, '2018', TODAY);
	if (!report.ok) throw new Error(JSON.stringify(report));
	exports.report = await writeAnnualReport(report.report);
	const doc = (await loadPlanDocument(db, SCHEME))!.doc;
	exports.plan = await writePlanWorkbook(doc);
	const placed = placeFiches(doc);
	exports.fiches = await writeFichesWorkbook(doc, placed);
	exports.fiche35 = await writeFichesWorkbook(
		doc,
		placed.filter((p) => p.fiche.number === '35')
	);
	const context = await loadImportContext(
		db,
		users.cafPilot,
		{ scheme: SCHEME, period: '2019' },
		TODAY
	);
	if (!context.ok) throw new Error(JSON.stringify(context));
	exports.template = await writeFiguresTemplate(context, users.cafPilot);
}, 120_000);

const pageCount = (pdf: Buffer) =>
	pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;

function sheetXml(buffer: Buffer): string[] {
	const directory = readZipDirectory(buffer, UPLOAD_LIMITS);
	if (!directory.ok) throw new Error(directory.problem.kind);
	return directory.entries
		.filter((e) => /^xl\/worksheets\/sheet\d+\.xml$/.test(e.name))
		.map((e) => {
			const data = buffer.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
			return (e.method === 8 ? inflateRawSync(data) : data).toString('utf8');
		});
}

describe('exports printed by LibreOffice', () => {
	it('prints every export', () => {
		const pages = Object.fromEntries(
			Object.entries(exports).map(([name, buffer]) => [name, pageCount(libreofficePdf(buffer))])
		);
		console.info(`Pages imprimées par LibreOffice : ${JSON.stringify(pages)}`);
		for (const [name, count] of Object.entries(pages)) expect(count, name).toBeGreaterThan(0);
		// One fiche, one page; the report's « Fiches » sheet at 70 % runs over many pages (fitted
		// to one page wide it printed 9 pages of 4 pt text for the whole report).
		expect(pages.fiche35).toBe(1);
		expect(pages.report).toBeGreaterThan(20);
		expect(pages.fiches).toBeGreaterThanOrEqual(20);
	}, 300_000);

	it('writes no sheet that flags numbers kept as text, and fiche footers that fit', () => {
		for (const [name, buffer] of Object.entries(exports))
			for (const xml of sheetXml(buffer))
				expect(xml, name).toContain(
					'<ignoredErrors><ignoredError sqref="A1:XFD1048576" numberStoredAsText="1"/></ignoredErrors>'
				);
		const [fiche] = sheetXml(exports.fiche35);
		expect(fiche).toContain('<oddFooter>&amp;LAction n°35&amp;RPage &amp;P / &amp;N</oddFooter>');
		expect(fiche).toMatch(/<oddHeader>&amp;L&amp;8Schéma départemental/);
	});
});
