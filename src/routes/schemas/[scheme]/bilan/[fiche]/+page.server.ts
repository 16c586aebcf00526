import { error, fail, redirect } from '@sveltejs/kit';
import { slugify } from '$lib/domain/text';
import { SCHEME_BILAN_FIELDS } from '$lib/domain/scheme-bilan';
import { getDb } from '$lib/server/app-db';
import { authorizeUser, currentScheme, refusePage } from '$lib/server/auth/guards';
import { loadBilanHistory, loadSchemeBilan, saveBilanRow } from '$lib/server/bilan/bilan.service';
import { readForm, versionOf } from '$lib/server/plan-admin/form-actions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = authorizeUser(event, 'scheme.configure');
	const db = getDb();
	const bilan = await loadSchemeBilan(db, user, currentScheme(event).slug);
	const row = bilan?.rows.find((r) => r.fiche.slug === slugify(event.params.fiche));
	if (!bilan || !row) error(404, { message: 'Fiche introuvable' });
	return {
		scheme: bilan.scheme,
		row,
		history: await loadBilanHistory(db, row.fiche.id)
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = authorizeUser(event, 'scheme.configure');
		const { values } = await readForm(event.request);
		const version = values.version === '0' ? 0 : versionOf(values.version);
		const input = Object.fromEntries(SCHEME_BILAN_FIELDS.map((f) => [f, values[f] ?? '']));
		if (version === null)
			return fail(400, {
				values,
				errors: { _form: 'Formulaire incomplet : rechargez la page et recommencez.' }
			});
		const result = await saveBilanRow(
			getDb(),
			user,
			currentScheme(event).slug,
			slugify(event.params.fiche),
			input,
			version
		);
		if (!result.ok) {
			if (result.reason === 'invalid') return fail(400, { values, errors: result.errors });
			if (result.reason === 'conflict')
				return fail(409, { values, errors: { _form: result.message } });
			refusePage(event, result);
		}
		redirect(
			303,
			`/schemas/${currentScheme(event).slug}/bilan?enregistre=${encodeURIComponent(event.params.fiche)}#fiche-${slugify(event.params.fiche)}`
		);
	}
};
