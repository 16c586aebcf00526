import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';

type Q = Kysely<Database> | Transaction<Database>;

export function listStoredRows(db: Q, schemeId: number) {
	return db
		.selectFrom('scheme_bilan')
		.innerJoin('fiche', 'fiche.id', 'scheme_bilan.fiche_id')
		.selectAll('scheme_bilan')
		.where('fiche.scheme_id', '=', schemeId)
		.execute();
}

export function findStoredRow(db: Q, ficheId: number) {
	return db
		.selectFrom('scheme_bilan')
		.selectAll()
		.where('fiche_id', '=', ficheId)
		.executeTakeFirst();
}

/** Validated figures of the whole (no breakdown), period by period. */
export function listValidatedFigures(db: Q, schemeId: number) {
	return db
		.selectFrom('figure')
		.innerJoin('reporting_period as p', 'p.id', 'figure.period_id')
		.select([
			'figure.indicator_id',
			'figure.value_number',
			'figure.value_text',
			'figure.not_available',
			'p.kind',
			'p.year',
			'p.number',
			'p.ends_on'
		])
		.where('p.scheme_id', '=', schemeId)
		.where('figure.status', '=', 'valide')
		.where('figure.breakdown_value_id', 'is', null)
		.orderBy('p.ends_on')
		.execute();
}

/** The yearly bilans written during the scheme, oldest first. */
export function listYearlyBilans(db: Q, schemeId: number) {
	return db
		.selectFrom('bilan')
		.innerJoin('reporting_period as p', 'p.id', 'bilan.period_id')
		.select([
			'bilan.fiche_id',
			'bilan.actions_done',
			'bilan.results_observed',
			'bilan.outlook',
			'p.kind',
			'p.year',
			'p.number'
		])
		.where('p.scheme_id', '=', schemeId)
		.orderBy('p.ends_on')
		.execute();
}
