import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';

type Q = Kysely<Database> | Transaction<Database>;

export function findScheme(db: Q, slug: string) {
	return db
		.selectFrom('scheme')
		.select(['id', 'slug', 'title', 'visibility'])
		.where('slug', '=', slug)
		.executeTakeFirst();
}

export function findPeriod(db: Q, schemeId: number, code: string) {
	return db
		.selectFrom('reporting_period')
		.selectAll()
		.where('scheme_id', '=', schemeId)
		.where('code', '=', code)
		.executeTakeFirst();
}

export function listSchemePeriods(db: Q, schemeId: number) {
	return db
		.selectFrom('reporting_period')
		.selectAll()
		.where('scheme_id', '=', schemeId)
		.orderBy('starts_on')
		.orderBy('kind')
		.execute();
}

/** The open periods of these schemes. */
export function listOpenPeriods(db: Q, schemeIds: readonly number[]) {
	if (schemeIds.length === 0) return Promise.resolve([]);
	return db
		.selectFrom('reporting_period')
		.innerJoin('scheme', 'scheme.id', 'reporting_period.scheme_id')
		.selectAll('reporting_period')
		.select(['scheme.slug as scheme_slug', 'scheme.title as scheme_title'])
		.where('reporting_period.state', '=', 'ouverte')
		.where('reporting_period.scheme_id', 'in', schemeIds)
		.orderBy('scheme.slug')
		.orderBy('reporting_period.closes_on')
		.execute();
}

export function findFiche(db: Q, schemeId: number, slug: string) {
	return db
		.selectFrom('fiche')
		.select(['id', 'number', 'slug', 'title', 'scheme_id'])
		.where('scheme_id', '=', schemeId)
		.where('slug', '=', slug)
		.executeTakeFirst();
}

export function listFiches(db: Q, schemeId: number) {
	return db
		.selectFrom('fiche')
		.select(['id', 'number', 'slug', 'title', 'number_sort'])
		.where('scheme_id', '=', schemeId)
		.orderBy('number_sort')
		.execute();
}

export function listIndicators(db: Q, ficheIds: number[]) {
	return db
		.selectFrom('indicator')
		.selectAll()
		.where('fiche_id', 'in', ficheIds.length ? ficheIds : [-1])
		.orderBy('fiche_id')
		.orderBy('position')
		.execute();
}

export function listBreakdownValues(db: Q, indicatorIds: number[]) {
	return db
		.selectFrom('indicator_breakdown_value')
		.selectAll()
		.where('indicator_id', 'in', indicatorIds.length ? indicatorIds : [-1])
		.orderBy('indicator_id')
		.orderBy('position')
		.execute();
}

/** The territory code of territorial breakdown values, by value id (the API's `territoryCode`). */
export async function mapBreakdownTerritoryCodes(
	db: Q,
	valueIds: number[]
): Promise<Map<number, string>> {
	if (valueIds.length === 0) return new Map();
	const rows = await db
		.selectFrom('indicator_breakdown_value as v')
		.innerJoin('territory as t', 't.id', 'v.territory_id')
		.select(['v.id', 't.code'])
		.where('v.id', 'in', valueIds)
		.execute();
	return new Map(rows.map((r) => [r.id, r.code]));
}

export function listTargets(db: Q, indicatorIds: number[], year: number) {
	return db
		.selectFrom('indicator_target')
		.selectAll()
		.where('indicator_id', 'in', indicatorIds.length ? indicatorIds : [-1])
		.where('year', '=', year)
		.execute();
}

/** Figures of some indicators in one period, with the names of who last touched them. */
export function listFigures(db: Q, periodId: number, indicatorIds: number[]) {
	return db
		.selectFrom('figure')
		.leftJoin('app_user as updater', 'updater.id', 'figure.updated_by')
		.leftJoin('territory_import as source', 'source.id', 'figure.source_import_id')
		.selectAll('figure')
		.select([
			'updater.name as updated_by_name',
			'source.file_name as source_file_name',
			'source.imported_at as source_imported_at'
		])
		.where('figure.period_id', '=', periodId)
		.where('figure.indicator_id', 'in', indicatorIds.length ? indicatorIds : [-1])
		.execute();
}

export type FigureRow = Awaited<ReturnType<typeof listFigures>>[number];

/** The indicators among `indicatorIds` fed by a public series (issue 17): pilots do not enter them. */
export function listSeriesBindings(db: Q, indicatorIds: number[]) {
	return db
		.selectFrom('indicator_series')
		.innerJoin('territory', 'territory.id', 'indicator_series.territory_id')
		.select([
			'indicator_series.indicator_id',
			'indicator_series.series_key',
			'territory.code as territory_code',
			'territory.name as territory_name'
		])
		.where('indicator_series.indicator_id', 'in', indicatorIds.length ? indicatorIds : [-1])
		.execute();
}

/** Light figure rows of a period (for progress counts): slot and status only. */
export function listFigureSlots(db: Q, periodIds: number[]) {
	return db
		.selectFrom('figure')
		.select([
			'id',
			'indicator_id',
			'period_id',
			'breakdown_value_id',
			'status',
			'not_available',
			'value_number',
			'value_text'
		])
		.where('period_id', 'in', periodIds.length ? periodIds : [-1])
		.execute();
}

export function findFigureInSlot(
	db: Q,
	indicatorId: number,
	periodId: number,
	breakdownValueId: number | null
) {
	let query = db
		.selectFrom('figure')
		.leftJoin('app_user as updater', 'updater.id', 'figure.updated_by')
		.leftJoin('territory_import as source', 'source.id', 'figure.source_import_id')
		.selectAll('figure')
		.select([
			'updater.name as updated_by_name',
			'source.file_name as source_file_name',
			'source.imported_at as source_imported_at'
		])
		.where('figure.indicator_id', '=', indicatorId)
		.where('figure.period_id', '=', periodId);
	query =
		breakdownValueId === null
			? query.where('figure.breakdown_value_id', 'is', null)
			: query.where('figure.breakdown_value_id', '=', breakdownValueId);
	return query.executeTakeFirst();
}

export function listFigureEvents(db: Q, figureIds: number[]) {
	return db
		.selectFrom('audit_event')
		.select(['id', 'at', 'actor', 'entity_id', 'action', 'changes', 'reason'])
		.where('entity_type', '=', 'figure')
		.where('entity_id', 'in', figureIds.length ? figureIds : [-1])
		.orderBy('id')
		.execute();
}
