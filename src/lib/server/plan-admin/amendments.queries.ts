import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

type Q = Kysely<Database>;

export function listSchemeAmendments(db: Q, schemeId: number) {
	return db
		.selectFrom('amendment')
		.select(['id', 'signed_on', 'title', 'description', 'created_at'])
		.where('scheme_id', '=', schemeId)
		.orderBy('signed_on')
		.orderBy('id')
		.execute();
}

/** The fiches each amendment of a scheme adds, changes or ends, in number order. */
export function listSchemeAmendmentFiches(db: Q, schemeId: number) {
	return db
		.selectFrom('amendment_fiche')
		.innerJoin('amendment', 'amendment.id', 'amendment_fiche.amendment_id')
		.innerJoin('fiche', 'fiche.id', 'amendment_fiche.fiche_id')
		.select([
			'amendment_fiche.amendment_id',
			'amendment_fiche.effect',
			'fiche.id',
			'fiche.number',
			'fiche.slug',
			'fiche.title',
			'fiche.state'
		])
		.where('amendment.scheme_id', '=', schemeId)
		.orderBy('fiche.number_sort')
		.execute();
}

/** Fiches of the scheme among `ids`: the ones a form may name. */
export function listFichesInScheme(db: Q, schemeId: number, ids: number[]) {
	if (ids.length === 0) return Promise.resolve([]);
	return db
		.selectFrom('fiche')
		.select(['id', 'number'])
		.where('scheme_id', '=', schemeId)
		.where('id', 'in', ids)
		.execute();
}

export function listFicheAmendmentRows(db: Q, ficheId: number) {
	return db
		.selectFrom('amendment_fiche')
		.innerJoin('amendment', 'amendment.id', 'amendment_fiche.amendment_id')
		.select(['amendment.title', 'amendment.signed_on', 'amendment_fiche.effect'])
		.where('amendment_fiche.fiche_id', '=', ficheId)
		.orderBy('amendment.signed_on')
		.orderBy('amendment.id')
		.execute();
}
