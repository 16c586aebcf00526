import { error, fail, redirect } from '@sveltejs/kit';
import { organisationFormSchema, pickValues } from '$lib/domain/account-forms';
import { fieldErrors } from '$lib/domain/fiche-edit';
import { getDb } from '$lib/server/app-db';
import { requirePlatformAdmin } from '$lib/server/auth/guards';
import {
	createOrganisation,
	listOrganisations
} from '$lib/server/organisations/organisations.service';
import { listTerritoryChoices } from '$lib/server/territories/territories.queries';
import type { Actions, PageServerLoad } from './$types';
import { readFormData } from '$lib/server/http/forms';

export const load: PageServerLoad = async (event) => {
	requirePlatformAdmin(event);
	const db = getDb();
	const [organisations, territories] = await Promise.all([
		listOrganisations(db),
		listTerritoryChoices(db)
	]);
	return { organisations, territories };
};

export const actions: Actions = {
	create: async (event) => {
		const admin = requirePlatformAdmin(event);
		const form = Object.fromEntries(await readFormData(event.request));
		const values = pickValues(form, ['name', 'shortName', 'type', 'aliases', 'territoryId']);
		const parsed = organisationFormSchema.safeParse(form);
		if (!parsed.success) return fail(400, { values, errors: fieldErrors(parsed.error) });
		const result = await createOrganisation(getDb(), admin, parsed.data);
		if (!result.ok) {
			if (result.reason === 'invalid')
				return fail(400, { values, errors: { [result.field]: result.message } });
			error(403, { message: 'Accès réservé aux administrateurs de la plateforme.' });
		}
		redirect(303, `/admin/organisations/${result.slug}?creee=1`);
	}
};
