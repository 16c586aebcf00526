import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseAmount, readFundingForm } from '$lib/domain/funding';
import { listEntityEvents } from '../audit/audit.service';
import type { Db } from '../db/database';
import { writeAnnualReport, REPORT_SHEETS } from '../excel-report/annual-report';
import { loadAnnualReport } from '../excel-report/report.service';
import { NUMBER_FORMATS } from '../excel-report/cell-formats';
import { SCHEME, bookletDb, bookletUsers, openPeriod } from '../reporting/reporting.fixture';
import {
	deleteFunding,
	listSchemeFunding,
	loadFicheFunding,
	saveFunding,
	sumFunding
} from './funding.service';

let db: Db;
let users: Awaited<ReturnType<typeof bookletUsers>>;
let caf: number;
let cd: number;
const FICHE = { scheme: SCHEME, fiche: '35' };

beforeEach(async () => {
	db = await bookletDb();
	users = await bookletUsers(db);
	const org = (slug: string) =>
		db
			.selectFrom('organisation')
			.select('id')
			.where('slug', '=', slug)
			.executeTakeFirstOrThrow()
			.then((o) => o.id);
	caf = await org('caf-87');
	cd = await org('cd-87');
});

const form = (patch: Record<string, string>) => ({
	annee: '2019',
	financeur: String(caf),
	prevu: '12 500',
	depense: '',
	...patch
});

describe('reading the funding form', () => {
	it('reads French amounts, blank as not given, and names each wrong field', () => {
		expect(parseAmount('12 500,50')).toBe(12500.5);
		expect(parseAmount('12\u202f500 €')).toBe(12500);
		expect(parseAmount('')).toBeNull();
		expect(parseAmount('-5')).toBeUndefined();
		expect(parseAmount('1,234')).toBeUndefined();
		const years = { start: 2017, end: 2021 };
		expect(readFundingForm(form({ financeur: '4' }), years)).toEqual({
			ok: true,
			input: { year: 2019, organisationId: 4, planned: 12500, spent: null }
		});
		const wrong = readFundingForm({ annee: '2030', financeur: '', prevu: 'x', depense: '' }, years);
		expect(wrong.ok === false && Object.keys(wrong.errors).sort()).toEqual([
			'annee',
			'financeur',
			'prevu'
		]);
		const none = readFundingForm(form({ prevu: '', depense: '' }), years);
		expect(none.ok === false && none.errors.prevu).toMatch(/au moins/);
	});
});

describe('funding of a fiche', () => {
	it('the coordination enters it at any time; the same funder and year replaces the amounts', async () => {
		expect((await saveFunding(db, users.admin, FICHE, form({}))).ok).toBe(true);
		const again = await saveFunding(db, users.admin, FICHE, form({ depense: '9 000,5' }));
		expect(again.ok && again.row).toMatchObject({ planned: 12500, spent: 9000.5, version: 2 });
		const loaded = await loadFicheFunding(db, users.reader, FICHE);
		expect(loaded.ok && loaded.rows).toHaveLength(1);
		expect(loaded.ok && loaded.canEdit).toBe(false);
	});

	it('its pilots enter it only while a period is open; other pilots and readers never', async () => {
		const closed = await saveFunding(db, users.cafPilot, FICHE, form({}));
		expect(closed).toMatchObject({ ok: false, reason: 'forbidden' });
		await openPeriod(db, users.admin, '2019');
		expect((await saveFunding(db, users.cafPilot, FICHE, form({}))).ok).toBe(true);
		expect(await saveFunding(db, users.cdPilot, FICHE, form({}))).toMatchObject({
			reason: 'forbidden'
		});
		expect(await saveFunding(db, users.reader, FICHE, form({}))).toMatchObject({
			reason: 'forbidden'
		});
		expect(
			await saveFunding(db, users.admin, { scheme: SCHEME, fiche: 'nope' }, form({}))
		).toMatchObject({
			reason: 'not_found'
		});
	});

	it('refuses an unknown funder and deletes a line of this fiche only', async () => {
		expect(await saveFunding(db, users.admin, FICHE, form({ financeur: '99999' }))).toMatchObject({
			reason: 'invalid',
			errors: { financeur: 'Choisissez le financeur.' }
		});
		const saved = await saveFunding(db, users.admin, FICHE, form({}));
		if (!saved.ok) throw new Error('unsaved');
		expect(
			await deleteFunding(db, users.admin, { scheme: SCHEME, fiche: '36' }, saved.row.id)
		).toMatchObject({ reason: 'not_found' });
		expect(await deleteFunding(db, users.admin, FICHE, saved.row.id)).toEqual({ ok: true });
		expect(await deleteFunding(db, users.admin, FICHE, saved.row.id)).toMatchObject({
			reason: 'not_found'
		});
	});

	it('keeps every change of an amount in the history, with who made it', async () => {
		const saved = await saveFunding(db, users.admin, FICHE, form({}));
		if (!saved.ok) throw new Error('unsaved');
		await saveFunding(db, users.admin, FICHE, form({ depense: '4 000' }));
		await saveFunding(db, users.admin, FICHE, form({ depense: '4 000' })); // nothing changed
		await deleteFunding(db, users.admin, FICHE, saved.row.id);
		const events = await listEntityEvents(db, 'fiche_funding', saved.row.id);
		expect(events.map((e) => e.action)).toEqual(['create', 'update', 'delete']);
		expect(events.every((e) => e.scheme_id !== null && e.user_id === users.admin.id)).toBe(true);
		expect(JSON.parse(events[1].changes!)).toEqual({ spent: { old: null, new: 4000 } });
	});

	it('sums by funder, year and axis, and fills the « Financements » sheet of the report', async () => {
		await saveFunding(db, users.admin, FICHE, form({ prevu: '10 000', depense: '4 000' }));
		await saveFunding(db, users.admin, FICHE, form({ financeur: String(cd), prevu: '5 000' }));
		await saveFunding(db, users.admin, FICHE, form({ annee: '2020', prevu: '1 000' }));
		const lines = await listSchemeFunding(
			db,
			(await db.selectFrom('scheme').select('id').executeTakeFirstOrThrow()).id
		);
		expect(lines).toHaveLength(3);
		expect(lines[0].axis).toMatch(/^\d/);
		expect(sumFunding(lines, (l) => String(l.year))).toEqual([
			{ key: '2019', planned: 15000, spent: 4000, lines: 2 },
			{ key: '2020', planned: 1000, spent: 0, lines: 1 }
		]);

		await openPeriod(db, users.admin, '2019');
		const result = await loadAnnualReport(db, users.admin, SCHEME, '2019', '2020-03-01');
		if (!result.ok) throw new Error('no report');
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load((await writeAnnualReport(result.report)) as unknown as ExcelJS.Buffer);
		const sheet = workbook.getWorksheet(REPORT_SHEETS.funding)!;
		expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
			'N° fiche',
			'Fiche',
			'Axe',
			'Année',
			'Financeur',
			'Financeur (nom complet)',
			'Montant prévu',
			'Montant dépensé',
			'Taux de réalisation'
		]);
		expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
		expect(sheet.autoFilter).toBeTruthy();
		// 2019 only, CAF then CD; a blank amount stays blank.
		expect(sheet.getCell('A2').value).toBe('35');
		expect(sheet.getCell('G2').value).toBe(10000);
		expect(sheet.getCell('G2').numFmt).toBe(NUMBER_FORMATS.euro);
		expect(sheet.getCell('I2').value).toBe(0.4);
		expect(sheet.getCell('H3').value).toBeNull();
		expect(sheet.getCell('B4').value).toBe('Total (montants renseignés)');
		expect(sheet.getCell('G4').value).toBe(15000);
		expect(sheet.rowCount).toBe(4);
	});
});
