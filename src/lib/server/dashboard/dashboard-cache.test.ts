import { beforeEach, describe, expect, it } from 'vitest';
import {
	DASHBOARD_CACHE_LIMIT,
	getCachedDashboard,
	getDashboard,
	overrideMeteo
} from './dashboard.service';
import { createDashboardDb } from './test-data';

// The cached dashboard must never show old data: every write the dashboard depends on bumps the
// data generation (migration 0006 triggers), and the next read recomputes.
const TODAY = '2021-06-30';

let data: Awaited<ReturnType<typeof createDashboardDb>>;
beforeEach(async () => {
	data = await createDashboardDb();
});

async function cached(user = data.reader, filters = { periode: '2021' }) {
	const result = await getCachedDashboard(data.db, user, data.slug, filters, TODAY);
	if (!result.ok) throw new Error(result.message);
	return result.dashboard;
}
async function fresh(user = data.reader, filters = { periode: '2021' }) {
	const result = await getDashboard(data.db, user, data.slug, filters, TODAY);
	if (!result.ok) throw new Error(result.message);
	return result.dashboard;
}

describe('getCachedDashboard', () => {
	it('reuses the computed view while nothing changes, equal to a fresh computation', async () => {
		const first = await cached();
		const second = await cached();
		expect(second).toBe(first);
		expect(second).toEqual(await fresh());
		// Another period is another view.
		expect((await cached(data.reader, { periode: '2020' })).period?.code).toBe('2020');
	});

	it('shows a figure edit at once', async () => {
		const before = await cached();
		const pending = await data.db
			.selectFrom('figure')
			.select('id')
			.where('period_id', '=', data.periods.p2021)
			.where('status', '!=', 'valide')
			.executeTakeFirstOrThrow();
		await data.db
			.updateTable('figure')
			.set({ status: 'valide' })
			.where('id', '=', pending.id)
			.execute();
		const after = await cached();
		expect(after).not.toBe(before);
		expect(after.entryTotal.validated).toBe(before.entryTotal.validated + 1);
		expect(after).toEqual(await fresh());
	});

	it('shows a weather override and its history at once', async () => {
		expect((await cached()).history).toEqual([]);
		const result = await overrideMeteo(
			data.db,
			data.admin,
			{ scheme: data.slug, fiche: '11-bis', period: '2021' },
			{ meteo: 'at_risk', reason: 'Réunions reportées' },
			0
		);
		expect(result.ok).toBe(true);
		const d = await cached();
		expect(d.fiches.find((f) => f.slug === '11-bis')?.effective).toBe('at_risk');
		expect(d.history).toHaveLength(1);
	});

	it('keeps permissions per reader: sign-in for a private scheme, override for administrators', async () => {
		await data.db.updateTable('scheme').set({ visibility: 'public' }).execute();
		expect((await getCachedDashboard(data.db, null, data.slug, {}, TODAY)).ok).toBe(true);
		await data.db.updateTable('scheme').set({ visibility: 'private' }).execute();
		// Private: not found for who may not read it, as an unknown scheme.
		expect(await getCachedDashboard(data.db, null, data.slug, {}, TODAY)).toMatchObject({
			ok: false,
			reason: 'not_found'
		});
		expect((await cached(data.reader)).canOverride).toBe(false);
		expect((await cached(data.admin)).canOverride).toBe(true);
		expect((await cached(data.reader)).canOverride).toBe(false);
	});

	it('never shares views between databases', async () => {
		const other = await createDashboardDb();
		await other.db.updateTable('scheme').set({ title: 'Autre base' }).execute();
		const mine = await cached();
		const theirs = await getCachedDashboard(other.db, other.reader, other.slug, {}, TODAY);
		expect(theirs.ok && theirs.dashboard.scheme.title).toBe('Autre base');
		expect(mine.scheme.title).not.toBe('Autre base');
	});

	it('stays bounded: the least recently used view goes first', async () => {
		const first = await cached();
		for (let i = 0; i < DASHBOARD_CACHE_LIMIT; i++) {
			await getCachedDashboard(data.db, data.reader, data.slug, { axe: `x${i}` }, TODAY);
		}
		// The first view was dropped: asking again computes a new, equal, object.
		const again = await cached();
		expect(again).not.toBe(first);
		expect(again).toEqual(first);
	});
});
