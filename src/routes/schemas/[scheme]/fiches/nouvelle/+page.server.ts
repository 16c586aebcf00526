import { error, fail, redirect } from '@sveltejs/kit';
import { fieldErrors } from '$lib/domain/fiche-edit';
import { ficheCreateSchema } from '$lib/domain/structure-forms';
import { getDb } from '$lib/server/app-db';
import { authorizeUser } from '$lib/server/auth/guards';
import { failFrom, readForm } from '$lib/server/plan-admin/form-actions';
import { createFiche, getStructure } from '$lib/server/plan-admin/structure.service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	authorizeUser(event, 'scheme.configure');
	const structure = await getStructure(getDb(), event.params.scheme);
	if (!structure) error(404, { message: 'Schéma introuvable' });
	const wanted = event.url.searchParams.get('noeud') ?? '';
	return {
		scheme: structure.scheme,
		nodes: structure.nodes.map((n) => ({ id: n.id, path: n.path, title: n.title })),
		nodeId: structure.nodes.some((n) => String(n.id) === wanted) ? wanted : ''
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = authorizeUser(event, 'scheme.configure');
		const { values } = await readForm(event.request);
		const parsed = ficheCreateSchema.safeParse(values);
		if (!parsed.success) return fail(400, { values, errors: fieldErrors(parsed.error) });
		const result = await createFiche(getDb(), user, event.params.scheme, parsed.data);
		if (!result.ok) return failFrom(result, { values });
		redirect(303, `/schemas/${event.params.scheme}/fiches/${result.slug}`);
	}
};
