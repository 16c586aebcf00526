import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../audit/audit.service';
import { VersionConflict } from '../db/versioned-update';
import { renumber } from './renumber';
import { createPlanAdminDb, eventsSince, lastEventId } from './test-helpers';

describe('renumber, shared by plan nodes and indicators', () => {
	it('writes 0…n-1 in the given order and records a move only for the items whose place changes', async () => {
		const { db, schemeId } = await createPlanAdminDb();
		const fiche = await db
			.selectFrom('fiche')
			.select('id')
			.where('scheme_id', '=', schemeId)
			.where('slug', '=', '11-bis')
			.executeTakeFirstOrThrow();
		const list = () =>
			db
				.selectFrom('indicator')
				.select(['id', 'position', 'version'])
				.where('fiche_id', '=', fiche.id)
				.orderBy('position')
				.execute();
		const before = await list();
		expect(before.length).toBeGreaterThanOrEqual(3);
		expect(before.map((i) => i.position)).toEqual(before.map((_, n) => n));
		// Swap the first two; the others keep their place.
		const ordered = [before[1], before[0], ...before.slice(2)];
		const since = await lastEventId(db);
		await db
			.transaction()
			.execute((tx) => renumber(tx, SYSTEM_ACTOR, schemeId, 'indicator', ordered));
		const after = await list();
		expect(after.map((i) => i.id)).toEqual(ordered.map((i) => i.id));
		// Only the two moved indicators got a new version.
		expect(after.map((i) => i.version)).toEqual(
			ordered.map((i, n) => (n < 2 ? i.version + 1 : i.version))
		);
		const events = await eventsSince(db, since);
		expect(events.map((e) => [e.entity_type, e.entity_id, e.action, e.changes])).toEqual([
			['indicator', before[1].id, 'move', { position: { old: 1, new: 0 } }],
			['indicator', before[0].id, 'move', { position: { old: 0, new: 1 } }]
		]);
	});

	it('refuses to write an item no longer at the version read (VersionConflict: transact runs again)', async () => {
		const { db, schemeId } = await createPlanAdminDb();
		const nodes = await db
			.selectFrom('plan_node')
			.select(['id', 'position', 'version'])
			.where('scheme_id', '=', schemeId)
			.orderBy('id')
			.limit(2)
			.execute();
		expect(nodes).toHaveLength(2);
		const stale = [
			{ ...nodes[0], position: nodes[0].position + 1, version: nodes[0].version + 7 },
			nodes[1]
		];
		await expect(
			db.transaction().execute((tx) => renumber(tx, SYSTEM_ACTOR, schemeId, 'plan_node', stale))
		).rejects.toBeInstanceOf(VersionConflict);
		const unchanged = await db
			.selectFrom('plan_node')
			.select(['id', 'position', 'version'])
			.where('id', 'in', [nodes[0].id, nodes[1].id])
			.orderBy('id')
			.execute();
		expect(unchanged).toEqual(nodes);
	});
});
