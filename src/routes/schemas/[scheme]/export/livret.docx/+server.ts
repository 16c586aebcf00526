import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { currentScheme } from '$lib/server/auth/guards';
import { buildBooklet, docxResponse } from '$lib/server/booklet/booklet.service';
import type { RequestHandler } from './$types';

/** The booklet of the fiches actions in Word: whoever may read the scheme (the gate checked). */
export const GET: RequestHandler = async (event) => {
	const scheme = currentScheme(event);
	const booklet = await buildBooklet(getDb(), event.locals.user, scheme.slug);
	if (!booklet) error(404, { message: 'Schéma introuvable' });
	return docxResponse(booklet.buffer, booklet.fileName);
};
