import { can, type Actor } from '$lib/domain/policy';
import type { Db } from '../db/database';

/** A fiche of the previous or next generation of the scheme, as the caller may see it. */
export type LineageFiche = {
	direction: 'predecessor' | 'successor';
	ficheId: number;
	scheme: { slug: string; title: string; startYear: number; endYear: number };
	fiche: { number: string; slug: string; title: string };
};

/** The predecessors and successors of every fiche of a scheme; schemes the caller cannot read are left out. */
export async function listLineage(
	db: Db,
	actor: Actor | null,
	schemeId: number
): Promise<LineageFiche[]> {
	const select = (direction: LineageFiche['direction']) => {
		const [own, other] =
			direction === 'predecessor'
				? (['fiche_lineage.fiche_id', 'fiche_lineage.predecessor_id'] as const)
				: (['fiche_lineage.predecessor_id', 'fiche_lineage.fiche_id'] as const);
		return db
			.selectFrom('fiche_lineage')
			.innerJoin('fiche as mine', 'mine.id', own)
			.innerJoin('fiche as theirs', 'theirs.id', other)
			.innerJoin('scheme', 'scheme.id', 'theirs.scheme_id')
			.select([
				'mine.id as fiche_id',
				'scheme.id as scheme_id',
				'scheme.visibility',
				'scheme.slug as scheme_slug',
				'scheme.title as scheme_title',
				'scheme.start_year',
				'scheme.end_year',
				'theirs.number',
				'theirs.slug',
				'theirs.title'
			])
			.where('mine.scheme_id', '=', schemeId)
			.orderBy('theirs.number_sort')
			.execute();
	};
	const [before, after] = await Promise.all([select('predecessor'), select('successor')]);
	return [
		...before.map((r) => ({ r, direction: 'predecessor' as const })),
		...after.map((r) => ({ r, direction: 'successor' as const }))
	]
		.filter(({ r }) =>
			can(actor, 'scheme.read', { schemeId: r.scheme_id, visibility: r.visibility })
		)
		.map(({ r, direction }) => ({
			direction,
			ficheId: r.fiche_id,
			scheme: {
				slug: r.scheme_slug,
				title: r.scheme_title,
				startYear: r.start_year,
				endYear: r.end_year
			},
			fiche: { number: r.number, slug: r.slug, title: r.title }
		}));
}

/** The lineage of a scheme's fiches as booklet lines, by fiche id. */
export async function listGenerationLinks(
	db: Db,
	actor: Actor | null,
	schemeSlug: string
): Promise<Map<number, string[]>> {
	const scheme = await db
		.selectFrom('scheme')
		.select('id')
		.where('slug', '=', schemeSlug)
		.executeTakeFirst();
	const lines = new Map<number, string[]>();
	if (!scheme) return lines;
	for (const l of await listLineage(db, actor, scheme.id)) {
		const text = `${l.direction === 'predecessor' ? 'Prolonge' : 'Prolongée par'} : ${l.scheme.title} ${l.scheme.startYear}–${l.scheme.endYear}, action n°${l.fiche.number} ${l.fiche.title}`;
		lines.set(l.ficheId, [...(lines.get(l.ficheId) ?? []), text]);
	}
	return lines;
}
