import { PassThrough } from 'node:stream';
import type SQLite from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { hauteViennePlan } from '$seeds/haute-vienne-2017-2021';
import { migrateToLatest, openDatabase, type Db } from '../db/database';
import { importPlanDocument } from '../plan/plan-import.service';
import { seedDemoFigures } from '../seed/demo-figures';
import { NUMBER_FORMATS } from './cell-formats';
import { readFigures, streamFiguresWorkbook } from './figures-stream';

// The streamed export of every figure: rows read one by one, sheets split at the row limit,
// formats and layout of each sheet, validated-only filter.

let db: Db;
let sqlite: SQLite.Database;

beforeAll(async () => {
	({ db, sqlite } = openDatabase(':memory:'));
	await migrateToLatest(db);
	await importPlanDocument(db, hauteViennePlan);
	await seedDemoFigures(db, '2019-03-01');
});

async function stream(options: { validatedOnly: boolean; maxRowsPerSheet?: number }) {
	const output = new PassThrough();
	const chunks: Buffer[] = [];
	output.on('data', (chunk: Buffer) => chunks.push(chunk));
	const progress: number[] = [];
	const result = await streamFiguresWorkbook(readFigures(sqlite, options), output, {
		title: 'Tous les chiffres',
		subject: 'Test',
		maxRowsPerSheet: options.maxRowsPerSheet,
		onProgress: (rows) => progress.push(rows)
	});
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ExcelJS.Buffer);
	return { result, workbook, progress };
}

const count = (where = '') =>
	(sqlite.prepare(`select count(*) as n from figure ${where}`).get() as { n: number }).n;

describe('streamed figures workbook', () => {
	it('writes every figure, continuing on new sheets past the row limit', async () => {
		const total = count();
		expect(total).toBeGreaterThan(200);
		const { result, workbook, progress } = await stream({
			validatedOnly: false,
			maxRowsPerSheet: 100
		});
		expect(result).toEqual({ rows: total, sheets: Math.ceil(total / 100) });
		expect(workbook.worksheets[0].name).toBe('Chiffres');
		expect(workbook.worksheets[1].name).toBe('Chiffres (2)');
		expect(progress.at(-1) ?? 0).toBe(Math.floor(total / 500) * 500);
		let rows = 0;
		for (const sheet of workbook.worksheets) {
			expect((sheet.getRow(1).values as unknown[]).slice(1, 4)).toEqual([
				'Département',
				'Schéma',
				'N° fiche'
			]);
			expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
			expect(sheet.autoFilter).toBe(`A1:K${sheet.actualRowCount}`);
			rows += sheet.actualRowCount - 1;
		}
		expect(rows).toBe(total);
		expect(workbook.title).toBe('Tous les chiffres');
	});

	it('keeps validated figures only when asked, with unit formats and real dates', async () => {
		const { result, workbook } = await stream({ validatedOnly: true });
		expect(result.rows).toBe(count(`where status = 'valide'`));
		expect(result.sheets).toBe(1);
		const sheet = workbook.worksheets[0];
		let percent: ExcelJS.Cell | null = null;
		let number: ExcelJS.Cell | null = null;
		sheet.eachRow((row, n) => {
			if (n === 1) return;
			expect(row.getCell(10).value).toBe('Validé');
			expect(row.getCell(8).value).toBeInstanceOf(Date);
			expect(row.getCell(11).value).toBeInstanceOf(Date);
			const value = row.getCell(9);
			if (value.numFmt === NUMBER_FORMATS.percent) percent ??= value;
			if (value.numFmt === NUMBER_FORMATS.integer) number ??= value;
		});
		expect(percent).not.toBeNull();
		expect(Number(percent!.value)).toBeLessThanOrEqual(1);
		expect(Number.isInteger(number!.value)).toBe(true);
		// Rows follow the plan: fiche 1 first, its 2017 figures before 2018.
		expect(sheet.getRow(2).getCell(3).value).toBe('1');
		expect(sheet.getRow(2).getCell(7).value).toBe('2017');
	});
});
