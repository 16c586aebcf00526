import { fail } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { refusePage, requireUser } from '$lib/server/auth/guards';
import { deleteFunding, loadFicheFunding, saveFunding } from '$lib/server/funding/funding.service';
import { readFormStrings } from '$lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';

// A fiche's funding by year and funder: read by every member; entered by the fiche's pilots while
// a period is open, or by the coordination (policy: fiche.fund).

export const load: PageServerLoad = async (event) => {
	const result = await loadFicheFunding(getDb(), event.locals.user, event.params);
	if (!result.ok) refusePage(event, result);
	return {
		scheme: { slug: result.scheme.slug, title: result.scheme.title },
		fiche: result.fiche,
		years: Array.from(
			{ length: result.scheme.end_year - result.scheme.start_year + 1 },
			(_, i) => result.scheme.start_year + i
		),
		rows: result.rows,
		canEdit: result.canEdit,
		entryOpen: result.entryOpen,
		organisations: result.canEdit ? result.organisations : [],
		saved: event.url.searchParams.has('enregistre')
	};
};

export const actions: Actions = {
	enregistrer: async (event) => {
		const user = requireUser(event);
		const values = await readFormStrings(event.request);
		const result = await saveFunding(getDb(), user, event.params, values);
		if (result.ok) return { done: 'Financement enregistré.' };
		if (result.reason === 'invalid') return fail(400, { values, errors: result.errors });
		if (result.reason === 'forbidden')
			return fail(403, { values, errors: { _form: result.message } });
		refusePage(event, result);
	},
	supprimer: async (event) => {
		const user = requireUser(event);
		const values = await readFormStrings(event.request);
		const id = /^\d+$/.test(values.id ?? '') ? Number(values.id) : -1;
		const result = await deleteFunding(getDb(), user, event.params, id);
		if (result.ok) return { done: 'Ligne de financement supprimée.' };
		if (result.reason === 'forbidden') return fail(403, { errors: { _form: result.message } });
		return fail(404, { errors: { _form: result.message } });
	}
};
