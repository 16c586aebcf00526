import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { requireUser } from '$lib/server/auth/guards';
import { listMeetings } from '$lib/server/review/meetings.service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const result = await listMeetings(getDb(), event.locals.user, event.params.scheme);
	if (!result.ok) {
		if (result.reason === 'forbidden') requireUser(event);
		error(result.reason === 'forbidden' ? 403 : 404, {
			message: result.reason === 'forbidden' ? 'Accès refusé' : 'Schéma introuvable',
			hint: result.message
		});
	}
	return {
		...result,
		notice: event.url.searchParams.has('supprimee') ? 'Réunion supprimée.' : null
	};
};
