import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { loadPlanDocument, writePlanWorkbook } from '$lib/server/excel/plan-export';
import { xlsxResponse } from '$lib/server/excel/xlsx-response';
import type { RequestHandler } from './$types';

/** The whole plan in the import template's format: re-importable as a new scheme. */
export const GET: RequestHandler = async (event) => {
	const loaded = await loadPlanDocument(getDb(), event.params.scheme);
	if (!loaded) error(404, { message: 'Schéma introuvable' });
	return xlsxResponse(
		await writePlanWorkbook(loaded.doc),
		`plan-d-action-${loaded.doc.scheme.slug}.xlsx`
	);
};
