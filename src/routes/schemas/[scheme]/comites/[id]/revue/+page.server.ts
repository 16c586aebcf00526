import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { requireUser } from '$lib/server/auth/guards';
import { routeIdOf } from '$lib/server/review/meeting-forms';
import { getFrozenPack } from '$lib/server/review/meetings.service';
import type { PageServerLoad } from './$types';

// A document to read and print: no hydration, so the pack's data is not sent a second time as JSON.
export const csr = false;

/** The pack of a closed meeting, exactly as the committee reviewed it. */
export const load: PageServerLoad = async (event) => {
	const meeting = routeIdOf(event.params.id);
	if (!meeting) error(404, { message: 'Réunion introuvable' });
	const result = await getFrozenPack(getDb(), event.locals.user, {
		scheme: event.params.scheme,
		meeting
	});
	if (!result.ok) {
		if (result.reason === 'forbidden') requireUser(event);
		error(result.reason === 'forbidden' ? 403 : 404, {
			message: 'Dossier figé introuvable',
			hint: result.message
		});
	}
	return result;
};
