import { error, fail, redirect } from '@sveltejs/kit';
import { fieldErrors } from '$lib/domain/fiche-edit';
import { amendmentFormSchema } from '$lib/domain/structure-forms';
import { getDb } from '$lib/server/app-db';
import { authorizeUser } from '$lib/server/auth/guards';
import { createAmendment } from '$lib/server/plan-admin/amendments.service';
import { failFrom, readForm } from '$lib/server/plan-admin/form-actions';
import { getStructure } from '$lib/server/plan-admin/structure.service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	authorizeUser(event, 'scheme.configure');
	const structure = await getStructure(getDb(), event.params.scheme);
	if (!structure) error(404, { message: 'Schéma introuvable' });
	return {
		scheme: structure.scheme,
		nodes: structure.nodes.map((n) => ({ id: n.id, path: n.path, title: n.title })),
		fiches: structure.fiches
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = authorizeUser(event, 'scheme.configure');
		const { values: fields, formData } = await readForm(event.request);
		// Checkboxes of one name arrive several times: keep them all.
		const values = {
			...fields,
			changes: formData.getAll('changes').map(String),
			ends: formData.getAll('ends').map(String)
		};
		const parsed = amendmentFormSchema.safeParse(values);
		if (!parsed.success) return fail(400, { values, errors: fieldErrors(parsed.error) });
		const result = await createAmendment(getDb(), user, event.params.scheme, parsed.data);
		if (!result.ok) return failFrom(result, { values });
		redirect(303, `/schemas/${event.params.scheme}/avenants?cree=${result.amendmentId}`);
	}
};
