import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import {
	Kysely,
	Migrator,
	PostgresDialect,
	SqliteDialect,
	type LogConfig,
	type MigrationProvider
} from 'kysely';
import pg from 'pg';
import { migrationsFor } from '$db/migrations/index';
import { dialectOf } from '$db/migrations/portable';
import type { Database } from './schema';
import { cacheStatements, type StatementTimer } from './statement-cache';

export type Db = Kysely<Database>;
export type Dialect = 'sqlite' | 'postgres';
export { dialectOf };

/** A start-up problem the operator can fix; printed as one French sentence, not a stack trace. */
export class DatabaseSetupError extends Error {}

export const DEFAULT_DATABASE_PATH = 'data/sdsf.db';

/** Checks the folder of a database file exists (created if missing) and is writable. */
function ensureWritableFolder(file: string): void {
	const folder = dirname(resolve(file));
	try {
		if (!existsSync(folder)) mkdirSync(folder, { recursive: true });
		accessSync(folder, constants.W_OK);
		if (existsSync(file)) accessSync(file, constants.W_OK | constants.R_OK);
	} catch {
		throw new DatabaseSetupError(
			`Le dossier de données « ${folder} » n’est pas accessible en écriture. ` +
				`Donnez les droits d’écriture à l’utilisateur du service ou choisissez un autre fichier avec DATABASE_PATH.`
		);
	}
}

/**
 * Opens the SQLite file with the settings figures of record need: WAL so readers never block the
 * writer, synchronous=FULL so an acknowledged write survives a power cut, foreign keys enforced,
 * and a busy timeout so concurrent writers wait instead of failing.
 */
export function openDatabase(
	file: string = DEFAULT_DATABASE_PATH,
	options: { onStatement?: StatementTimer } = {}
): {
	db: Db;
	sqlite: SQLite.Database;
} {
	const inMemory = file === ':memory:';
	if (!inMemory) ensureWritableFolder(file);
	const sqlite = new SQLite(file);
	if (!inMemory) sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('synchronous = FULL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	assertPragmas(sqlite, inMemory);
	const db = new Kysely<Database>({
		dialect: new SqliteDialect({ database: cacheStatements(sqlite, 500, options.onStatement) })
	});
	return { db, sqlite };
}

function assertPragmas(sqlite: SQLite.Database, inMemory: boolean): void {
	const journal = sqlite.pragma('journal_mode', { simple: true });
	const foreignKeys = sqlite.pragma('foreign_keys', { simple: true });
	if ((!inMemory && journal !== 'wal') || foreignKeys !== 1) {
		throw new DatabaseSetupError(
			`La base SQLite n’a pas pu être configurée (journal_mode=${journal}, foreign_keys=${foreignKeys}).`
		);
	}
}

// node-postgres returns int8 (count(*), sum of integers) and numeric (avg) as strings, to keep
// precision past 2^53; counts and sums here stay far below it, and the app expects numbers, like
// SQLite gives. Set once for the process: every pool shares pg's type registry.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

/**
 * A pooled PostgreSQL database (DATABASE_URL). Nothing touches the disk of the app's machine: no
 * SQLite file is created. Connections are opened on first use; a wrong address fails then, with
 * the driver's message (the health check reports it as « injoignable »).
 */
export function openPostgres(url: string, options: { max?: number; log?: LogConfig } = {}): Db {
	const pool = new pg.Pool({
		connectionString: url,
		max: options.max ?? 10,
		// A statement stuck behind a lock answers an error rather than holding the request forever.
		statement_timeout: 30_000,
		idle_in_transaction_session_timeout: 60_000,
		application_name: 'pilotage-sdsf'
	});
	// An idle client whose server went away must not crash the process (pg emits 'error').
	pool.on('error', () => {});
	return new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: options.log });
}

/**
 * Which engine a DATABASE_URL / DATABASE_PATH pair selects: DATABASE_URL wins. `onStatement` is
 * told how long each statement took (SERVER_TIMING): SQLite's own work, or PostgreSQL's round trip.
 */
export function openConfiguredDatabase(
	settings: { DATABASE_URL?: string; DATABASE_PATH: string },
	options: { onStatement?: StatementTimer } = {}
): { db: Db; dialect: Dialect; sqlite: SQLite.Database | null } {
	const onStatement = options.onStatement;
	if (settings.DATABASE_URL)
		return {
			db: openPostgres(settings.DATABASE_URL, {
				log: onStatement
					? (event) => {
							if (event.level === 'query') onStatement(event.queryDurationMillis);
						}
					: undefined
			}),
			dialect: 'postgres',
			sqlite: null
		};
	const { db, sqlite } = openDatabase(settings.DATABASE_PATH, options);
	return { db, dialect: 'sqlite', sqlite };
}

function providerFor(db: Db): MigrationProvider {
	const list = migrationsFor(dialectOf(db));
	return { getMigrations: async () => list };
}

/** Brings the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<string[]> {
	const migrator = new Migrator({ db, provider: providerFor(db) });
	const { error, results } = await migrator.migrateToLatest();
	if (error) {
		const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'inconnue';
		throw new DatabaseSetupError(`La migration ${failed} a échoué : ${String(error)}`);
	}
	return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Migrations this version knows that the database has not applied yet (reads only). */
export async function pendingMigrations(db: Db): Promise<string[]> {
	const known = await new Migrator({ db, provider: providerFor(db) }).getMigrations();
	return known.filter((m) => !m.executedAt).map((m) => m.name);
}
