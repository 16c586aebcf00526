import { openRawDb } from '../support/database';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, signIn } from '../support/auth';
import { flatHtml, postForm } from '../support/http';
import { startServer, type RunningServer } from '../support/server';

// A public scheme read anonymously shows organisations, never the agents who entered, validated
// or adjusted something (« par Claire Coordination »); signed-in readers still see the names.

const SCHEME = 'haute-vienne-2017-2021';
const PEOPLE = [
	'Claire Coordination',
	'Marie Dupont',
	'Paul Martin',
	'Sophie Bernard',
	'Luc Lecteur'
];
let server: RunningServer;
let admin: string;

beforeAll(async () => {
	server = await startServer();
	const sqlite = await openRawDb(server);
	await sqlite.run(`update scheme set visibility = 'public' where slug = ?`, SCHEME);
	// The demo's figures and bilans are the system's: give them their people, as real entry does.
	const id = async (email: string) =>
		((await sqlite.get('select id from app_user where email = ?', email)) as { id: number }).id;
	await sqlite.run(
		'update figure set updated_by = ?, reviewed_by = ?',
		await id(DEMO.cafPilot),
		await id(DEMO.admin)
	);
	await sqlite.run('update bilan set updated_by = ?', await id(DEMO.cdPilot));
	await sqlite.close();
	admin = await signIn(server.url, DEMO.admin);
	const overridden = await postForm(
		server.url,
		`/schemas/${SCHEME}/tableau-de-bord?/override`,
		{ fiche: '1', periode: '2018', meteo: 'off_track', reason: 'Retard du comité', version: '0' },
		admin
	);
	expect(overridden.status).toBe(303);
});
afterAll(async () => server?.stop());

const named = (text: string) => PEOPLE.filter((name) => text.includes(name));

async function workbookText(response: Response): Promise<string> {
	expect(response.status).toBe(200);
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load(await response.arrayBuffer());
	const cells: string[] = [];
	workbook.eachSheet((sheet) =>
		sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.text))))
	);
	return cells.join('\n');
}

describe('anonymous readers of a public scheme', () => {
	it('see that the coordination adjusted a weather on the dashboard, not who', async () => {
		const page = `/schemas/${SCHEME}/tableau-de-bord?periode=2018`;
		const anonymous = await flatHtml(await fetch(`${server.url}${page}`));
		expect(anonymous).toContain('Retard du comité');
		expect(anonymous).toContain('Ajustée par la coordination');
		expect(named(anonymous)).toEqual([]);
		expect(anonymous).toMatch(/— CAF 87 — fiche/);
		const signedIn = await flatHtml(
			await fetch(`${server.url}${page}`, { headers: { cookie: admin } })
		);
		expect(named(signedIn)).toContain('Claire Coordination');
	});

	it('get the annual report without the names of who entered or validated the figures', async () => {
		const path = `/api/schemes/${SCHEME}/report?period=2018`;
		const anonymous = await workbookText(await fetch(`${server.url}${path}`));
		expect(named(anonymous)).toEqual([]);
		const signedIn = await workbookText(
			await fetch(`${server.url}${path}`, { headers: { cookie: admin } })
		);
		expect(named(signedIn)).toEqual(['Claire Coordination', 'Marie Dupont', 'Paul Martin']);
	});
});
