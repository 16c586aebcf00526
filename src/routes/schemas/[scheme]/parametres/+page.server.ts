import { error, fail, redirect } from '@sveltejs/kit';
import { fieldErrors } from '$lib/domain/fiche-edit';
import { schemeFormSchema, schemeFormValues } from '$lib/domain/structure-forms';
import { getDb } from '$lib/server/app-db';
import { authorizeUser } from '$lib/server/auth/guards';
import { failFrom, failMalformed, readForm, versionOf } from '$lib/server/plan-admin/form-actions';
import { getSchemeSettings, updateScheme } from '$lib/server/plan-admin/structure.service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	authorizeUser(event, 'scheme.configure');
	const settings = await getSchemeSettings(getDb(), event.params.scheme);
	if (!settings) error(404, { message: 'Schéma introuvable' });
	return {
		scheme: { slug: settings.snapshot.slug, title: settings.snapshot.title },
		values: schemeFormValues(settings.snapshot),
		version: settings.version,
		maxDepth: settings.maxDepth,
		saved: event.url.searchParams.has('enregistre')
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = authorizeUser(event, 'scheme.configure');
		const { values } = await readForm(event.request);
		const version = versionOf(values.version);
		if (!version) return failMalformed({ values });
		const parsed = schemeFormSchema.safeParse(values);
		if (!parsed.success) return fail(400, { values, errors: fieldErrors(parsed.error) });
		const result = await updateScheme(getDb(), user, event.params.scheme, parsed.data, version);
		if (!result.ok) return failFrom(result, { values });
		redirect(303, `/schemas/${result.slug}/parametres?enregistre=1`);
	}
};
