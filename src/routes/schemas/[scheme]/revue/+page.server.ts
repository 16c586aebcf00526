import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { requireUser } from '$lib/server/auth/guards';
import { listPeriods } from '$lib/server/reporting/periods.service';
import type { PageServerLoad } from './$types';

/** Which period to review: the scheme's periods, latest first. */
export const load: PageServerLoad = async (event) => {
	const result = await listPeriods(getDb(), event.locals.user, event.params.scheme);
	if (!result.ok) {
		if (result.reason === 'forbidden') requireUser(event);
		error(result.reason === 'forbidden' ? 403 : 404, {
			message: result.reason === 'forbidden' ? 'Accès refusé' : 'Schéma introuvable',
			hint: result.message
		});
	}
	return {
		scheme: { slug: result.scheme.slug, title: result.scheme.title },
		periods: [...result.periods]
			.reverse()
			.map((p) => ({ code: p.code, label: p.label, stateLabel: p.stateLabel }))
	};
};
