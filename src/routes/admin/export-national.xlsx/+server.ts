import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { requirePlatformAdmin } from '$lib/server/auth/guards';
import { startNationalExport } from '$lib/server/excel/national-export';
import type { RequestHandler } from './$types';

/** Every figure of every scheme, streamed as one .xlsx: platform administrators only. */
export const GET: RequestHandler = async (event) => {
	requirePlatformAdmin(event);
	const started = await startNationalExport(getDb());
	if (!started.ok) error(started.status, { message: started.message });
	return started.response;
};
