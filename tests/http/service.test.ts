import { openRawDb } from '../support/database';
import { execFile } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server';

// The server as a service: configuration checked at start, /healthz, structured logs with a
// request id, and SIGTERM that lets the requests in flight finish, then closes the database.

const BUILD = resolve(process.env.BUILD_DIR ?? 'build');
const folder = mkdtempSync(join(tmpdir(), 'sdsf-service-'));
const servers: RunningServer[] = [];
afterAll(async () => {
	for (const server of servers) await server.stop();
	rmSync(folder, { recursive: true, force: true });
});

async function start(name: string): Promise<RunningServer> {
	const server = await startServer({ demo: false, databasePath: join(folder, `${name}.db`) });
	servers.push(server);
	return server;
}

function exitOf(script: string, env: Record<string, string>) {
	return new Promise<{ code: number; output: string }>((done) =>
		execFile(
			process.execPath,
			[join(BUILD, script)],
			{
				env: { ...process.env, DATABASE_PATH: join(folder, 'bad.db'), PORT: '1', ...env },
				timeout: 30_000
			},
			(error, stdout, stderr) =>
				done({ code: error ? Number(error.code) : 0, output: stdout + stderr })
		)
	);
}

const logLines = (server: RunningServer) =>
	server
		.output()
		.split('\n')
		.filter((line) => line.startsWith('{'))
		.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('configuration', () => {
	it('stops the start with a French message naming a bad variable', async () => {
		for (const script of ['cli/start.js', 'index.js']) {
			const idle = await exitOf(script, { SESSION_IDLE_MINUTES: 'abc' });
			expect(idle.code, script).toBe(1);
			expect(idle.output).toContain('Configuration invalide');
			expect(idle.output).toContain('SESSION_IDLE_MINUTES : nombre entier de minutes attendu');
			expect(idle.output).not.toMatch(/\n\s+at /); // no stack trace
			const max = await exitOf(script, { SESSION_MAX_HOURS: 'abc', DEMO: 'peut-être' });
			expect(max.code, script).toBe(1);
			expect(max.output).toContain('SESSION_MAX_HOURS');
			expect(max.output).toContain('DEMO : 1 ou 0 attendu');
		}
		const cli = await exitOf('cli/migrate.js', { XFF_DEPTH: 'deux' });
		expect(cli.code).toBe(1);
		expect(cli.output).toContain('XFF_DEPTH');
	});
});

describe('health, logs and shutdown', () => {
	it('answers /healthz 200 when migrated and 503 when a migration is missing', async () => {
		const server = await start('health');
		const ok = await fetch(`${server.url}/healthz`);
		expect(ok.status).toBe(200);
		expect(ok.headers.get('content-type')).toContain('application/json');
		expect(await ok.json()).toEqual({ status: 'ok', database: 'ok' });

		const sqlite = await openRawDb(server);
		const last = (await sqlite.get('select max(name) as name from kysely_migration')) as {
			name: string;
		};
		await sqlite.run('delete from kysely_migration where name = ?', last.name);
		await sqlite.close();
		const behind = await fetch(`${server.url}/healthz`);
		expect(behind.status).toBe(503);
		expect(await behind.json()).toEqual({
			status: 'error',
			database: 'non migrée',
			message: `Migrations non appliquées : ${last.name}.`
		});
	});

	it('logs one JSON line per request with the request id it sends back', async () => {
		const server = await start('logs');
		const given = await fetch(`${server.url}/connexion?retour=/profil`, {
			headers: { 'X-Request-Id': 'proxy-42.abc' }
		});
		expect(given.headers.get('x-request-id')).toBe('proxy-42.abc');
		const fresh = await fetch(`${server.url}/healthz`, {
			headers: { 'X-Request-Id': 'pas un identifiant <script>' }
		});
		const id = fresh.headers.get('x-request-id')!;
		expect(id).toMatch(/^[0-9a-f-]{36}$/);
		await new Promise((r) => setTimeout(r, 100));
		const lines = logLines(server);
		expect(lines.find((l) => l.reqId === 'proxy-42.abc')).toMatchObject({
			level: 30,
			method: 'GET',
			route: '/connexion',
			path: '/connexion',
			status: 200
		});
		expect(lines.find((l) => l.reqId === id)).toMatchObject({ route: '/healthz', status: 200 });
		// The query string (a return address, a search…) is not logged.
		expect(server.output()).not.toContain('retour=');
	});

	it('lets a request in flight finish after SIGTERM, then closes the database and exits', async () => {
		const server = await start('shutdown');
		const url = new URL(`${server.url}/connexion`);
		let answered: (value: { status: number; body: string }) => void;
		const response = new Promise<{ status: number; body: string }>((r) => (answered = r));
		const req = request(
			{
				host: url.hostname,
				port: url.port,
				path: url.pathname,
				method: 'POST',
				headers: {
					Origin: server.url,
					Accept: 'text/html',
					'Content-Type': 'application/x-www-form-urlencoded',
					'Transfer-Encoding': 'chunked'
				}
			},
			(res) => {
				let body = '';
				res.setEncoding('utf8');
				res.on('data', (d) => (body += d));
				res.on('end', () => answered({ status: res.statusCode!, body }));
			}
		);
		req.write('email=personne%40exemple.fr&pass');
		await new Promise((r) => setTimeout(r, 300));
		const exited = new Promise<number | null>((r) =>
			server.process.once('exit', (code) => r(code))
		);
		server.process.kill('SIGTERM');
		await new Promise((r) => setTimeout(r, 500));
		// Still running: it waits for the request being sent.
		expect(server.process.exitCode).toBeNull();
		req.end('word=un-mot-de-passe-faux');
		const { status, body } = await response;
		expect(status).toBe(400);
		expect(body).toContain('Adresse e-mail ou mot de passe incorrect.');
		expect(await exited).toBe(0);
		expect(server.output()).toContain('"msg":"arrêt : base de données fermée"');
		// The failed attempt, written while shutting down, is in the database.
		const sqlite = await openRawDb(server);
		const failures = (await sqlite.get('select count(*) as n from login_failure')) as {
			n: number;
		};
		await sqlite.close();
		expect(failures.n).toBeGreaterThan(0);
	});
});
