import ExcelJS from 'exceljs';
import { mkdirSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { listEntityEvents } from '../audit/audit.service';
import type { Db } from '../db/database';
import { SCHEME, bookletDb, bookletUsers } from '../reporting/reporting.fixture';
import { seedDemoFigures } from '../seed/demo-figures';
import {
	convertWithLibreOffice,
	docxParagraphs,
	pdfPageCount
} from '../booklet/docx-inspect.fixture';
import { writeBilanDocx, writeBilanWorkbook } from './bilan-export';
import {
	loadBilanHistory,
	loadBilanForLastPeriod,
	loadSchemeBilan,
	saveBilanRow
} from './bilan.service';

let db: Db;
let users: Awaited<ReturnType<typeof bookletUsers>>;

beforeEach(async () => {
	db = await bookletDb();
	users = await bookletUsers(db);
	await seedDemoFigures(db, '2019-03-01');
});

const EMPTY = {
	objectives: '',
	actionsDone: '',
	expectedEffects: '',
	resultsObserved: '',
	outlook: ''
};

describe('the end-of-scheme bilan', () => {
	it('has one row per fiche in the plan’s order, pre-filled from the fiche and its validated figures', async () => {
		const bilan = (await loadSchemeBilan(db, users.reader, SCHEME))!;
		expect(bilan.rows.map((r) => r.fiche.number).slice(0, 7)).toEqual([
			'1',
			'2',
			'8',
			'10',
			'11',
			'11 bis',
			'12'
		]);
		expect(bilan.canEdit).toBe(false);
		const row35 = bilan.rows.find((r) => r.fiche.number === '35')!;
		expect(row35.version).toBe(0);
		expect(row35.cells.objectives.text).toContain(row35.fiche.title);
		expect(row35.cells.objectives.written).toBe(false);
		expect(row35.cells.actionsDone.text).toMatch(/^- /);
		// Validated figures of each period, with the targets of their year.
		const validated = await db
			.selectFrom('figure')
			.innerJoin('indicator', 'indicator.id', 'figure.indicator_id')
			.innerJoin('reporting_period as p', 'p.id', 'figure.period_id')
			.select(['indicator.label', 'p.year'])
			.where('indicator.fiche_id', '=', row35.fiche.id)
			.where('figure.status', '=', 'valide')
			.where('figure.breakdown_value_id', 'is', null)
			.execute();
		expect(validated.length).toBeGreaterThan(0);
		for (const v of validated) {
			expect(row35.cells.resultsObserved.text).toContain(v.label);
			expect(row35.cells.resultsObserved.text).toContain(`Année ${v.year} : `);
		}
		// A blank fiche has little to say, and says nothing made up.
		const blank = bilan.rows.find((r) => r.fiche.number === '8')!;
		expect(blank.cells.resultsObserved.text).toBe('');
	});

	it('is written by the coordination only, versioned, with its history', async () => {
		const input = { ...EMPTY, outlook: 'Étendre la démarche aux EPCI.', resultsObserved: '=1+1' };
		expect(await saveBilanRow(db, users.reader, SCHEME, '35', input, 0)).toMatchObject({
			ok: false,
			reason: 'forbidden'
		});
		expect(await saveBilanRow(db, users.cafPilot, SCHEME, '35', input, 0)).toMatchObject({
			ok: false,
			reason: 'forbidden'
		});
		expect(await saveBilanRow(db, users.admin, SCHEME, '999', input, 0)).toMatchObject({
			ok: false,
			reason: 'not_found'
		});
		expect(
			await saveBilanRow(
				db,
				users.admin,
				SCHEME,
				'35',
				{ ...input, outlook: 'x'.repeat(10_001) },
				0
			)
		).toMatchObject({
			ok: false,
			reason: 'invalid',
			errors: { outlook: expect.stringMatching(/^10\s000 caractères au plus\.$/) }
		});
		expect(await saveBilanRow(db, users.admin, SCHEME, '35', input, 0)).toEqual({
			ok: true,
			version: 1
		});
		// Someone else's stale form is refused.
		expect(
			await saveBilanRow(db, users.admin, SCHEME, '35', { ...input, outlook: 'Autre' }, 0)
		).toMatchObject({
			ok: false,
			reason: 'conflict',
			currentVersion: 1
		});
		expect(
			await saveBilanRow(
				db,
				users.admin,
				SCHEME,
				'35',
				{ ...input, outlook: 'Étendre aux EPCI et communes.' },
				1
			)
		).toEqual({ ok: true, version: 2 });
		const bilan = (await loadSchemeBilan(db, users.admin, SCHEME))!;
		const row = bilan.rows.find((r) => r.fiche.number === '35')!;
		expect(row.version).toBe(2);
		expect(row.cells.outlook).toEqual({ text: 'Étendre aux EPCI et communes.', written: true });
		// A column left blank keeps its pre-filled text.
		expect(row.cells.objectives.written).toBe(false);
		const history = await loadBilanHistory(db, row.fiche.id);
		expect(history.map((h) => h.action)).toEqual(['Bilan modifié', 'Bilan écrit']);
		expect(history[0].changes).toEqual([
			{
				field: 'Perspectives / évolutions',
				old: 'Étendre la démarche aux EPCI.',
				new: 'Étendre aux EPCI et communes.'
			}
		]);
		const stored = await db
			.selectFrom('scheme_bilan')
			.select('id')
			.where('fiche_id', '=', row.fiche.id)
			.executeTakeFirstOrThrow();
		expect(
			(await listEntityEvents(db, 'scheme_bilan', stored.id)).every((e) => e.scheme_id !== null)
		).toBe(true);

		// Exports: the formula typed as text stays text in Excel.
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load((await writeBilanWorkbook(bilan)) as unknown as ExcelJS.Buffer);
		const sheet = workbook.getWorksheet('Bilan')!;
		const cells: unknown[] = [];
		sheet.eachRow((r) => r.eachCell((c) => cells.push(c.value)));
		// Stored as a text cell, never as a formula.
		expect(cells).toContain('=1+1');
		expect(cells.some((c) => typeof c === 'object' && c !== null && 'formula' in c)).toBe(false);
		expect(sheet.getRow(1).values).toContain('Résultats constatés');
		const docx = await writeBilanDocx(bilan);
		const texts = docxParagraphs(docx).map((p) => p.text);
		expect(texts).toContain('Étendre aux EPCI et communes.');
		expect(texts).toContain('Perspectives / évolutions');
		const folder = process.env.BOOKLET_PNG_FOLDER
			? `${process.env.BOOKLET_PNG_FOLDER}/bilan`
			: undefined;
		if (folder) mkdirSync(folder, { recursive: true });
		expect(
			pdfPageCount(convertWithLibreOffice(docx, { pngFolder: folder, pages: 3 }))
		).toBeGreaterThan(1);
	}, 240_000);

	it('closes the review pack of the last period only', async () => {
		const periods = await db
			.selectFrom('reporting_period')
			.select('code')
			.orderBy('ends_on', 'desc')
			.execute();
		expect(periods.length).toBeGreaterThan(1);
		expect(await loadBilanForLastPeriod(db, users.reader, SCHEME, periods[0].code)).not.toBeNull();
		expect(await loadBilanForLastPeriod(db, users.reader, SCHEME, periods[1].code)).toBeNull();
	});
});
