import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CurrentUser } from '../auth/auth.service';
import { listEntityEvents } from '../audit/audit.service';
import type { Db } from '../db/database';
import { getEntrySheet, saveDraft, submitFiche } from '../reporting/figures.service';
import { changePeriodState, getPeriod } from '../reporting/periods.service';
import { SCHEME, bookletDb, bookletUsers } from '../reporting/reporting.fixture';
import { seedDemoFigures } from '../seed/demo-figures';
import { checkFiguresUpload, confirmFiguresImport, type CheckResult } from './figures-import';
import { discardPendingFigures, loadPendingFigures, savePendingFigures } from './pending-store';
import { loadImportContext, writeFiguresTemplate } from './template';
import { FIGURES_COLUMNS, FIGURES_SHEETS, TEMPLATE_KEYS } from './template-format';

// The figures import against a real database (the booklet with its demo figures): template,
// every row checked with every problem reported, preview, all-or-nothing confirmation through
// the grid's saveDraft, with the grid's rights, locks and history.

const TODAY = '2019-03-01';
const WHERE = { scheme: SCHEME, period: '2019' };
let db: Db;
let users: Awaited<ReturnType<typeof bookletUsers>>;

beforeEach(async () => {
	db = await bookletDb();
	users = await bookletUsers(db);
	await seedDemoFigures(db, TODAY);
});

const column = (key: string) => FIGURES_COLUMNS.findIndex((c) => c.key === key) + 1;

async function template(user: CurrentUser): Promise<ExcelJS.Workbook> {
	const context = await loadImportContext(db, user, WHERE, TODAY);
	if (!context.ok) throw new Error(JSON.stringify(context));
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load(
		(await writeFiguresTemplate(context, user)) as unknown as ExcelJS.Buffer
	);
	return workbook;
}

/** The template's data rows of one fiche, with their unit. */
function rowsOf(workbook: ExcelJS.Workbook, fiche: string) {
	const sheet = workbook.getWorksheet(FIGURES_SHEETS.figures)!;
	const rows: { row: ExcelJS.Row; unit: string; key: string }[] = [];
	sheet.eachRow((row, number) => {
		if (number > 1 && row.getCell(column('fiche')).value === fiche)
			rows.push({
				row,
				unit: String(row.getCell(column('unit')).value),
				key: String(row.getCell(column('key')).value)
			});
	});
	return rows;
}

/** A valid value for a unit, as a pilot would type it (or as a number, as code would). */
function validValue(unit: string, i: number): string | number {
	if (unit.startsWith('Oui')) return 'oui';
	if (unit.startsWith('Texte')) return `Texte ${i}`;
	if (unit.startsWith('Pourcentage')) return 12.5;
	if (unit.startsWith('Montant')) return '1 234,56';
	return 40 + i;
}

async function upload(user: CurrentUser, workbook: ExcelJS.Workbook): Promise<CheckResult> {
	const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
	return checkFiguresUpload(db, user, WHERE, buffer, { today: TODAY });
}

async function sheet35(user: CurrentUser = users.cafPilot) {
	const result = await getEntrySheet(
		db,
		user,
		{ scheme: SCHEME, fiche: '35', period: '2019' },
		TODAY
	);
	if (!result.ok) throw new Error(JSON.stringify(result));
	return result.sheet;
}

describe('template', () => {
	it('lists the lines of the pilot’s fiches only, prefilled, with hidden key and version', async () => {
		const workbook = await template(users.cafPilot);
		expect(workbook.worksheets.map((w) => w.name)).toEqual([
			FIGURES_SHEETS.instructions,
			FIGURES_SHEETS.figures
		]);
		const instructions = workbook.getWorksheet(FIGURES_SHEETS.instructions)!;
		const pairs = new Map<string, unknown>();
		instructions.eachRow((row) => pairs.set(String(row.getCell(1).value), row.getCell(2).value));
		expect(pairs.get(TEMPLATE_KEYS.scheme)).toBe(SCHEME);
		expect(pairs.get(TEMPLATE_KEYS.period)).toBe('2019');

		const sheet = workbook.getWorksheet(FIGURES_SHEETS.figures)!;
		expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(
			FIGURES_COLUMNS.map((c) => c.header)
		);
		expect(sheet.getColumn(column('key')).hidden).toBe(true);
		expect(sheet.getColumn(column('version')).hidden).toBe(true);
		expect(sheet.getColumn(column('value')).hidden).toBe(false);
		expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
		expect(sheet.autoFilter).toBeTruthy();

		const context = await loadImportContext(db, users.cafPilot, WHERE, TODAY);
		if (!context.ok) throw new Error('context');
		const fiches = new Set<string>();
		sheet.eachRow((row, n) => {
			if (n > 1) fiches.add(String(row.getCell(column('fiche')).value));
		});
		expect([...fiches].sort()).toEqual(context.sheets.map((s) => s.fiche.number).sort());
		expect(fiches.has('35')).toBe(true);
		// Fiche 1 is piloted by the département, not by the CAF.
		expect(fiches.has('1')).toBe(false);

		// A saved draft comes back prefilled with its version; fiche 35 is empty.
		const drafted = context.sheets.flatMap((s) => s.lines).find((l) => l.figure)!;
		let found = false;
		sheet.eachRow((row, n) => {
			if (n > 1 && row.getCell(column('key')).value === drafted.key) {
				found = true;
				expect(row.getCell(column('version')).value).toBe(drafted.figure!.version);
				expect(row.getCell(column('value')).numFmt).toBe('@');
			}
		});
		expect(found).toBe(true);
		for (const { row } of rowsOf(workbook, '35')) {
			expect(row.getCell(column('value')).value).toBeNull();
			expect(row.getCell(column('notAvailable')).value).toBe('Non');
		}
		const validations = (
			sheet as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }
		).dataValidations.model;
		expect(
			Object.values(validations).some((v) => v.type === 'list' && v.formulae[0] === '"Oui,Non"')
		).toBe(true);
	});

	it('is refused to readers, for an unknown period and for a closed one', async () => {
		expect(await loadImportContext(db, users.reader, WHERE, TODAY)).toMatchObject({
			ok: false,
			reason: 'forbidden'
		});
		expect(
			await loadImportContext(db, users.cafPilot, { ...WHERE, period: '2030' }, TODAY)
		).toMatchObject({
			reason: 'not_found'
		});
		expect(
			await loadImportContext(db, users.cafPilot, { ...WHERE, period: '2018' }, TODAY)
		).toMatchObject({
			reason: 'locked',
			message: expect.stringContaining('close')
		});
	});
});

describe('upload, preview and confirmation', () => {
	it('previews new lines, then writes them as drafts through the grid, with history', async () => {
		const workbook = await template(users.cafPilot);
		const lines = rowsOf(workbook, '35');
		expect(lines.length).toBeGreaterThan(1);
		lines.forEach(({ row, unit }, i) => (row.getCell(column('value')).value = validValue(unit, i)));
		// The last line: not available, with a comment.
		const last = lines.at(-1)!;
		last.row.getCell(column('value')).value = null;
		last.row.getCell(column('notAvailable')).value = 'Oui';
		last.row.getCell(column('comment')).value = 'Enquête non reconduite';

		const checked = await upload(users.cafPilot, workbook);
		if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
		expect(checked.preview.counts).toMatchObject({ new: lines.length, changed: 0, fiches: 1 });
		expect(checked.preview.counts.unchanged).toBe(checked.preview.counts.rows - lines.length);
		expect(checked.preview.lines[0]).toMatchObject({
			kind: 'new',
			fiche: { number: '35' },
			before: null
		});
		// Nothing is written by the preview.
		expect((await sheet35()).lines.every((l) => l.figure === null)).toBe(true);

		const confirmed = await confirmFiguresImport(db, users.cafPilot, WHERE, checked.pending);
		expect(confirmed).toMatchObject({ ok: true, saved: lines.length });
		const after = await sheet35();
		for (const line of after.lines) {
			expect(line.figure?.status).toBe('brouillon');
			const i = lines.findIndex((l) => l.key === line.key);
			if (line.key === last.key) {
				expect(line.figure?.notAvailable).toBe(true);
				expect(line.figure?.comment).toBe('Enquête non reconduite');
			} else if (line.indicator.unit === 'nombre')
				expect(line.figure?.value).toEqual({ kind: 'number', value: 40 + i });
			else if (line.indicator.unit === 'oui_non')
				expect(line.figure?.value).toEqual({ kind: 'boolean', value: true });
		}
		const events = await listEntityEvents(db, 'figure', after.lines[0].figure!.id);
		expect(events).toHaveLength(1);
		expect(events[0]).toMatchObject({ action: 'create', user_id: users.cafPilot.id });

		// The same file again: every line is unchanged now, versions included.
		const again = await upload(users.cafPilot, await template(users.cafPilot));
		if (!again.ok) throw new Error(JSON.stringify(again.problems));
		expect(again.preview.counts).toMatchObject({ new: 0, changed: 0 });
	});

	it('reports every bad row with sheet, row, column and a French message, and writes nothing', async () => {
		const workbook = await template(users.cafPilot);
		const lines = rowsOf(workbook, '35');
		const numbers = lines.filter((l) => l.unit.startsWith('Nombre'));
		expect(numbers.length).toBeGreaterThanOrEqual(2);
		lines.forEach(({ row, unit }, i) => (row.getCell(column('value')).value = validValue(unit, i)));
		numbers[0].row.getCell(column('value')).value = '12,5';
		numbers[1].row.getCell(column('value')).value = 'beaucoup';
		const yesNo = lines.find((l) => l.unit.startsWith('Oui'));
		if (yesNo) yesNo.row.getCell(column('notAvailable')).value = 'Peut-être';

		const checked = await upload(users.cafPilot, workbook);
		expect(checked.ok).toBe(false);
		if (checked.ok) return;
		const letter = (key: string) => String.fromCharCode(64 + column(key));
		expect(checked.problems).toEqual(
			expect.arrayContaining([
				{
					sheet: 'Chiffres',
					row: numbers[0].row.number,
					column: letter('value'),
					message: 'Un nombre entier est attendu (sans décimale).'
				},
				{
					sheet: 'Chiffres',
					row: numbers[1].row.number,
					column: letter('value'),
					message: expect.stringContaining('Ce n’est pas un nombre')
				}
			])
		);
		expect(checked.problemCount).toBe(yesNo ? 3 : 2);
		expect(checked.message).toContain('Rien n’a été enregistré');
		expect((await sheet35()).lines.every((l) => l.figure === null)).toBe(true);
	});

	it('refuses the file of another pilot’s fiches, and readers', async () => {
		const workbook = await template(users.cafPilot);
		rowsOf(workbook, '35').forEach(
			({ row, unit }, i) => (row.getCell(column('value')).value = validValue(unit, i))
		);
		const byOther = await upload(users.cdPilot, workbook);
		expect(byOther.ok).toBe(false);
		if (!byOther.ok) {
			expect(byOther.problems.length).toBeGreaterThan(0);
			expect(byOther.problems[0].message).toContain('Ligne inconnue');
		}
		expect(await upload(users.reader, workbook)).toMatchObject({ ok: false, status: 403 });
		expect((await sheet35()).lines.every((l) => l.figure === null)).toBe(true);
	});

	it('refuses a closed period, and a period closed between preview and confirmation', async () => {
		const workbook = await template(users.cafPilot);
		rowsOf(workbook, '35').forEach(
			({ row, unit }, i) => (row.getCell(column('value')).value = validValue(unit, i))
		);
		const checked = await upload(users.cafPilot, workbook);
		if (!checked.ok) throw new Error(JSON.stringify(checked.problems));

		const period = await getPeriod(db, users.admin, WHERE, TODAY);
		if (!period.ok) throw new Error('period');
		const closed = await changePeriodState(
			db,
			users.admin,
			WHERE,
			{ state: 'close' },
			period.period.version
		);
		expect(closed.ok).toBe(true);
		expect(await confirmFiguresImport(db, users.cafPilot, WHERE, checked.pending)).toMatchObject({
			ok: false,
			reason: 'locked'
		});
		expect(await upload(users.cafPilot, workbook)).toMatchObject({ ok: false, status: 423 });
		expect((await sheet35(users.admin)).lines.every((l) => l.figure === null)).toBe(true);
	});

	it('writes all fiches or none: a conflict on one fiche after the preview rolls back the others', async () => {
		const workbook = await template(users.cafPilot);
		const context = await loadImportContext(db, users.cafPilot, WHERE, TODAY);
		if (!context.ok) throw new Error('context');
		// Two fiches with editable lines: 35 and another one.
		const other = context.sheets.find(
			(s) =>
				s.fiche.number !== '35' && s.lines.some((l) => l.editable && l.indicator.unit === 'nombre')
		)!;
		const otherLine = other.lines.find((l) => l.editable && l.indicator.unit === 'nombre')!;
		rowsOf(workbook, '35').forEach(
			({ row, unit }, i) => (row.getCell(column('value')).value = validValue(unit, i))
		);
		const otherRow = rowsOf(workbook, other.fiche.number).find((r) => r.key === otherLine.key)!;
		otherRow.row.getCell(column('value')).value = 777;
		const checked = await upload(users.cafPilot, workbook);
		if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
		expect(checked.pending.sheets.map((s) => s.fiche).sort()).toEqual(
			['35', other.fiche.slug].sort()
		);

		// Someone changes the other fiche's line after the preview.
		const grid = await getEntrySheet(
			db,
			users.admin,
			{ scheme: SCHEME, fiche: other.fiche.slug, period: '2019' },
			TODAY
		);
		if (!grid.ok) throw new Error('grid');
		const current = grid.sheet.lines.find((l) => l.key === otherLine.key)!;
		const written = await saveDraft(
			db,
			users.admin,
			{ scheme: SCHEME, fiche: other.fiche.slug, period: '2019' },
			[
				{
					key: otherLine.key,
					value: '5',
					notAvailable: false,
					comment: null,
					version: current.figure?.version ?? null
				}
			]
		);
		expect(written.ok).toBe(true);

		const confirmed = await confirmFiguresImport(db, users.cafPilot, WHERE, checked.pending);
		expect(confirmed).toMatchObject({ ok: false, reason: 'conflict' });
		// Fiche 35 comes first in the file and was written before the conflict: rolled back too.
		expect((await sheet35()).lines.every((l) => l.figure === null)).toBe(true);
		const after = await getEntrySheet(
			db,
			users.admin,
			{ scheme: SCHEME, fiche: other.fiche.slug, period: '2019' },
			TODAY
		);
		expect(
			after.ok && after.sheet.lines.find((l) => l.key === otherLine.key)?.figure?.value
		).toEqual({
			kind: 'number',
			value: 5
		});
	});

	it('ignores unchanged locked lines, refuses changed ones and stale versions', async () => {
		// Fiche 35 submitted by the pilot: its lines become locked.
		const grid = await sheet35();
		const rows = grid.lines.map((l, i) => ({
			key: l.key,
			value:
				l.indicator.unit === 'oui_non'
					? 'oui'
					: l.indicator.unit === 'texte'
						? 'Texte'
						: String(10 + i),
			notAvailable: false,
			comment: 'Commentaire de soumission',
			version: null
		}));
		const submitted = await submitFiche(
			db,
			users.cafPilot,
			{ scheme: SCHEME, fiche: '35', period: '2019' },
			rows,
			TODAY
		);
		expect(submitted.ok).toBe(true);

		const workbook = await template(users.cafPilot);
		const lines = rowsOf(workbook, '35');
		const unchanged = await upload(users.cafPilot, workbook);
		expect(unchanged.ok).toBe(true);

		const numeric = lines.find((l) => l.unit.startsWith('Nombre'))!;
		numeric.row.getCell(column('value')).value = 999;
		const refused = await upload(users.cafPilot, workbook);
		expect(refused).toMatchObject({
			ok: false,
			problems: [{ row: numeric.row.number, message: expect.stringContaining('soumis') }]
		});

		// A stale version on an editable line of another fiche.
		const fresh = await template(users.cafPilot);
		const context = await loadImportContext(db, users.cafPilot, WHERE, TODAY);
		if (!context.ok) throw new Error('context');
		const editable = context.sheets
			.flatMap((s) => s.lines.map((l) => ({ s, l })))
			.find(({ l }) => l.editable && l.figure && l.indicator.unit === 'nombre')!;
		const target = rowsOf(fresh, editable.s.fiche.number).find((r) => r.key === editable.l.key)!;
		target.row.getCell(column('value')).value = 321;
		target.row.getCell(column('version')).value = editable.l.figure!.version + 5;
		const stale = await upload(users.cafPilot, fresh);
		expect(stale).toMatchObject({
			ok: false,
			problems: [
				{
					row: target.row.number,
					message: expect.stringContaining('modifié depuis la préparation')
				}
			]
		});
	});

	it('refuses formulas, a file for another period and a file without the figures sheet', async () => {
		const workbook = await template(users.cafPilot);
		const [first] = rowsOf(workbook, '35');
		first.row.getCell(column('value')).value = { formula: '1+1', result: 2 };
		const withFormula = await upload(users.cafPilot, workbook);
		expect(withFormula).toMatchObject({
			ok: false,
			problems: [
				{ sheet: 'Chiffres', row: first.row.number, message: expect.stringContaining('Formule') }
			]
		});

		const other = await template(users.cafPilot);
		other.getWorksheet(FIGURES_SHEETS.instructions)!.eachRow((row) => {
			if (row.getCell(1).value === TEMPLATE_KEYS.period) row.getCell(2).value = '2020';
		});
		expect(await upload(users.cafPilot, other)).toMatchObject({
			ok: false,
			problems: [
				{ sheet: 'Instructions', column: 'B', message: expect.stringContaining('période 2020') }
			]
		});

		const renamed = await template(users.cafPilot);
		renamed.getWorksheet(FIGURES_SHEETS.figures)!.name = 'Feuil1';
		expect(await upload(users.cafPilot, renamed)).toMatchObject({
			ok: false,
			message: expect.stringContaining('« Chiffres » introuvable')
		});
	});
});

describe('formulas and submitting with the import', () => {
	it('lists a formula as one more error, beside the other bad cells of the file', async () => {
		const workbook = await template(users.cafPilot);
		const lines = rowsOf(workbook, '35');
		const numbers = lines.filter((l) => l.unit.startsWith('Nombre'));
		numbers[0].row.getCell(column('value')).value = { formula: '1+1', result: 2 };
		numbers[1].row.getCell(column('value')).value = 'beaucoup';
		const checked = await upload(users.cafPilot, workbook);
		expect(checked.ok).toBe(false);
		if (checked.ok) return;
		expect(checked.problemCount).toBe(2);
		expect(checked.problems.map((p) => [p.row, p.message.slice(0, 12)])).toEqual([
			[numbers[0].row.number, 'Formule « =1'],
			[numbers[1].row.number, 'Ce n’est pas']
		]);
		expect(checked.message).toMatch(/^2 erreurs empêchent l’import/);
	});

	it('submits the imported fiches to the coordinator in the same step, with the grid’s rules', async () => {
		const workbook = await template(users.cafPilot);
		const lines = rowsOf(workbook, '35');
		lines.forEach(({ row, unit }, i) => {
			row.getCell(column('value')).value = validValue(unit, i);
			// The grid asks for a comment where the value moves a lot: the file gives it.
			row.getCell(column('comment')).value =
				'Hausse liée à l’ouverture d’un équipement « jeunesse »';
		});
		const checked = await upload(users.cafPilot, workbook);
		if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
		const confirmed = await confirmFiguresImport(db, users.cafPilot, WHERE, checked.pending, {
			submit: true
		});
		if (!confirmed.ok) throw new Error(confirmed.message);
		expect(confirmed).toMatchObject({ ok: true, saved: lines.length, submitted: lines.length });
		const after = await sheet35();
		expect(after.lines.map((l) => l.figure?.status)).toEqual(lines.map(() => 'soumis'));
		const events = await listEntityEvents(db, 'figure', after.lines[0].figure!.id);
		expect(events.map((e) => e.action)).toEqual(['create', 'submit']);
	});

	it('refuses to submit a fiche the grid would refuse (a value missing), and saves nothing', async () => {
		const workbook = await template(users.cafPilot);
		const lines = rowsOf(workbook, '35');
		lines.forEach(({ row, unit }, i) => (row.getCell(column('value')).value = validValue(unit, i)));
		lines[0].row.getCell(column('value')).value = null;
		const checked = await upload(users.cafPilot, workbook);
		if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
		const refused = await confirmFiguresImport(db, users.cafPilot, WHERE, checked.pending, {
			submit: true
		});
		expect(refused).toMatchObject({
			ok: false,
			reason: 'invalid',
			fiche: '35',
			message: expect.stringMatching(/^La fiche 35 ne peut pas être soumise \(Valeur manquante/)
		});
		expect((await sheet35()).lines.every((l) => l.figure === null)).toBe(true);
		// The same preview can still be saved as drafts.
		expect(await confirmFiguresImport(db, users.cafPilot, WHERE, checked.pending)).toMatchObject({
			ok: true,
			submitted: 0
		});
	});
});

describe('pending store', () => {
	it('gives the rows back to the same user only, once', async () => {
		const pending = {
			scheme: SCHEME,
			period: '2019',
			sheets: [
				{
					fiche: '35',
					rows: [{ key: '87', value: '3', notAvailable: false, comment: null, version: null }]
				}
			]
		};
		const token = await savePendingFigures(users.cafPilot.id, 'saisie.xlsx', pending);
		expect(await loadPendingFigures(users.cdPilot.id, token)).toBeNull();
		expect(await loadPendingFigures(users.cafPilot.id, 'pas-un-jeton')).toBeNull();
		expect((await loadPendingFigures(users.cafPilot.id, token))?.pending).toEqual(pending);
		await discardPendingFigures(token);
		expect(await loadPendingFigures(users.cafPilot.id, token)).toBeNull();
	});
});
