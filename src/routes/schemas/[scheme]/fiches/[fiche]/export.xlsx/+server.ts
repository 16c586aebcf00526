import { error } from '@sveltejs/kit';
import { slugify } from '$lib/domain/text';
import { getDb } from '$lib/server/app-db';
import { placeFiches, writeFichesWorkbook } from '$lib/server/excel/fiche-export';
import { loadPlanDocument } from '$lib/server/excel/plan-export';
import { xlsxResponse } from '$lib/server/excel/xlsx-response';
import type { RequestHandler } from './$types';

/** One fiche in the booklet's layout. */
export const GET: RequestHandler = async (event) => {
	const ficheSlug = slugify(event.params.fiche);
	const loaded = await loadPlanDocument(getDb(), event.params.scheme, { ficheSlug });
	if (!loaded) error(404, { message: 'Schéma introuvable' });
	const placed = placeFiches(loaded.doc);
	if (placed.length === 0) error(404, { message: 'Fiche action introuvable' });
	const buffer = await writeFichesWorkbook(loaded.doc, placed);
	return xlsxResponse(buffer, `fiche-action-${ficheSlug}-${loaded.doc.scheme.slug}.xlsx`);
};
