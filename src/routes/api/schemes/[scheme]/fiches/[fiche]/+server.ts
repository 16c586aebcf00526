import { json } from '@sveltejs/kit';
import { slugify } from '$lib/domain/text';
import { getDb } from '$lib/server/app-db';
import { notFound } from '$lib/server/api/responses';
import { getFicheDetail } from '$lib/server/plan/plan.service';
import type { RequestHandler } from './$types';

// The number may be given as written ("11 bis", URL-encoded) or as in page URLs ("11-bis").
export const GET: RequestHandler = async ({ params }) => {
	const result = await getFicheDetail(getDb(), params.scheme, slugify(params.fiche));
	if (!result) return notFound(`Aucun schéma « ${params.scheme} ».`);
	if (!result.fiche) return notFound(`Aucune fiche n°${params.fiche} dans ce schéma.`);
	return json({ scheme: { slug: result.scheme.slug, title: result.scheme.title }, fiche: result.fiche });
};
