import type { Kysely } from 'kysely';
import type { PlannedBreakdownValue } from '$lib/domain/territorial-breakdown';
import type { Database } from '../db/schema';

type Q = Kysely<Database>;

export async function findSchemeTerritoryId(db: Q, schemeId: number): Promise<number | null> {
	const row = await db
		.selectFrom('scheme')
		.select('territory_id')
		.where('id', '=', schemeId)
		.executeTakeFirst();
	return row?.territory_id ?? null;
}

/** Every département known here, by code. */
export function listDepartements(db: Q) {
	return db
		.selectFrom('territory')
		.select(['id', 'code', 'name'])
		.where('kind', '=', 'departement')
		.orderBy('code')
		.execute();
}

/**
 * The EPCIs or communes under a territory, by name: those whose parent it is and, for communes,
 * those of an EPCI under it (a commune's parent is its EPCI, or its département outside any).
 */
export function listTerritoriesUnder(db: Q, territoryId: number, kind: 'epci' | 'commune') {
	return db
		.selectFrom('territory as t')
		.leftJoin('territory as p', 'p.id', 't.parent_id')
		.select(['t.id', 't.code', 't.name'])
		.where('t.kind', '=', kind)
		.where((eb) =>
			eb.or([eb('t.parent_id', '=', territoryId), eb('p.parent_id', '=', territoryId)])
		)
		.orderBy('t.name')
		.orderBy('t.code')
		.execute();
}

/** An indicator's breakdown values with the code of the territory each stands for. */
export function listValuesWithTerritory(db: Q, indicatorId: number) {
	return db
		.selectFrom('indicator_breakdown_value as v')
		.leftJoin('territory as t', 't.id', 'v.territory_id')
		.select(['v.id', 'v.label', 'v.position', 'v.territory_id', 't.code'])
		.where('v.indicator_id', '=', indicatorId)
		.orderBy('v.position')
		.execute();
}

export function listCodesOfValues(db: Q, indicatorIds: number[]) {
	return db
		.selectFrom('indicator_breakdown_value as v')
		.innerJoin('territory as t', 't.id', 'v.territory_id')
		.select(['v.indicator_id', 'v.label', 't.code'])
		.where('v.indicator_id', 'in', indicatorIds.length ? indicatorIds : [-1])
		.execute();
}

export function listScopes(db: Q, indicatorIds: number[]) {
	return db
		.selectFrom('indicator')
		.select(['id', 'breakdown_scope'])
		.where('id', 'in', indicatorIds.length ? indicatorIds : [-1])
		.execute();
}

export async function isBoundToSeries(db: Q, indicatorId: number): Promise<boolean> {
	const row = await db
		.selectFrom('indicator_series')
		.select('indicator_id')
		.where('indicator_id', '=', indicatorId)
		.executeTakeFirst();
	return row !== undefined;
}

export async function unlinkValues(db: Q, indicatorId: number): Promise<void> {
	await db
		.updateTable('indicator_breakdown_value')
		.set({ territory_id: null })
		.where('indicator_id', '=', indicatorId)
		.execute();
}

/**
 * Makes the indicator's values the planned ones, in order: a kept row keeps its id (and its
 * figures) and takes its territory's name; the others are inserted. Every existing row is kept by
 * the plan (planTerritorialBreakdown refuses otherwise), so nothing is deleted.
 */
export async function replaceValues(
	db: Q,
	indicatorId: number,
	values: readonly PlannedBreakdownValue[]
): Promise<void> {
	const kept = values.filter((v) => v.existingId !== null);
	// Temporary labels first: a rename must not meet (indicator, label) still held by another row.
	for (const v of kept)
		await db
			.updateTable('indicator_breakdown_value')
			.set({ label: `~${v.existingId}~` })
			.where('id', '=', v.existingId!)
			.execute();
	for (const [position, v] of values.entries()) {
		if (v.existingId !== null)
			await db
				.updateTable('indicator_breakdown_value')
				.set({ label: v.label, position, territory_id: v.territoryId })
				.where('id', '=', v.existingId)
				.execute();
		else
			await db
				.insertInto('indicator_breakdown_value')
				.values({
					indicator_id: indicatorId,
					position,
					label: v.label,
					territory_id: v.territoryId
				})
				.execute();
	}
}
