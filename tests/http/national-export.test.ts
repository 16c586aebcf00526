import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, signIn } from '../support/auth';
import { openRawDb } from '../support/database';
import { startServer, type RunningServer } from '../support/server';

// The national export (GET /admin/export-national.xlsx) on the demo, through HTTP against the
// built server: every figure of every scheme, streamed, read back with exceljs; user text stays
// text; a safe ASCII file name with its French twin; platform administrators only.

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const INJECTION = '=HYPERLINK("http://x","clic")';
const PATH = '/admin/export-national.xlsx';

let server: RunningServer;
let admin: string;

beforeAll(async () => {
	server = await startServer();
	admin = await signIn(server.url, DEMO.platformAdmin);
});
afterAll(async () => {
	await server?.stop();
});

function get(cookie?: string) {
	return fetch(`${server.url}${PATH}`, {
		redirect: 'manual',
		headers: cookie ? { cookie } : {}
	});
}

describe('GET /admin/export-national.xlsx', () => {
	it('streams every figure of every scheme, user text as plain text', async () => {
		const raw = await openRawDb(server);
		let figures: number;
		let label: string;
		try {
			const indicator = await raw.get<{ id: number }>(
				'select i.id from indicator i where exists (select 1 from figure f where f.indicator_id = i.id) order by i.id limit 1'
			);
			await raw.run(
				'update indicator set label = ?, measure = null where id = ?',
				INJECTION,
				indicator.id
			);
			label = INJECTION;
			figures = Number(
				(await raw.get<{ n: number | string }>('select count(*) as n from figure')).n
			);
		} finally {
			await raw.close();
		}
		expect(figures).toBeGreaterThan(0);

		const response = await get(admin);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe(XLSX);
		// Streamed: no length announced, the body comes as it is written.
		expect(response.headers.get('content-length')).toBeNull();
		const disposition = response.headers.get('content-disposition') ?? '';
		expect(disposition).toMatch(
			/^attachment; filename="chiffres-tous-les-schemas-\d{4}-\d{2}-\d{2}\.xlsx"; filename\*=UTF-8''chiffres-tous-les-schemas-\d{4}-\d{2}-\d{2}\.xlsx$/
		);
		expect(response.headers.get('cache-control')).toBe('private, no-store');

		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(await response.arrayBuffer());
		const sheet = workbook.getWorksheet('Chiffres')!;
		expect(sheet).toBeDefined();
		expect(sheet.getRow(1).values).toEqual([
			undefined,
			'Département',
			'Schéma',
			'N° fiche',
			'N° indicateur',
			'Indicateur',
			'Ventilation',
			'Période',
			'Fin de période',
			'Valeur',
			'État du chiffre',
			'Validé le'
		]);
		// One row per figure (the demo fits in one sheet), plus the header.
		expect(workbook.worksheets).toHaveLength(1);
		expect(sheet.actualRowCount).toBe(figures + 1);
		const schemes = new Set<string>();
		let injected: ExcelJS.Cell | null = null;
		sheet.eachRow((row, n) => {
			if (n === 1) return;
			schemes.add(String(row.getCell(2).value));
			if (row.getCell(5).value === label) injected ??= row.getCell(5);
		});
		expect(schemes.has('haute-vienne-2017-2021')).toBe(true);
		expect(injected).not.toBeNull();
		expect(injected!.type).toBe(ExcelJS.ValueType.String);
		expect(injected!.formula).toBeUndefined();
	});

	it('is for platform administrators only', async () => {
		const anonymous = await get();
		expect(anonymous.status).toBe(303);
		expect(anonymous.headers.get('location')).toMatch(/^\/connexion\?retour=/);
		for (const email of [DEMO.admin, DEMO.cafPilot, DEMO.reader]) {
			const response = await get(await signIn(server.url, email));
			expect(response.status, email).toBe(403);
			await response.arrayBuffer();
		}
	});

	it('stops cleanly when the client goes away, and serves the next download', async () => {
		const controller = new AbortController();
		const response = await fetch(`${server.url}${PATH}`, {
			headers: { cookie: admin },
			signal: controller.signal
		});
		expect(response.status).toBe(200);
		const reader = response.body!.getReader();
		await reader.read();
		controller.abort();
		await reader.cancel().catch(() => {});
		// The interrupted export finishes on the server side; the next one is served in full.
		let next: Response | null = null;
		for (let attempt = 0; attempt < 50; attempt++) {
			next = await get(admin);
			if (next.status !== 429) break;
			await next.arrayBuffer();
			await new Promise((r) => setTimeout(r, 100));
		}
		expect(next!.status).toBe(200);
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(await next!.arrayBuffer());
		expect(workbook.getWorksheet('Chiffres')!.actualRowCount).toBeGreaterThan(1);
	});
});
