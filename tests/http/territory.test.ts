import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Ajv2020 from 'ajv/dist/2020';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, signIn } from '../support/auth';
import { openRawDb, testDatabase } from '../support/database';
import { flatHtml, postForm } from '../support/http';
import { startServer, type RunningServer } from '../support/server';

// Public territory data through HTTP against the built server (demo mode) and the command line
// (`npm run context:import`, built into build/cli): files shaped like the CNAF's with every trap
// (tests/fixtures/territory), the preview then all-or-nothing import, the API and its contract.

const SCHEME = 'haute-vienne-2017-2021';
const BASE = `/schemas/${SCHEME}/territoire/import`;
const FIXTURES = resolve('tests/fixtures/territory');
const EPCI_LABELS = 'txcouv_pe_epci_libelles_windows-1252.csv';
const EPCI_HIST = 'txcouv_pe_epci_hist_champs_utf8-bom.csv';

let server: RunningServer;
let coordinator: string;
let reader: string;
let platformAdmin: string;

beforeAll(async () => {
	server = await startServer();
	[coordinator, reader, platformAdmin] = await Promise.all([
		signIn(server.url, DEMO.admin),
		signIn(server.url, DEMO.reader),
		signIn(server.url, DEMO.platformAdmin)
	]);
});
afterAll(async () => {
	await server?.stop();
});

type TerritoryBody = {
	territory: {
		code: string;
		kind: string;
		name: string;
		parents: { code: string; kind: string; name: string }[];
		series: {
			key: string;
			source: string;
			values: { year: number; value: number | null; status: string }[];
		}[];
	};
};
const territory = async (code: string) => {
	const response = await fetch(`${server.url}/api/territories/${code}`);
	return { status: response.status, body: (await response.json()) as TerritoryBody };
};
const valueOf = (body: TerritoryBody, key: string, year: number) =>
	body.territory.series.find((s) => s.key === key)?.values.find((v) => v.year === year);

function upload(name: string, cookie: string, bytes?: Uint8Array) {
	const form = new FormData();
	form.append(
		'fichier',
		new Blob([new Uint8Array(bytes ?? readFileSync(join(FIXTURES, name)))]),
		name
	);
	return fetch(`${server.url}${BASE}?/televerser`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: server.url, accept: 'text/html', cookie },
		body: form
	});
}
/** The page's HTML with every run of blanks as one space (text wraps in the templates). */
const html = async (response: Response) => (await flatHtml(response)).replace(/\s+/g, ' ');
const tokenIn = (page: string) => /name="jeton" value="([^"]+)"/.exec(page)?.[1] ?? null;

describe('GET /api/territories/{code}', () => {
	it('gives the demo département with its series, valid against the OpenAPI document', async () => {
		const spec = await (await fetch(`${server.url}/api/openapi.json`)).json();
		expect(spec.paths['/api/territories/{code}'].get.operationId).toBe('getTerritory');
		const ajv = new Ajv2020({ strict: false, allErrors: true });
		ajv.addSchema({ $id: 'spec', components: spec.components });
		const check = ajv.getSchema('spec#/components/schemas/TerritoryResponse')!;
		const { status, body } = await territory('87');
		expect(status).toBe(200);
		expect(check(body), JSON.stringify(check.errors)).toBe(true);
		expect(body.territory).toMatchObject({ code: '87', kind: 'departement', name: 'Haute-Vienne' });
		expect(body.territory.series.find((s) => s.key === 'txcouv')?.source).toContain(
			'valeurs fictives'
		);
		const national = await territory('FR');
		expect(check(national.body)).toBe(true);
		expect(valueOf(national.body, 'txcouv', 2023)).toEqual({
			year: 2023,
			value: 60.9,
			status: 'published'
		});
	});

	it('answers 404 in JSON for an unknown code or a placeholder', async () => {
		for (const code of ['99999', 'XX', 'n-importe-quoi', '000000000']) {
			const response = await fetch(`${server.url}/api/territories/${code}`);
			expect(response.status, code).toBe(404);
			expect(response.headers.get('content-type')).toContain('application/json');
			expect(await response.json()).toEqual({
				error: { code: 'not_found', message: 'Territoire inconnu.' }
			});
		}
	});
});

describe('upload of a CNAF file', () => {
	it('is refused to readers and offered to the platform administrator', async () => {
		expect((await upload(EPCI_LABELS, reader)).status).toBe(403);
		const page = await fetch(`${server.url}${BASE}`, {
			headers: { cookie: platformAdmin, accept: 'text/html' }
		});
		expect(page.status).toBe(200);
	});

	it('previews, writes nothing before the confirmation, then imports everything', async () => {
		const preview = await upload(EPCI_LABELS, coordinator);
		expect(preview.status).toBe(200);
		const page = await html(preview);
		expect(page).toContain(
			`Fichier « ${EPCI_LABELS} » reconnu : CNAF txcouv_pe_epci, taux de couverture par EPCI, 2022–2023 (Windows-1252).`
		);
		expect(page).toContain('4 lignes de territoire, 1 ligne « XX » ignorée (hors territoire).');
		expect(page).toContain('dont 4 « non diffusés »');
		expect((await territory('200000037')).status).toBe(404);

		const token = tokenIn(page);
		expect(token).not.toBeNull();
		const done = await postForm(server.url, `${BASE}?/confirmer`, { jeton: token! }, coordinator);
		expect(done.status).toBe(303);
		expect(done.headers.get('location')).toBe(`${BASE}?importe=1`);
		const plateau = await territory('200000037');
		expect(plateau.status).toBe(200);
		expect(plateau.body.territory.name).toBe('CC Exemple du Plateau (fictive)');
		expect(valueOf(plateau.body, 'txcouv_eaje', 2023)).toEqual({
			year: 2023,
			value: null,
			status: 'not_published'
		});
		const vallee = await territory('200000029');
		expect(valueOf(vallee.body, 'txcouv', 2023)?.value).toBe(160.5);
		// The token is spent.
		const again = await postForm(server.url, `${BASE}?/confirmer`, { jeton: token! }, coordinator);
		expect(again.status).toBe(410);
	});

	it('a revision replaces the value and the same file twice changes nothing', async () => {
		const revised = await html(await upload(EPCI_HIST, coordinator));
		expect(revised).toContain('1 révisée');
		expect(revised).toMatch(
			/<td>200000011 — CC Exemple des Monts \(fictive\)<\/td><td>Taux de couverture global<\/td><td>2022<\/td><td class="num">57,4<\/td><td class="num">57,1<\/td>/
		);
		const token = tokenIn(revised);
		await postForm(server.url, `${BASE}?/confirmer`, { jeton: token! }, coordinator);
		const monts = await territory('200000011');
		expect(valueOf(monts.body, 'txcouv', 2022)?.value).toBe(57.1);

		const same = await html(await upload(EPCI_HIST, coordinator));
		expect(same).toContain('Ce fichier a déjà été importé le');
		expect(tokenIn(same)).toBeNull();
	});

	it('refuses an unknown file and an unreadable row, naming the line, and imports nothing', async () => {
		const unknown = await upload('fichier-inconnu.csv', coordinator);
		expect(unknown.status).toBe(400);
		expect(await html(unknown)).toContain('Fichier non reconnu');
		const bad = await upload('txcouv_pe_epci_ligne-illisible.csv', coordinator);
		expect(bad.status).toBe(400);
		expect(await html(bad)).toContain('Ligne 3 : « cent » n’est pas un nombre');
		const empty = await upload('vide.csv', coordinator, new Uint8Array());
		expect(empty.status).toBe(400);
	});

	it('refuses a file over the limit before reading it', async () => {
		const big = new Uint8Array(11 * 1024 * 1024).fill(0x41);
		const response = await upload('gros.csv', coordinator, big);
		expect(response.status).toBe(413);
	});
});

describe('the threshold of the scheme', () => {
	it('is set by the coordination, in French, and lists the EPCIs under it', async () => {
		const path = `/schemas/${SCHEME}/territoire`;
		expect((await postForm(server.url, `${path}?/seuil`, { seuil: '47,5' }, reader)).status).toBe(
			403
		);
		const wrong = await postForm(server.url, `${path}?/seuil`, { seuil: 'beaucoup' }, coordinator);
		expect(wrong.status).toBe(400);
		expect(await html(wrong)).toContain('Indiquez un nombre de places pour 100 enfants');
		const saved = await postForm(server.url, `${path}?/seuil`, { seuil: '47,5' }, coordinator);
		expect(saved.status).toBe(303);
		const page = await html(
			await fetch(`${server.url}${path}`, { headers: { cookie: reader, accept: 'text/html' } })
		);
		expect(page).toContain('sous 47,5 places pour 100 enfants');
		expect(page).toContain('<li>Communauté de communes fictive A (200090011) : 46,2 en 2023</li>');
		expect(page).not.toContain('Communauté de communes fictive B (200090029) : 49,3');
		await postForm(server.url, `${path}?/seuil`, { seuil: '50' }, coordinator);
	});
});

describe('npm run context:import', () => {
	const run = promisify(execFile);
	const folder = mkdtempSync(join(tmpdir(), 'sdsf-context-'));
	let target: Awaited<ReturnType<typeof testDatabase>>;
	beforeAll(async () => {
		target = await testDatabase(join(folder, 'sdsf.db'));
	});
	afterAll(async () => target?.drop());
	const cli = (...args: string[]) =>
		run(process.execPath, [resolve('build/cli/context-import.js'), ...args], {
			env: { ...process.env, ...target.env, DEMO: '0' }
		}).then(
			(r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
			(e: { code: number; stdout: string; stderr: string }) => ({
				code: e.code,
				stdout: e.stdout,
				stderr: e.stderr
			})
		);
	const count = async (table: string) => {
		const db = await openRawDb(target);
		try {
			return Number((await db.get<{ n: number }>(`select count(*) as n from ${table}`)).n);
		} finally {
			await db.close();
		}
	};

	it('imports each real-shaped file, recognised by its header, and says what it did', async () => {
		const first = await cli(join(FIXTURES, EPCI_LABELS));
		expect(first.code).toBe(0);
		expect(first.stdout).toContain('CNAF txcouv_pe_epci, taux de couverture par EPCI, 2022–2023');
		expect(first.stdout).toContain('Territoires : 4 créés, 0 renommé.');
		expect(first.stdout).toContain('Valeurs : 24 nouvelles, 0 révisée');
		for (const name of [
			'txcouv_pe_dep_champs_utf8.csv',
			'txcouv_pe_nat_champs.csv',
			'nbpla_pe_com_libelles_utf8.csv'
		]) {
			const result = await cli(join(FIXTURES, name));
			expect(result.code, `${name}: ${result.stderr}`).toBe(0);
		}
		const hist = await cli(join(FIXTURES, EPCI_HIST));
		expect(hist.stdout).toContain('Valeurs : 3 nouvelles, 1 révisée');
		expect(await count('territory_value_history')).toBe(1);
		// No placeholder became a territory.
		const db = await openRawDb(target);
		const placeholders = await db.get<{ n: number }>(
			`select count(*) as n from territory where code like 'X%'`
		);
		await db.close();
		expect(Number(placeholders.n)).toBe(0);
	});

	it('re-importing the same file changes nothing', async () => {
		const before = [
			await count('territory_value'),
			await count('territory_value_history'),
			await count('territory')
		];
		const again = await cli(join(FIXTURES, EPCI_LABELS));
		expect(again.code).toBe(0);
		expect(again.stdout).toContain('Ce fichier a déjà été importé le');
		expect([
			await count('territory_value'),
			await count('territory_value_history'),
			await count('territory')
		]).toEqual(before);
	});

	it('exits non-zero and imports nothing on an unknown file or an unreadable row', async () => {
		const before = await count('territory_import');
		const unknown = await cli(join(FIXTURES, 'fichier-inconnu.csv'));
		expect(unknown.code).toBe(1);
		expect(unknown.stderr).toContain('Erreur : Fichier non reconnu');
		expect(unknown.stderr).toContain('Rien n’a été importé.');
		const bad = await cli(join(FIXTURES, 'txcouv_pe_epci_ligne-illisible.csv'));
		expect(bad.code).toBe(1);
		expect(bad.stderr).toContain('Erreur : Ligne 3 : « cent » n’est pas un nombre');
		const missing = await cli(join(FIXTURES, 'absent.csv'));
		expect(missing.code).toBe(1);
		expect(await count('territory_import')).toBe(before);
	});
});

describe('funding', () => {
	const FICHE = `/schemas/${SCHEME}/fiches/35/financements`;
	it('a pilot of the fiche enters it during the open period; the reader reads the funders’ view and the report sheet', async () => {
		const pilot = await signIn(server.url, DEMO.cafPilot);
		const otherPilot = await signIn(server.url, DEMO.cdPilot);
		const page = await html(
			await fetch(`${server.url}${FICHE}`, { headers: { cookie: pilot, accept: 'text/html' } })
		);
		const caf = /<option value="(\d+)">CAF 87 — /.exec(page)?.[1];
		expect(caf).toBeDefined();
		const fields = { annee: '2019', financeur: caf!, prevu: '12 500', depense: '4 000,50' };
		expect((await postForm(server.url, `${FICHE}?/enregistrer`, fields, otherPilot)).status).toBe(
			403
		);
		const wrong = await postForm(
			server.url,
			`${FICHE}?/enregistrer`,
			{ ...fields, prevu: 'beaucoup' },
			pilot
		);
		expect(wrong.status).toBe(400);
		expect(await html(wrong)).toContain('Indiquez un montant en euros');
		const saved = await postForm(server.url, `${FICHE}?/enregistrer`, fields, pilot);
		expect(saved.status).toBe(200);
		expect(await html(saved)).toContain('Financement enregistré.');

		const view = await html(
			await fetch(`${server.url}/schemas/${SCHEME}/financements?annee=2019`, {
				headers: { cookie: reader, accept: 'text/html' }
			})
		);
		expect(view).toMatch(
			/<th scope="row">CAF 87<\/th><td class="num">12\s500,00\s€<\/td><td class="num">4\s000,50\s€<\/td><td class="num">32 %<\/td>/u
		);

		const report = await fetch(
			`${server.url}/schemas/${SCHEME}/rapport/rapport.xlsx?periode=2019`,
			{ headers: { cookie: reader } }
		);
		expect(report.status).toBe(200);
		const ExcelJS = (await import('exceljs')).default;
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load((await report.arrayBuffer()) as ArrayBuffer);
		const sheet = workbook.getWorksheet('Financements')!;
		expect(sheet.getCell('A2').value).toBe('35');
		expect(sheet.getCell('G2').value).toBe(12500);
		expect(sheet.getCell('H2').value).toBe(4000.5);
	});
});
