import { can } from '$lib/domain/policy';
import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { currentScheme, requireUser } from '$lib/server/auth/guards';
import { listPeriods } from '$lib/server/reporting/periods.service';
import type { PageServerLoad } from './$types';

// Entry by spreadsheet, step 0: the periods of the scheme, the open ones to choose from.
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const result = await listPeriods(getDb(), user, event.params.scheme);
	if (!result.ok)
		error(result.reason === 'not_found' ? 404 : 403, {
			message: result.reason === 'not_found' ? 'Schéma introuvable' : result.message
		});
	const canEnter = can(user, 'scheme.report', currentScheme(event));
	return {
		scheme: result.scheme,
		canEnter,
		periods: [...result.periods].reverse().map((p) => ({
			code: p.code,
			label: p.label,
			state: p.state,
			stateLabel: p.stateLabel,
			closesOn: p.closesOn,
			late: p.late
		}))
	};
};
