import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { territoryLineage } from '../territories/territories.queries';

/**
 * The organisations a scheme of this territory may name, with their aliases, in the shape
 * matchOrganisation expects: those of the territory and of the territories above it, and national
 * ones. Without a territory (an installation from before territories), every organisation.
 */
export async function loadMatchableOrganisations(
	db: Kysely<Database>,
	territoryId: number | null = null
) {
	const lineage = territoryId === null ? null : await territoryLineage(db, territoryId);
	let orgQuery = db
		.selectFrom('organisation')
		.select(['id', 'slug', 'name', 'short_name', 'territory_id']);
	if (lineage)
		orgQuery = orgQuery.where((eb) =>
			eb.or([
				eb('territory_id', 'is', null),
				...(lineage.length ? [eb('territory_id', 'in', lineage)] : [])
			])
		);
	const orgs = await orgQuery.execute();
	// Only these organisations' aliases: a national instance holds every département's.
	const aliases =
		orgs.length === 0
			? []
			: await db
					.selectFrom('organisation_alias')
					.select(['organisation_id', 'alias'])
					.$if(lineage !== null, (qb) =>
						qb.where(
							'organisation_id',
							'in',
							orgs.map((o) => o.id)
						)
					)
					.execute();
	return orgs.map((o) => ({
		id: o.id,
		slug: o.slug,
		name: o.name,
		shortName: o.short_name,
		territoryId: o.territory_id,
		aliases: aliases.filter((a) => a.organisation_id === o.id).map((a) => a.alias)
	}));
}

/** The territory of a scheme (null for a scheme from before territories). */
export async function schemeTerritoryId(db: Kysely<Database>, schemeId: number) {
	const row = await db
		.selectFrom('scheme')
		.select('territory_id')
		.where('id', '=', schemeId)
		.executeTakeFirst();
	return row?.territory_id ?? null;
}
