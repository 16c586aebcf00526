import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/** Every organisation with its aliases, in the shape matchOrganisation expects. */
export async function loadMatchableOrganisations(db: Kysely<Database>) {
	const [orgs, aliases] = await Promise.all([
		db.selectFrom('organisation').select(['id', 'slug', 'name', 'short_name']).execute(),
		db.selectFrom('organisation_alias').select(['organisation_id', 'alias']).execute()
	]);
	return orgs.map((o) => ({
		id: o.id,
		slug: o.slug,
		name: o.name,
		shortName: o.short_name,
		aliases: aliases.filter((a) => a.organisation_id === o.id).map((a) => a.alias)
	}));
}
