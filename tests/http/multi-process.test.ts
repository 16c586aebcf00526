import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, signIn } from '../support/auth';
import { testDatabase } from '../support/database';
import { unmarkedHtml as html } from '../support/http';
import { startServer, type RunningServer } from '../support/server';
import { createTokens } from '../support/tokens';

// A national instance runs several app processes behind a load balancer on one database
// (PostgreSQL with TEST_DATABASE=postgres; on SQLite, two processes on one WAL file). Whatever
// one process writes, the other reads at once — its cached dashboard included — and two writes
// based on the same version never both win.

const SCHEME = 'haute-vienne-2017-2021';
const FICHE = '35';

type Line = {
	key: string;
	indicatorId: number;
	unit: string;
	previous: { value: number } | null;
	figure: { id: number; version: number } | null;
};

const folder = mkdtempSync(join(tmpdir(), 'sdsf-multi-'));
let database: Awaited<ReturnType<typeof testDatabase>>;
let a: RunningServer;
let b: RunningServer;
let token: string;

beforeAll(async () => {
	database = await testDatabase(join(folder, 'sdsf.db'));
	a = await startServer({ database });
	// The second process starts on a database already migrated and seeded: it changes nothing.
	b = await startServer({ database });
	({ admin: token } = await createTokens(database, { admin: DEMO.admin }));
});
afterAll(async () => {
	await a?.stop();
	await b?.stop();
	await database?.drop();
	rmSync(folder, { recursive: true, force: true });
});

function call(
	server: RunningServer,
	method: string,
	path: string,
	body?: unknown,
	headers: Record<string, string> = {}
) {
	return fetch(`${server.url}/api/schemes/${SCHEME}${path}`, {
		method,
		headers: {
			Authorization: `Bearer ${token}`,
			...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
			...headers
		},
		body: body !== undefined ? JSON.stringify(body) : undefined
	});
}
const valuePath = (line: Line) => `/fiches/${FICHE}/indicators/${line.indicatorId}/values/2019`;
const sheetOf = async (server: RunningServer): Promise<Line[]> =>
	(await (await call(server, 'GET', `/fiches/${FICHE}/periods/2019`)).json()).sheet.lines;
const valueOf = (line: Line, n: number) =>
	line.unit === 'oui_non' ? n === 0 : (line.previous?.value ?? 10) + n;

/** « Chiffres validés / attendus » of a process's dashboard for 2019, as numbers. */
async function validatedOn(server: RunningServer, cookie: string): Promise<number> {
	const page = await html(
		fetch(`${server.url}/schemas/${SCHEME}/tableau-de-bord?periode=2019`, {
			headers: { cookie, accept: 'text/html' }
		})
	);
	const shown = /Chiffres validés \/ attendus<\/dt>\s*<dd[^>]*>\s*([\d\s\u00a0\u202f]+)\//.exec(
		page
	);
	expect(shown, `the dashboard shows its validated count: ${page.slice(0, 300)}`).not.toBeNull();
	return Number(shown![1].replace(/\D/g, ''));
}

describe('two app processes on one database', () => {
	it('reads on one process what the other wrote, dashboards included, and lets one of two equal If-Match win', async () => {
		const cookieA = await signIn(a.url, DEMO.admin);
		const cookieB = await signIn(b.url, DEMO.admin);
		// Both dashboards are computed (and cached) before anything is written.
		const before = await validatedOn(a, cookieA);
		expect(await validatedOn(b, cookieB)).toBe(before);

		const lines = await sheetOf(a);
		expect(lines.length).toBeGreaterThan(1);
		expect(lines.every((l) => l.figure === null)).toBe(true);

		for (const line of lines) {
			// Written on A, read on B.
			const created = await call(a, 'PUT', valuePath(line), { value: valueOf(line, 0) });
			expect(created.status).toBe(201);
			const read = await (await call(b, 'GET', valuePath(line))).json();
			expect(read.figure).toMatchObject({ value: valueOf(line, 0), version: 1 });

			// The same If-Match sent to both processes at once: one 200, one 412.
			const [onA, onB] = await Promise.all([
				call(a, 'PUT', valuePath(line), { value: valueOf(line, 1) }, { 'If-Match': '"1"' }),
				call(b, 'PUT', valuePath(line), { value: valueOf(line, 2) }, { 'If-Match': '"1"' })
			]);
			expect(
				[onA.status, onB.status].sort(),
				`${line.key}: ${await onA.clone().text()} / ${await onB.clone().text()}`
			).toEqual([200, 412]);
			const winner = onA.status === 200 ? 1 : 2;
			for (const server of [a, b]) {
				const { figure } = await (await call(server, 'GET', valuePath(line))).json();
				expect(figure).toMatchObject({ value: valueOf(line, winner), version: 2 });
			}
		}

		// Submitted on B, validated on A: both dashboards count the new validated figures.
		expect((await call(b, 'POST', `/fiches/${FICHE}/periods/2019/submit`)).status).toBe(200);
		const seen = await sheetOf(a);
		const versions = Object.fromEntries(
			seen.filter((l) => l.figure).map((l) => [String(l.figure!.id), l.figure!.version])
		);
		const review = await call(a, 'POST', `/fiches/${FICHE}/periods/2019/review`, {
			comments: {},
			versions
		});
		expect(review.status, await review.clone().text()).toBe(200);
		expect(await validatedOn(a, cookieA)).toBe(before + lines.length);
		expect(await validatedOn(b, cookieB)).toBe(before + lines.length);
	});
});
