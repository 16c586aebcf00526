import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { placeFiches, writeFichesWorkbook } from '$lib/server/excel/fiche-export';
import { loadPlanDocument } from '$lib/server/excel/plan-export';
import { xlsxResponse } from '$lib/server/excel/xlsx-response';
import type { RequestHandler } from './$types';

/** Every fiche in the booklet's layout, one sheet each. */
export const GET: RequestHandler = async (event) => {
	const loaded = await loadPlanDocument(getDb(), event.params.scheme);
	if (!loaded) error(404, { message: 'Schéma introuvable' });
	const buffer = await writeFichesWorkbook(loaded.doc, placeFiches(loaded.doc));
	return xlsxResponse(buffer, `fiches-actions-${loaded.doc.scheme.slug}.xlsx`);
};
