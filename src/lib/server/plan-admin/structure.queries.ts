import type { Kysely } from 'kysely';
import type { Database, NewScheme } from '../db/schema';

type Q = Kysely<Database>;

export function findSchemeBySlug(db: Q, slug: string) {
	return db.selectFrom('scheme').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function isSchemeSlugTaken(db: Q, slug: string): Promise<boolean> {
	return Boolean(
		await db.selectFrom('scheme').select('id').where('slug', '=', slug).executeTakeFirst()
	);
}

export function insertScheme(db: Q, values: NewScheme) {
	return db.insertInto('scheme').values(values).returning('id').executeTakeFirstOrThrow();
}

/** Every node of a scheme, parents before children, siblings in order. */
export function listSchemeNodes(db: Q, schemeId: number) {
	return db
		.selectFrom('plan_node')
		.select(['id', 'parent_id', 'depth', 'position', 'code', 'title', 'version'])
		.where('scheme_id', '=', schemeId)
		.orderBy('depth')
		.orderBy('position')
		.orderBy('id')
		.execute();
}

/** A node by id, only when it belongs to the scheme: an id from a form is never trusted alone. */
export function findNodeInScheme(db: Q, schemeId: number, nodeId: number) {
	return db
		.selectFrom('plan_node')
		.select(['id', 'parent_id', 'depth', 'position', 'code', 'title', 'version'])
		.where('scheme_id', '=', schemeId)
		.where('id', '=', nodeId)
		.executeTakeFirst();
}

export function listSiblings(db: Q, schemeId: number, parentId: number | null) {
	return db
		.selectFrom('plan_node')
		.select(['id', 'position', 'version'])
		.where('scheme_id', '=', schemeId)
		.where('parent_id', parentId === null ? 'is' : '=', parentId)
		.orderBy('position')
		.orderBy('id')
		.execute();
}

export async function nextNodePosition(
	db: Q,
	schemeId: number,
	parentId: number | null
): Promise<number> {
	const row = await db
		.selectFrom('plan_node')
		.select((eb) => eb.fn.max('position').as('max'))
		.where('scheme_id', '=', schemeId)
		.where('parent_id', parentId === null ? 'is' : '=', parentId)
		.executeTakeFirst();
	return row?.max == null ? 0 : Number(row.max) + 1;
}

export async function maxNodeDepth(db: Q, schemeId: number): Promise<number> {
	const row = await db
		.selectFrom('plan_node')
		.select((eb) => eb.fn.max('depth').as('max'))
		.where('scheme_id', '=', schemeId)
		.executeTakeFirst();
	return Number(row?.max ?? 0);
}

export async function countChildNodes(db: Q, nodeId: number): Promise<number> {
	const row = await db
		.selectFrom('plan_node')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('parent_id', '=', nodeId)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

export async function countNodeFiches(db: Q, nodeId: number): Promise<number> {
	const row = await db
		.selectFrom('fiche')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('node_id', '=', nodeId)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

export function listSchemeFiches(db: Q, schemeId: number) {
	return db
		.selectFrom('fiche')
		.select(['id', 'node_id', 'number', 'slug', 'title', 'state', 'version'])
		.where('scheme_id', '=', schemeId)
		.orderBy('number_sort')
		.execute();
}

export function findFicheByIdInScheme(db: Q, schemeId: number, ficheId: number) {
	return db
		.selectFrom('fiche')
		.select(['id', 'node_id', 'number', 'slug', 'version'])
		.where('scheme_id', '=', schemeId)
		.where('id', '=', ficheId)
		.executeTakeFirst();
}

export function findFicheBySlugInScheme(db: Q, schemeId: number, slug: string) {
	return db
		.selectFrom('fiche')
		.select(['id', 'number'])
		.where('scheme_id', '=', schemeId)
		.where('slug', '=', slug)
		.executeTakeFirst();
}
