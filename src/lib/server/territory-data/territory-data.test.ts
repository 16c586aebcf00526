import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/database';
import { createTestDb } from '../testing/test-db';
import { parseFrenchNumber, parseYear, readCoverageFile } from './coverage-file';
import { listHistory } from './territory-data.queries';
import { importCoverageFile } from './territory-data.service';
import { readTerritory } from './territory-read.service';

const fixture = (name: string) =>
	new Uint8Array(readFileSync(resolve('tests/fixtures/territory', name)));
const EPCI_LABELS = 'txcouv_pe_epci_libelles_windows-1252.csv';
const EPCI_HIST = 'txcouv_pe_epci_hist_champs_utf8-bom.csv';
const DEP = 'txcouv_pe_dep_champs_utf8.csv';
const NAT = 'txcouv_pe_nat_champs.csv';
const COM = 'nbpla_pe_com_libelles_utf8.csv';

const valueOf = (
	territory: Awaited<ReturnType<typeof readTerritory>>,
	series: string,
	year: number
) => territory?.series.find((s) => s.key === series)?.values.find((v) => v.year === year);

describe('reading a CNAF coverage file', () => {
	it('reads French labels in Windows-1252 with decimal commas, skipping the « XX » row', () => {
		const read = readCoverageFile(fixture(EPCI_LABELS));
		if (!read.ok) throw new Error(read.message);
		const { file } = read;
		expect(file.encoding).toBe('windows-1252');
		expect(file.headerStyle).toBe('labels');
		expect(file.kind).toBe('txcouv_pe_epci');
		expect(file.scale).toBe('epci');
		expect(file.series).toEqual([
			'txcouv',
			'txcouv_eaje',
			'txcouv_psu_col',
			'txcouv_am_ind',
			'txcouv_gad_ind',
			'txcouv_prescol'
		]);
		expect(file.placeholderLines).toEqual([6]);
		expect(file.rows.map((r) => r.code)).toEqual([
			'200000011',
			'200000011',
			'200000029',
			'200000037'
		]);
		expect(file.rows[0].name).toBe('CC Exemple des Monts (fictive)');
		expect(file.rows[0].departementName).toBe('Haute-Vienne');
		expect(file.rows[2].values.txcouv).toBe(160.5);
		expect(file.rows[1].values.txcouv_gad_ind).toBeNull();
		expect(file.years).toEqual([2022, 2023]);
	});

	it('reads field names in UTF-8 with a BOM, and in UTF-8 without, with a date or an integer year', () => {
		const hist = readCoverageFile(fixture(EPCI_HIST));
		const dep = readCoverageFile(fixture(DEP));
		if (!hist.ok || !dep.ok) throw new Error('unread');
		expect(hist.file.encoding).toBe('utf-8-bom');
		expect(hist.file.headerStyle).toBe('fields');
		expect(hist.file.rows[0]).toMatchObject({ code: '200000011', year: 2022 });
		expect(dep.file.encoding).toBe('utf-8');
		expect(dep.file.rows.map((r) => r.code)).toEqual(['01', '2A', '87', '974']);
		expect(dep.file.placeholderLines).toEqual([6]);
		expect(dep.file.rows[3].name).toBe('La Réunion');
	});

	it('recognises the national file and a places file by commune with parents', () => {
		const nat = readCoverageFile(fixture(NAT));
		const com = readCoverageFile(fixture(COM));
		if (!nat.ok || !com.ok) throw new Error('unread');
		expect(nat.file).toMatchObject({ kind: 'txcouv_pe_nat', scale: 'national' });
		expect(nat.file.ignoredColumns).toEqual(['territoire']);
		expect(com.file).toMatchObject({ kind: 'nbpla_pe_com', scale: 'commune' });
		expect(com.file.series).toEqual(['pl_eaje', 'pl_am_ind', 'tot_offre']);
		expect(com.file.rows[0]).toMatchObject({
			epciCode: '200000029',
			departementCode: '87',
			values: { pl_eaje: 2415, pl_am_ind: 3120, tot_offre: 6010 }
		});
		// « XX »: outside any EPCI, so its parent is the département.
		expect(com.file.rows[2].epciCode).toBeNull();
	});

	it('refuses an unknown file and names the unreadable line', () => {
		const unknown = readCoverageFile(fixture('fichier-inconnu.csv'));
		expect(unknown).toMatchObject({ ok: false, line: 1 });
		expect(!unknown.ok && unknown.message).toMatch(/^Fichier non reconnu/);
		const bad = readCoverageFile(fixture('txcouv_pe_epci_ligne-illisible.csv'));
		expect(bad).toMatchObject({ ok: false, line: 3 });
		expect(!bad.ok && bad.message).toBe(
			'Ligne 3 : « cent » n’est pas un nombre (colonne « txcouv_epci ») ; laissez la cellule vide si la valeur n’est pas diffusée.'
		);
	});

	it('refuses a bad code, a bad year and a territory twice in a year', () => {
		const file = (body: string) =>
			readCoverageFile(new TextEncoder().encode(`numepci;annee;txcouv_epci\n${body}\n`));
		expect(file('20000001;2023;5')).toMatchObject({ ok: false, line: 2 });
		expect(file('200000011;vingt;5')).toMatchObject({ ok: false, line: 2 });
		expect(file('200000011;2023;5\n200000011;2023;6')).toMatchObject({ ok: false, line: 3 });
	});

	it('reads French numbers and years, blank as « non diffusé »', () => {
		expect(parseFrenchNumber('57,4')).toBe(57.4);
		expect(parseFrenchNumber('1 234,5')).toBe(1234.5);
		expect(parseFrenchNumber('1\u202f234')).toBe(1234);
		expect(parseFrenchNumber('')).toBeNull();
		expect(parseFrenchNumber('-3')).toBeUndefined();
		expect(parseFrenchNumber('12,3,4')).toBeUndefined();
		expect(parseYear('2023')).toBe(2023);
		expect(parseYear('2023-12-31')).toBe(2023);
		expect(parseYear('31/12/2023')).toBe(2023);
		expect(parseYear('2023,0')).toBe(2023);
		expect(parseYear('23')).toBeNull();
	});
});

describe('importing coverage files', () => {
	let db: Db;
	beforeEach(async () => {
		db = await createTestDb();
	});
	const run = (name: string, dryRun = false) =>
		importCoverageFile(db, fixture(name), { fileName: name, userId: null, dryRun });

	it('creates the territories with their parents and vintage, and keeps « non diffusé » apart from 0', async () => {
		const result = await run(EPCI_LABELS);
		if (!result.ok) throw new Error(result.message);
		expect(result.summary).toMatchObject({
			outcome: 'imported',
			rows: 4,
			placeholderLines: [6],
			territories: { created: 4, renamed: 0 },
			values: { new: 24, revised: 0, unchanged: 0, notPublished: 4 }
		});
		const epci = await readTerritory(db, '200000029');
		expect(epci).toMatchObject({
			kind: 'epci',
			name: 'CA Exemple de la Vallée (fictive)',
			vintage: 2024,
			parents: [{ kind: 'departement', code: '87', name: 'Haute-Vienne' }]
		});
		expect(valueOf(epci, 'txcouv', 2023)).toEqual({
			year: 2023,
			value: 160.5,
			status: 'published'
		});
		const plateau = await readTerritory(db, '200000037');
		expect(valueOf(plateau, 'txcouv_eaje', 2023)).toEqual({
			year: 2023,
			value: null,
			status: 'not_published'
		});
		expect(await readTerritory(db, 'XX')).toBeNull();
		expect(
			await db.selectFrom('territory').select('code').where('code', 'like', 'X%').execute()
		).toEqual([]);
	});

	it('the latest import wins and the replaced value stays in the history with its file', async () => {
		await run(EPCI_LABELS);
		const second = await run(EPCI_HIST);
		if (!second.ok) throw new Error(second.message);
		expect(second.summary.values).toMatchObject({ revised: 1, unchanged: 2, new: 3 });
		expect(second.summary.revisions[0]).toMatchObject({
			code: '200000011',
			series: 'txcouv',
			year: 2022,
			before: 57.4,
			after: 57.1
		});
		const monts = await readTerritory(db, '200000011');
		expect(valueOf(monts, 'txcouv', 2022)?.value).toBe(57.1);
		expect(monts?.series.find((s) => s.key === 'txcouv')?.source).toContain(EPCI_HIST);
		const territory = await db
			.selectFrom('territory')
			.select('id')
			.where('code', '=', '200000011')
			.executeTakeFirstOrThrow();
		const history = await listHistory(db, territory.id);
		expect(history).toEqual([
			expect.objectContaining({
				series_key: 'txcouv',
				year: 2022,
				value: 57.4,
				file_name: EPCI_LABELS,
				replaced_by_file: EPCI_HIST
			})
		]);
	});

	it('re-importing the same file changes nothing', async () => {
		await run(EPCI_LABELS);
		const count = async () => ({
			values: await db.selectFrom('territory_value').selectAll().execute(),
			history: await db.selectFrom('territory_value_history').selectAll().execute(),
			imports: await db.selectFrom('territory_import').selectAll().execute(),
			territories: await db.selectFrom('territory').selectAll().execute()
		});
		const before = await count();
		const again = await run(EPCI_LABELS);
		expect(again.ok && again.summary).toMatchObject({
			outcome: 'already_imported',
			previousImport: { fileName: EPCI_LABELS }
		});
		expect(await count()).toEqual(before);
	});

	it('the preview writes nothing and announces what the import does', async () => {
		const preview = await run(DEP, true);
		expect(await db.selectFrom('territory_value').selectAll().execute()).toEqual([]);
		expect(await db.selectFrom('territory_import').selectAll().execute()).toEqual([]);
		const done = await run(DEP);
		expect(preview.ok && done.ok && preview.summary).toEqual(done.ok && done.summary);
	});

	it('national and commune files: the national series under « FR », communes under their EPCI', async () => {
		await run(NAT);
		await run(COM);
		const nat = await readTerritory(db, 'fr');
		expect(nat).toMatchObject({ kind: 'national', name: 'France entière hors Mayotte' });
		expect(valueOf(nat, 'txcouv', 2023)?.value).toBe(60.9);
		expect(valueOf(nat, 'txcouv_eaje', 2022)?.status).toBe('not_published');
		const commune = await readTerritory(db, '87902');
		expect(commune?.parents.map((p) => p.code)).toEqual(['200000011', '87']);
		expect(valueOf(commune, 'pl_eaje', 2023)?.status).toBe('not_published');
		const outside = await readTerritory(db, '87903');
		expect(outside?.parents.map((p) => p.code)).toEqual(['87']);
	});

	it('an unreadable row imports nothing', async () => {
		const result = await run('txcouv_pe_epci_ligne-illisible.csv');
		expect(result).toMatchObject({ ok: false, line: 3 });
		expect(await db.selectFrom('territory').selectAll().execute()).toEqual([]);
	});
});
