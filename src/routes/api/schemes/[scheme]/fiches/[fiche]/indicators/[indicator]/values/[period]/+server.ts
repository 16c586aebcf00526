import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { apiError } from '$lib/server/api/responses';
import {
	readIfMatch,
	readJsonObject,
	refusal,
	sheetWhere,
	unauthenticated
} from '$lib/server/reporting/api';
import { getFigure, putFigure, type FigureWhere } from '$lib/server/reporting/figures.service';
import { withTerritoryCode } from '$lib/server/reporting/api-views';
import type { RequestHandler } from './$types';

// One figure: an indicator × a period (× a breakdown value, `?breakdown=<label or id>`).
// Every request needs a session or a personal token; drafts are seen by the fiche's pilots and
// the coordination only. See /api/openapi.json for the contract.

function where(
	params: { scheme: string; fiche: string; indicator: string; period: string },
	url: URL
): FigureWhere | null {
	if (!/^\d{1,12}$/.test(params.indicator)) return null;
	return {
		...sheetWhere(params),
		indicatorId: Number(params.indicator),
		breakdown: url.searchParams.get('breakdown')
	};
}

const unknownIndicator = (id: string) => apiError('not_found', `Aucun indicateur « ${id} ».`);

export const GET: RequestHandler = async ({ params, url, locals }) => {
	if (!locals.user) return unauthenticated();
	const target = where(params, url);
	if (!target) return unknownIndicator(params.indicator);
	const result = await getFigure(getDb(), locals.user, target);
	if (!result.ok) return refusal(result);
	const figure = await withTerritoryCode(getDb(), result.figure);
	return json({ figure }, { headers: { ETag: `"${result.figure.version}"` } });
};

export const PUT: RequestHandler = async ({ params, url, request, locals }) => {
	if (!locals.user) return unauthenticated();
	const target = where(params, url);
	if (!target) return unknownIndicator(params.indicator);
	const ifMatch = readIfMatch(request);
	if (ifMatch === 'invalid')
		return apiError('bad_request', 'En-tête If-Match illisible : attendu "<version>" ou *.');
	const body = await readJsonObject(request);
	if (!body.ok) return body.response;
	const ifNoneMatch = request.headers.get('if-none-match')?.trim() === '*';
	const result = await putFigure(getDb(), locals.user, target, body.body, { ifMatch, ifNoneMatch });
	if (result.ok) {
		return json(
			{
				figure: await withTerritoryCode(getDb(), result.figure),
				created: result.created,
				changed: result.changed
			},
			{ status: result.created ? 201 : 200, headers: { ETag: `"${result.figure.version}"` } }
		);
	}
	switch (result.reason) {
		case 'precondition_failed':
			return apiError('precondition_failed', result.message, {
				version: result.currentVersion
			});
		case 'precondition_required':
			return apiError('precondition_required', result.message, {
				version: result.currentVersion
			});
		case 'not_editable':
			return apiError('conflict', result.message, { version: result.currentVersion });
		default:
			return refusal(result);
	}
};
