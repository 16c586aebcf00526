import type { Kysely, Transaction } from 'kysely';
import type { TerritoryInput } from '$lib/domain/plan-document';
import type { Database } from '../db/schema';

type Q = Kysely<Database> | Transaction<Database>;

export type Baseline = { value: number; year: number };

export function findScheme(db: Q, slug: string) {
	return db.selectFrom('scheme').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export function findSuccessor(db: Q, schemeId: number) {
	return db
		.selectFrom('scheme')
		.select(['slug', 'title', 'start_year', 'end_year'])
		.where('predecessor_id', '=', schemeId)
		.executeTakeFirst();
}

export async function isSlugTaken(db: Q, slug: string): Promise<boolean> {
	return !!(await db.selectFrom('scheme').select('id').where('slug', '=', slug).executeTakeFirst());
}

/** The fiches of a scheme with their indicator ids in the order the plan document lists them. */
export async function listFiches(db: Q, schemeId: number) {
	const [fiches, indicators] = await Promise.all([
		db
			.selectFrom('fiche')
			.select(['id', 'number'])
			.where('scheme_id', '=', schemeId)
			.orderBy('number_sort')
			.execute(),
		db
			.selectFrom('indicator')
			.innerJoin('fiche', 'fiche.id', 'indicator.fiche_id')
			.select(['indicator.id', 'indicator.fiche_id'])
			.where('fiche.scheme_id', '=', schemeId)
			.orderBy('indicator.fiche_id')
			.orderBy('indicator.position')
			.orderBy('indicator.id')
			.execute()
	]);
	return fiches.map((f) => ({
		...f,
		indicatorIds: indicators.filter((i) => i.fiche_id === f.id).map((i) => i.id)
	}));
}

/**
 * The last validated value of each indicator (the whole, not a breakdown; « non disponible » is no
 * value), with the year of its period: the next scheme's baseline.
 */
export async function lastValidatedValues(db: Q, schemeId: number): Promise<Map<number, Baseline>> {
	const rows = await db
		.selectFrom('figure')
		.innerJoin('reporting_period as p', 'p.id', 'figure.period_id')
		.select(['figure.indicator_id', 'figure.value_number', 'p.year', 'p.ends_on'])
		.where('p.scheme_id', '=', schemeId)
		.where('figure.status', '=', 'valide')
		.where('figure.breakdown_value_id', 'is', null)
		.where('figure.not_available', '=', 0)
		.where('figure.value_number', 'is not', null)
		.orderBy('p.ends_on')
		.execute();
	const last = new Map<number, Baseline>();
	for (const row of rows) last.set(row.indicator_id, { value: row.value_number!, year: row.year });
	return last;
}

/**
 * Each fiche's « perspectives »: the end-of-scheme bilan's when written, else the latest yearly
 * bilan's outlook.
 */
export async function listOutlooks(db: Q, schemeId: number): Promise<Map<number, string>> {
	const [yearly, final] = await Promise.all([
		db
			.selectFrom('bilan')
			.innerJoin('reporting_period as p', 'p.id', 'bilan.period_id')
			.select(['bilan.fiche_id', 'bilan.outlook'])
			.where('p.scheme_id', '=', schemeId)
			.where('bilan.outlook', 'is not', null)
			.orderBy('p.ends_on')
			.execute(),
		db
			.selectFrom('scheme_bilan')
			.innerJoin('fiche', 'fiche.id', 'scheme_bilan.fiche_id')
			.select(['scheme_bilan.fiche_id', 'scheme_bilan.outlook'])
			.where('fiche.scheme_id', '=', schemeId)
			.where('scheme_bilan.outlook', 'is not', null)
			.execute()
	]);
	const outlooks = new Map<number, string>();
	for (const row of [...yearly, ...final])
		if (row.outlook?.trim()) outlooks.set(row.fiche_id, row.outlook.trim());
	return outlooks;
}

/** The fiches of other schemes each fiche answers to (« liens avec d'autres schémas »). */
export async function listOutgoingLinks(db: Q, schemeId: number) {
	const rows = await db
		.selectFrom('fiche_link')
		.innerJoin('fiche as mine', 'mine.id', 'fiche_link.fiche_id')
		.innerJoin('fiche as theirs', 'theirs.id', 'fiche_link.linked_fiche_id')
		.innerJoin('scheme', 'scheme.id', 'theirs.scheme_id')
		.select(['mine.id as fiche_id', 'scheme.slug', 'theirs.number'])
		.where('mine.scheme_id', '=', schemeId)
		.execute();
	const links = new Map<number, { scheme: string; number: string }[]>();
	for (const r of rows)
		links.set(r.fiche_id, [...(links.get(r.fiche_id) ?? []), { scheme: r.slug, number: r.number }]);
	return links;
}

export async function findTerritory(db: Q, id: number | null): Promise<TerritoryInput | null> {
	if (id === null) return null;
	const row = await db
		.selectFrom('territory as t')
		.leftJoin('territory as parent', 'parent.id', 't.parent_id')
		.select(['t.kind', 't.code', 't.name', 'parent.code as parent_code'])
		.where('t.id', '=', id)
		.executeTakeFirst();
	if (!row) return null;
	return {
		kind: row.kind,
		code: row.code,
		name: row.name,
		...(row.parent_code ? { parentCode: row.parent_code } : {})
	};
}

export async function listCompatibleSlugs(db: Q, schemeId: number): Promise<string[]> {
	const rows = await db
		.selectFrom('scheme_compatibility')
		.innerJoin('scheme', 'scheme.id', 'scheme_compatibility.other_scheme_id')
		.select('scheme.slug')
		.where('scheme_compatibility.scheme_id', '=', schemeId)
		.execute();
	return rows.map((r) => r.slug);
}

export async function setPredecessor(db: Q, schemeId: number, predecessorId: number) {
	await db
		.updateTable('scheme')
		.set({ predecessor_id: predecessorId })
		.where('id', '=', schemeId)
		.execute();
}

export async function insertLineage(db: Q, ficheId: number, predecessorId: number) {
	await db
		.insertInto('fiche_lineage')
		.values({ fiche_id: ficheId, predecessor_id: predecessorId })
		.execute();
}

export async function copyMemberships(db: Q, fromSchemeId: number, toSchemeId: number) {
	const members = await db
		.selectFrom('membership')
		.select(['user_id', 'role', 'organisation_id'])
		.where('scheme_id', '=', fromSchemeId)
		.execute();
	for (const m of members)
		await db
			.insertInto('membership')
			.values({ ...m, scheme_id: toSchemeId })
			.execute();
	return members;
}

/** The caller coordinates the new scheme (a platform administrator preparing it, for one). */
export async function ensureCoordinator(
	db: Q,
	schemeId: number,
	userId: number
): Promise<'kept' | 'promoted' | 'added'> {
	const existing = await db
		.selectFrom('membership')
		.select(['id', 'role'])
		.where('scheme_id', '=', schemeId)
		.where('user_id', '=', userId)
		.executeTakeFirst();
	if (existing?.role === 'coordinateur') return 'kept';
	if (existing) {
		await db
			.updateTable('membership')
			.set({ role: 'coordinateur', organisation_id: null })
			.where('id', '=', existing.id)
			.execute();
		return 'promoted';
	}
	await db
		.insertInto('membership')
		.values({ user_id: userId, scheme_id: schemeId, role: 'coordinateur', organisation_id: null })
		.execute();
	return 'added';
}
