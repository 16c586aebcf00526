import type { Kysely } from 'kysely';
import type { TerritoryInput } from '$lib/domain/plan-document';
import type { Database } from '../db/schema';

type Q = Kysely<Database>;

/** The territory of this kind and code, created (with its département) when missing. */
export async function ensureTerritory(db: Q, input: TerritoryInput): Promise<number> {
	const parentId = input.parentCode
		? await ensureTerritory(db, {
				kind: 'departement',
				code: input.parentCode,
				name: `Département ${input.parentCode}`
			})
		: null;
	const found = await db
		.selectFrom('territory')
		.select('id')
		.where('kind', '=', input.kind)
		.where('code', '=', input.code)
		.executeTakeFirst();
	if (found) return found.id;
	const row = await db
		.insertInto('territory')
		.values({ kind: input.kind, code: input.code, name: input.name, parent_id: parentId })
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/** A territory and those above it (commune → EPCI → département), nearest first. */
export async function territoryLineage(db: Q, territoryId: number): Promise<number[]> {
	const row = await db
		.selectFrom('territory as t')
		.leftJoin('territory as p', 'p.id', 't.parent_id')
		.select(['t.id', 'p.id as parent', 'p.parent_id as grandparent'])
		.where('t.id', '=', territoryId)
		.executeTakeFirst();
	if (!row) return [];
	return [row.id, row.parent, row.grandparent].filter((id): id is number => id !== null);
}

export function findTerritory(db: Q, id: number) {
	return db
		.selectFrom('territory')
		.select(['id', 'kind', 'code', 'name', 'parent_id'])
		.where('id', '=', id)
		.executeTakeFirst();
}

export function listTerritories(db: Q) {
	return db
		.selectFrom('territory')
		.select(['id', 'kind', 'code', 'name', 'parent_id'])
		.orderBy('kind')
		.orderBy('code')
		.execute();
}

/** Every territory as a select choice, départements first (by code), then EPCIs and communes. */
export async function listTerritoryChoices(db: Q) {
	const rows = await db
		.selectFrom('territory')
		.select(['id', 'kind', 'code', 'name'])
		.orderBy('code')
		.execute();
	const rank = { departement: 0, epci: 1, commune: 2 } as const;
	const label = { departement: 'département', epci: 'EPCI', commune: 'commune' } as const;
	return rows
		.sort((a, b) => rank[a.kind] - rank[b.kind] || a.code.localeCompare(b.code))
		.map((r) => ({ id: r.id, label: `${r.code} — ${r.name} (${label[r.kind]})` }));
}
