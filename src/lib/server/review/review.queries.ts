import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { indicatorsWithTarget, schemeMilestones } from '../scheme-reads/scheme-reads.queries';

// The review pack's own reads (the scheme, periods, tree, breakdown values and figure aggregates
// come from scheme-reads.queries.ts, the weather from the dashboard). Each is one set-based query
// over the whole scheme or period.

type Q = Kysely<Database> | Transaction<Database>;

/** Fiches of a scheme in booklet order. */
export function listFiches(db: Q, schemeId: number) {
	return db
		.selectFrom('fiche')
		.select(['id', 'node_id', 'number', 'slug', 'title', 'state'])
		.where('scheme_id', '=', schemeId)
		.orderBy('number_sort')
		.execute();
}

/** Indicators of a scheme with what the pack writes about them, and their target for one year. */
export function listIndicators(db: Q, schemeId: number, year: number) {
	return indicatorsWithTarget(db, schemeId, year)
		.select([
			'indicator.id',
			'indicator.fiche_id',
			'indicator.label',
			'indicator.measure',
			'indicator.unit',
			'indicator.polarity',
			'indicator.periodicity',
			'indicator.breakdown_label',
			'indicator_target.value as target'
		])
		.execute();
}
export type IndicatorRow = Awaited<ReturnType<typeof listIndicators>>[number];

/** Validated figures of one period (every line): the values the pack quotes. */
export function listValidatedFigures(db: Q, periodId: number) {
	return db
		.selectFrom('figure')
		.select([
			'indicator_id',
			'breakdown_value_id',
			'value_number',
			'value_text',
			'not_available',
			'demo'
		])
		.where('period_id', '=', periodId)
		.where('status', '=', 'valide')
		.execute();
}
export type ValidatedFigureRow = Awaited<ReturnType<typeof listValidatedFigures>>[number];

/** Bilans of a period, through the scheme's fiches (the (fiche, period) index answers). */
export function listBilans(db: Q, schemeId: number, periodId: number) {
	return db
		.selectFrom('bilan')
		.innerJoin('fiche', 'fiche.id', 'bilan.fiche_id')
		.select([
			'bilan.fiche_id',
			'bilan.actions_done',
			'bilan.results_observed',
			'bilan.difficulties',
			'bilan.outlook',
			'bilan.demo'
		])
		.where('fiche.scheme_id', '=', schemeId)
		.where('bilan.period_id', '=', periodId)
		.execute();
}

export function listMilestones(db: Q, schemeId: number) {
	return schemeMilestones(db, schemeId)
		.select([
			'milestone.fiche_id',
			'milestone.label',
			'milestone.due_on',
			'milestone.done_on',
			'milestone.demo'
		])
		.execute();
}
