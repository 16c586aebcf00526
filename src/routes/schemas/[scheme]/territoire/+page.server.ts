import { fail, redirect } from '@sveltejs/kit';
import { can } from '$lib/domain/policy';
import { parseThreshold } from '$lib/domain/territory-data';
import { getDb } from '$lib/server/app-db';
import { authorize, authorizeUser, currentScheme } from '$lib/server/auth/guards';
import { readFormStrings } from '$lib/server/http/forms';
import { loadTerritoryProfile } from '$lib/server/territory-data/territory-profile.service';
import type { Actions, PageServerLoad } from './$types';

// The territory beside the scheme: public data (CNAF coverage, places), read by every member.

export const load: PageServerLoad = async (event) => {
	const user = authorize(event, 'scheme.read');
	const scheme = currentScheme(event);
	const profile = await loadTerritoryProfile(getDb(), scheme.schemeId, scheme.territoryId);
	return {
		scheme: { slug: scheme.slug, title: scheme.title },
		profile,
		canImport: can(user, 'territory.import', scheme),
		thresholdSaved: event.url.searchParams.has('seuil')
	};
};

export const actions: Actions = {
	seuil: async (event) => {
		authorizeUser(event, 'territory.import');
		const scheme = currentScheme(event);
		const values = await readFormStrings(event.request);
		if (!('seuil' in values))
			return fail(400, { values: { seuil: '' }, errors: { seuil: 'Indiquez le seuil.' } });
		const parsed = parseThreshold(values.seuil ?? '');
		if (!parsed.ok)
			return fail(400, {
				values: { seuil: values.seuil ?? '' },
				errors: { seuil: parsed.message }
			});
		await getDb()
			.updateTable('scheme')
			.set({ coverage_threshold: parsed.value })
			.where('id', '=', scheme.schemeId)
			.execute();
		redirect(303, `${event.url.pathname}?seuil=1`);
	}
};
