import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { currentScheme } from '$lib/server/auth/guards';
import { writeBilanDocx } from '$lib/server/bilan/bilan-export';
import { loadSchemeBilan } from '$lib/server/bilan/bilan.service';
import { docxResponse } from '$lib/server/booklet/booklet.service';
import type { RequestHandler } from './$types';

/** The end-of-scheme bilan in Word, for whoever may read the scheme. */
export const GET: RequestHandler = async (event) => {
	const bilan = await loadSchemeBilan(getDb(), event.locals.user, currentScheme(event).slug);
	if (!bilan) error(404, { message: 'Schéma introuvable' });
	return docxResponse(
		await writeBilanDocx(bilan),
		`Bilan ${bilan.scheme.startYear}-${bilan.scheme.endYear} – ${bilan.scheme.slug}.docx`
	);
};
