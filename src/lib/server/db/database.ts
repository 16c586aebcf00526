import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type MigrationProvider } from 'kysely';
import { migrations } from '$db/migrations/index';
import type { Database } from './schema';
import { cacheStatements } from './statement-cache';

export type Db = Kysely<Database>;

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
export function openDatabase(file: string = DEFAULT_DATABASE_PATH): {
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
		dialect: new SqliteDialect({ database: cacheStatements(sqlite) })
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

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<string[]> {
	const migrator = new Migrator({ db, provider });
	const { error, results } = await migrator.migrateToLatest();
	if (error) {
		const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'inconnue';
		throw new DatabaseSetupError(`La migration ${failed} a échoué : ${String(error)}`);
	}
	return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Migrations this version knows that the database has not applied yet (reads only). */
export async function pendingMigrations(db: Db): Promise<string[]> {
	const known = await new Migrator({ db, provider }).getMigrations();
	return known.filter((m) => !m.executedAt).map((m) => m.name);
}
