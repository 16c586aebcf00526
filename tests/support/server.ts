import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createPostgresDatabase, testsUsePostgres, type DatabaseTarget } from './database';

export type RunningServer = {
	url: string;
	databasePath: string;
	/** The server's PostgreSQL database (TEST_DATABASE=postgres), else null: SQLite at databasePath. */
	databaseUrl: string | null;
	process: ChildProcess;
	stop: () => Promise<void>;
	output: () => string;
};

async function freePort(): Promise<number> {
	return new Promise((ok, fail) => {
		const server = createServer();
		server.once('error', fail);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() =>
				typeof address === 'object' && address ? ok(address.port) : fail(new Error('no port'))
			);
		});
	});
}

/**
 * Starts the built server as `npm start` does (`node build/cli/start.js`; `npm run build` first) on
 * a free loopback port with its own temporary SQLite file — or, with TEST_DATABASE=postgres, its
 * own fresh PostgreSQL database — in demo mode unless told otherwise, and waits until /healthz
 * answers 200. `buildDir` starts another copy of the build. `databaseUrl` (PostgreSQL) or
 * `databasePath` (SQLite) reuses a database: it is then left in place on stop.
 */
export async function startServer(
	options: {
		demo?: boolean;
		env?: Record<string, string>;
		databasePath?: string;
		databaseUrl?: string;
		/** A database from testDatabase(), kept across restarts. */
		database?: DatabaseTarget;
		buildDir?: string;
		cwd?: string;
	} = {}
): Promise<RunningServer> {
	if (options.database)
		options = {
			...options,
			databasePath: options.database.databasePath,
			databaseUrl: options.database.databaseUrl ?? undefined
		};
	const port = await freePort();
	const folder = options.databasePath ? null : mkdtempSync(join(tmpdir(), 'sdsf-test-'));
	const databasePath = options.databasePath ?? join(folder!, 'sdsf.db');
	const ownDatabase =
		!options.databaseUrl && !options.databasePath && testsUsePostgres()
			? await createPostgresDatabase()
			: null;
	const databaseUrl = options.databaseUrl ?? ownDatabase?.url ?? null;
	const url = `http://127.0.0.1:${port}`;
	let output = '';
	const buildDir = options.buildDir ?? resolve(process.env.BUILD_DIR ?? 'build');
	const child = spawn(process.execPath, [join(buildDir, 'cli', 'start.js')], {
		cwd: options.cwd,
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: url,
			DATABASE_PATH: databasePath,
			DATABASE_URL: databaseUrl ?? '',
			DEMO: options.demo === false ? '0' : '1',
			BODY_SIZE_LIMIT: '11M',
			// Test clients keep sockets alive across slow steps (building a hostile workbook): with the
			// default 5 s, the server may close a socket just as fetch reuses it (« other side closed »).
			KEEP_ALIVE_TIMEOUT: '60',
			...options.env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	const exited = new Promise<void>((ok) => child.once('exit', () => ok()));

	const deadline = Date.now() + 60_000;
	for (;;) {
		if (child.exitCode !== null)
			throw new Error(`Le serveur s’est arrêté au démarrage :\n${output}`);
		try {
			const response = await fetch(`${url}/healthz`);
			if (response.status === 200) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) throw new Error(`Le serveur ne répond pas :\n${output}`);
		await new Promise((r) => setTimeout(r, 100));
	}
	return {
		url,
		databasePath,
		databaseUrl,
		process: child,
		output: () => output,
		stop: async () => {
			if (child.exitCode === null) {
				child.kill('SIGTERM');
				await exited;
			}
			if (folder) rmSync(folder, { recursive: true, force: true });
			await ownDatabase?.drop();
		}
	};
}
