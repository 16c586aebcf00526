import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema';

// The dashboard's reads: each one is a single set-based query over a whole scheme (or one period
// of it), so the number of queries of a page never depends on the number of fiches.

type Q = Kysely<Database> | Transaction<Database>;

export function findScheme(db: Q, slug: string) {
	return db
		.selectFrom('scheme')
		.select(['id', 'slug', 'title', 'visibility', 'level_labels', 'stale_months'])
		.where('slug', '=', slug)
		.executeTakeFirst();
}

export function listPeriods(db: Q, schemeId: number) {
	return db
		.selectFrom('reporting_period')
		.select(['id', 'code', 'kind', 'year', 'number', 'starts_on', 'ends_on', 'state'])
		.where('scheme_id', '=', schemeId)
		.orderBy('starts_on')
		.orderBy('ends_on', 'desc')
		.execute();
}
export type PeriodRow = Awaited<ReturnType<typeof listPeriods>>[number];

export function listNodes(db: Q, schemeId: number) {
	return db
		.selectFrom('plan_node')
		.select(['id', 'parent_id', 'depth', 'code', 'title'])
		.where('scheme_id', '=', schemeId)
		.orderBy('depth')
		.orderBy('position')
		.execute();
}

/**
 * The fiches of a scheme with their last activity: the latest of the fiche's own edit and of
 * every figure, bilan and milestone written for it. The latest figure of an indicator is read
 * with ORDER BY … LIMIT 1 so SQLite seeks the (indicator_id, updated_at) index.
 */
export function listFichesWithActivity(db: Q, schemeId: number) {
	return db
		.selectFrom('fiche')
		.select([
			'fiche.id',
			'fiche.node_id',
			'fiche.number',
			'fiche.slug',
			'fiche.title',
			'fiche.state',
			sql<string>`max(
				fiche.updated_at,
				coalesce((select max((select fg.updated_at from figure fg where fg.indicator_id = i.id
					order by fg.updated_at desc limit 1)) from indicator i where i.fiche_id = fiche.id), ''),
				coalesce((select max(b.updated_at) from bilan b where b.fiche_id = fiche.id), ''),
				coalesce((select max(m.updated_at) from milestone m where m.fiche_id = fiche.id), '')
			)`.as('last_update')
		])
		.where('fiche.scheme_id', '=', schemeId)
		.orderBy('fiche.number_sort')
		.execute();
}
export type FicheRow = Awaited<ReturnType<typeof listFichesWithActivity>>[number];

/** Pilots of every fiche of a scheme, with their organisation when known. */
export function listPilots(db: Q, schemeId: number) {
	return db
		.selectFrom('fiche_actor')
		.innerJoin('fiche', 'fiche.id', 'fiche_actor.fiche_id')
		.leftJoin('organisation', 'organisation.id', 'fiche_actor.organisation_id')
		.select([
			'fiche_actor.fiche_id',
			'fiche_actor.label',
			'organisation.slug as organisation_slug',
			'organisation.name as organisation_name',
			'organisation.short_name as organisation_short_name'
		])
		.where('fiche.scheme_id', '=', schemeId)
		.where('fiche_actor.role', '=', 'pilot')
		.orderBy('fiche_actor.fiche_id')
		.orderBy('fiche_actor.position')
		.execute();
}
export type PilotRow = Awaited<ReturnType<typeof listPilots>>[number];

/** Indicators of a scheme with their target for one year and their number of breakdown values. */
export function listIndicators(db: Q, schemeId: number, year: number) {
	return db
		.selectFrom('indicator')
		.innerJoin('fiche', 'fiche.id', 'indicator.fiche_id')
		.leftJoin('indicator_target', (join) =>
			join
				.onRef('indicator_target.indicator_id', '=', 'indicator.id')
				.on('indicator_target.year', '=', year)
		)
		.select([
			'indicator.id',
			'indicator.fiche_id',
			'indicator.label',
			'indicator.unit',
			'indicator.polarity',
			'indicator.periodicity',
			'indicator_target.value as target',
			sql<number>`(select count(*) from indicator_breakdown_value v where v.indicator_id = indicator.id)`.as(
				'breakdown_count'
			)
		])
		.where('fiche.scheme_id', '=', schemeId)
		.orderBy('indicator.fiche_id')
		.orderBy('indicator.position')
		.execute();
}
export type IndicatorRow = Awaited<ReturnType<typeof listIndicators>>[number];

/**
 * Figures of some periods summed per indicator and period: what was entered (a value or "non
 * disponible", whatever the status), what was validated, and the validated numbers — the total
 * line's value, and the sum of the breakdown lines (a total for counts and amounts).
 */
export function aggregateFigures(db: Q, periodIds: number[]) {
	const entered = sql`(figure.not_available = 1 or figure.value_number is not null or figure.value_text is not null)`;
	const valid = sql`figure.status = 'valide'`;
	return db
		.selectFrom('figure')
		.select([
			'figure.indicator_id',
			'figure.period_id',
			sql<number>`sum(case when ${entered} then 1 else 0 end)`.as('entered'),
			sql<number>`sum(case when ${entered} and ${valid} then 1 else 0 end)`.as('validated'),
			sql<
				number | null
			>`max(case when ${valid} and figure.breakdown_value_id is null then figure.value_number end)`.as(
				'total_value'
			),
			sql<
				number | null
			>`sum(case when ${valid} and figure.breakdown_value_id is not null then figure.value_number end)`.as(
				'breakdown_sum'
			),
			sql<number>`sum(case when ${valid} and figure.breakdown_value_id is not null and figure.value_number is not null then 1 else 0 end)`.as(
				'breakdown_numbers'
			),
			sql<number>`max(figure.demo)`.as('demo')
		])
		.where('figure.period_id', 'in', periodIds.length ? periodIds : [-1])
		.groupBy(['figure.indicator_id', 'figure.period_id'])
		.execute();
}
export type FigureAggregateRow = Awaited<ReturnType<typeof aggregateFigures>>[number];

/** Milestones of a scheme late on a date: due before it and not done by then. */
export function listLateMilestones(db: Q, schemeId: number, asOf: string) {
	return db
		.selectFrom('milestone')
		.innerJoin('fiche', 'fiche.id', 'milestone.fiche_id')
		.select([
			'milestone.id',
			'milestone.fiche_id',
			'milestone.label',
			'milestone.due_on',
			'milestone.done_on'
		])
		.where('fiche.scheme_id', '=', schemeId)
		.where('milestone.due_on', '<', asOf)
		.where((eb) => eb.or([eb('milestone.done_on', 'is', null), eb('milestone.done_on', '>', asOf)]))
		.orderBy('milestone.due_on')
		.orderBy('milestone.id')
		.execute();
}

/** The data generation (migration 0006): it changes whenever anything the dashboard reads does. */
export function readDataGeneration(db: Q) {
	return db.selectFrom('data_generation').select('value').where('id', '=', 1).executeTakeFirst();
}

/** The coordinator's weather overrides of one period. */
export function listOverrides(db: Q, periodId: number) {
	return db
		.selectFrom('meteo_override')
		.leftJoin('app_user', 'app_user.id', 'meteo_override.updated_by')
		.select([
			'meteo_override.id',
			'meteo_override.fiche_id',
			'meteo_override.meteo',
			'meteo_override.reason',
			'meteo_override.version',
			'meteo_override.updated_at',
			'app_user.name as updated_by_name'
		])
		.where('meteo_override.period_id', '=', periodId)
		.execute();
}
export type OverrideRow = Awaited<ReturnType<typeof listOverrides>>[number];

/** History of the overrides of one period, newest first (through the overrides' own index). */
export function listOverrideEvents(db: Q, periodId: number, limit = 50) {
	return db
		.selectFrom('audit_event')
		.innerJoin('meteo_override', 'meteo_override.id', 'audit_event.entity_id')
		.innerJoin('fiche', 'fiche.id', 'meteo_override.fiche_id')
		.select([
			'audit_event.id',
			'audit_event.at',
			'audit_event.actor',
			'audit_event.action',
			'audit_event.changes',
			'audit_event.reason',
			'fiche.number as fiche_number',
			'fiche.slug as fiche_slug'
		])
		.where('audit_event.entity_type', '=', 'meteo')
		.where('meteo_override.period_id', '=', periodId)
		.orderBy('audit_event.id', 'desc')
		.limit(limit)
		.execute();
}

// ---------------------------------------------------------------------------------------------
// Override writes

export function findFicheOfScheme(db: Q, schemeId: number, ficheSlug: string) {
	return db
		.selectFrom('fiche')
		.select(['id', 'number', 'slug', 'title', 'state'])
		.where('scheme_id', '=', schemeId)
		.where('slug', '=', ficheSlug)
		.executeTakeFirst();
}

export function findPeriodOfScheme(db: Q, schemeId: number, code: string) {
	return db
		.selectFrom('reporting_period')
		.select(['id', 'code', 'kind', 'year', 'number', 'starts_on', 'ends_on', 'state'])
		.where('scheme_id', '=', schemeId)
		.where('code', '=', code)
		.executeTakeFirst();
}

export function findOverride(db: Q, ficheId: number, periodId: number) {
	return db
		.selectFrom('meteo_override')
		.leftJoin('app_user', 'app_user.id', 'meteo_override.updated_by')
		.select([
			'meteo_override.id',
			'meteo_override.fiche_id',
			'meteo_override.meteo',
			'meteo_override.reason',
			'meteo_override.version',
			'meteo_override.updated_at',
			'app_user.name as updated_by_name'
		])
		.where('meteo_override.fiche_id', '=', ficheId)
		.where('meteo_override.period_id', '=', periodId)
		.executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------
// Fiche progress

export function listFicheIndicators(db: Q, ficheId: number) {
	return db
		.selectFrom('indicator')
		.select([
			'id',
			'label',
			'measure',
			'unit',
			'polarity',
			'periodicity',
			'baseline_value',
			'baseline_year',
			'breakdown_label'
		])
		.where('fiche_id', '=', ficheId)
		.orderBy('position')
		.execute();
}

export function listFicheTargets(db: Q, ficheId: number) {
	return db
		.selectFrom('indicator_target')
		.innerJoin('indicator', 'indicator.id', 'indicator_target.indicator_id')
		.select(['indicator_target.indicator_id', 'indicator_target.year', 'indicator_target.value'])
		.where('indicator.fiche_id', '=', ficheId)
		.orderBy('indicator_target.year')
		.execute();
}

export function listFicheBreakdownValues(db: Q, ficheId: number) {
	return db
		.selectFrom('indicator_breakdown_value')
		.innerJoin('indicator', 'indicator.id', 'indicator_breakdown_value.indicator_id')
		.select([
			'indicator_breakdown_value.id',
			'indicator_breakdown_value.indicator_id',
			'indicator_breakdown_value.label'
		])
		.where('indicator.fiche_id', '=', ficheId)
		.orderBy('indicator_breakdown_value.indicator_id')
		.orderBy('indicator_breakdown_value.position')
		.execute();
}

/** Validated figures of a fiche, every period. */
export function listFicheValidatedFigures(db: Q, ficheId: number) {
	return db
		.selectFrom('figure')
		.innerJoin('indicator', 'indicator.id', 'figure.indicator_id')
		.select([
			'figure.indicator_id',
			'figure.period_id',
			'figure.breakdown_value_id',
			'figure.value_number',
			'figure.value_text',
			'figure.not_available',
			'figure.demo'
		])
		.where('indicator.fiche_id', '=', ficheId)
		.where('figure.status', '=', 'valide')
		.execute();
}
