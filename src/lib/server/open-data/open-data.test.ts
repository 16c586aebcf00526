import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/database';
import { saveDraft } from '../reporting/figures.service';
import { SCHEME, bookletDb, bookletUsers } from '../reporting/reporting.fixture';
import { seedDemoFigures } from '../seed/demo-figures';
import { CSV_HEADERS, getOpenData, openDataCsv } from './open-data.service';

// Open data: validated figures only for everyone but the coordination; a CSV French Excel opens
// as it is (BOM, ";", decimal comma, dd/mm/yyyy, CRLF) where no text becomes a formula.

const TODAY = '2019-03-01';
const INJECTION = '=HYPERLINK("http://x","clic")';
let db: Db;
let users: Awaited<ReturnType<typeof bookletUsers>>;

beforeEach(async () => {
	db = await bookletDb();
	users = await bookletUsers(db);
	await seedDemoFigures(db, TODAY);
});

const countFigures = async (validatedOnly: boolean) => {
	let query = db.selectFrom('figure').select((eb) => eb.fn.countAll<number>().as('n'));
	if (validatedOnly) query = query.where('status', '=', 'valide');
	return Number((await query.executeTakeFirstOrThrow()).n);
};

describe('open data', () => {
	it('gives readers and pilots the validated figures only, the coordination every one', async () => {
		const reader = await getOpenData(db, users.reader, SCHEME);
		const pilot = await getOpenData(db, users.cafPilot, SCHEME);
		const admin = await getOpenData(db, users.admin, SCHEME);
		if (!reader.ok || !pilot.ok || !admin.ok) throw new Error('refused');
		expect(reader.data.validatedOnly).toBe(true);
		expect(reader.data.figures).toHaveLength(await countFigures(true));
		expect(reader.data.figures.every((f) => f.status === 'valide')).toBe(true);
		expect(pilot.data.figures).toHaveLength(reader.data.figures.length);
		expect(admin.data.validatedOnly).toBe(false);
		expect(admin.data.figures).toHaveLength(await countFigures(false));
		expect(admin.data.figures.some((f) => f.status === 'brouillon')).toBe(true);
		// Private: not found for an anonymous visitor, as an unknown scheme.
		expect(await getOpenData(db, null, SCHEME)).toMatchObject({ ok: false, reason: 'not_found' });
		expect(await getOpenData(db, users.reader, 'inconnu')).toMatchObject({
			ok: false,
			reason: 'not_found'
		});
	});

	it('writes a CSV for French Excel: BOM, semicolons, decimal comma, French dates, CRLF', async () => {
		const result = await getOpenData(db, users.reader, SCHEME);
		if (!result.ok) throw new Error('refused');
		const csv = openDataCsv(result.data);
		expect(csv.startsWith('\uFEFFDépartement;Schéma;N° fiche;Fiche;')).toBe(true);
		const lines = csv.slice(1).split('\r\n');
		expect(lines.at(-1)).toBe('');
		expect(lines[0]).toBe(CSV_HEADERS.join(';'));
		const percent = result.data.figures.find(
			(f) => f.unit === 'pourcentage' && typeof f.value === 'number' && !Number.isInteger(f.value)
		)!;
		const line = lines.find(
			(l) =>
				l.includes(`;${String(percent.value).replace('.', ',')};`) &&
				l.includes(`;${percent.period};`) &&
				l.includes(';Pourcentage;')
		)!;
		expect(line).toBeDefined();
		const [year] = percent.period.split('-');
		expect(line).toContain(`;01/01/${year};31/12/${year};`);
		expect(line).toMatch(/;Validé;\d{2}\/\d{2}\/\d{4};Oui$/);
		expect(line).not.toMatch(/\d\.\d/);
	});

	it('never lets a comment become a formula in the CSV', async () => {
		const saved = await saveDraft(
			db,
			users.admin,
			{ scheme: SCHEME, fiche: '35', period: '2019' },
			[{ key: '87', value: '12', notAvailable: false, comment: INJECTION, version: null }]
		);
		expect(saved.ok).toBe(true);
		const admin = await getOpenData(db, users.admin, SCHEME);
		if (!admin.ok) throw new Error('refused');
		const csv = openDataCsv(admin.data);
		expect(csv).toContain(`;"'=HYPERLINK(""http://x"",""clic"")";`);
		for (const line of csv.slice(1).split('\r\n'))
			for (const field of line.split(';')) expect(field).not.toMatch(/^[=+@]/);
		// Readers do not get the draft at all.
		const reader = await getOpenData(db, users.reader, SCHEME);
		expect(reader.ok && openDataCsv(reader.data)).not.toContain('HYPERLINK');
	});
});
