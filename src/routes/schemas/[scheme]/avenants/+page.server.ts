import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { authorizeUser } from '$lib/server/auth/guards';
import { listAmendments } from '$lib/server/plan-admin/amendments.service';
import { idOf } from '$lib/server/plan-admin/form-actions';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	authorizeUser(event, 'scheme.configure');
	const page = await listAmendments(getDb(), event.params.scheme);
	if (!page) error(404, { message: 'Schéma introuvable' });
	return { ...page, createdId: idOf(event.url.searchParams.get('cree') ?? undefined) };
};
