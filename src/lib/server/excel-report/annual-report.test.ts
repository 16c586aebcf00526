import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/database';
import { saveDraft } from '../reporting/figures.service';
import { createPeriod } from '../reporting/periods.service';
import { SCHEME, bookletDb, bookletUsers } from '../reporting/reporting.fixture';
import { seedDemoFigures } from '../seed/demo-figures';
import {
	FICHE_STATE_FILLS,
	FIGURE_STATUS_FILLS,
	REPORT_SHEETS,
	reportFileName,
	writeAnnualReport
} from './annual-report';
import { NUMBER_FORMATS } from './cell-formats';
import { loadAnnualReport, listReportChoices, type AnnualReport } from './report.service';

// The annual report read back cell by cell with exceljs: values, number formats, frozen panes,
// filters, print setup, document properties, colours, visibility of drafts, no formula ever.

const TODAY = '2019-03-01';
const INJECTION = '=HYPERLINK("http://x","clic")';
let db: Db;
let users: Awaited<ReturnType<typeof bookletUsers>>;

beforeEach(async () => {
	db = await bookletDb();
	users = await bookletUsers(db);
	await seedDemoFigures(db, TODAY);
});

async function report(
	user: Parameters<typeof loadAnnualReport>[1],
	code: string
): Promise<AnnualReport> {
	const result = await loadAnnualReport(db, user, SCHEME, code, TODAY);
	if (!result.ok) throw new Error(JSON.stringify(result));
	return result.report;
}

async function workbookOf(data: AnnualReport): Promise<ExcelJS.Workbook> {
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load((await writeAnnualReport(data)) as unknown as ExcelJS.Buffer);
	return workbook;
}

const headers = (sheet: ExcelJS.Worksheet, row = 1) =>
	(sheet.getRow(row).values as unknown[]).slice(1);
const fillOf = (cell: ExcelJS.Cell) =>
	cell.fill?.type === 'pattern' ? (cell.fill.fgColor?.argb ?? null) : null;

describe('annual report 2018 (coordination)', () => {
	it('has the five sheets, the document properties and a titled, frozen, filtered synthesis', async () => {
		const data = await report(users.admin, '2018');
		const workbook = await workbookOf(data);
		expect(workbook.worksheets.map((s) => s.name)).toEqual([
			REPORT_SHEETS.summary,
			REPORT_SHEETS.fiches,
			REPORT_SHEETS.indicators,
			REPORT_SHEETS.bilans,
			REPORT_SHEETS.funding
		]);
		expect(workbook.title).toBe(
			'Rapport annuel 2018 — Schéma départemental des services aux familles de la Haute-Vienne'
		);
		expect(workbook.company).toBe('Haute-Vienne');
		expect(workbook.subject).toContain('Haute-Vienne (87) — Année 2018');
		expect(workbook.description).toMatch(/^Données à jour au \d{2}\/\d{2}\/\d{4} à \d{2}:\d{2}/);
		expect(workbook.description).toContain('Chiffres fictifs de démonstration');
		// The creation date is the date of the data (the file keeps whole seconds).
		expect(Math.floor(workbook.created.getTime() / 1000)).toBe(
			Math.floor(Date.parse(data.dataAsOf!) / 1000)
		);
		expect(reportFileName(data)).toBe(`rapport-annuel-2018-${SCHEME}.xlsx`);

		const summary = workbook.getWorksheet(REPORT_SHEETS.summary)!;
		expect(summary.getCell('A1').value).toBe(workbook.title);
		expect(summary.getCell('A2').value).toContain('du 01/01/2018 au 31/12/2018');
		expect(summary.getCell('A6').value).toContain('Chiffres fictifs de démonstration');
		expect(headers(summary, 7).slice(0, 3)).toEqual(['Axe stratégique', 'Fiches', 'À élaborer']);
		expect(headers(summary, 7).at(-1)).toBe('Indicateurs hors cible');
		expect(summary.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 7 });
		const axes = data.axes.length;
		expect(axes).toBeGreaterThan(2);
		expect(summary.autoFilter).toBe(`A7:Q${7 + axes}`);
		expect(summary.pageSetup).toMatchObject({
			orientation: 'landscape',
			fitToPage: true,
			fitToWidth: 1,
			fitToHeight: 0,
			printTitlesRow: '7:7'
		});
		// One row per axis, then the total, which equals the sum of the axes.
		data.axes.forEach((axis, i) => {
			const row = summary.getRow(8 + i);
			expect(row.getCell(1).value).toBe(`${axis.code} — ${axis.title}`);
			expect(row.getCell(2).value).toBe(axis.states.total);
		});
		const total = summary.getRow(8 + axes);
		expect(total.getCell(1).value).toBe('Ensemble du schéma');
		expect(total.getCell(2).value).toBe(data.fiches.length);
		expect(total.getCell(14).value).toBe(data.lines.length);
		for (let column = 2; column <= 16; column++) {
			if (column === 16) continue;
			let sum = 0;
			for (let i = 0; i < axes; i++) sum += Number(summary.getRow(8 + i).getCell(column).value);
			expect(total.getCell(column).value).toBe(sum);
		}
		expect(total.getCell(17).value).toBe(0);
		// Part validée: every 2018 figure of the demo is validated.
		expect(total.getCell(16).value).toBe(1);
		expect(total.getCell(16).numFmt).toBe(NUMBER_FORMATS.share);
		expect(total.font?.bold).toBe(true);
	});

	it('lists every fiche with every field, state colours and real dates', async () => {
		const data = await report(users.admin, '2018');
		const sheet = (await workbookOf(data)).getWorksheet(REPORT_SHEETS.fiches)!;
		expect(headers(sheet).slice(0, 8)).toEqual([
			'N°',
			'Intitulé',
			'Axe stratégique',
			'Axe / Objectif',
			'État',
			'Météo',
			'Raisons de la météo',
			'Pilote(s)'
		]);
		expect(sheet.rowCount).toBe(data.fiches.length + 1);
		expect(sheet.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 1 });
		expect(sheet.autoFilter).toBe(`A1:X${data.fiches.length + 1}`);
		// 24 columns: at 70 % over several pages, header row and N° repeated (not 4 pt text).
		expect(sheet.pageSetup).toMatchObject({
			orientation: 'landscape',
			fitToPage: false,
			scale: 70,
			printTitlesRow: '1:1',
			printTitlesColumn: 'A:A'
		});
		const first = sheet.getRow(2);
		expect(first.getCell(1).value).toBe('1');
		expect(first.getCell(2).value).toBe(data.fiches[0].title);
		expect(first.getCell(5).value).toBe('À lancer');
		expect(fillOf(first.getCell(5))).toBe(FICHE_STATE_FILLS.a_lancer);
		// « À lancer »: not started, so « Non évaluée » whatever its figures (issue 14).
		expect(first.getCell(6).value).toBe('Non évaluée');
		expect(String(first.getCell(12).value)).toMatch(/^1\) Créer un groupe de travail/);
		expect(String(first.getCell(17).value)).toContain('Quantitatif :');
		expect(first.getCell(19).value).toBe(data.fiches[0].progress.expected);
		expect(first.getCell(22).value).toBe('Année 2018');
		expect(String(first.getCell(23).value)).toMatch(/^Actions mises en œuvre :\n/);
		expect(first.getCell(24).value).toBeInstanceOf(Date);
		expect(first.getCell(24).numFmt).toBe(NUMBER_FORMATS.date);
		expect(first.getCell(11).alignment).toMatchObject({ wrapText: true, vertical: 'top' });
	});

	it('has one row per indicator × period × breakdown value, with unit formats', async () => {
		const data = await report(users.admin, '2018');
		const sheet = (await workbookOf(data)).getWorksheet(REPORT_SHEETS.indicators)!;
		expect(sheet.rowCount).toBe(data.lines.length + 1);
		expect(headers(sheet)).toContain('Cible 2018');
		expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
		expect(sheet.autoFilter).toBe(`A1:U${data.lines.length + 1}`);
		const rowOf = (predicate: (line: AnnualReport['lines'][number]) => boolean) => {
			const index = data.lines.findIndex(predicate);
			expect(index).toBeGreaterThanOrEqual(0);
			return { row: sheet.getRow(index + 2), line: data.lines[index] };
		};
		const percent = rowOf((l) => l.indicator.unit === 'pourcentage' && l.value?.kind === 'number');
		const points = percent.line.value?.kind === 'number' ? percent.line.value.value : NaN;
		expect(percent.row.getCell(11).value).toBeCloseTo(points / 100, 10);
		expect(percent.row.getCell(11).numFmt).toBe(NUMBER_FORMATS.percent);
		const count = rowOf((l) => l.indicator.unit === 'nombre' && l.value?.kind === 'number');
		expect(count.row.getCell(11).value).toBe(
			count.line.value?.kind === 'number' && count.line.value.value
		);
		expect(count.row.getCell(11).numFmt).toBe(NUMBER_FORMATS.integer);
		expect(count.row.getCell(14).value).toBe('Validé');
		expect(fillOf(count.row.getCell(14))).toBe(FIGURE_STATUS_FILLS.valide);
		// Validated at 09:00 UTC on 28/02/2019: 10:00 in Paris, shown as such.
		expect(count.row.getCell(20).value).toEqual(new Date(Date.UTC(2019, 1, 28, 10, 0, 0)));
		expect(count.row.getCell(20).numFmt).toBe(NUMBER_FORMATS.dateTime);
		const breakdown = rowOf((l) => l.breakdown !== null);
		expect(breakdown.row.getCell(7).value).toBe(
			`${breakdown.line.breakdown!.group} : ${breakdown.line.breakdown!.label}`
		);
		const text = rowOf((l) => l.indicator.unit === 'texte' && l.value !== null);
		expect(typeof text.row.getCell(11).value).toBe('string');
	});

	it('compares values with the year’s target: gap with its sign, « hors cible » in words and colour', async () => {
		const before = await report(users.admin, '2018');
		const line = before.lines.find(
			(l) =>
				l.indicator.unit === 'nombre' &&
				l.indicator.polarity === 'higher_better' &&
				!l.breakdown &&
				l.value?.kind === 'number'
		)!;
		const value = line.value?.kind === 'number' ? line.value.value : 0;
		await db
			.insertInto('indicator_target')
			.values({ indicator_id: line.indicator.id, year: 2018, value: value + 10 })
			.execute();
		const data = await report(users.admin, '2018');
		const index = data.lines.findIndex(
			(l) => l.indicator.id === line.indicator.id && l.period.code === '2018'
		);
		const row = (await workbookOf(data)).getWorksheet(REPORT_SHEETS.indicators)!.getRow(index + 2);
		expect(row.getCell(10).value).toBe(value + 10);
		expect(row.getCell(12).value).toBe(-10);
		expect(row.getCell(12).numFmt).toBe(NUMBER_FORMATS.signedInteger);
		expect(row.getCell(13).value).toBe('Oui');
		expect(fillOf(row.getCell(13))).not.toBeNull();
		expect(data.total.offTarget).toBe(1);
		expect(data.axes.reduce((n, a) => n + a.offTarget, 0)).toBe(1);
	});
});

describe('visibility and safety', () => {
	it('shows drafts to the coordination only: others see the state, never the value', async () => {
		const admin = await report(users.admin, '2019');
		const reader = await report(users.reader, '2019');
		const draft = admin.lines.findIndex((l) => l.status === 'brouillon' && l.value !== null);
		expect(draft).toBeGreaterThanOrEqual(0);
		expect(admin.lines[draft].stateLabel).toBe('Brouillon');
		expect(reader.lines[draft]).toMatchObject({
			value: null,
			status: null,
			stateLabel: 'En cours de saisie',
			comment: null
		});
		expect(reader.allFigures).toBe(false);
		// Counts are the same for everyone.
		expect(reader.total.progress).toEqual(admin.total.progress);
		const sheet = (await workbookOf(reader)).getWorksheet(REPORT_SHEETS.indicators)!;
		expect(sheet.getRow(draft + 2).getCell(11).value).toBeNull();
		expect(sheet.getRow(draft + 2).getCell(14).value).toBe('En cours de saisie');
	});

	it('never turns user text into a formula', async () => {
		await db.updateTable('fiche').set({ title: INJECTION }).where('number', '=', '24').execute();
		const saved = await saveDraft(
			db,
			users.admin,
			{ scheme: SCHEME, fiche: '35', period: '2019' },
			[{ key: '87', value: '12', notAvailable: false, comment: INJECTION, version: null }]
		);
		expect(saved.ok).toBe(true);
		const data = await report(users.admin, '2019');
		const workbook = await workbookOf(data);
		let seen = 0;
		for (const sheet of workbook.worksheets) {
			sheet.eachRow((row) =>
				row.eachCell((cell) => {
					expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
					if (cell.value === INJECTION) {
						seen++;
						expect(cell.type).toBe(ExcelJS.ValueType.String);
					}
				})
			);
		}
		// The fiche title (Fiches and Indicateurs sheets) and the comment.
		expect(seen).toBeGreaterThanOrEqual(3);
	});

	it('refuses an unreadable or unknown period and an anonymous visitor of a private scheme', async () => {
		expect(await loadAnnualReport(db, users.admin, SCHEME, '18', TODAY)).toMatchObject({
			ok: false,
			reason: 'invalid',
			errors: { periode: expect.stringContaining('illisible') }
		});
		expect(await loadAnnualReport(db, users.admin, SCHEME, '2030', TODAY)).toMatchObject({
			reason: 'not_found'
		});
		expect(await loadAnnualReport(db, users.admin, SCHEME, '2019-S1', TODAY)).toMatchObject({
			reason: 'not_found'
		});
		// Private: not found for an anonymous visitor, as an unknown scheme.
		expect(await loadAnnualReport(db, null, SCHEME, '2018', TODAY)).toMatchObject({
			reason: 'not_found'
		});
		expect(await loadAnnualReport(db, users.admin, 'inconnu', '2018', TODAY)).toMatchObject({
			reason: 'not_found'
		});
	});

	it('reports a year made of shorter periods, and lists the choices', async () => {
		const created = await createPeriod(db, users.admin, SCHEME, {
			kind: 'semestre',
			year: '2020',
			number: '1',
			opensOn: '2020-07-01',
			closesOn: '2020-07-31'
		});
		expect(created.ok).toBe(true);
		const data = await report(users.admin, '2020');
		expect(data.periods.map((p) => p.code)).toEqual(['2020-S1']);
		expect(data.meteoPeriod).toBe('2020-S1');
		expect(data.selection).toMatchObject({
			label: 'Année 2020',
			startsOn: '2020-01-01',
			endsOn: '2020-12-31'
		});
		expect(data.dataAsOf).toBeNull();
		const choices = await listReportChoices(db, users.reader, SCHEME);
		expect(choices.ok && choices.choices.map((c) => c.code)).toEqual([
			'2020',
			'2020-S1',
			'2019',
			'2018',
			'2017'
		]);
	});
});
