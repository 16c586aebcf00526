import { execFile } from 'node:child_process';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { migrationsFor } from '$db/migrations/index';
import { DurabilityError, type FileCheck } from './backup-restore';

// Backup and restore on PostgreSQL (DATABASE_URL): pg_dump's custom format, one consistent
// snapshot taken while the servers keep writing; pg_restore in a single transaction, so a restore
// either replaces everything or changes nothing. The client tools must be at least the server's
// major version (Debian: package postgresql-client).

const run = promisify(execFile);

export const COUNTED_TABLES = [
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

/** The database's applied migrations and row counts (what the SQLite commands also print). */
export async function inspectPostgres(url: string): Promise<FileCheck> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		const tables = new Set(
			(
				await client.query<{ name: string }>(
					`select table_name as name from information_schema.tables where table_schema = 'public'`
				)
			).rows.map((r) => r.name)
		);
		const migrations = tables.has('kysely_migration')
			? (
					await client.query<{ name: string }>('select name from kysely_migration order by name')
				).rows.map((r) => r.name)
			: [];
		const counts: Record<string, number> = {};
		for (const table of COUNTED_TABLES)
			if (tables.has(table))
				counts[table] = Number(
					(await client.query(`select count(*) as n from "${table}"`)).rows[0].n
				);
		return { integrity: 'ok', migrations, counts };
	} finally {
		await client.end();
	}
}

/** The pg tools' error without the connection string (it may hold a password). */
function toolError(error: unknown, url: string): string {
	const text = String((error as { stderr?: string }).stderr || error);
	return text.split(url).join('DATABASE_URL').trim();
}

export type PgBackupOutcome = FileCheck & { file: string; bytes: number; ms: number };

/**
 * pg_dump of DATABASE_URL into `destination` (custom format), written under a temporary name,
 * read back with pg_restore --list, then renamed into place.
 */
export async function backupPostgres(url: string, destination: string): Promise<PgBackupOutcome> {
	const started = Date.now();
	const target = resolve(destination);
	if (existsSync(target))
		throw new DurabilityError(`Le fichier ${target} existe déjà : choisissez un autre nom.`);
	if (!existsSync(dirname(target)))
		throw new DurabilityError(`Le dossier ${dirname(target)} n’existe pas.`);
	const partial = `${target}.partiel-${process.pid}`;
	try {
		await run('pg_dump', ['--format=custom', '--no-owner', `--file=${partial}`, `--dbname=${url}`]);
		const listing = (await run('pg_restore', ['--list', partial])).stdout;
		if (
			!/TABLE DATA public figure /.test(listing) ||
			!/TABLE DATA public audit_event /.test(listing)
		)
			throw new DurabilityError('La sauvegarde ne contient pas les chiffres et leur historique.');
	} catch (error) {
		rmSync(partial, { force: true });
		if (error instanceof DurabilityError) throw error;
		throw new DurabilityError(`pg_dump a échoué : ${toolError(error, url)}`);
	}
	renameSync(partial, target);
	const check = await inspectPostgres(url);
	return { ...check, file: target, bytes: statSync(target).size, ms: Date.now() - started };
}

/** Migration names a pg_dump archive holds (its kysely_migration rows), read without restoring. */
async function archiveMigrations(file: string): Promise<string[]> {
	const script = (
		await run('pg_restore', ['--data-only', '--table=kysely_migration', '--file=-', file], {
			maxBuffer: 16 * 1024 * 1024
		})
	).stdout;
	const copy = /COPY public\.kysely_migration \([^)]*\) FROM stdin;\n([\s\S]*?)\n\\\./.exec(script);
	return copy ? copy[1].split('\n').map((line) => line.split('\t')[0]) : [];
}

export type PgRestoreOutcome = FileCheck & { file: string; ms: number };

/**
 * Replaces the content of DATABASE_URL by an archive of db:backup. THE SERVERS MUST BE STOPPED:
 * refused while another session of the app is connected. Refuses an archive that is not one of
 * this app's, or comes from a newer version; restores in a single transaction.
 */
export async function restorePostgres(candidate: string, url: string): Promise<PgRestoreOutcome> {
	const started = Date.now();
	const source = resolve(candidate);
	if (!existsSync(source)) throw new DurabilityError(`Sauvegarde introuvable : ${source}.`);
	let migrations: string[];
	try {
		migrations = await archiveMigrations(source);
	} catch {
		throw new DurabilityError(`${source} n’est pas une sauvegarde PostgreSQL lisible (pg_dump).`);
	}
	if (migrations.length === 0)
		throw new DurabilityError(
			'Sauvegarde refusée : ce fichier n’est pas une base Pilotage SDSF (aucune migration).'
		);
	const known = new Set(Object.keys(migrationsFor('postgres')));
	const unknown = migrations.filter((m) => !known.has(m));
	if (unknown.length)
		throw new DurabilityError(
			`Sauvegarde refusée : elle vient d’une version plus récente (migrations inconnues : ${unknown.join(', ')}).`
		);

	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		const others = Number(
			(
				await client.query(
					`select count(*) as n from pg_stat_activity
					 where datname = current_database() and pid <> pg_backend_pid()`
				)
			).rows[0].n
		);
		if (others > 0)
			throw new DurabilityError(
				`La base est utilisée par ${others} autre(s) connexion(s) (le serveur ?) : arrêtez le service avant de restaurer.`
			);
	} finally {
		await client.end();
	}
	try {
		await run('pg_restore', [
			'--clean',
			'--if-exists',
			'--no-owner',
			'--single-transaction',
			'--exit-on-error',
			`--dbname=${url}`,
			source
		]);
	} catch (error) {
		throw new DurabilityError(
			`Restauration annulée, la base est inchangée : ${toolError(error, url)}`
		);
	}
	return { ...(await inspectPostgres(url)), file: source, ms: Date.now() - started };
}
