import { requirePlatformAdmin } from '$lib/server/auth/guards';
import { writePlanTemplate } from '$lib/server/excel/plan-template';
import { xlsxResponse } from '$lib/server/excel/xlsx-response';
import type { RequestHandler } from './$types';

/** The empty plan template, with its instructions sheet and drop-down lists. */
export const GET: RequestHandler = async (event) => {
	requirePlatformAdmin(event);
	return xlsxResponse(await writePlanTemplate(), 'modele-import-plan-sdsf.xlsx');
};
