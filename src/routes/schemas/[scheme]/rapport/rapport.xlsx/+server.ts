import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { reportFileName, writeAnnualReport } from '$lib/server/excel-report/annual-report';
import { loadAnnualReport } from '$lib/server/excel-report/report.service';
import { xlsxResponse } from '$lib/server/excel/xlsx-response';
import type { RequestHandler } from './$types';

/** The annual report workbook: ?periode=2018 (a year) or ?periode=2019-S1 (a period). */
export const GET: RequestHandler = async (event) => {
	const code = event.url.searchParams.get('periode')?.trim() ?? '';
	if (!code) error(400, { message: 'Précisez la période du rapport (par exemple ?periode=2018).' });
	const result = await loadAnnualReport(getDb(), event.locals.user, event.params.scheme, code);
	if (!result.ok) {
		if (result.reason === 'forbidden') {
			error(403, { message: result.message });
		}
		if (result.reason === 'invalid') error(400, { message: result.errors.periode });
		error(404, { message: result.message });
	}
	return xlsxResponse(await writeAnnualReport(result.report), reportFileName(result.report));
};
