import { getDb } from '$lib/server/app-db';
import { apiError, forbidden, notFound, unauthorized } from '$lib/server/api/responses';
import { reportFileName, writeAnnualReport } from '$lib/server/excel-report/annual-report';
import { loadAnnualReport } from '$lib/server/excel-report/report.service';
import { xlsxResponse } from '$lib/server/excel/xlsx-response';
import type { RequestHandler } from './$types';

// GET /api/schemes/{slug}/report?period=2018 — the annual report workbook (.xlsx), for anyone who
// may read the scheme (session or personal token). Errors in JSON.
export const GET: RequestHandler = async ({ params, locals, url }) => {
	const code = url.searchParams.get('period')?.trim() ?? '';
	if (!code) return apiError('bad_request', 'Paramètre period requis : 2018, 2019-S1 ou 2019-T3.');
	const result = await loadAnnualReport(getDb(), locals.user, params.scheme, code);
	if (!result.ok) {
		if (result.reason === 'forbidden')
			return locals.user ? forbidden(result.message) : unauthorized();
		if (result.reason === 'invalid') return apiError('bad_request', result.errors.periode);
		return notFound(result.message);
	}
	return xlsxResponse(await writeAnnualReport(result.report), reportFileName(result.report));
};
