import { fail, redirect } from '@sveltejs/kit';
import { fieldErrors } from '$lib/domain/fiche-edit';
import { schemeFormSchema, schemeTerritorySchema } from '$lib/domain/structure-forms';
import { getDb } from '$lib/server/app-db';
import { requirePlatformAdmin } from '$lib/server/auth/guards';
import { failFrom, readForm } from '$lib/server/plan-admin/form-actions';
import { createScheme } from '$lib/server/plan-admin/structure.service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePlatformAdmin(event);
	const year = new Date().getFullYear();
	return {
		defaults: {
			departmentCode: '',
			departmentName: '',
			title: 'Schéma départemental des services aux familles',
			subtitle: '',
			description: '',
			startYear: String(year),
			endYear: String(year + 4),
			state: 'en_preparation',
			levelLabels: 'Axe stratégique\nAxe\nObjectif',
			visibility: '',
			kind: 'sdsf',
			territoryKind: 'departement',
			territoryCode: '',
			territoryName: ''
		}
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = requirePlatformAdmin(event);
		const { values } = await readForm(event.request);
		// Both parts checked together, so every mistake shows at once.
		const parsed = schemeFormSchema.safeParse(values);
		const territory = schemeTerritorySchema.safeParse(values);
		if (!parsed.success || !territory.success)
			return fail(400, {
				values,
				errors: {
					...(parsed.success ? {} : fieldErrors(parsed.error)),
					...(territory.success ? {} : fieldErrors(territory.error))
				}
			});
		const result = await createScheme(getDb(), user, parsed.data, territory.data);
		if (!result.ok) return failFrom(result, { values });
		redirect(303, `/schemas/${result.slug}/plan?cree=1`);
	}
};
