import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO } from '../support/auth';
import { openRawDb, testDatabase, type RawDb } from '../support/database';
import { startServer, type RunningServer } from '../support/server';
import { createTokens } from '../support/tokens';

// Figures are data of record: kill the server with SIGKILL in the middle of a burst of API writes,
// restart it on the same file (or PostgreSQL database, TEST_DATABASE=postgres), and find every
// write it had acknowledged, with its history.

const SCHEME = 'haute-vienne-2017-2021';
const WORKERS = 8;
const KILL_AFTER_ACKS = 400;
const MAX_BURST_MS = 20_000;

const folder = mkdtempSync(join(tmpdir(), 'sdsf-crash-'));
let database: Awaited<ReturnType<typeof testDatabase>> | null = null;
let server: RunningServer | null = null;
afterAll(async () => {
	await server?.stop();
	await database?.drop();
	rmSync(folder, { recursive: true, force: true });
});

type Slot = { fiche: string; indicatorId: number; breakdown: number | null };
type SlotState = {
	version: number | null;
	acked: { value: number; version: number } | null;
	inFlight: number | null;
};

const slotKey = (s: Slot) => `${s.indicatorId}-${s.breakdown ?? ''}`;

describe('durability', () => {
	it('keeps every acknowledged write across a SIGKILL, and the file passes integrity_check', async () => {
		// First start seeds the demo; tokens are written straight into the file.
		database = await testDatabase(join(folder, 'sdsf.db'));
		server = await startServer({ database });
		const { admin } = await createTokens(database, { admin: DEMO.admin });
		const auth = { Authorization: `Bearer ${admin}` };

		// Writable numeric slots of the open 2019 period, across fiches.
		const slots: Slot[] = [];
		const scheme = await (
			await fetch(`${server.url}/api/schemes/${SCHEME}`, { headers: auth })
		).json();
		const fiches: string[] = [];
		const walk = (nodes: { fiches: { slug: string }[]; children: unknown[] }[]) => {
			for (const node of nodes) {
				fiches.push(...node.fiches.map((f) => f.slug));
				walk(node.children as typeof nodes);
			}
		};
		walk(scheme.scheme.tree);
		for (const fiche of fiches) {
			const sheet = (
				await (
					await fetch(`${server.url}/api/schemes/${SCHEME}/fiches/${fiche}/periods/2019`, {
						headers: auth
					})
				).json()
			).sheet;
			for (const line of sheet.lines) {
				if (line.unit === 'nombre' && line.editable)
					slots.push({
						fiche,
						indicatorId: line.indicatorId,
						breakdown: line.breakdown?.id ?? null
					});
			}
		}
		expect(slots.length).toBeGreaterThan(WORKERS * 3);

		// Current versions of slots that already hold a draft.
		const state = new Map<string, SlotState>();
		for (const slot of slots) {
			const response = await fetch(url(server, slot), { headers: auth });
			state.set(slotKey(slot), {
				version: response.status === 200 ? Number((await response.json()).figure.version) : null,
				acked: null,
				inFlight: null
			});
		}

		// The burst: each worker owns its slots and writes them in turn, If-Match with the last version.
		const started = Date.now();
		let acks = 0;
		let killedAt = 0;
		const live = server;
		const worker = async (own: Slot[]) => {
			for (let round = 1; ; round++) {
				for (const slot of own) {
					if (killedAt || Date.now() - started > MAX_BURST_MS) return;
					const s = state.get(slotKey(slot))!;
					const value = round * 1000 + slot.indicatorId;
					s.inFlight = value;
					try {
						const response = await fetch(url(live, slot), {
							method: 'PUT',
							headers: {
								...auth,
								'Content-Type': 'application/json',
								...(s.version ? { 'If-Match': `"${s.version}"` } : {})
							},
							body: JSON.stringify({ value, comment: `écriture ${round}` })
						});
						if (response.status !== 200 && response.status !== 201)
							throw new Error(`HTTP ${response.status}: ${await response.text()}`);
						const body = await response.json();
						s.version = body.figure.version;
						s.acked = { value, version: body.figure.version };
						s.inFlight = null;
						if (++acks === KILL_AFTER_ACKS) {
							killedAt = Date.now();
							live.process.kill('SIGKILL');
						}
					} catch (error) {
						if (killedAt) return; // the connection died with the server: this write is unacknowledged
						throw error;
					}
				}
			}
		};
		const shares = Array.from({ length: WORKERS }, (_, i) =>
			slots.filter((_, j) => j % WORKERS === i)
		);
		await Promise.all(shares.map(worker));
		expect(killedAt, 'the server was killed mid-burst').toBeGreaterThan(0);
		await new Promise<void>((resolve) =>
			live.process.exitCode !== null || live.process.signalCode
				? resolve()
				: live.process.once('exit', () => resolve())
		);
		const inFlight = [...state.values()].filter((s) => s.inFlight !== null).length;

		// Restart on the same file (recovery replays the WAL), then check every acknowledged write.
		const restartedAt = Date.now();
		server = await startServer({ database });
		const recoveryMs = Date.now() - restartedAt;
		let lost = 0;
		let landedInFlight = 0;
		for (const slot of slots) {
			const s = state.get(slotKey(slot))!;
			if (!s.acked) continue;
			const response = await fetch(url(server, slot), { headers: auth });
			const figure = (await response.json()).figure;
			const kept = figure.version === s.acked.version && figure.value === s.acked.value;
			// The write in flight at the kill may have committed too: then it is the next version.
			const next =
				s.inFlight !== null &&
				figure.version === s.acked.version + 1 &&
				figure.value === s.inFlight;
			if (next) landedInFlight++;
			if (!kept && !next) lost++;
		}

		const rows = await openRawDb(database);
		// PostgreSQL has no integrity_check: amcheck verifies every B-tree index of the tables written.
		const integrity = database.databaseUrl
			? await checkPostgresIndexes(rows)
			: (await rows.get<{ integrity_check: string }>('pragma integrity_check')).integrity_check;
		// The history is written in the same transaction: every version of a figure has its event.
		const withoutHistory = (
			await rows.get<{ n: number }>(
				`select count(*) as n from figure f where f.version <> (select count(*) from audit_event a where a.entity_type = 'figure' and a.entity_id = f.id)`
			)
		).n;
		await rows.close();

		console.log(
			`Crash test: ${acks} acknowledged writes on ${slots.length} figures by ${WORKERS} workers in ${killedAt - started} ms, ` +
				`SIGKILL with ${inFlight} write(s) in flight (${landedInFlight} committed anyway), lost = ${lost}, ` +
				`restart ${recoveryMs} ms, integrity_check = ${integrity}.`
		);
		// SIGKILL takes a few milliseconds to land: answers already on their way are acknowledged
		// too (and checked like the others below), so a loaded machine may count a few more.
		expect(acks).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
		expect(lost).toBe(0);
		expect(integrity).toBe('ok');
		expect(withoutHistory).toBe(0);
	});
});

async function checkPostgresIndexes(rows: RawDb): Promise<string> {
	try {
		await rows.run('create extension if not exists amcheck');
		await rows.all(
			`select bt_index_check(c.oid, true) from pg_index i join pg_class c on c.oid = i.indexrelid
			 join pg_am a on a.oid = c.relam where a.amname = 'btree'
			 and i.indrelid in ('figure'::regclass, 'audit_event'::regclass)`
		);
		return 'ok';
	} catch (error) {
		return String(error);
	}
}

function url(server: RunningServer, slot: Slot): string {
	const query = slot.breakdown === null ? '' : `?breakdown=${slot.breakdown}`;
	return `${server.url}/api/schemes/${SCHEME}/fiches/${slot.fiche}/indicators/${slot.indicatorId}/values/2019${query}`;
}
