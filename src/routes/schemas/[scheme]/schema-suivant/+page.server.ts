import { error, fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { authorizeUser, refusePage } from '$lib/server/auth/guards';
import { loadGenerations, loadNextSchemeForm } from '$lib/server/generations/generations.service';
import { prepareNextScheme } from '$lib/server/generations/next-scheme.service';
import { readForm } from '$lib/server/plan-admin/form-actions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = authorizeUser(event, 'scheme.prepareNext');
	const db = getDb();
	const form = await loadNextSchemeForm(db, event.params.scheme);
	if (!form) error(404, { message: 'Schéma introuvable' });
	const generations = await loadGenerations(db, user, event.params.scheme);
	return { ...form, generations };
};

export const actions: Actions = {
	default: async (event) => {
		const user = authorizeUser(event, 'scheme.prepareNext');
		const { values: fields, formData } = await readForm(event.request);
		// Checkboxes of one name arrive several times: keep them all.
		const values: Record<string, string | string[]> = {
			startYear: fields.startYear ?? '',
			endYear: fields.endYear ?? '',
			fiches: formData.getAll('fiches').map(String)
		};
		const result = await prepareNextScheme(getDb(), user, event.params.scheme, values);
		if (!result.ok) {
			if (result.reason === 'invalid') return fail(400, { values, errors: result.errors });
			if (result.reason === 'conflict')
				return fail(409, { values, errors: { _form: result.message } });
			refusePage(event, result);
		}
		redirect(303, `/schemas/${result.scheme.slug}/plan?suivant=1`);
	}
};
