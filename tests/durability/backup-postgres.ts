import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO } from '../support/auth';
import { createPostgresDatabase, openRawDb, testDatabase } from '../support/database';
import { startServer, type RunningServer } from '../support/server';
import { createTokens } from '../support/tokens';

// The PostgreSQL side of backup.test.ts (TEST_DATABASE=postgres): `npm run db:backup` (pg_dump)
// while the server takes writes, `npm run db:restore` (pg_restore) into an empty database.

const SCHEME = 'haute-vienne-2017-2021';

/**
 * A writer loop on fiche 31 of the open 2019 period: creates then updates its numeric figures,
 * counting acknowledged writes, until stopped.
 */
export async function writeUntilStopped(server: RunningServer, auth: Record<string, string>) {
	const sheet = (
		await (
			await fetch(`${server.url}/api/schemes/${SCHEME}/fiches/31/periods/2019`, { headers: auth })
		).json()
	).sheet;
	const slots = sheet.lines.filter(
		(l: { unit: string; editable: boolean }) => l.unit === 'nombre' && l.editable
	);
	expect(slots.length).toBeGreaterThan(5);
	const versions = new Map<string, number>();
	const state = { acked: 0, stopped: false };
	const loop = (async () => {
		const deadline = Date.now() + 60_000;
		for (let round = 1; !state.stopped && Date.now() < deadline; round++) {
			for (const line of slots) {
				if (state.stopped) break;
				const query = line.breakdown ? `?breakdown=${line.breakdown.id}` : '';
				const known = versions.get(line.key) ?? line.figure?.version;
				const response = await fetch(
					`${server.url}/api/schemes/${SCHEME}/fiches/31/indicators/${line.indicatorId}/values/2019${query}`,
					{
						method: 'PUT',
						headers: { ...auth, ...(known ? { 'If-Match': `"${known}"` } : {}) },
						body: JSON.stringify({ value: 1000 + round })
					}
				);
				expect([200, 201]).toContain(response.status);
				versions.set(line.key, (await response.json()).figure.version);
				state.acked++;
			}
		}
	})();
	return {
		get acked() {
			return state.acked;
		},
		stop: async () => {
			state.stopped = true;
			await loop;
		}
	};
}

type Cli = (
	script: 'backup' | 'restore',
	file: string,
	env: Record<string, string>
) => Promise<{ code: number; output: string; ms: number }>;

export function postgresBackupSuite(folder: string, cli: Cli): void {
	const servers: RunningServer[] = [];
	const drops: (() => Promise<void>)[] = [];
	afterAll(async () => {
		for (const server of servers) await server.stop();
		for (const drop of drops) await drop();
	});

	describe('backup and restore on PostgreSQL (pg_dump, pg_restore)', () => {
		it('backs up a consistent archive under write load, and restores it (refusing while in use, and damaged archives)', async () => {
			const live = await testDatabase(join(folder, 'unused.db'));
			drops.push(live.drop);
			const server = await startServer({ database: live });
			servers.push(server);
			const { admin } = await createTokens(live, { admin: DEMO.admin });
			const auth = { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' };

			const writer = await writeUntilStopped(server, auth);
			while (writer.acked < 30) await new Promise((r) => setTimeout(r, 20));
			const before = writer.acked;
			const archive = join(folder, 'sauvegarde.pgdump');
			const backup = await cli('backup', archive, live.env);
			const after = writer.acked;
			while (writer.acked < after + 20) await new Promise((r) => setTimeout(r, 20));
			await writer.stop();
			expect(backup.code, backup.output).toBe(0);
			expect(backup.output).toContain('Sauvegarde PostgreSQL écrite');
			expect(backup.output).not.toContain(live.databaseUrl!);

			// Restore refuses while a server is connected to the target.
			const busy = await cli('restore', archive, live.env);
			expect(busy.code).not.toBe(0);
			expect(busy.output).toContain('arrêtez le service');

			// Restore into an empty database, then read the archive's moment there.
			const fresh = await createPostgresDatabase();
			drops.push(fresh.drop);
			const freshEnv = { DATABASE_URL: fresh.url };
			const restore = await cli('restore', archive, freshEnv);
			expect(restore.code, restore.output).toBe(0);
			const rows = await openRawDb({ databasePath: '', databaseUrl: fresh.url });
			const n = async (query: string) => Number((await rows.get<{ n: number }>(query)).n);
			const updatesInBackup = await n(
				`select count(*) as n from audit_event where entity_type = 'figure' and action in ('create','update') and actor like '%Claire%'`
			);
			expect(updatesInBackup).toBeGreaterThanOrEqual(before);
			expect(updatesInBackup).toBeLessThanOrEqual(after + 1);
			expect(
				await n(
					`select count(*) as n from figure f where f.version <> (select count(*) from audit_event a where a.entity_type = 'figure' and a.entity_id = f.id)`
				)
			).toBe(0);
			// The rules came back with the data: the history is still append-only.
			await expect(rows.run(`update audit_event set actor = 'x'`)).rejects.toThrow(/append-only/);
			const figuresBefore = await n('select count(*) as n from figure');
			await rows.close();

			const restored = await startServer({ databaseUrl: fresh.url, demo: false });
			servers.push(restored);
			const served = await fetch(`${restored.url}/api/schemes/${SCHEME}/fiches/31/periods/2019`, {
				headers: auth
			});
			expect(served.status).toBe(200);
			expect((await served.json()).sheet.progress.entered).toBeGreaterThan(0);
			await restored.stop();
			servers.pop();

			// A damaged archive is refused, and the database in place is left untouched.
			const damaged = join(folder, 'endommagee.pgdump');
			const bytes = readFileSync(archive);
			writeFileSync(damaged, bytes.subarray(0, Math.floor(bytes.length / 2)));
			const refused = await cli('restore', damaged, freshEnv);
			expect(refused.code).not.toBe(0);
			expect(refused.output).toMatch(/pas une sauvegarde PostgreSQL lisible|annulée|refusée/);
			const check = await openRawDb({ databasePath: '', databaseUrl: fresh.url });
			expect(Number((await check.get<{ n: number }>('select count(*) as n from figure')).n)).toBe(
				figuresBefore
			);
			await check.close();
			console.log(
				`Backup test (PostgreSQL): ${before}–${after} writes acknowledged around a ${backup.ms} ms pg_dump (${updatesInBackup} in the archive); pg_restore ${restore.ms} ms.`
			);
		});
	});
}
