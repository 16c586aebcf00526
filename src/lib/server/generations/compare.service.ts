import { can, schemeResource, type Actor } from '$lib/domain/policy';
import { slugify } from '$lib/domain/text';
import type { Db } from '../db/database';
import { placeFiches, type PlacedFiche } from '../excel/fiche-export';
import { loadPlanDocument } from '../excel/plan-export';
import { listFiches } from './next-scheme.queries';

// Two generations of a scheme side by side: which fiches the new one kept as they were, which it
// changed (and how), which it dropped and which are new, with their indicators. Fiches are paired
// by their lineage (fiche_lineage), never by number: a renumbered fiche is still the same action.

type Fiche = PlacedFiche['fiche'];

export type ComparedFiche = { number: string; slug: string; title: string; indicators: string[] };
export type FicheChange = { field: string; old: string; new: string };
export type ComparedPair = {
	old: ComparedFiche;
	new: ComparedFiche;
	changes: FicheChange[];
	indicatorsAdded: string[];
	indicatorsRemoved: string[];
};
export type GenerationComparison = {
	old: { slug: string; title: string; startYear: number; endYear: number };
	new: { slug: string; title: string; startYear: number; endYear: number };
	kept: ComparedPair[];
	changed: ComparedPair[];
	dropped: ComparedFiche[];
	added: ComparedFiche[];
};

const indicatorLine = (i: Fiche['indicators'][number]) => {
	const measure = i.measures?.length === 1 ? i.measures[0].measure : null;
	return measure ? `${i.label} — ${measure}` : i.label;
};
const summary = (f: Fiche): ComparedFiche => ({
	number: f.number,
	slug: slugify(f.number),
	title: f.title,
	indicators: f.indicators.map(indicatorLine)
});
const names = (list: { label: string }[]) => list.map((a) => a.label).join(', ') || '—';
const listText = (items: Fiche['steps']): string =>
	items
		.map((i) => `${i.text}${i.children?.length ? ` (${listText(i.children)})` : ''}`)
		.join(' ; ');

function changesOf(old: Fiche, next: Fiche): FicheChange[] {
	const fields: [string, (f: Fiche) => string][] = [
		['Numéro', (f) => f.number],
		['Intitulé', (f) => f.title],
		['Pilotes', (f) => names(f.pilots)],
		['Partenaires', (f) => names(f.partners)],
		['Public visé', (f) => f.targetPublic ?? '—'],
		['Déclinaison opérationnelle', (f) => listText(f.steps) || '—']
	];
	return fields
		.map(([field, read]) => ({ field, old: read(old), new: read(next) }))
		.filter((c) => c.old !== c.new);
}

/**
 * The scheme `slug` against the one it was prepared from or, for a scheme with no predecessor,
 * against the one prepared from it. Null when there is no other generation the caller may read.
 */
export async function compareGenerations(
	db: Db,
	actor: Actor | null,
	slug: string
): Promise<GenerationComparison | null> {
	const here = await db
		.selectFrom('scheme')
		.selectAll()
		.where('slug', '=', slug)
		.executeTakeFirst();
	if (!here) return null;
	const before =
		here.predecessor_id === null
			? null
			: await db
					.selectFrom('scheme')
					.selectAll()
					.where('id', '=', here.predecessor_id)
					.executeTakeFirst();
	const after = before
		? null
		: await db
				.selectFrom('scheme')
				.selectAll()
				.where('predecessor_id', '=', here.id)
				.orderBy('id')
				.executeTakeFirst();
	const [previous, scheme] = before ? [before, here] : [here, after];
	if (!previous || !scheme) return null;
	for (const s of [previous, scheme])
		if (!can(actor, 'scheme.read', schemeResource(s))) return null;
	const [oldDoc, newDoc, oldIds, newIds, lineage] = await Promise.all([
		loadPlanDocument(db, previous.slug),
		loadPlanDocument(db, scheme.slug),
		listFiches(db, previous.id),
		listFiches(db, scheme.id),
		db
			.selectFrom('fiche_lineage')
			.innerJoin('fiche', 'fiche.id', 'fiche_lineage.fiche_id')
			.select(['fiche_lineage.fiche_id', 'fiche_lineage.predecessor_id'])
			.where('fiche.scheme_id', '=', scheme.id)
			.execute()
	]);
	const oldFiches = placeFiches(oldDoc!.doc).map((p) => p.fiche);
	const newFiches = placeFiches(newDoc!.doc).map((p) => p.fiche);
	const idOf = (ids: typeof oldIds, number: string) => ids.find((f) => f.number === number)!.id;
	const oldById = new Map(oldFiches.map((f) => [idOf(oldIds, f.number), f]));

	const kept: ComparedPair[] = [];
	const changed: ComparedPair[] = [];
	const added: ComparedFiche[] = [];
	const continued = new Set<number>();
	for (const fiche of newFiches) {
		const id = idOf(newIds, fiche.number);
		const predecessors = lineage.filter((l) => l.fiche_id === id).map((l) => l.predecessor_id);
		if (!predecessors.length) {
			added.push(summary(fiche));
			continue;
		}
		for (const predecessorId of predecessors) {
			const old = oldById.get(predecessorId);
			if (!old) continue;
			continued.add(predecessorId);
			const before = old.indicators.map(indicatorLine);
			const after = fiche.indicators.map(indicatorLine);
			const pair: ComparedPair = {
				old: summary(old),
				new: summary(fiche),
				changes: changesOf(old, fiche),
				indicatorsAdded: after.filter((i) => !before.includes(i)),
				indicatorsRemoved: before.filter((i) => !after.includes(i))
			};
			const same =
				!pair.changes.length && !pair.indicatorsAdded.length && !pair.indicatorsRemoved.length;
			(same ? kept : changed).push(pair);
		}
	}
	const dropped = oldFiches.filter((f) => !continued.has(idOf(oldIds, f.number))).map(summary);
	const ref = (s: typeof scheme) => ({
		slug: s.slug,
		title: s.title,
		startYear: s.start_year,
		endYear: s.end_year
	});
	return { old: ref(previous), new: ref(scheme), kept, changed, dropped, added };
}
