import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { checkHealth } from '$lib/server/health';
import type { RequestHandler } from './$types';

/** For the proxy or the supervisor: 200 when the database answers and is migrated, 503 otherwise. */
export const GET: RequestHandler = async () => {
	const health = await checkHealth(getDb);
	return json(health, {
		status: health.status === 'ok' ? 200 : 503,
		headers: { 'Cache-Control': 'no-store' }
	});
};
