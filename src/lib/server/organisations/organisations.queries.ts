import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';

type Q = Kysely<Database> | Transaction<Database>;

/** Every organisation with how many accounts belong to it and how many fiches it pilots. */
export function listOrganisationsWithCounts(db: Q) {
	return db
		.selectFrom('organisation')
		.select((eb) => [
			'organisation.id',
			'organisation.slug',
			'organisation.name',
			'organisation.short_name',
			'organisation.type',
			eb
				.selectFrom('app_user')
				.select((sub) => sub.fn.countAll<number>().as('n'))
				.whereRef('app_user.organisation_id', '=', 'organisation.id')
				.as('user_count'),
			eb
				.selectFrom('fiche_actor')
				.select((sub) => sub.fn.count<number>('fiche_actor.fiche_id').distinct().as('n'))
				.whereRef('fiche_actor.organisation_id', '=', 'organisation.id')
				.where('fiche_actor.role', '=', 'pilot')
				.as('piloted_fiche_count')
		])
		.orderBy('organisation.short_name')
		.execute();
}

export function findOrganisationBySlug(db: Q, slug: string) {
	return db.selectFrom('organisation').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function listAliases(db: Q, organisationId: number): Promise<string[]> {
	const rows = await db
		.selectFrom('organisation_alias')
		.select('alias')
		.where('organisation_id', '=', organisationId)
		.orderBy('id')
		.execute();
	return rows.map((r) => r.alias);
}

export async function replaceAliases(
	tx: Q,
	organisationId: number,
	aliases: { alias: string; matchKey: string }[]
): Promise<void> {
	await tx.deleteFrom('organisation_alias').where('organisation_id', '=', organisationId).execute();
	if (aliases.length === 0) return;
	await tx
		.insertInto('organisation_alias')
		.values(
			aliases.map((a) => ({
				organisation_id: organisationId,
				alias: a.alias,
				match_key: a.matchKey
			}))
		)
		.execute();
}

/** Slugs equal to `base` or of the form `base-N`, to pick the next free one. */
export async function listSlugsLike(db: Q, base: string): Promise<string[]> {
	const rows = await db
		.selectFrom('organisation')
		.select('slug')
		.where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
		.execute();
	return rows.map((r) => r.slug);
}

/** Organisations for a select: short name first, as the plan names them. */
export function listOrganisationOptions(db: Q) {
	return db
		.selectFrom('organisation')
		.select(['id', 'slug', 'name', 'short_name'])
		.orderBy('short_name')
		.execute();
}

/** Counts shown on an organisation's page. */
export async function countOrganisationLinks(db: Q, organisationId: number) {
	const [users, fiches] = await Promise.all([
		db
			.selectFrom('app_user')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('organisation_id', '=', organisationId)
			.executeTakeFirstOrThrow(),
		db
			.selectFrom('fiche_actor')
			.select((eb) => eb.fn.count<number>('fiche_id').distinct().as('n'))
			.where('organisation_id', '=', organisationId)
			.where('role', '=', 'pilot')
			.executeTakeFirstOrThrow()
	]);
	return { users: Number(users.n), pilotedFiches: Number(fiches.n) };
}
