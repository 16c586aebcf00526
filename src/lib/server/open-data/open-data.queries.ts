import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';

type Q = Kysely<Database> | Transaction<Database>;

export function findScheme(db: Q, slug: string) {
	return db
		.selectFrom('scheme')
		.select(['id', 'slug', 'title', 'department_code', 'department_name', 'visibility'])
		.where('slug', '=', slug)
		.executeTakeFirst();
}

/**
 * Every figure of a scheme in plan order (fiche, indicator, period, breakdown value), with what a
 * reader needs to understand it. `validatedOnly` keeps validated figures only.
 */
export function listSchemeFigures(db: Q, schemeId: number, validatedOnly: boolean) {
	let query = db
		.selectFrom('figure')
		.innerJoin('indicator', 'indicator.id', 'figure.indicator_id')
		.innerJoin('fiche', 'fiche.id', 'indicator.fiche_id')
		.innerJoin('reporting_period as period', 'period.id', 'figure.period_id')
		.leftJoin('indicator_breakdown_value as breakdown', 'breakdown.id', 'figure.breakdown_value_id')
		.leftJoin(
			'territory as breakdown_territory',
			'breakdown_territory.id',
			'breakdown.territory_id'
		)
		.select([
			'fiche.number as fiche_number',
			'fiche.title as fiche_title',
			'indicator.id as indicator_id',
			'indicator.label as indicator_label',
			'indicator.measure',
			'indicator.kind',
			'indicator.unit',
			'indicator.breakdown_label',
			'breakdown.label as breakdown_value',
			'breakdown_territory.code as territory_code',
			'period.code as period_code',
			'period.kind as period_kind',
			'period.year as period_year',
			'period.number as period_number',
			'period.starts_on',
			'period.ends_on',
			'figure.value_number',
			'figure.value_text',
			'figure.not_available',
			'figure.comment',
			'figure.status',
			'figure.reviewed_at',
			'figure.demo'
		])
		.where('fiche.scheme_id', '=', schemeId);
	if (validatedOnly) query = query.where('figure.status', '=', 'valide');
	return query
		.orderBy('fiche.number_sort')
		.orderBy('indicator.position')
		.orderBy('indicator.id')
		.orderBy('period.starts_on')
		.orderBy('period.ends_on', 'desc')
		.orderBy('breakdown.position')
		.execute();
}
export type SchemeFigureRow = Awaited<ReturnType<typeof listSchemeFigures>>[number];
