import type { Kysely } from 'kysely';
import type { Database, TerritoryKind } from '../db/schema';

type Q = Kysely<Database>;

export const NATIONAL_CODE = 'FR';

const KIND_BY_SHAPE: [RegExp, TerritoryKind][] = [
	[/^\d{9}$/, 'epci'],
	[/^(\d{5}|2[AB]\d{3})$/, 'commune'],
	[/^(\d{2}|2[AB]|97\d)$/, 'departement']
];

/** The kind a code's shape gives (codes of different kinds never share a shape). */
export function kindOfCode(code: string): TerritoryKind | null {
	return KIND_BY_SHAPE.find(([pattern]) => pattern.test(code))?.[1] ?? null;
}

export function findTerritoryByCode(db: Q, kind: TerritoryKind, code: string) {
	return db
		.selectFrom('territory')
		.select(['id', 'kind', 'code', 'name', 'parent_id', 'vintage', 'population', 'population_year'])
		.where('kind', '=', kind)
		.where('code', '=', code)
		.executeTakeFirst();
}

/** The territories above this one, nearest first (commune → EPCI → département). */
export async function listParents(db: Q, parentId: number | null) {
	const parents: { kind: TerritoryKind; code: string; name: string }[] = [];
	let next = parentId;
	while (next !== null && parents.length < 3) {
		const row = await db
			.selectFrom('territory')
			.select(['kind', 'code', 'name', 'parent_id'])
			.where('id', '=', next)
			.executeTakeFirst();
		if (!row) break;
		parents.push({ kind: row.kind, code: row.code, name: row.name });
		next = row.parent_id;
	}
	return parents;
}

/** Every current value of a territory (null: national), with the file it came from. */
export function listValues(db: Q, territoryId: number | null) {
	let query = db
		.selectFrom('territory_value as v')
		.innerJoin('territory_import as i', 'i.id', 'v.import_id')
		.select([
			'v.series_key',
			'v.year',
			'v.value',
			'v.status',
			'i.file_kind',
			'i.file_name',
			'i.imported_at'
		]);
	query =
		territoryId === null
			? query.where('v.territory_id', 'is', null)
			: query.where('v.territory_id', '=', territoryId);
	return query.orderBy('v.series_key').orderBy('v.year').execute();
}

/** The values an import replaced for one territory, newest replacement first. */
export function listHistory(db: Q, territoryId: number | null) {
	let query = db
		.selectFrom('territory_value_history as h')
		.innerJoin('territory_import as i', 'i.id', 'h.import_id')
		.innerJoin('territory_import as r', 'r.id', 'h.replaced_by_import_id')
		.select([
			'h.series_key',
			'h.year',
			'h.value',
			'h.status',
			'i.file_name',
			'i.imported_at',
			'r.file_name as replaced_by_file',
			'r.imported_at as replaced_at'
		]);
	query =
		territoryId === null
			? query.where('h.territory_id', 'is', null)
			: query.where('h.territory_id', '=', territoryId);
	return query.orderBy('h.id', 'desc').execute();
}

/**
 * The territories directly under this one (a département's EPCIs, an EPCI's communes) or, for
 * communes, also those whose EPCI is under it, with one series' values.
 */
export function listChildValues(db: Q, parentId: number, kind: TerritoryKind, seriesKey: string) {
	return db
		.selectFrom('territory as t')
		.leftJoin('territory as p', 'p.id', 't.parent_id')
		.leftJoin('territory_value as v', (join) =>
			join.onRef('v.territory_id', '=', 't.id').on('v.series_key', '=', seriesKey)
		)
		.select(['t.id', 't.code', 't.name', 't.population', 'v.year', 'v.value', 'v.status'])
		.where('t.kind', '=', kind)
		.where((eb) => eb.or([eb('t.parent_id', '=', parentId), eb('p.parent_id', '=', parentId)]))
		.orderBy('t.code')
		.execute();
}

export function listImports(db: Q, limit = 20) {
	return db
		.selectFrom('territory_import')
		.select(['id', 'file_name', 'file_kind', 'scale', 'row_count', 'imported_at'])
		.orderBy('id', 'desc')
		.limit(limit)
		.execute();
}
