import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema';

// Reads shared by the dashboard, the review pack, the annual report, the entry pages and the fiche
// page: each is one set-based query over a whole scheme (or some of its periods, or one fiche),
// so a page that uses them runs a fixed number of queries whatever the number of fiches.

type Q = Kysely<Database> | Transaction<Database>;

/** An id list for `in (…)`: SQLite rejects an empty one, and no row has the id -1. */
export const orNone = (ids: number[]) => (ids.length ? ids : [-1]);

/** A scheme by slug, with what the annual report and the review pack print of it. */
export function findScheme(db: Q, slug: string) {
	return db
		.selectFrom('scheme')
		.select([
			'id',
			'slug',
			'title',
			'subtitle',
			'department_code',
			'department_name',
			'start_year',
			'end_year',
			'level_labels',
			'visibility',
			'stale_months'
		])
		.where('slug', '=', slug)
		.executeTakeFirst();
}
export type SchemeRow = NonNullable<Awaited<ReturnType<typeof findScheme>>>;

/** Periods of a scheme, chronologically; of two starting together, the longer one first. */
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

/** The plan's tree, level by level. */
export function listNodes(db: Q, schemeId: number) {
	return db
		.selectFrom('plan_node')
		.select(['id', 'parent_id', 'depth', 'position', 'code', 'title'])
		.where('scheme_id', '=', schemeId)
		.orderBy('depth')
		.orderBy('position')
		.execute();
}
export type NodeRow = Awaited<ReturnType<typeof listNodes>>[number];

/** Pilots of every fiche of a scheme, with their organisation when known. */
export function listPilots(db: Q, schemeId: number) {
	return db
		.selectFrom('fiche_actor')
		.innerJoin('fiche', 'fiche.id', 'fiche_actor.fiche_id')
		.leftJoin('organisation', 'organisation.id', 'fiche_actor.organisation_id')
		.select([
			'fiche_actor.fiche_id',
			'fiche_actor.label',
			'fiche_actor.organisation_id',
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

/**
 * Indicators of a scheme in booklet order of their fiche, each joined to its target for one year
 * (`indicator_target.value`); the caller selects the columns it needs.
 */
export function indicatorsWithTarget(db: Q, schemeId: number, year: number) {
	return db
		.selectFrom('indicator')
		.innerJoin('fiche', 'fiche.id', 'indicator.fiche_id')
		.leftJoin('indicator_target', (join) =>
			join
				.onRef('indicator_target.indicator_id', '=', 'indicator.id')
				.on('indicator_target.year', '=', year)
		)
		.where('fiche.scheme_id', '=', schemeId)
		.orderBy('indicator.fiche_id')
		.orderBy('indicator.position');
}

/** Breakdown values of every indicator of a scheme, in each indicator's order. */
export function listBreakdownValues(db: Q, schemeId: number) {
	return db
		.selectFrom('indicator_breakdown_value')
		.innerJoin('indicator', 'indicator.id', 'indicator_breakdown_value.indicator_id')
		.innerJoin('fiche', 'fiche.id', 'indicator.fiche_id')
		.leftJoin('territory', 'territory.id', 'indicator_breakdown_value.territory_id')
		.select([
			'indicator_breakdown_value.id',
			'indicator_breakdown_value.indicator_id',
			'indicator_breakdown_value.label',
			// A territorial breakdown's value: the official code exports carry beside the name.
			'territory.code as territory_code'
		])
		.where('fiche.scheme_id', '=', schemeId)
		.orderBy('indicator_breakdown_value.indicator_id')
		.orderBy('indicator_breakdown_value.position')
		.execute();
}
export type BreakdownRow = Awaited<ReturnType<typeof listBreakdownValues>>[number];

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
		.where('figure.period_id', 'in', orNone(periodIds))
		.groupBy(['figure.indicator_id', 'figure.period_id'])
		.execute();
}
export type FigureAggregateRow = Awaited<ReturnType<typeof aggregateFigures>>[number];

/** Milestones of a scheme by due date; the caller selects the columns and may filter more. */
export function schemeMilestones(db: Q, schemeId: number) {
	return db
		.selectFrom('milestone')
		.innerJoin('fiche', 'fiche.id', 'milestone.fiche_id')
		.where('fiche.scheme_id', '=', schemeId)
		.orderBy('milestone.due_on')
		.orderBy('milestone.id');
}

/** Targets of the indicators of one fiche, year by year. */
export function listFicheTargets(db: Q, ficheId: number) {
	return db
		.selectFrom('indicator_target')
		.innerJoin('indicator', 'indicator.id', 'indicator_target.indicator_id')
		.select(['indicator_target.indicator_id', 'indicator_target.year', 'indicator_target.value'])
		.where('indicator.fiche_id', '=', ficheId)
		.orderBy('indicator_target.year')
		.execute();
}

/** Breakdown values of the indicators of one fiche, in each indicator's order. */
export function listFicheBreakdownValues(db: Q, ficheId: number) {
	return db
		.selectFrom('indicator_breakdown_value')
		.innerJoin('indicator', 'indicator.id', 'indicator_breakdown_value.indicator_id')
		.leftJoin('territory', 'territory.id', 'indicator_breakdown_value.territory_id')
		.select([
			'indicator_breakdown_value.id',
			'indicator_breakdown_value.indicator_id',
			'indicator_breakdown_value.label',
			'territory.code as territory_code'
		])
		.where('indicator.fiche_id', '=', ficheId)
		.orderBy('indicator_breakdown_value.indicator_id')
		.orderBy('indicator_breakdown_value.position')
		.execute();
}
