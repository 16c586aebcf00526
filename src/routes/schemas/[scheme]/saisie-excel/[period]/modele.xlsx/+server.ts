import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { requireUser } from '$lib/server/auth/guards';
import { xlsxResponse } from '$lib/server/excel/xlsx-response';
import {
	loadImportContext,
	templateFileName,
	writeFiguresTemplate
} from '$lib/server/figures-import/template';
import type { RequestHandler } from './$types';

/** The figures template of the signed-in pilot (or coordinator) for an open period. */
export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	const context = await loadImportContext(getDb(), user, {
		scheme: event.params.scheme,
		period: event.params.period
	});
	if (!context.ok) {
		const status =
			context.reason === 'not_found' ? 404 : context.reason === 'forbidden' ? 403 : 423;
		error(status, { message: context.message });
	}
	if (context.sheets.length === 0)
		error(404, {
			message:
				'Aucune de vos fiches n’attend de chiffres sur cette période : pas de modèle à remplir.'
		});
	return xlsxResponse(await writeFiguresTemplate(context, user), templateFileName(context));
};
