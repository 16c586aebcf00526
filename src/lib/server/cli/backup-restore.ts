import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { migrations } from '$db/migrations/index';

// Online backup and offline restore of the SQLite file. Figures are data of record: a backup must
// be consistent while people keep writing, and a restore must never install a damaged file.

export class DurabilityError extends Error {}

const removeSidecars = (file: string) => {
	for (const suffix of ['-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
};

function fsyncPath(path: string): void {
	const fd = openSync(path, 'r');
	try {
		fsyncSync(fd);
	} finally {
		closeSync(fd);
	}
}

export type FileCheck = { integrity: string; migrations: string[]; counts: Record<string, number> };

const COUNTED = [
	'scheme',
	'fiche',
	'indicator',
	'reporting_period',
	'figure',
	'bilan',
	'milestone',
	'audit_event',
	'app_user'
];

/** integrity_check, applied migrations and row counts of a database file. */
export function inspectDatabase(sqlite: SQLite.Database): FileCheck {
	let integrity: string;
	try {
		integrity = (sqlite.pragma('integrity_check') as { integrity_check: string }[])
			.map((r) => r.integrity_check)
			.join('; ');
	} catch (error) {
		integrity = String(error);
	}
	// A damaged file is not read any further.
	if (integrity !== 'ok') return { integrity, migrations: [], counts: {} };
	const tables = new Set(
		(
			sqlite.prepare(`select name from sqlite_master where type = 'table'`).all() as {
				name: string;
			}[]
		).map((r) => r.name)
	);
	const applied = tables.has('kysely_migration')
		? (
				sqlite.prepare('select name from kysely_migration order by name').all() as {
					name: string;
				}[]
			).map((r) => r.name)
		: [];
	const counts: Record<string, number> = {};
	for (const table of COUNTED) {
		if (tables.has(table))
			counts[table] = (
				sqlite.prepare(`select count(*) as n from "${table}"`).get() as { n: number }
			).n;
	}
	return { integrity, migrations: applied, counts };
}

export type BackupOutcome = FileCheck & { file: string; bytes: number; pages: number; ms: number };

/**
 * Copies the live database into `destination` with SQLite's online backup API, safe while the
 * server writes (WAL: the copy reads a consistent snapshot and never blocks writers). Written to
 * a temporary name, checked (integrity_check), synced to disk, then renamed into place.
 */
export async function backupDatabase(source: string, destination: string): Promise<BackupOutcome> {
	const started = Date.now();
	if (!existsSync(source)) throw new DurabilityError(`Base introuvable : ${source}.`);
	const target = resolve(destination);
	if (existsSync(target))
		throw new DurabilityError(`Le fichier ${target} existe déjà : choisissez un autre nom.`);
	if (!existsSync(dirname(target)))
		throw new DurabilityError(`Le dossier ${dirname(target)} n’existe pas.`);
	const partial = `${target}.partiel-${process.pid}`;
	const sqlite = new SQLite(source, { fileMustExist: true, timeout: 10_000 });
	let pages = 0;
	try {
		// After the first step, copy everything left in one step: a single read snapshot, so a write
		// from the server cannot make the copy restart forever.
		await sqlite.backup(partial, {
			progress: ({ totalPages }) => {
				pages = totalPages;
				return Math.max(totalPages, 100);
			}
		});
	} catch (error) {
		removeSidecars(partial);
		rmSync(partial, { force: true });
		throw error;
	} finally {
		sqlite.close();
	}
	const copy = new SQLite(partial, { fileMustExist: true });
	let check: FileCheck;
	try {
		check = inspectDatabase(copy);
		// A backup is one self-contained file: fold any WAL into it.
		copy.pragma('journal_mode = DELETE');
	} finally {
		copy.close();
	}
	removeSidecars(partial);
	if (check.integrity !== 'ok') {
		rmSync(partial, { force: true });
		throw new DurabilityError(`La copie est endommagée (integrity_check : ${check.integrity}).`);
	}
	fsyncPath(partial);
	renameSync(partial, target);
	fsyncPath(dirname(target));
	return { ...check, file: target, bytes: statSync(target).size, pages, ms: Date.now() - started };
}

/** Whether another process (a running server) has the database open. */
function assertNotInUse(file: string): SQLite.Database | null {
	if (!existsSync(file)) return null;
	const sqlite = new SQLite(file, { fileMustExist: true, timeout: 0 });
	try {
		sqlite.pragma('locking_mode = EXCLUSIVE');
		sqlite.exec('BEGIN EXCLUSIVE');
		sqlite.exec('COMMIT');
		return sqlite;
	} catch {
		sqlite.close();
		throw new DurabilityError(
			`La base ${file} est ouverte par un autre programme (le serveur ?) : arrêtez le service avant de restaurer.`
		);
	}
}

export type RestoreOutcome = FileCheck & { file: string; previous: string | null; ms: number };

/**
 * Replaces the database by a backup. THE SERVER MUST BE STOPPED: restore refuses to run while
 * another process has the database open. The candidate is copied next to the database, checked
 * (integrity_check = ok, only migrations this version knows), then swapped in by a rename; the
 * replaced file is kept as `<name>.avant-restauration-<date>`.
 */
export async function restoreDatabase(
	candidate: string,
	databasePath: string
): Promise<RestoreOutcome> {
	const started = Date.now();
	const source = resolve(candidate);
	const target = resolve(databasePath);
	if (!existsSync(source)) throw new DurabilityError(`Sauvegarde introuvable : ${source}.`);
	if (source === target)
		throw new DurabilityError('La sauvegarde et la base sont le même fichier.');
	const staged = `${target}.restauration-${process.pid}`;
	removeSidecars(staged);
	rmSync(staged, { force: true });

	// 1. Stage a consistent copy of the candidate (the backup API also reads a candidate's WAL).
	let input: SQLite.Database;
	try {
		input = new SQLite(source, { readonly: true, fileMustExist: true });
		input.pragma('schema_version');
	} catch {
		throw new DurabilityError(`${basename(source)} n’est pas une base SQLite lisible.`);
	}
	try {
		await input.backup(staged);
	} catch (error) {
		rmSync(staged, { force: true });
		throw new DurabilityError(`${basename(source)} n’a pas pu être lue : ${String(error)}`);
	} finally {
		input.close();
	}

	// 2. Check the staged copy before it goes anywhere near the live file.
	const stagedDb = new SQLite(staged, { fileMustExist: true });
	let check: FileCheck;
	try {
		check = inspectDatabase(stagedDb);
		stagedDb.pragma('journal_mode = DELETE');
	} finally {
		stagedDb.close();
	}
	const refuse = (message: string): never => {
		removeSidecars(staged);
		rmSync(staged, { force: true });
		throw new DurabilityError(message);
	};
	if (check.integrity !== 'ok')
		refuse(`Sauvegarde refusée : integrity_check = ${check.integrity}.`);
	const known = new Set(Object.keys(migrations));
	const unknown = check.migrations.filter((m) => !known.has(m));
	if (unknown.length)
		refuse(
			`Sauvegarde refusée : elle vient d’une version plus récente (migrations inconnues : ${unknown.join(', ')}).`
		);
	if (check.migrations.length === 0)
		refuse('Sauvegarde refusée : ce fichier n’est pas une base Pilotage SDSF (aucune migration).');
	fsyncPath(staged);

	// 3. Swap, holding the live file exclusively so nothing opens it half-way.
	const lock = assertNotInUse(target);
	let previous: string | null = null;
	if (lock) {
		try {
			lock.pragma('wal_checkpoint(TRUNCATE)');
			lock.pragma('journal_mode = DELETE');
		} finally {
			lock.close();
		}
		removeSidecars(target);
		previous = `${target}.avant-restauration-${new Date().toISOString().replace(/[:.]/g, '-')}`;
		renameSync(target, previous);
	}
	renameSync(staged, target);
	fsyncPath(dirname(target));

	// 4. Back to WAL, and one last look at the installed file.
	const installed = new SQLite(target, { fileMustExist: true });
	try {
		installed.pragma('journal_mode = WAL');
		const final = inspectDatabase(installed);
		if (final.integrity !== 'ok')
			throw new DurabilityError(`Base restaurée endommagée : ${final.integrity}.`);
		return { ...final, file: target, previous, ms: Date.now() - started };
	} finally {
		installed.close();
	}
}
