import { error } from '@sveltejs/kit';
import { slugify } from '$lib/domain/text';
import { getDb } from '$lib/server/app-db';
import { currentScheme } from '$lib/server/auth/guards';
import { buildBooklet, docxResponse } from '$lib/server/booklet/booklet.service';
import type { RequestHandler } from './$types';

/** One fiche as a page of the booklet, in Word. */
export const GET: RequestHandler = async (event) => {
	const scheme = currentScheme(event);
	const booklet = await buildBooklet(
		getDb(),
		event.locals.user,
		scheme.slug,
		slugify(event.params.fiche)
	);
	if (!booklet) error(404, { message: 'Fiche action introuvable' });
	return docxResponse(booklet.buffer, booklet.fileName);
};
