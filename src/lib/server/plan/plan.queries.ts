import type { Kysely } from 'kysely';
import type { FicheState } from '$lib/domain/enums';
import type { Database } from '../db/schema';

type Q = Kysely<Database>;

/** Schemes with their fiche count; `memberOf` keeps public ones and those ids (null: all). */
export function listSchemes(db: Q, memberOf: readonly number[] | null = null) {
	return db
		.selectFrom('scheme')
		.leftJoin('fiche', 'fiche.scheme_id', 'scheme.id')
		.$if(memberOf !== null, (qb) =>
			qb.where((eb) =>
				memberOf!.length > 0
					? eb.or([eb('scheme.visibility', '=', 'public'), eb('scheme.id', 'in', memberOf!)])
					: eb('scheme.visibility', '=', 'public')
			)
		)
		.select((eb) => [
			'scheme.id',
			'scheme.kind',
			'scheme.slug',
			'scheme.department_code',
			'scheme.department_name',
			'scheme.title',
			'scheme.subtitle',
			'scheme.start_year',
			'scheme.end_year',
			'scheme.state',
			'scheme.visibility',
			eb.fn.count<number>('fiche.id').as('fiche_count')
		])
		.groupBy('scheme.id')
		.orderBy('scheme.department_code')
		.orderBy('scheme.start_year', 'desc')
		.execute();
}

export function findSchemeBySlug(db: Q, slug: string) {
	return db.selectFrom('scheme').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export function listNodes(db: Q, schemeId: number) {
	return db
		.selectFrom('plan_node')
		.select(['id', 'parent_id', 'depth', 'position', 'code', 'title', 'toc_title', 'note'])
		.where('scheme_id', '=', schemeId)
		.orderBy('depth')
		.orderBy('position')
		.execute();
}

export type FicheFilters = {
	pilot?: number | null;
	partner?: number | null;
	states?: FicheState[];
	ids?: number[] | null;
};

/** Fiche summaries of a scheme in natural number order, filtered in SQL. */
export function listFicheSummaries(db: Q, schemeId: number, filters: FicheFilters = {}) {
	let query = db
		.selectFrom('fiche')
		.select(['id', 'node_id', 'number', 'slug', 'title', 'state', 'updated_at'])
		.where('scheme_id', '=', schemeId);
	if (filters.states?.length) query = query.where('state', 'in', filters.states);
	if (filters.ids) query = query.where('id', 'in', filters.ids.length ? filters.ids : [-1]);
	for (const role of ['pilot', 'partner'] as const) {
		const organisationId = filters[role];
		if (organisationId == null) continue;
		query = query.where((eb) =>
			eb.exists(
				eb
					.selectFrom('fiche_actor')
					.select('fiche_actor.id')
					.whereRef('fiche_actor.fiche_id', '=', 'fiche.id')
					.where('fiche_actor.role', '=', role)
					.where('fiche_actor.organisation_id', '=', organisationId)
			)
		);
	}
	return query.orderBy('number_sort').execute();
}

/** A pilot or partner with its organisation, if one is matched. */
const ACTOR_COLUMNS = [
	'fiche_actor.role',
	'fiche_actor.position',
	'fiche_actor.label',
	'organisation.id as organisation_id',
	'organisation.slug as organisation_slug',
	'organisation.name as organisation_name',
	'organisation.short_name as organisation_short_name',
	'organisation.type as organisation_type'
] as const;

/** Pilots and partners of every fiche of a scheme, in one query. */
export function listSchemeActors(db: Q, schemeId: number) {
	return db
		.selectFrom('fiche_actor')
		.innerJoin('fiche', 'fiche.id', 'fiche_actor.fiche_id')
		.leftJoin('organisation', 'organisation.id', 'fiche_actor.organisation_id')
		.select(['fiche_actor.fiche_id', ...ACTOR_COLUMNS])
		.where('fiche.scheme_id', '=', schemeId)
		.orderBy('fiche_actor.fiche_id')
		.orderBy('fiche_actor.role')
		.orderBy('fiche_actor.position')
		.execute();
}

export function findFicheBySlug(db: Q, schemeId: number, slug: string) {
	return db
		.selectFrom('fiche')
		.selectAll()
		.where('scheme_id', '=', schemeId)
		.where('slug', '=', slug)
		.executeTakeFirst();
}

export function listFicheActors(db: Q, ficheId: number) {
	return db
		.selectFrom('fiche_actor')
		.leftJoin('organisation', 'organisation.id', 'fiche_actor.organisation_id')
		.select(ACTOR_COLUMNS)
		.where('fiche_actor.fiche_id', '=', ficheId)
		.orderBy('fiche_actor.role')
		.orderBy('fiche_actor.position')
		.execute();
}

export function listFicheListItems(db: Q, ficheId: number) {
	return db
		.selectFrom('fiche_list_item')
		.select(['id', 'list', 'parent_id', 'position', 'marker', 'text'])
		.where('fiche_id', '=', ficheId)
		.orderBy('list')
		.orderBy('position')
		.execute();
}

export function listFicheIndicators(db: Q, ficheId: number) {
	return db
		.selectFrom('indicator')
		.selectAll()
		.where('fiche_id', '=', ficheId)
		.orderBy('position')
		.execute();
}

export function findOrganisationBySlug(db: Q, slug: string) {
	return db.selectFrom('organisation').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export function listOrganisationAliases(db: Q, organisationId: number) {
	return db
		.selectFrom('organisation_alias')
		.select('alias')
		.where('organisation_id', '=', organisationId)
		.orderBy('alias')
		.execute();
}

/** Fiches an organisation pilots or partners, across schemes. */
export function listOrganisationFiches(db: Q, organisationId: number) {
	return db
		.selectFrom('fiche_actor')
		.innerJoin('fiche', 'fiche.id', 'fiche_actor.fiche_id')
		.innerJoin('scheme', 'scheme.id', 'fiche.scheme_id')
		.select([
			'fiche_actor.role',
			'fiche_actor.label',
			'fiche.id',
			'fiche.number',
			'fiche.slug',
			'fiche.title',
			'fiche.state',
			'scheme.slug as scheme_slug',
			'scheme.id as scheme_id',
			'scheme.title as scheme_title',
			'scheme.visibility as scheme_visibility'
		])
		.where('fiche_actor.organisation_id', '=', organisationId)
		.orderBy('scheme.slug')
		.orderBy('fiche.number_sort')
		.orderBy('fiche_actor.role', 'desc') // pilot before partner
		.execute();
}

/** Organisations that act in a scheme, with how many fiches they pilot and partner. */
export function listSchemeOrganisations(db: Q, schemeId: number) {
	return db
		.selectFrom('fiche_actor')
		.innerJoin('fiche', 'fiche.id', 'fiche_actor.fiche_id')
		.innerJoin('organisation', 'organisation.id', 'fiche_actor.organisation_id')
		.select((eb) => [
			'organisation.id',
			'organisation.slug',
			'organisation.name',
			'organisation.short_name',
			'organisation.type',
			eb.fn
				.sum<number>(eb.case().when('fiche_actor.role', '=', 'pilot').then(1).else(0).end())
				.as('pilot_count'),
			eb.fn
				.sum<number>(eb.case().when('fiche_actor.role', '=', 'partner').then(1).else(0).end())
				.as('partner_count')
		])
		.where('fiche.scheme_id', '=', schemeId)
		.groupBy('organisation.id')
		.orderBy('organisation.name')
		.execute();
}

export function listOrganisations(db: Q) {
	return db.selectFrom('organisation').selectAll().orderBy('name').execute();
}

export async function countFiches(db: Q, schemeId: number): Promise<number> {
	const row = await db
		.selectFrom('fiche')
		.select((eb) => eb.fn.countAll<number>().as('count'))
		.where('scheme_id', '=', schemeId)
		.executeTakeFirstOrThrow();
	return Number(row.count);
}
