import { apiError } from '../api/responses';
import { slugify } from '$lib/domain/text';

// Reading requests and answering refusals for the reporting endpoints, through the API's one
// JSON error helper (api/responses.ts).

/** The common refusals of the services as HTTP answers. */
export function refusal(result: {
	reason: string;
	message?: string;
	errors?: Record<string, string>;
}): Response {
	switch (result.reason) {
		case 'not_found':
			return apiError('not_found', result.message ?? 'Introuvable.');
		case 'forbidden':
			return apiError(
				'forbidden',
				result.message ?? 'Vous n’avez pas les droits pour cette action.'
			);
		case 'locked':
			return apiError('locked', result.message ?? 'Période fermée.');
		case 'invalid': {
			const fields = result.errors ?? {};
			return apiError('bad_request', fields._form ?? 'Données invalides : voir les champs.', {
				fields
			});
		}
		case 'conflict':
			return apiError('conflict', result.message ?? 'Modifié entre-temps.');
		default:
			return apiError('bad_request', result.message ?? 'Requête refusée.');
	}
}

export const unauthenticated = () =>
	apiError(
		'unauthorized',
		'Authentification requise : connectez-vous ou utilisez un jeton d’accès (Authorization: Bearer …).'
	);

/** A JSON object body, or a 400 answer. */
export async function readJsonObject(
	request: Request
): Promise<{ ok: true; body: Record<string, unknown> } | { ok: false; response: Response }> {
	try {
		const body = (await request.json()) as unknown;
		if (body && typeof body === 'object' && !Array.isArray(body))
			return { ok: true, body: body as Record<string, unknown> };
	} catch {
		// fall through
	}
	return {
		ok: false,
		response: apiError('bad_request', 'Le corps doit être un objet JSON.')
	};
}

/**
 * If-Match as the figures API reads it: absent → null, `*` → '*', `"3"` / `W/"3"` / `3` → 3.
 * Anything else → 'invalid'.
 */
export function readIfMatch(request: Request): number | '*' | null | 'invalid' {
	const header = request.headers.get('if-match');
	if (header === null || header.trim() === '') return null;
	if (header.trim() === '*') return '*';
	const version = Number(
		header
			.replace(/^\s*W\//, '')
			.replace(/"/g, '')
			.trim()
	);
	return Number.isInteger(version) && version > 0 ? version : 'invalid';
}

/** Route params → service `where`: the fiche number as written ("11 bis") or as in addresses ("11-bis"). */
export function sheetWhere(params: { scheme: string; fiche: string; period: string }) {
	return {
		scheme: params.scheme,
		fiche: slugify(params.fiche),
		period: params.period.toUpperCase()
	};
}
