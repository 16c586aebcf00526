import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { orNone } from '../scheme-reads/scheme-reads.queries';

// Reads of the in-app notices (home page, « Ma saisie »): a fixed number of set-based queries over
// the schemes a person belongs to, whatever their number of fiches.

type Q = Kysely<Database> | Transaction<Database>;

/** The organisations piloting each fiche of these schemes (free-text pilots have none). */
export function listPilotOrganisations(db: Q, schemeIds: number[]) {
	return db
		.selectFrom('fiche_actor')
		.innerJoin('fiche', 'fiche.id', 'fiche_actor.fiche_id')
		.select(['fiche.scheme_id', 'fiche_actor.fiche_id', 'fiche_actor.organisation_id'])
		.where('fiche.scheme_id', 'in', orNone(schemeIds))
		.where('fiche_actor.role', '=', 'pilot')
		.where('fiche_actor.organisation_id', 'is not', null)
		.$narrowType<{ organisation_id: number }>()
		.execute();
}

/** Figures sent back for correction in these periods, counted per period and fiche. */
export function countSentBackFigures(db: Q, periodIds: number[]) {
	return db
		.selectFrom('figure')
		.innerJoin('indicator', 'indicator.id', 'figure.indicator_id')
		.innerJoin('fiche', 'fiche.id', 'indicator.fiche_id')
		.select([
			'figure.period_id',
			'fiche.id as fiche_id',
			'fiche.number as fiche_number',
			'fiche.slug as fiche_slug',
			'fiche.number_sort',
			sql<number>`count(*)`.as('count')
		])
		.where('figure.status', '=', 'renvoye')
		.where('figure.period_id', 'in', orNone(periodIds))
		.groupBy(['figure.period_id', 'fiche.id'])
		.orderBy('fiche.number_sort')
		.execute();
}

/**
 * Fiches with submitted figures waiting for review, per period, in the periods of these schemes
 * where review is possible (open or closed, not yet validated).
 */
export function countAwaitingReview(db: Q, schemeIds: number[]) {
	return db
		.selectFrom('figure')
		.innerJoin('reporting_period', 'reporting_period.id', 'figure.period_id')
		.innerJoin('indicator', 'indicator.id', 'figure.indicator_id')
		.select([
			'reporting_period.scheme_id',
			'reporting_period.id as period_id',
			'reporting_period.code as period_code',
			'reporting_period.kind as period_kind',
			'reporting_period.year as period_year',
			'reporting_period.number as period_number',
			'indicator.fiche_id',
			sql<number>`count(*)`.as('count')
		])
		.where('figure.status', '=', 'soumis')
		.where('reporting_period.state', 'in', ['ouverte', 'close'])
		.where('reporting_period.scheme_id', 'in', orNone(schemeIds))
		.groupBy(['reporting_period.id', 'indicator.fiche_id'])
		.orderBy('reporting_period.starts_on')
		.orderBy('reporting_period.ends_on', 'desc')
		.execute();
}

/** Slug and title of these schemes. */
export function listSchemes(db: Q, schemeIds: number[]) {
	return db
		.selectFrom('scheme')
		.select(['id', 'slug', 'title'])
		.where('id', 'in', orNone(schemeIds))
		.execute();
}
