import { json } from '@sveltejs/kit';
import { apiRefusal, currentScheme } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/app-db';
import { apiError } from '$lib/server/api/responses';
import { readIfMatch, readJsonObject, refusal, unauthenticated } from '$lib/server/reporting/api';
import { toApiPeriod } from '$lib/server/reporting/api-views';
import {
	changePeriodState,
	getPeriod,
	updatePeriodWindow
} from '$lib/server/reporting/periods.service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params, locals }) => {
	if (!locals.user) return unauthenticated();
	const result = await getPeriod(getDb(), locals.user, params);
	if (!result.ok) return refusal(result);
	return json(
		{ period: toApiPeriod(result.period) },
		{ headers: { ETag: `"${result.period.version}"` } }
	);
};

/**
 * Administrator: changes the window ({ opensOn, closesOn }) and/or the state ({ state, reason });
 * reopening a closed or validated period needs a reason. If-Match with the period's version.
 */
export const PATCH: RequestHandler = async (event) => {
	const { params, request, locals } = event;
	if (!locals.user) return unauthenticated();
	// The coordinator's action: refuse others before reading the request.
	const refused = apiRefusal(
		locals.user,
		'period.manage',
		currentScheme(event),
		'Action réservée à la coordination du schéma.'
	);
	if (refused) return refused;
	const ifMatch = readIfMatch(request);
	if (ifMatch === null || ifMatch === '*') {
		return apiError(
			'precondition_required',
			'Indiquez la version de la période dans l’en-tête If-Match.'
		);
	}
	if (ifMatch === 'invalid')
		return apiError('bad_request', 'En-tête If-Match illisible : attendu "<version>".');
	const body = await readJsonObject(request);
	if (!body.ok) return body.response;
	const { state, reason, opensOn, closesOn, ...rest } = body.body;
	if (Object.keys(rest).length) {
		return apiError('bad_request', `Champ(s) inconnu(s) : ${Object.keys(rest).join(', ')}.`);
	}
	const changesWindow = opensOn !== undefined || closesOn !== undefined;
	// One change per request, so a request is applied whole or not at all.
	if (changesWindow === (state !== undefined)) {
		return apiError('bad_request', 'Envoyez soit state (et reason), soit opensOn et closesOn.');
	}
	const result = changesWindow
		? await updatePeriodWindow(getDb(), locals.user, params, { opensOn, closesOn }, ifMatch)
		: await changePeriodState(
				getDb(),
				locals.user,
				params,
				{ state, reason: reason ?? undefined },
				ifMatch
			);
	if (!result.ok) {
		if (result.reason === 'conflict')
			return apiError('precondition_failed', result.message, {
				version: result.current.version
			});
		return refusal(result);
	}
	return json(
		{ period: toApiPeriod(result.period) },
		{ headers: { ETag: `"${result.period.version}"` } }
	);
};
