import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { hauteViennePlan } from '$seeds/haute-vienne-2017-2021';
import type { Db } from '../db/database';
import { importPlanDocument } from '../plan/plan-import.service';
import { createTestDb } from '../testing/test-db';
import { placeFiches, writeFichesWorkbook } from './fiche-export';
import { loadPlanDocument, writePlanWorkbook } from './plan-export';
import { writePlanTemplate } from './plan-template';
import { csvField, csvRow, safeCellValue } from './safe-cell';
import { uniqueSheetName } from './workbook-style';
import { readZipDirectory } from './zip-inspect';
import { UPLOAD_LIMITS } from './xlsx-upload';
import { PRINT_WIDTH_AT_70 } from './workbook-style';

const INJECTION = '=HYPERLINK("http://x","clic")';

async function load(buffer: Buffer): Promise<ExcelJS.Workbook> {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
	return wb;
}

/** The XML of every worksheet, to look for formula elements directly. */
function worksheetXml(buffer: Buffer): string[] {
	const directory = readZipDirectory(buffer, UPLOAD_LIMITS);
	if (!directory.ok) throw new Error('archive illisible');
	return directory.entries
		.filter((e) => /^xl\/worksheets\/sheet\d+\.xml$/.test(e.name))
		.map((e) => {
			const data = buffer.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
			return (e.method === 8 ? inflateRawSync(data) : data).toString('utf8');
		});
}

let db: Db;
let doc: Awaited<ReturnType<typeof loadPlanDocument>>;
beforeAll(async () => {
	db = await createTestDb();
	await importPlanDocument(db, hauteViennePlan);
	// A fiche whose user texts look like formulas, as a malicious edit would leave them.
	await db
		.updateTable('fiche')
		.set({ title: INJECTION, schedule: '+2018', target_public: '@public', links: '-lien' })
		.where('number', '=', '1')
		.execute();
	doc = await loadPlanDocument(db, hauteViennePlan.scheme.slug);
});

describe('plan workbook made for people', () => {
	it('freezes and filters the header, sizes and wraps columns, prints landscape fitted to the width with the header repeated', async () => {
		const wb = await load(await writePlanWorkbook(doc!.doc));
		expect(wb.worksheets.map((s) => s.name)).toEqual([
			'Instructions',
			'Schéma',
			'Organisations',
			'Arborescence',
			'Fiches',
			'Acteurs',
			'Indicateurs',
			'Cibles',
			'Listes'
		]);
		for (const name of [
			'Schéma',
			'Organisations',
			'Arborescence',
			'Fiches',
			'Acteurs',
			'Indicateurs',
			'Cibles'
		]) {
			const sheet = wb.getWorksheet(name)!;
			expect(sheet.views[0], name).toMatchObject({ state: 'frozen', ySplit: 1 });
			expect(sheet.autoFilter, name).toBeTruthy();
			// Fitted to the width when the text stays at 70 % or more, else at 70 % over pages.
			const width = sheet.columns.reduce((n, c) => n + (c.hidden ? 0 : (c.width ?? 0)), 0);
			expect(sheet.pageSetup, name).toMatchObject({
				orientation: 'landscape',
				paperSize: 9,
				printTitlesRow: '1:1',
				...(width <= PRINT_WIDTH_AT_70
					? { fitToPage: true, fitToWidth: 1, fitToHeight: 0 }
					: { fitToPage: false, scale: 70, pageOrder: 'overThenDown' })
			});
			expect(sheet.getRow(1).font?.bold, name).toBe(true);
			expect(sheet.getColumn(1).width, name).toBeGreaterThan(5);
		}
		const fiches = wb.getWorksheet('Fiches')!;
		expect(fiches.autoFilter).toBe('A1:Q21');
		expect(fiches.getColumn(7).width).toBe(60);
		expect(fiches.getCell('G2').alignment).toMatchObject({ wrapText: true, vertical: 'top' });
		expect(fiches.views[0]).toMatchObject({ xSplit: 1 });
		expect(fiches.headerFooter.oddFooter).toContain('&P / &N');
		expect(wb.getWorksheet('Listes')!.state).toBe('hidden');
		expect(wb).toMatchObject({
			creator: 'Pilotage SDSF',
			title: `Plan d’action — ${hauteViennePlan.scheme.title}`,
			company: 'Haute-Vienne',
			subject: expect.stringContaining('2017-2021')
		});
	});

	it('offers drop-down lists for states, kinds, units, periodicities, polarities and organisation types', async () => {
		const wb = await load(await writePlanTemplate());
		const model = (name: string) =>
			(
				wb.getWorksheet(name) as unknown as {
					dataValidations: { model: Record<string, ExcelJS.DataValidation> };
				}
			).dataValidations.model;
		const lists = (name: string) => [
			...new Set(
				Object.values(model(name))
					.filter((v) => v?.type === 'list')
					.map((v) => v.formulae[0])
			)
		];
		expect(lists('Fiches')).toEqual(['Listes!$B$2:$B$7']);
		expect(lists('Organisations')).toEqual(['Listes!$C$2:$C$9']);
		expect(lists('Indicateurs').sort()).toEqual(
			['Listes!$D$2:$D$3', 'Listes!$E$2:$E$6', 'Listes!$F$2:$F$4', 'Listes!$G$2:$G$4'].sort()
		);
		expect(lists('Schéma')).toEqual(['Listes!$A$2:$A$4']);
		const listes = wb.getWorksheet('Listes')!;
		expect(listes.getColumn(2).values.slice(1)).toEqual([
			'État de la fiche',
			'À élaborer',
			'À lancer',
			'En cours',
			'Réalisée',
			'Suspendue',
			'Abandonnée'
		]);
		expect(listes.getColumn(6).values.slice(1)).toEqual([
			'Polarité',
			'Plus c’est haut, mieux c’est',
			'Plus c’est bas, mieux c’est',
			'Atteindre la cible'
		]);
		// Read back cell by cell: the list covers the state column down to row 1000.
		expect(model('Fiches').F2).toMatchObject({
			type: 'list',
			showErrorMessage: true,
			error: 'Choisissez une valeur dans la liste déroulante.'
		});
		expect(model('Fiches').F1000?.type).toBe('list');
		expect(model('Fiches').F1001).toBeUndefined();
		expect(model('Cibles').C2).toMatchObject({ type: 'whole', formulae: [1990, 2100] });
	});

	it('documents every sheet and column in French on an "Instructions" sheet', async () => {
		const wb = await load(await writePlanTemplate());
		const sheet = wb.worksheets[0];
		expect(sheet.name).toBe('Instructions');
		const text = sheet
			.getSheetValues()
			.flat()
			.filter((v) => typeof v === 'string')
			.join('\n');
		for (const needle of [
			'Modèle d’import',
			'Schéma',
			'Organisations',
			'Arborescence',
			'Réf. du parent',
			'Déclinaison opérationnelle',
			'Texte libre',
			'N° d’indicateur',
			'Cibles',
			'10 Mo',
			'formule'
		]) {
			expect(text, needle).toContain(needle);
		}
		expect(sheet.pageSetup).toMatchObject({ orientation: 'portrait', fitToWidth: 1 });
		expect(wb.title).toBe('Modèle d’import d’un plan d’action');
	});
});

describe('no user text becomes a formula', () => {
	it('keeps formula-looking texts as plain strings in the plan and fiche workbooks', async () => {
		for (const buffer of [
			await writePlanWorkbook(doc!.doc),
			await writeFichesWorkbook(doc!.doc, placeFiches(doc!.doc)),
			await writeFichesWorkbook(doc!.doc, placeFiches(doc!.doc).slice(0, 1))
		]) {
			for (const xml of worksheetXml(buffer)) expect(xml).not.toMatch(/<f[ >]/);
			const wb = await load(buffer);
			const found: ExcelJS.Cell[] = [];
			wb.eachSheet((sheet) =>
				sheet.eachRow((row) =>
					row.eachCell((cell) => {
						if (
							cell.type !== ExcelJS.ValueType.Merge &&
							typeof cell.value === 'string' &&
							cell.value.includes('HYPERLINK')
						)
							found.push(cell);
					})
				)
			);
			expect(found.length).toBeGreaterThan(0);
			for (const cell of found) {
				expect(cell.type).toBe(ExcelJS.ValueType.String);
				expect(cell.formula).toBeUndefined();
			}
		}
	});

	it('only ever hands plain values to exceljs, and quotes formula triggers in CSV', () => {
		expect(safeCellValue(INJECTION)).toBe(INJECTION);
		expect(safeCellValue({ formula: 'SUM(A1)' })).toBe('[object Object]');
		expect(safeCellValue('a\u0000b\u0007c\td')).toBe('abc\td');
		expect(safeCellValue(Number.NaN)).toBeNull();
		expect(
			[INJECTION, '+1', '-1', '@SUM(A1)', '\tx', '\rx', 'texte', 'a;b'].map((v) => csvField(v))
		).toEqual([
			`"'=HYPERLINK(""http://x"",""clic"")"`,
			"'+1",
			"'-1",
			"'@SUM(A1)",
			"'\tx",
			`"'\rx"`,
			'texte',
			'"a;b"'
		]);
		expect(csvRow(['x', -1, null])).toBe('x;-1;\r\n');
	});
});

describe('fiches in the booklet layout', () => {
	it('writes one sheet per fiche with the plan path, the booklet rows and an A4 portrait print', async () => {
		const placed = placeFiches(doc!.doc);
		const wb = await load(await writeFichesWorkbook(doc!.doc, placed));
		expect(wb.worksheets[0].name).toBe('Sommaire');
		expect(wb.worksheets).toHaveLength(placed.length + 1);
		const sheet = wb.getWorksheet('Fiche 2')!;
		const labels = sheet.getColumn(1).values.filter((v): v is string => typeof v === 'string');
		expect(labels.slice(0, 5)).toEqual([
			`${hauteViennePlan.scheme.title} — 2017-2021`,
			expect.stringMatching(/^Axe stratégique 1 : Développer l'offre d'accueil/),
			expect.stringMatching(/^Axe 1\.1 : /),
			expect.stringMatching(/^Objectif 1 : Agir sur l'accueil individuel/),
			'Priorité 2017/2018'
		]);
		expect(labels).toEqual(
			expect.arrayContaining([
				expect.stringMatching(/^Action n°2 : Valoriser le métier/),
				'Contexte / Constats / problématiques',
				'Déclinaison opérationnelle',
				'Public(s) visé(s)',
				'Pilote(s) de l’action',
				'Partenaires associés',
				'Echéancier',
				'Des résultats attendus',
				'Quantitatif',
				'Qualitatif',
				'Indicateurs d’évaluation',
				'De réalisation',
				'De résultat',
				'Lien avec les schémas existants'
			])
		);
		const row = (label: string) => sheet.getColumn(1).values.findIndex((v) => v === label);
		expect(sheet.getCell(row('Pilote(s) de l’action'), 2).value).toBe('Conseil départemental');
		// Headings of sub-rows stay empty rather than "Non renseigné".
		expect(sheet.getCell(row('Des résultats attendus'), 2).value).toBeNull();
		expect(sheet.getCell(row('Indicateurs d’évaluation'), 2).value).toBeNull();
		expect(sheet.getCell(row('Déclinaison opérationnelle'), 2).value).toMatch(
			/^1\) Valoriser le mode d'accueil.*\n2\) Susciter des vocations :\n {2}• communiquer/s
		);
		expect(sheet.getCell(row('De réalisation'), 2).value).toMatch(/^- Description des actions/);
		expect(sheet.getCell(row('De réalisation'), 2).alignment).toMatchObject({ wrapText: true });
		expect(sheet.pageSetup).toMatchObject({
			orientation: 'portrait',
			paperSize: 9,
			fitToPage: true,
			fitToWidth: 1,
			fitToHeight: 0
		});
		expect(sheet.getColumn(1).width).toBe(30);
		expect(sheet.getColumn(2).width).toBe(90);
		const contents = wb.getWorksheet('Sommaire')!;
		expect(contents.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
		expect(contents.pageSetup).toMatchObject({ orientation: 'landscape', printTitlesRow: '1:1' });
		expect(contents.getCell('F3').value).toBe('Fiche 2');
	});

	it('prints a blank section as "Non renseigné" and one fiche without a contents sheet', async () => {
		const placed = placeFiches(doc!.doc)
			.filter((p) => p.fiche.state === 'a_elaborer')
			.slice(0, 1);
		expect(placed).toHaveLength(1);
		const wb = await load(await writeFichesWorkbook(doc!.doc, placed));
		expect(wb.worksheets.map((s) => s.name)).toEqual([`Fiche ${placed[0].fiche.number}`]);
		expect(wb.worksheets[0].getColumn(2).values).toContain('Non renseigné');
		expect(wb.title).toBe(`Fiche action n°${placed[0].fiche.number} — ${placed[0].fiche.title}`);
	});

	it('names sheets validly and uniquely', () => {
		const taken = new Set<string>();
		const names = [
			'Fiche 1',
			'fiche 1',
			'Fiche [2]: a/b\\c?*',
			`Fiche ${'x'.repeat(40)}`,
			`Fiche ${'x'.repeat(40)}`,
			"'History'",
			''
		].map((n) => uniqueSheetName(n, taken));
		expect(names).toEqual([
			'Fiche 1',
			'fiche 1 (2)',
			'Fiche 2 a b c',
			`Fiche ${'x'.repeat(25)}`,
			`Fiche ${'x'.repeat(21)} (2)`,
			'Feuille',
			'Feuille (2)'
		]);
		for (const name of names) {
			expect(name.length).toBeLessThanOrEqual(31);
			expect(name).not.toMatch(/[[\]:*?/\\]/);
		}
	});
});
