import { error, fail, redirect } from '@sveltejs/kit';
import { fieldErrors } from '$lib/domain/fiche-edit';
import { indicatorFormSchema, indicatorFormValues } from '$lib/domain/structure-forms';
import { getDb } from '$lib/server/app-db';
import { authorizeUser } from '$lib/server/auth/guards';
import {
	failFrom,
	failMalformed,
	idOf,
	readForm,
	versionOf
} from '$lib/server/plan-admin/form-actions';
import { getFicheIndicators, updateIndicator } from '$lib/server/plan-admin/indicators.service';
import type { Actions, PageServerLoad } from './$types';

const NOT_FOUND = {
	message: 'Indicateur introuvable',
	hint: 'Il a peut-être été supprimé entre-temps.'
};

export const load: PageServerLoad = async (event) => {
	authorizeUser(event, 'scheme.configure');
	const page = await getFicheIndicators(getDb(), event.params);
	if (!page) error(404, { message: 'Fiche action introuvable' });
	// The indicator must belong to the fiche of the address.
	const indicator = page.indicators.find((i) => i.id === idOf(event.params.indicateur));
	if (!indicator) error(404, NOT_FOUND);
	return {
		scheme: page.scheme,
		fiche: page.fiche,
		indicator: { id: indicator.id, label: indicator.label, version: indicator.version },
		values: indicatorFormValues(indicator)
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = authorizeUser(event, 'scheme.configure');
		const id = idOf(event.params.indicateur);
		if (!id) error(404, NOT_FOUND);
		const { values } = await readForm(event.request);
		const version = versionOf(values.version);
		if (!version) return failMalformed({ values });
		const parsed = indicatorFormSchema.safeParse(values);
		if (!parsed.success) return fail(400, { values, errors: fieldErrors(parsed.error) });
		const result = await updateIndicator(getDb(), user, event.params, id, parsed.data, version);
		if (!result.ok) return failFrom(result, { values });
		const list = `/schemas/${event.params.scheme}/fiches/${event.params.fiche}/indicateurs`;
		redirect(303, `${list}?enregistre=${id}#indicateur-${id}`);
	}
};
