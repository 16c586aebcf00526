import { execFile } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO } from '../support/auth';
import { testsUsePostgres } from '../support/database';
import { postgresBackupSuite, writeUntilStopped } from './backup-postgres';
import { startServer, type RunningServer } from '../support/server';
import { createTokens } from '../support/tokens';

// `npm run db:backup` while the server takes writes, then `npm run db:restore` into a fresh file.

const SCHEME = 'haute-vienne-2017-2021';
const folder = mkdtempSync(join(tmpdir(), 'sdsf-backup-'));
let server: RunningServer | null = null;
let restored: RunningServer | null = null;
afterAll(async () => {
	await server?.stop();
	await restored?.stop();
	rmSync(folder, { recursive: true, force: true });
});

/** Runs one of the built CLI commands (as `npm run db:backup` / `db:restore` do) and returns its outcome. */
export function cli(
	script: 'backup' | 'restore',
	file: string,
	database: string | Record<string, string>
): Promise<{ code: number; output: string; ms: number }> {
	const started = Date.now();
	const env = typeof database === 'string' ? { DATABASE_PATH: database } : database;
	return new Promise((done) => {
		execFile(
			process.execPath,
			[resolve(process.env.BUILD_DIR ?? 'build', 'cli', `${script}.js`), file],
			{ env: { ...process.env, DATABASE_URL: '', ...env }, timeout: 120_000 },
			(error, stdout, stderr) =>
				done({
					code: error ? Number(error.code ?? 1) : 0,
					output: stdout + stderr,
					ms: Date.now() - started
				})
		);
	});
}

const count = (file: string, sql: string) => {
	const sqlite = new SQLite(file, { readonly: true });
	try {
		return (sqlite.prepare(sql).get() as { n: number }).n;
	} finally {
		sqlite.close();
	}
};

if (testsUsePostgres()) postgresBackupSuite(folder, cli);
else
	describe('backup and restore', () => {
		it('backs up a consistent copy under write load, and restores it (refusing damaged files)', async () => {
			const databasePath = join(folder, 'live.db');
			server = await startServer({ databasePath });
			const { admin } = await createTokens(databasePath, { admin: DEMO.admin });
			const auth = { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' };
			const writer = await writeUntilStopped(server, auth);
			const acked = () => writer.acked;
			while (acked() < 30) await new Promise((r) => setTimeout(r, 20));
			const before = acked();
			const backupFile = join(folder, 'sauvegarde.db');
			const backup = await cli('backup', backupFile, databasePath);
			const after = acked();
			// Keep writing a little after the backup, then stop.
			while (acked() < after + 20) await new Promise((r) => setTimeout(r, 20));
			await writer.stop();

			expect(backup.code, backup.output).toBe(0);
			expect(backup.output).toContain('intégrité ok');
			const check = new SQLite(backupFile, { readonly: true });
			expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
			check.close();
			// The copy is one consistent moment: as many figure events as figure versions, and the writes
			// it holds are between those acknowledged before and after the backup ran.
			const updatesInBackup = count(
				backupFile,
				`select count(*) as n from audit_event where entity_type = 'figure' and action in ('create','update') and actor like '%Claire%'`
			);
			expect(updatesInBackup).toBeGreaterThanOrEqual(before);
			expect(updatesInBackup).toBeLessThanOrEqual(after + 1);
			expect(
				count(
					backupFile,
					`select count(*) as n from figure f where f.version <> (select count(*) from audit_event a where a.entity_type = 'figure' and a.entity_id = f.id)`
				)
			).toBe(0);

			// Restore refuses while a server has the target open.
			const busy = await cli('restore', backupFile, databasePath);
			expect(busy.code).not.toBe(0);
			expect(busy.output).toContain('arrêtez le service');

			// Restore into a fresh path, then serve it.
			const freshPath = join(folder, 'restauree.db');
			const restore = await cli('restore', backupFile, freshPath);
			expect(restore.code, restore.output).toBe(0);
			const restoredCheck = new SQLite(freshPath, { readonly: true });
			expect(restoredCheck.pragma('integrity_check', { simple: true })).toBe('ok');
			expect(restoredCheck.pragma('journal_mode', { simple: true })).toBe('wal');
			restoredCheck.close();
			for (const table of ['figure', 'audit_event', 'reporting_period', 'app_user']) {
				expect(count(freshPath, `select count(*) as n from ${table}`), table).toBe(
					count(backupFile, `select count(*) as n from ${table}`)
				);
			}
			restored = await startServer({ databasePath: freshPath, demo: false });
			const served = await fetch(`${restored.url}/api/schemes/${SCHEME}/fiches/31/periods/2019`, {
				headers: auth
			});
			expect(served.status).toBe(200);
			expect((await served.json()).sheet.progress.entered).toBeGreaterThan(0);
			await restored.stop();
			restored = null;

			// A damaged file is refused, and the database in place is left untouched.
			const damaged = join(folder, 'endommagee.db');
			const bytes = readFileSync(backupFile);
			const fd = openSync(damaged, 'w');
			writeSync(fd, bytes);
			const pageSize = bytes.readUInt16BE(16) || 65536;
			writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, pageSize * 3);
			closeSync(fd);
			const figuresBefore = count(freshPath, 'select count(*) as n from figure');
			const refused = await cli('restore', damaged, freshPath);
			expect(refused.code).not.toBe(0);
			expect(refused.output).toMatch(/integrity_check|illisible|endommag|malformed/);
			expect(count(freshPath, 'select count(*) as n from figure')).toBe(figuresBefore);
			console.log(
				`Backup test: ${before}–${after} writes acknowledged around a ${backup.ms} ms backup (${updatesInBackup} in the copy); restore ${restore.ms} ms.`
			);
		});
	});
