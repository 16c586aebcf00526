import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

type Q = Kysely<Database>;

// Whole-scheme reads for the exports: a fixed number of queries whatever the number of fiches.
// `ficheSlug` narrows every query to one fiche (export of a single fiche).

export function listSchemeFiches(db: Q, schemeId: number, ficheSlug?: string) {
	let query = db.selectFrom('fiche').selectAll().where('scheme_id', '=', schemeId);
	if (ficheSlug !== undefined) query = query.where('slug', '=', ficheSlug);
	return query.orderBy('number_sort').orderBy('id').execute();
}

export function listSchemeListItems(db: Q, schemeId: number, ficheSlug?: string) {
	let query = db
		.selectFrom('fiche_list_item')
		.innerJoin('fiche', 'fiche.id', 'fiche_list_item.fiche_id')
		.select([
			'fiche_list_item.id',
			'fiche_list_item.fiche_id',
			'fiche_list_item.list',
			'fiche_list_item.parent_id',
			'fiche_list_item.position',
			'fiche_list_item.marker',
			'fiche_list_item.text'
		])
		.where('fiche.scheme_id', '=', schemeId);
	if (ficheSlug !== undefined) query = query.where('fiche.slug', '=', ficheSlug);
	return query
		.orderBy('fiche_list_item.fiche_id')
		.orderBy('fiche_list_item.position')
		.orderBy('fiche_list_item.id')
		.execute();
}

export function listSchemeFicheActors(db: Q, schemeId: number, ficheSlug?: string) {
	let query = db
		.selectFrom('fiche_actor')
		.innerJoin('fiche', 'fiche.id', 'fiche_actor.fiche_id')
		.leftJoin('organisation', 'organisation.id', 'fiche_actor.organisation_id')
		.select([
			'fiche_actor.fiche_id',
			'fiche_actor.role',
			'fiche_actor.position',
			'fiche_actor.label',
			'organisation.slug as organisation_slug'
		])
		.where('fiche.scheme_id', '=', schemeId);
	if (ficheSlug !== undefined) query = query.where('fiche.slug', '=', ficheSlug);
	return query
		.orderBy('fiche_actor.fiche_id')
		.orderBy('fiche_actor.position')
		.orderBy('fiche_actor.id')
		.execute();
}

export function listSchemeIndicators(db: Q, schemeId: number, ficheSlug?: string) {
	let query = db
		.selectFrom('indicator')
		.innerJoin('fiche', 'fiche.id', 'indicator.fiche_id')
		.selectAll('indicator')
		.where('fiche.scheme_id', '=', schemeId);
	if (ficheSlug !== undefined) query = query.where('fiche.slug', '=', ficheSlug);
	return query
		.orderBy('indicator.fiche_id')
		.orderBy('indicator.position')
		.orderBy('indicator.id')
		.execute();
}

export function listSchemeIndicatorTargets(db: Q, schemeId: number, ficheSlug?: string) {
	let query = db
		.selectFrom('indicator_target')
		.innerJoin('indicator', 'indicator.id', 'indicator_target.indicator_id')
		.innerJoin('fiche', 'fiche.id', 'indicator.fiche_id')
		.select(['indicator_target.indicator_id', 'indicator_target.year', 'indicator_target.value'])
		.where('fiche.scheme_id', '=', schemeId);
	if (ficheSlug !== undefined) query = query.where('fiche.slug', '=', ficheSlug);
	return query.orderBy('indicator_target.indicator_id').orderBy('indicator_target.year').execute();
}

export function listSchemeBreakdownValues(db: Q, schemeId: number, ficheSlug?: string) {
	let query = db
		.selectFrom('indicator_breakdown_value')
		.innerJoin('indicator', 'indicator.id', 'indicator_breakdown_value.indicator_id')
		.innerJoin('fiche', 'fiche.id', 'indicator.fiche_id')
		.select(['indicator_breakdown_value.indicator_id', 'indicator_breakdown_value.label'])
		.where('fiche.scheme_id', '=', schemeId);
	if (ficheSlug !== undefined) query = query.where('fiche.slug', '=', ficheSlug);
	return query
		.orderBy('indicator_breakdown_value.indicator_id')
		.orderBy('indicator_breakdown_value.position')
		.orderBy('indicator_breakdown_value.id')
		.execute();
}

/** Organisations that act in the scheme, by name, with their aliases. */
export async function listSchemeOrganisationsWithAliases(db: Q, schemeId: number) {
	const organisations = await db
		.selectFrom('organisation')
		.select(['id', 'slug', 'name', 'short_name', 'type'])
		.where((eb) =>
			eb.exists(
				eb
					.selectFrom('fiche_actor')
					.innerJoin('fiche', 'fiche.id', 'fiche_actor.fiche_id')
					.select('fiche_actor.id')
					.whereRef('fiche_actor.organisation_id', '=', 'organisation.id')
					.where('fiche.scheme_id', '=', schemeId)
			)
		)
		.orderBy('name')
		.orderBy('slug')
		.execute();
	const aliases = organisations.length
		? await db
				.selectFrom('organisation_alias')
				.select(['organisation_id', 'alias'])
				.where(
					'organisation_id',
					'in',
					organisations.map((o) => o.id)
				)
				.orderBy('alias')
				.orderBy('id')
				.execute()
		: [];
	return organisations.map((o) => ({
		...o,
		aliases: aliases.filter((a) => a.organisation_id === o.id).map((a) => a.alias)
	}));
}
