import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { hugeSharedStringWorkbook } from '../../src/lib/server/excel/tool-workbook.fixture';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, signIn } from '../support/auth';
import { startServer, type RunningServer } from '../support/server';
import { flatHtml as html, postForm } from '../support/http';

// Excel for figures through HTTP against the built server (`npx vite build` first), demo mode:
// the annual report read back cell by cell, open data (CSV and JSON), formula injection through
// the existing APIs, and the figures import with its rights, locks and all-or-nothing rule.

const SCHEME = 'haute-vienne-2017-2021';
const INJECTION = '=HYPERLINK("http://x","clic")';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let server: RunningServer;
let admin: string;
let pilot: string;
let otherPilot: string;
let reader: string;

beforeAll(async () => {
	server = await startServer({ env: { BODY_SIZE_LIMIT: '11M' } });
	[admin, pilot, otherPilot, reader] = await Promise.all([
		signIn(server.url, DEMO.admin),
		signIn(server.url, DEMO.cafPilot),
		signIn(server.url, DEMO.cdPilot),
		signIn(server.url, DEMO.reader)
	]);
});
afterAll(async () => {
	await server?.stop();
});

function get(path: string, cookie?: string) {
	return fetch(`${server.url}${path}`, {
		redirect: 'manual',
		headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) }
	});
}

function send(
	path: string,
	method: string,
	body: unknown,
	cookie: string,
	headers: Record<string, string> = {}
) {
	return fetch(`${server.url}${path}`, {
		method,
		// Cookie-authenticated API writes come from the site itself (same Origin), as a browser's.
		headers: { cookie, origin: server.url, 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body)
	});
}

async function workbookOf(response: Response): Promise<ExcelJS.Workbook> {
	expect(response.status).toBe(200);
	expect(response.headers.get('content-type')).toBe(XLSX);
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load((await response.arrayBuffer()) as ExcelJS.Buffer);
	return workbook;
}

const headersOf = (sheet: ExcelJS.Worksheet, row = 1) =>
	(sheet.getRow(row).values as unknown[]).slice(1);

describe('annual report', () => {
	it('downloads the 2018 report from the page link, laid out for people', async () => {
		const page = await get(`/schemas/${SCHEME}/rapport?periode=2018`, reader);
		expect(page.status).toBe(200);
		const body = await html(page);
		expect(body).toContain('Télécharger le rapport Année 2018 (.xlsx)');
		const link = /href="([^"]*rapport\.xlsx\?periode=2018)"/.exec(body)?.[1];
		const href = new URL(link!, `${server.url}/schemas/${SCHEME}/rapport`);
		expect(href.pathname + href.search).toBe(
			`/schemas/${SCHEME}/rapport/rapport.xlsx?periode=2018`
		);

		const response = await get(href.pathname + href.search, reader);
		expect(response.headers.get('content-disposition')).toContain(
			`filename="rapport-annuel-2018-${SCHEME}.xlsx"`
		);
		const workbook = await workbookOf(response);
		expect(workbook.worksheets.map((s) => s.name)).toEqual([
			'Synthèse',
			'Fiches',
			'Indicateurs',
			'Bilans',
			'Financements'
		]);
		expect(workbook.title).toMatch(/^Rapport annuel 2018 — /);
		expect(workbook.company).toBe('Haute-Vienne');
		expect(workbook.description).toMatch(/^Données à jour au \d{2}\/\d{2}\/\d{4}/);

		const summary = workbook.getWorksheet('Synthèse')!;
		expect(summary.getCell('A1').value).toBe(workbook.title);
		expect(summary.views[0]).toMatchObject({ state: 'frozen', ySplit: 7 });
		expect(String(summary.autoFilter)).toMatch(/^A7:Q\d+$/);
		expect(summary.pageSetup).toMatchObject({
			orientation: 'landscape',
			fitToWidth: 1,
			printTitlesRow: '7:7'
		});
		expect(headersOf(summary, 7)).toContain('Chiffres validés');

		const indicators = workbook.getWorksheet('Indicateurs')!;
		expect(indicators.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
		expect(indicators.autoFilter).toBe(`A1:U${indicators.rowCount}`);
		expect(indicators.pageSetup).toMatchObject({
			orientation: 'landscape',
			fitToPage: false,
			scale: 70,
			printTitlesRow: '1:1'
		});
		const formats = new Set<string>();
		let percent: ExcelJS.Cell | null = null;
		let validatedAt: ExcelJS.Cell | null = null;
		indicators.eachRow((row, n) => {
			if (n === 1) return;
			expect(row.getCell(3).value).toBe('2018');
			const value = row.getCell(11);
			if (value.numFmt) formats.add(value.numFmt);
			if (value.numFmt === '0.0 %') percent ??= value;
			if (row.getCell(14).value === 'Validé') validatedAt ??= row.getCell(20);
		});
		expect([...formats]).toEqual(expect.arrayContaining(['#,##0', '0.0 %']));
		expect(Number(percent!.value)).toBeGreaterThanOrEqual(0);
		expect(Number(percent!.value)).toBeLessThanOrEqual(1);
		expect(validatedAt!.value).toBeInstanceOf(Date);
		expect(validatedAt!.numFmt).toBe('dd/mm/yyyy hh:mm');
		const fiches = workbook.getWorksheet('Fiches')!;
		expect(headersOf(fiches).slice(0, 2)).toEqual(['N°', 'Intitulé']);
		expect(fiches.rowCount).toBeGreaterThan(15);
		expect(workbook.getWorksheet('Bilans')!.rowCount).toBe(3);
	});

	it('answers the API with the workbook, and JSON errors', async () => {
		const response = await fetch(`${server.url}/api/schemes/${SCHEME}/report?period=2018`, {
			headers: { cookie: reader }
		});
		const workbook = await workbookOf(response);
		expect(workbook.worksheets).toHaveLength(5);
		const anonymous = await fetch(`${server.url}/api/schemes/${SCHEME}/report?period=2018`);
		expect(anonymous.status).toBe(404); // a private scheme, to who is not a member
		expect((await anonymous.json()).error.code).toBe('not_found');
		const missing = await fetch(`${server.url}/api/schemes/${SCHEME}/report`, {
			headers: { cookie: reader }
		});
		expect(missing.status).toBe(400);
		const unknown = await fetch(`${server.url}/api/schemes/${SCHEME}/report?period=2030`, {
			headers: { cookie: reader }
		});
		expect(unknown.status).toBe(404);
		expect((await unknown.json()).error.message).toContain('2030');
		// The page of a private scheme sends an anonymous visitor to the sign-in page.
		const page = await get(`/schemas/${SCHEME}/rapport/rapport.xlsx?periode=2018`);
		expect(page.status).toBe(303);
		expect(page.headers.get('location')).toMatch(/^\/connexion\?retour=/);
	});
});

describe('open data', () => {
	it('serves a CSV for French Excel and the same rows as JSON, validated only for readers', async () => {
		const response = await get(`/schemas/${SCHEME}/donnees.csv`, reader);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(response.headers.get('content-disposition')).toContain(`donnees-${SCHEME}.csv`);
		const bytes = new Uint8Array(await response.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const csv = new TextDecoder().decode(bytes.slice(3));
		const lines = csv.split('\r\n').filter(Boolean);
		expect(lines[0].split(';').slice(0, 3)).toEqual(['Département', 'Schéma', 'N° fiche']);
		expect(lines.slice(1).every((l) => /;Validé;\d{2}\/\d{2}\/\d{4};(Oui|Non)$/.test(l))).toBe(
			true
		);
		expect(lines.some((l) => /;\d+,\d;/.test(l))).toBe(true);

		const json = await fetch(`${server.url}/api/schemes/${SCHEME}/figures`, {
			headers: { cookie: reader }
		});
		expect(json.status).toBe(200);
		const data = (await json.json()) as {
			validatedOnly: boolean;
			figures: { status: string; value: unknown }[];
		};
		expect(data.validatedOnly).toBe(true);
		expect(data.figures).toHaveLength(lines.length - 1);
		expect(data.figures.every((f) => f.status === 'valide')).toBe(true);

		const full = (await (
			await fetch(`${server.url}/api/schemes/${SCHEME}/figures`, { headers: { cookie: admin } })
		).json()) as typeof data;
		expect(full.validatedOnly).toBe(false);
		expect(full.figures.some((f) => f.status === 'brouillon')).toBe(true);
		expect((await fetch(`${server.url}/api/schemes/${SCHEME}/figures`)).status).toBe(404);
	});
});

describe('formula injection', () => {
	it('keeps a fiche title and a comment set through the APIs as text in the report and the CSV', async () => {
		// A fiche title through the fiche API (fiche 1 has validated 2018 figures).
		const fiche = await fetch(`${server.url}/api/schemes/${SCHEME}/fiches/1`, {
			headers: { cookie: admin }
		});
		const version = fiche.headers.get('etag')!;
		const patched = await send(
			`/api/schemes/${SCHEME}/fiches/1`,
			'PATCH',
			{ title: INJECTION },
			admin,
			{ 'if-match': version }
		);
		expect(patched.status).toBe(200);
		// A comment through the figures API (fiche 35, 2019).
		const sheet = (await (
			await fetch(`${server.url}/api/schemes/${SCHEME}/fiches/35/periods/2019`, {
				headers: { cookie: pilot }
			})
		).json()) as {
			sheet: { lines: { indicatorId: number; unit: string }[] };
		};
		const line = sheet.sheet.lines.find((l) => l.unit === 'nombre')!;
		const put = await send(
			`/api/schemes/${SCHEME}/fiches/35/indicators/${line.indicatorId}/values/2019`,
			'PUT',
			{ value: 7, comment: INJECTION },
			pilot
		);
		expect(put.status).toBe(201);

		const workbook = await workbookOf(
			await get(`/schemas/${SCHEME}/rapport/rapport.xlsx?periode=2019`, admin)
		);
		let injected = 0;
		for (const ws of workbook.worksheets)
			ws.eachRow((row) =>
				row.eachCell((cell) => {
					expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
					if (cell.value === INJECTION) injected++;
				})
			);
		expect(injected).toBeGreaterThanOrEqual(3);

		for (const cookie of [admin, reader]) {
			const csv = await (await get(`/schemas/${SCHEME}/donnees.csv`, cookie)).text();
			expect(csv).toContain(`"'=HYPERLINK(""http://x"",""clic"")"`);
			for (const row of csv.slice(1).split('\r\n'))
				for (const field of row.split(';')) expect(field).not.toMatch(/^[=+@]/);
		}
	});
});

describe('figures import', () => {
	const base = `/schemas/${SCHEME}/saisie-excel/2019`;
	const column = {
		key: 1,
		version: 2,
		fiche: 3,
		unit: 7,
		value: 10,
		notAvailable: 11,
		comment: 12
	};

	async function template(cookie: string): Promise<ExcelJS.Workbook> {
		return workbookOf(await get(`${base}/modele.xlsx`, cookie));
	}

	function rowsOf(workbook: ExcelJS.Workbook, fiche: string) {
		const rows: ExcelJS.Row[] = [];
		workbook.getWorksheet('Chiffres')!.eachRow((row, n) => {
			if (n > 1 && row.getCell(column.fiche).value === fiche) rows.push(row);
		});
		return rows;
	}

	function fill(rows: ExcelJS.Row[]) {
		rows.forEach((row, i) => {
			const unit = String(row.getCell(column.unit).value);
			row.getCell(column.value).value = unit.startsWith('Oui')
				? 'oui'
				: unit.startsWith('Pourcentage')
					? 12.5
					: unit.startsWith('Texte')
						? 'Texte'
						: 20 + i;
		});
	}

	async function upload(workbook: ExcelJS.Workbook, cookie?: string) {
		const form = new FormData();
		form.append(
			'fichier',
			new Blob([new Uint8Array(await workbook.xlsx.writeBuffer())]),
			'saisie.xlsx'
		);
		return fetch(`${server.url}${base}?/televerser`, {
			method: 'POST',
			redirect: 'manual',
			headers: { origin: server.url, accept: 'text/html', ...(cookie ? { cookie } : {}) },
			body: form
		});
	}

	const confirm = (token: string, cookie: string) =>
		postForm(server.url, `${base}?/confirmer`, { jeton: token }, cookie);

	async function grid(fiche: string) {
		const response = await fetch(
			`${server.url}/api/schemes/${SCHEME}/fiches/${fiche}/periods/2019`,
			{ headers: { cookie: admin } }
		);
		return (
			(await response.json()) as {
				sheet: { lines: { key: string; figure: { status: string; value: unknown } | null }[] };
			}
		).sheet.lines;
	}

	it('gives the template to pilots and the coordination only', async () => {
		expect((await get(`${base}/modele.xlsx`, reader)).status).toBe(403);
		const anonymous = await get(`${base}/modele.xlsx`);
		expect(anonymous.status).toBe(303);
		expect(anonymous.headers.get('location')).toContain('/connexion');
		expect((await get(`/schemas/${SCHEME}/saisie-excel/2018/modele.xlsx`, pilot)).status).toBe(423);
		const workbook = await template(pilot);
		expect(workbook.worksheets.map((w) => w.name)).toEqual(['Instructions', 'Chiffres']);
		expect(rowsOf(workbook, '35').length).toBeGreaterThan(1);
		expect(rowsOf(workbook, '1')).toHaveLength(0);
	});

	it('reports both bad rows and writes nothing, then previews and confirms the corrected file', async () => {
		const before = await grid('35');
		const workbook = await template(pilot);
		const rows = rowsOf(workbook, '35');
		// The line filled through the API in the injection test is already saved.
		const free = rows.filter((r) => !r.getCell(column.version).value);
		fill(free);
		const numbers = free.filter((r) => String(r.getCell(column.unit).value).startsWith('Nombre'));
		numbers[0].getCell(column.value).value = '12,5';
		numbers[1].getCell(column.value).value = '-3';

		const refused = await upload(workbook, pilot);
		expect(refused.status).toBe(400);
		const page = await html(refused);
		expect(page).toContain('2 erreurs à corriger');
		expect(page).toContain(
			`<td>Chiffres</td><td class="number">${numbers[0].number}</td><td>J</td><td>Un nombre entier est attendu (sans décimale).</td>`
		);
		expect(page).toContain(
			`<td>Chiffres</td><td class="number">${numbers[1].number}</td><td>J</td><td>Le nombre ne peut pas être négatif.</td>`
		);
		expect(await grid('35')).toEqual(before);

		numbers[0].getCell(column.value).value = 101;
		numbers[1].getCell(column.value).value = 102;
		const checked = await upload(workbook, pilot);
		expect(checked.status).toBe(200);
		const preview = await html(checked);
		expect(preview).toContain('Aperçu de l’import');
		expect(preview).toContain(`${free.length} nouveaux chiffres`);
		expect(preview).toContain('data-change="new"');
		// The pilot may submit the imported fiche in the same step.
		expect(preview).toContain(
			'<button type="submit" name="soumettre" value="oui" class="button button--secondary">Enregistrer et soumettre 1 fiche à la coordination</button>'
		);
		expect(await grid('35')).toEqual(before);
		const token = /name="jeton" value="([^"]+)"/.exec(preview)![1];

		// Someone else's confirmation of this preview is refused.
		expect((await confirm(token, otherPilot)).status).toBe(410);
		const confirmed = await confirm(token, pilot);
		expect(confirmed.status).toBe(303);
		expect(confirmed.headers.get('location')).toBe(`${base}?importe=${free.length}`);
		const after = await grid('35');
		const keys = free.map((r) => String(r.getCell(column.key).value));
		for (const line of after.filter((l) => keys.includes(l.key)))
			expect(line.figure?.status).toBe('brouillon');
		expect(
			after.find((l) => l.key === String(numbers[0].getCell(column.key).value))?.figure?.value
		).toBe(101);
		const done = await html(await get(`${base}?importe=${free.length}`, pilot));
		expect(done).toContain(`${free.length} chiffres enregistrés en brouillon.`);
	});

	it('refuses another pilot’s lines, readers and anonymous visitors', async () => {
		const workbook = await template(pilot);
		fill(rowsOf(workbook, '35'));
		const other = await upload(workbook, otherPilot);
		expect(other.status).toBe(400);
		expect(await html(other)).toContain('Ligne inconnue');
		expect((await upload(workbook, reader)).status).toBe(403);
		const anonymous = await upload(workbook);
		expect(anonymous.status).toBe(303);
		expect(anonymous.headers.get('location')).toContain('/connexion');
	});

	it('keeps four hostile uploads at once within bounded memory, each refused in French', async () => {
		const rss = () =>
			Number(
				/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.process.pid}/status`, 'utf8'))![1]
			) * 1024;
		const MB = 1024 * 1024;
		// Two announce a 95 MB strings part (refused from the archive's directory), two hold an
		// honest 30 MB string that the reader streams and lists as too long for a cell.
		const huge = hugeSharedStringWorkbook(95 * MB);
		const large = hugeSharedStringWorkbook(30 * MB);
		expect(huge.length).toBeLessThan(3.5 * MB);
		const send = (file: Buffer) => {
			const form = new FormData();
			form.append('fichier', new Blob([new Uint8Array(file)]), 'piege.xlsx');
			return fetch(`${server.url}${base}?/televerser`, {
				method: 'POST',
				redirect: 'manual',
				headers: { origin: server.url, accept: 'text/html', cookie: pilot },
				body: form
			});
		};
		const before = rss();
		let peak = before;
		const timer = setInterval(() => (peak = Math.max(peak, rss())), 5);
		const responses = await Promise.all([huge, large, huge, large].map(send));
		const pages = await Promise.all(responses.map((r) => html(r)));
		clearInterval(timer);
		expect(responses.map((r) => r.status)).toEqual([413, 400, 413, 400]);
		expect(pages[0]).toContain(
			'L’élément interne « xl/sharedStrings.xml » du classeur dépasse 32 Mo une fois décompressé'
		);
		expect(pages[1]).toContain(
			'<td>Chiffres</td><td class="number">2</td><td>A</td><td>Texte de plus de 32 767 caractères'
		);
		console.log(
			`Quatre envois piégés simultanés : mémoire du serveur ${Math.round(before / MB)} Mo → ${Math.round(peak / MB)} Mo au plus`
		);
		expect(peak - before).toBeLessThan(150 * MB);
	}, 60_000);

	it('refuses a closed period, even for a preview made while it was open', async () => {
		const workbook = await template(pilot);
		const rows = rowsOf(workbook, '20');
		const editable = rows.find(
			(r) =>
				String(r.getCell(column.unit).value).startsWith('Nombre') &&
				!String(r.getCell(13).value).includes('verrouillé')
		);
		const target =
			editable ??
			rowsOf(workbook, '35').find((r) =>
				String(r.getCell(column.unit).value).startsWith('Nombre')
			)!;
		target.getCell(column.value).value = 4242;
		const checked = await upload(workbook, pilot);
		expect(checked.status).toBe(200);
		const token = /name="jeton" value="([^"]+)"/.exec(await html(checked))![1];

		const period = await fetch(`${server.url}/api/schemes/${SCHEME}/periods/2019`, {
			headers: { cookie: admin }
		});
		const closed = await send(
			`/api/schemes/${SCHEME}/periods/2019`,
			'PATCH',
			{ state: 'close' },
			admin,
			{
				'if-match': period.headers.get('etag')!
			}
		);
		expect(closed.status).toBe(200);

		const late = await confirm(token, pilot);
		expect(late.status).toBe(423);
		expect(await html(late)).toContain('Cette période est close');
		const fiche = String(target.getCell(column.fiche).value);
		expect(
			(await grid(fiche)).find((l) => l.key === String(target.getCell(column.key).value))?.figure
				?.value
		).not.toBe(4242);
		expect((await upload(workbook, pilot)).status).toBe(423);
		expect((await get(`${base}/modele.xlsx`, pilot)).status).toBe(423);
	});
});
