import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { authorize, currentScheme } from '$lib/server/auth/guards';
import { loadSchemeBilan } from '$lib/server/bilan/bilan.service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = authorize(event, 'scheme.read');
	const bilan = await loadSchemeBilan(getDb(), user, currentScheme(event).slug);
	if (!bilan) error(404, { message: 'Schéma introuvable' });
	return {
		bilan: {
			...bilan,
			rows: bilan.rows.map(({ prefill: _prefill, ...row }) => row)
		},
		saved: event.url.searchParams.get('enregistre')
	};
};
