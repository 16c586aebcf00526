import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../support/auth';
import { createPostgresDatabase, openRawDb, startPostgresCluster } from '../support/database';
import { startServer, type RunningServer } from '../support/server';
import { createTokens } from '../support/tokens';

// Moving an installation: `npm run db:copy -- --to "$DATABASE_URL"` copies the SQLite file into
// an empty PostgreSQL database, which then serves the same figures, history and search.

const SCHEME = 'haute-vienne-2017-2021';
const folder = mkdtempSync(join(tmpdir(), 'sdsf-copy-'));
const databasePath = join(folder, 'sdsf.db');
let stopCluster: (() => void) | null = null;
const drops: (() => Promise<void>)[] = [];
let server: RunningServer | null = null;

beforeAll(() => {
	if (!process.env.TEST_POSTGRES_URL) {
		const cluster = startPostgresCluster();
		process.env.TEST_POSTGRES_URL = cluster.url;
		stopCluster = cluster.stop;
	}
});
afterAll(async () => {
	await server?.stop();
	for (const drop of drops) await drop();
	stopCluster?.();
	rmSync(folder, { recursive: true, force: true });
});

function copy(to: string): Promise<{ code: number; output: string }> {
	return new Promise((done) =>
		execFile(
			process.execPath,
			[resolve(process.env.BUILD_DIR ?? 'build', 'cli', 'db-copy.js'), '--to', to],
			{ env: { ...process.env, DATABASE_PATH: databasePath, DATABASE_URL: '' }, timeout: 120_000 },
			(error, stdout, stderr) =>
				done({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr })
		)
	);
}

describe('db:copy from SQLite to PostgreSQL', () => {
	it('copies every row and the whole history, keeps ids, and the copy serves and takes writes', async () => {
		// A SQLite installation with some history of its own.
		server = await startServer({ databasePath, databaseUrl: undefined });
		const { admin } = await createTokens(databasePath, { admin: DEMO.admin });
		const auth = { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' };
		const path = `/api/schemes/${SCHEME}/fiches/35/periods/2019`;
		const line = (await (await fetch(`${server.url}${path}`, { headers: auth })).json()).sheet
			.lines[0];
		const value = `${server.url}/api/schemes/${SCHEME}/fiches/35/indicators/${line.indicatorId}/values/2019`;
		const body = JSON.stringify({ value: line.unit === 'oui_non' ? true : 12500 });
		expect((await fetch(value, { method: 'PUT', headers: auth, body })).status).toBe(201);
		await server.stop();
		server = null;

		const target = await createPostgresDatabase();
		drops.push(target.drop);
		const copied = await copy(target.url);
		expect(copied.code, copied.output).toBe(0);
		expect(copied.output).toContain('Nombres de lignes et historique vérifiés');
		expect(copied.output).not.toContain(target.url);

		// A second copy into the same (now full) database is refused and changes nothing.
		const again = await copy(target.url);
		expect(again.code).not.toBe(0);
		expect(again.output).toContain('n’est pas vide');

		const source = await openRawDb({ databasePath, databaseUrl: null });
		const copiedDb = await openRawDb({ databasePath, databaseUrl: target.url });
		for (const table of [
			'figure',
			'audit_event',
			'fiche',
			'fiche_search',
			'app_user',
			'membership',
			'api_token'
		]) {
			const n = async (db: typeof source) =>
				Number((await db.get<{ n: number }>(`select count(*) as n from ${table}`)).n);
			expect(await n(copiedDb), table).toBe(await n(source));
		}
		await source.close();
		await copiedDb.close();

		// The copy serves: same figure (same id, version), search, and a new write gets a new id.
		server = await startServer({ databaseUrl: target.url, demo: false });
		const read = await (
			await fetch(value.replace(/^http:\/\/[^/]+/, server.url), { headers: auth })
		).json();
		expect(read.figure).toMatchObject({ version: 1 });
		const search = await fetch(`${server.url}/api/schemes/${SCHEME}`, { headers: auth });
		expect(search.status).toBe(200);
		const second = (await (await fetch(`${server.url}${path}`, { headers: auth })).json()).sheet
			.lines[1];
		const created = await fetch(
			`${server.url}/api/schemes/${SCHEME}/fiches/35/indicators/${second.indicatorId}/values/2019`,
			{
				method: 'PUT',
				headers: auth,
				body: JSON.stringify({ value: second.unit === 'oui_non' ? true : 3 })
			}
		);
		expect(created.status, await created.clone().text()).toBe(201);
	});
});
