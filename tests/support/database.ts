import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { openDatabase, openPostgres, type Db } from '../../src/lib/server/db/database';

// Which database the HTTP, API and durability suites run against. TEST_DATABASE=postgres runs
// them on PostgreSQL: TEST_POSTGRES_URL names a server whose role may create databases (CI
// starts one), or, without it, the global setup (postgres-setup.ts) starts a throw-away cluster.
// Every test server then gets a fresh database of its own, dropped when it stops.

/** Where a server's data lives: its SQLite file, or its PostgreSQL database. */
export type DatabaseTarget = { databasePath: string; databaseUrl: string | null };

export function testsUsePostgres(): boolean {
	return process.env.TEST_DATABASE === 'postgres';
}

function adminUrl(): string {
	const url = process.env.TEST_POSTGRES_URL;
	if (!url)
		throw new Error(
			'TEST_DATABASE=postgres sans TEST_POSTGRES_URL : lancez les tests avec vitest (la mise en place globale démarre une grappe).'
		);
	return url;
}

async function asAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
	const client = new pg.Client({ connectionString: adminUrl() });
	await client.connect();
	try {
		return await work(client);
	} finally {
		await client.end();
	}
}

/** A new empty PostgreSQL database; `drop()` removes it (ending what is still connected). */
export async function createPostgresDatabase(): Promise<{
	url: string;
	drop: () => Promise<void>;
}> {
	const name = `sdsf_test_${randomBytes(6).toString('hex')}`;
	await asAdmin((c) => c.query(`create database ${name}`));
	const url = new URL(adminUrl());
	url.pathname = `/${name}`;
	return {
		url: url.toString(),
		drop: () =>
			asAdmin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => {})
	};
}

/**
 * A database that outlives one server (restarts, kill -9, a CLI run beside it): the SQLite file
 * `file`, or with TEST_DATABASE=postgres a fresh PostgreSQL database. Pass it to startServer as
 * `database`; `drop()` removes the PostgreSQL one (the caller removes its folder).
 */
export async function testDatabase(
	file: string
): Promise<DatabaseTarget & { drop: () => Promise<void>; env: Record<string, string> }> {
	if (!testsUsePostgres())
		return {
			databasePath: file,
			databaseUrl: null,
			drop: async () => {},
			env: { DATABASE_PATH: file }
		};
	const created = await createPostgresDatabase();
	return {
		databasePath: file,
		databaseUrl: created.url,
		drop: created.drop,
		env: { DATABASE_PATH: file, DATABASE_URL: created.url }
	};
}

/** A Kysely database on a server's data (close it with `destroy()`). */
export function openTargetDb(target: DatabaseTarget | string): Db {
	if (typeof target === 'string') return openDatabase(target).db;
	return target.databaseUrl
		? openPostgres(target.databaseUrl, { max: 2 })
		: openDatabase(target.databasePath).db;
}

/**
 * Raw SQL on a server's data, with `?` placeholders on both engines, for tests that arrange or
 * inspect rows behind the app's back. `insert` answers the new row's id.
 */
export type RawDb = {
	get<T>(query: string, ...args: unknown[]): Promise<T>;
	all<T>(query: string, ...args: unknown[]): Promise<T[]>;
	run(query: string, ...args: unknown[]): Promise<number>;
	insert(query: string, ...args: unknown[]): Promise<number>;
	close(): Promise<void>;
};

export async function openRawDb(target: DatabaseTarget): Promise<RawDb> {
	if (!target.databaseUrl) {
		const sqlite = new SQLite(target.databasePath);
		return {
			get: async <T>(q: string, ...a: unknown[]) => sqlite.prepare(q).get(...a) as T,
			all: async <T>(q: string, ...a: unknown[]) => sqlite.prepare(q).all(...a) as T[],
			run: async (q, ...a) => sqlite.prepare(q).run(...a).changes,
			insert: async (q, ...a) => Number(sqlite.prepare(q).run(...a).lastInsertRowid),
			close: async () => {
				sqlite.close();
			}
		};
	}
	const client = new pg.Client({ connectionString: target.databaseUrl });
	await client.connect();
	let n = 0;
	const numbered = (q: string) => q.replace(/\?/g, () => `$${++n}`);
	const query = async (q: string, a: unknown[]) => {
		n = 0;
		return client.query(numbered(q), a);
	};
	return {
		get: async <T>(q: string, ...a: unknown[]) => (await query(q, a)).rows[0] as T,
		all: async <T>(q: string, ...a: unknown[]) => (await query(q, a)).rows as T[],
		run: async (q, ...a) => (await query(q, a)).rowCount ?? 0,
		insert: async (q, ...a) => Number((await query(`${q} returning id`, a)).rows[0].id),
		close: async () => {
			await client.end();
		}
	};
}

/**
 * Starts a throw-away PostgreSQL cluster on 127.0.0.1 (as the `postgres` user when run as root,
 * as CI does on a fresh Debian machine) and answers its URL and a stop function.
 */
export function startPostgresCluster(): { url: string; stop: () => void } {
	const bin = process.env.PG_BIN ?? findPgBin();
	const folder = mkdtempSync(join(tmpdir(), 'sdsf-pg-'));
	const asRoot = process.getuid?.() === 0;
	if (asRoot) {
		chmodSync(folder, 0o777);
		execFileSync('chown', ['postgres', folder]);
	}
	const run = (command: string, args: string[]) => {
		const full = [join(bin, command), ...args];
		const result = asRoot
			? spawnSync('su', ['postgres', '-c', full.map((a) => `'${a}'`).join(' ')], {
					encoding: 'utf8'
				})
			: spawnSync(full[0], full.slice(1), { encoding: 'utf8' });
		if (result.status !== 0)
			throw new Error(`${command} a échoué :\n${result.stdout}\n${result.stderr}`);
	};
	const data = join(folder, 'data');
	const port = 20000 + Math.floor(Math.random() * 20000);
	run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
	run('pg_ctl', [
		'-D',
		data,
		'-l',
		join(folder, 'log'),
		'-w',
		'-o',
		`-k ${folder} -h 127.0.0.1 -p ${port} -c max_connections=300 -c shared_buffers=64MB`,
		'start'
	]);
	return {
		url: `postgres://postgres@127.0.0.1:${port}/postgres`,
		stop: () => {
			run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
			rmSync(folder, { recursive: true, force: true });
		}
	};
}

function findPgBin(): string {
	const found = spawnSync('sh', ['-c', 'ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1'], {
		encoding: 'utf8'
	}).stdout.trim();
	if (!found) throw new Error('PostgreSQL introuvable (paquet Debian postgresql, ou PG_BIN).');
	return found;
}
