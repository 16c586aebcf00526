import { can, schemeResource, type Actor } from '$lib/domain/policy';
import type { Db } from '../db/database';
import { placeFiches } from '../excel/fiche-export';
import { loadPlanDocument } from '../excel/plan-export';
import { nodeLabel } from '$lib/ui/plan-tree';

/** A scheme of the same lineage, when the caller may read it. */
export type GenerationRef = { slug: string; title: string; startYear: number; endYear: number };

async function schemeRef(
	db: Db,
	actor: Actor | null,
	where: { id?: number; predecessorId?: number }
) {
	let query = db.selectFrom('scheme').selectAll();
	if (where.id !== undefined) query = query.where('id', '=', where.id);
	if (where.predecessorId !== undefined)
		query = query.where('predecessor_id', '=', where.predecessorId);
	const row = await query.orderBy('id').executeTakeFirst();
	if (!row || !can(actor, 'scheme.read', schemeResource(row))) return null;
	return { slug: row.slug, title: row.title, startYear: row.start_year, endYear: row.end_year };
}

/** The scheme before and after this one, as far as the caller may read them. */
export async function loadGenerations(
	db: Db,
	actor: Actor | null,
	slug: string
): Promise<{ previous: GenerationRef | null; next: GenerationRef | null } | null> {
	const scheme = await db
		.selectFrom('scheme')
		.select(['id', 'predecessor_id'])
		.where('slug', '=', slug)
		.executeTakeFirst();
	if (!scheme) return null;
	return {
		previous:
			scheme.predecessor_id === null
				? null
				: await schemeRef(db, actor, { id: scheme.predecessor_id }),
		next: await schemeRef(db, actor, { predecessorId: scheme.id })
	};
}

/** What « Préparer le schéma suivant » offers: the fiches in the plan's order, under their axis. */
export async function loadNextSchemeForm(db: Db, slug: string) {
	const loaded = await loadPlanDocument(db, slug);
	if (!loaded) return null;
	const s = loaded.doc.scheme;
	return {
		scheme: { slug: s.slug, title: s.title, startYear: s.startYear, endYear: s.endYear },
		fiches: placeFiches(loaded.doc).map(({ fiche, path }) => ({
			number: fiche.number,
			title: fiche.title,
			state: fiche.state,
			axis: path[0] ? `${nodeLabel(path[0])} : ${path[0].title}` : '',
			indicators: fiche.indicators.length
		}))
	};
}
