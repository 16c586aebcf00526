import type { Handle, ServerInit } from '@sveltejs/kit';
import { DatabaseSetupError } from '$lib/server/db/database';
import { prepareDatabase } from '$lib/server/app-db';

export const init: ServerInit = async () => {
	try {
		await prepareDatabase();
	} catch (error) {
		if (error instanceof DatabaseSetupError) {
			console.error(`Erreur de démarrage : ${error.message}`);
			process.exit(1);
		}
		throw error;
	}
};

export const handle: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
	response.headers.set('X-Frame-Options', 'DENY');
	response.headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
	return response;
};
