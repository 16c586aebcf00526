import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import {
	csvResponse,
	getOpenData,
	openDataCsv,
	openDataFileName
} from '$lib/server/open-data/open-data.service';
import type { RequestHandler } from './$types';

/** Every figure of the scheme as CSV for French Excel (validated figures only, except for the coordination). */
export const GET: RequestHandler = async (event) => {
	const result = await getOpenData(getDb(), event.locals.user, event.params.scheme);
	if (!result.ok) {
		if (result.reason === 'forbidden') {
			error(403, { message: result.message });
		}
		error(404, { message: result.message });
	}
	return csvResponse(openDataCsv(result.data), openDataFileName(result.data, 'csv'));
};
