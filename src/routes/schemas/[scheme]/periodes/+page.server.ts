import { fail, type RequestEvent } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { authorizeUser, refusePage } from '$lib/server/auth/guards';
import { readFormStrings } from '$lib/server/http/forms';
import {
	changePeriodState,
	createPeriod,
	deletePeriod,
	listPeriods,
	updatePeriodWindow,
	type PeriodView
} from '$lib/server/reporting/periods.service';
import type { Actions, PageServerLoad } from './$types';

type Refusal = { reason: 'not_found' | 'forbidden'; message: string };

/** The version a form was based on; -1 when missing (the service then answers a conflict). */
const versionOf = (values: Record<string, string>) =>
	/^\d+$/.test(values.version ?? '') ? Number(values.version) : -1;

type Scope = 'create' | 'window' | 'state' | 'delete';

/** The answers every period form shares: refused input, conflict, or an error page. */
function refusal(
	event: RequestEvent,
	scope: Scope,
	values: Record<string, string>,
	result:
		| Refusal
		| { reason: 'invalid'; errors: Record<string, string> }
		| { reason: 'conflict'; message: string; current: PeriodView }
) {
	const period = values.period ?? null;
	switch (result.reason) {
		case 'invalid':
			return fail(400, { scope, period, values, errors: result.errors, conflict: null });
		case 'conflict':
			// Someone changed the period meanwhile: nothing written, both versions shown.
			return fail(409, {
				scope,
				period,
				values,
				errors: { _form: result.message } as Record<string, string>,
				conflict: result.current as PeriodView | null
			});
		default:
			refusePage(event, result);
	}
}

export const load: PageServerLoad = async (event) => {
	const result = await listPeriods(getDb(), event.locals.user, event.params.scheme);
	if (!result.ok) refusePage(event, result);
	return { scheme: result.scheme, periods: result.periods, canManage: result.canManage };
};

export const actions: Actions = {
	create: async (event) => {
		const user = authorizeUser(event, 'period.manage');
		const values = await readFormStrings(event.request);
		const result = await createPeriod(getDb(), user, event.params.scheme, values);
		if (result.ok)
			return {
				scope: 'create' as const,
				period: result.period.code,
				done: `Période « ${result.period.label} » créée (à venir).`
			};
		return refusal(event, 'create', values, result);
	},
	window: async (event) => {
		const user = authorizeUser(event, 'period.manage');
		const values = await readFormStrings(event.request);
		const where = { scheme: event.params.scheme, period: values.period ?? '' };
		const result = await updatePeriodWindow(getDb(), user, where, values, versionOf(values));
		if (result.ok)
			return {
				scope: 'window' as const,
				period: result.period.code,
				done: 'Fenêtre de saisie enregistrée.'
			};
		return refusal(event, 'window', values, result);
	},
	state: async (event) => {
		const user = authorizeUser(event, 'period.manage');
		const values = await readFormStrings(event.request);
		const where = { scheme: event.params.scheme, period: values.period ?? '' };
		const result = await changePeriodState(
			getDb(),
			user,
			where,
			{ state: values.state, reason: values.reason ?? '' },
			versionOf(values)
		);
		if (result.ok) {
			return {
				scope: 'state' as const,
				period: result.period.code,
				done: `Période désormais « ${result.period.stateLabel} ».`
			};
		}
		return refusal(event, 'state', values, result);
	},
	delete: async (event) => {
		const user = authorizeUser(event, 'period.manage');
		const values = await readFormStrings(event.request);
		const where = { scheme: event.params.scheme, period: values.period ?? '' };
		const result = await deletePeriod(getDb(), user, where, versionOf(values));
		if (result.ok)
			return { scope: 'delete' as const, period: null, done: `Période ${where.period} supprimée.` };
		return refusal(event, 'delete', values, result);
	}
};
