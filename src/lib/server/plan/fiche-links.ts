import { can, type Actor } from '$lib/domain/policy';
import type { Db } from '../db/database';

/** A fiche of another scheme this one links to, or that links to it. */
export type LinkedFiche = {
	direction: 'to' | 'from';
	scheme: { slug: string; title: string };
	fiche: { number: string; slug: string; title: string };
};

/**
 * « Liens avec d'autres schémas » as real links, both ways (the SPPE of Limoges → the SDSF 87, and
 * the SDSF fiche shows who refers to it). Only fiches of schemes the caller may read are listed:
 * a link never reveals a private scheme.
 */
export async function listLinkedFiches(
	db: Db,
	actor: Actor | null,
	ficheId: number
): Promise<LinkedFiche[]> {
	const select = (direction: 'to' | 'from') =>
		db
			.selectFrom('fiche_link')
			.innerJoin(
				'fiche',
				'fiche.id',
				direction === 'to' ? 'fiche_link.linked_fiche_id' : 'fiche_link.fiche_id'
			)
			.innerJoin('scheme', 'scheme.id', 'fiche.scheme_id')
			.select([
				'scheme.id as scheme_id',
				'scheme.visibility',
				'scheme.slug as scheme_slug',
				'scheme.title as scheme_title',
				'fiche.number',
				'fiche.slug',
				'fiche.title',
				'fiche.number_sort'
			])
			.where(
				direction === 'to' ? 'fiche_link.fiche_id' : 'fiche_link.linked_fiche_id',
				'=',
				ficheId
			)
			.orderBy('scheme.title')
			.orderBy('fiche.number_sort')
			.execute();
	const [to, from] = await Promise.all([select('to'), select('from')]);
	return [
		...to.map((r) => ({ r, direction: 'to' as const })),
		...from.map((r) => ({ r, direction: 'from' as const }))
	]
		.filter(({ r }) =>
			can(actor, 'scheme.read', { schemeId: r.scheme_id, visibility: r.visibility })
		)
		.map(({ r, direction }) => ({
			direction,
			scheme: { slug: r.scheme_slug, title: r.scheme_title },
			fiche: { number: r.number, slug: r.slug, title: r.title }
		}));
}

/** The schemes this one must be compatible with (an SPPE with its SDSF), and those that must be with it. */
export async function listCompatibleSchemes(db: Db, actor: Actor | null, schemeId: number) {
	const select = (direction: 'to' | 'from') =>
		db
			.selectFrom('scheme_compatibility')
			.innerJoin(
				'scheme',
				'scheme.id',
				direction === 'to'
					? 'scheme_compatibility.other_scheme_id'
					: 'scheme_compatibility.scheme_id'
			)
			.select(['scheme.id', 'scheme.slug', 'scheme.title', 'scheme.visibility'])
			.where(
				direction === 'to'
					? 'scheme_compatibility.scheme_id'
					: 'scheme_compatibility.other_scheme_id',
				'=',
				schemeId
			)
			.orderBy('scheme.title')
			.execute();
	const [to, from] = await Promise.all([select('to'), select('from')]);
	return [
		...to.map((r) => ({ r, direction: 'to' as const })),
		...from.map((r) => ({ r, direction: 'from' as const }))
	]
		.filter(({ r }) => can(actor, 'scheme.read', { schemeId: r.id, visibility: r.visibility }))
		.map(({ r, direction }) => ({ slug: r.slug, title: r.title, direction }));
}
