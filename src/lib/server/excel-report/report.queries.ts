import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { orNone } from '../scheme-reads/scheme-reads.queries';
import { listSchemeListItems } from '../excel/plan-export.queries';

// The annual report's own reads (scheme, periods, tree and breakdown values: scheme-reads.queries.ts): one
// set-based query per table for a whole scheme (or its periods), so building the report never
// costs one query per fiche.

type Q = Kysely<Database> | Transaction<Database>;

export function listFiches(db: Q, schemeId: number) {
	return db
		.selectFrom('fiche')
		.select([
			'id',
			'node_id',
			'number',
			'slug',
			'title',
			'priority_label',
			'context',
			'target_public',
			'schedule',
			'start_date',
			'end_date',
			'links',
			'state',
			'note',
			'updated_at'
		])
		.where('scheme_id', '=', schemeId)
		.orderBy('number_sort')
		.execute();
}
export type FicheRow = Awaited<ReturnType<typeof listFiches>>[number];

/** The plan export's read: the same items in the same order. */
export const listListItems = (db: Q, schemeId: number) => listSchemeListItems(db, schemeId);
export type ListItemRow = Awaited<ReturnType<typeof listListItems>>[number];

export function listActors(db: Q, schemeId: number) {
	return db
		.selectFrom('fiche_actor')
		.innerJoin('fiche', 'fiche.id', 'fiche_actor.fiche_id')
		.select([
			'fiche_actor.fiche_id',
			'fiche_actor.role',
			'fiche_actor.label',
			'fiche_actor.organisation_id'
		])
		.where('fiche.scheme_id', '=', schemeId)
		.orderBy('fiche_actor.fiche_id')
		.orderBy('fiche_actor.role')
		.orderBy('fiche_actor.position')
		.execute();
}
export type ActorRow = Awaited<ReturnType<typeof listActors>>[number];

export function listIndicators(db: Q, schemeId: number) {
	return db
		.selectFrom('indicator')
		.innerJoin('fiche', 'fiche.id', 'indicator.fiche_id')
		.select([
			'indicator.id',
			'indicator.fiche_id',
			'indicator.kind',
			'indicator.label',
			'indicator.measure',
			'indicator.unit',
			'indicator.polarity',
			'indicator.periodicity',
			'indicator.baseline_value',
			'indicator.baseline_year',
			'indicator.breakdown_label'
		])
		.where('fiche.scheme_id', '=', schemeId)
		.orderBy('fiche.number_sort')
		.orderBy('indicator.position')
		.orderBy('indicator.id')
		.execute();
}
export type IndicatorRow = Awaited<ReturnType<typeof listIndicators>>[number];

export function listTargets(db: Q, schemeId: number, year: number) {
	return db
		.selectFrom('indicator_target')
		.innerJoin('indicator', 'indicator.id', 'indicator_target.indicator_id')
		.innerJoin('fiche', 'fiche.id', 'indicator.fiche_id')
		.select(['indicator_target.indicator_id', 'indicator_target.value'])
		.where('fiche.scheme_id', '=', schemeId)
		.where('indicator_target.year', '=', year)
		.execute();
}

/** Figures of some periods, with the names of who entered and who validated them. */
export function listFigures(db: Q, periodIds: number[]) {
	return db
		.selectFrom('figure')
		.leftJoin('app_user as updater', 'updater.id', 'figure.updated_by')
		.leftJoin('app_user as reviewer', 'reviewer.id', 'figure.reviewed_by')
		.select([
			'figure.indicator_id',
			'figure.period_id',
			'figure.breakdown_value_id',
			'figure.value_number',
			'figure.value_text',
			'figure.not_available',
			'figure.comment',
			'figure.reviewer_comment',
			'figure.status',
			'figure.demo',
			'figure.updated_at',
			'figure.reviewed_at',
			'updater.name as updated_by_name',
			'reviewer.name as reviewed_by_name'
		])
		.where('figure.period_id', 'in', orNone(periodIds))
		.execute();
}
export type FigureRow = Awaited<ReturnType<typeof listFigures>>[number];

/** Bilans of some periods (every fiche of the scheme), with who last wrote them. */
export function listBilans(db: Q, schemeId: number, periodIds: number[]) {
	return db
		.selectFrom('bilan')
		.innerJoin('fiche', 'fiche.id', 'bilan.fiche_id')
		.leftJoin('app_user', 'app_user.id', 'bilan.updated_by')
		.select([
			'bilan.fiche_id',
			'bilan.period_id',
			'bilan.actions_done',
			'bilan.results_observed',
			'bilan.difficulties',
			'bilan.outlook',
			'bilan.demo',
			'bilan.updated_at',
			'app_user.name as updated_by_name'
		])
		.where('fiche.scheme_id', '=', schemeId)
		.where('bilan.period_id', 'in', orNone(periodIds))
		.execute();
}
export type BilanRow = Awaited<ReturnType<typeof listBilans>>[number];
