import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../audit/audit.service';
import { setIndicatorPosition } from './indicators.queries';
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
		const written: number[] = [];
		await db.transaction().execute((tx) =>
			renumber(tx, SYSTEM_ACTOR, schemeId, 'indicator', ordered, (id, position, version) => {
				written.push(id);
				return setIndicatorPosition(tx, id, position, version);
			})
		);
		expect(written).toEqual([before[1].id, before[0].id]);
		expect((await list()).map((i) => i.id)).toEqual(ordered.map((i) => i.id));
		const events = await eventsSince(db, since);
		expect(events.map((e) => [e.entity_type, e.entity_id, e.action, e.changes])).toEqual([
			['indicator', before[1].id, 'move', { position: { old: 1, new: 0 } }],
			['indicator', before[0].id, 'move', { position: { old: 0, new: 1 } }]
		]);
	});

	it('throws when an item is no longer at the version read (a bug: the caller read it in the same transaction)', async () => {
		const { db, schemeId } = await createPlanAdminDb();
		const stale = [
			{ id: 1, position: 1, version: 1 },
			{ id: 2, position: 0, version: 1 }
		];
		await expect(
			db
				.transaction()
				.execute((tx) =>
					renumber(tx, SYSTEM_ACTOR, schemeId, 'plan_node', stale, async () => false)
				)
		).rejects.toThrow(/plan_node version changed/);
	});
});
