import { json } from '@sveltejs/kit';

export type ApiErrorCode =
	| 'not_found'
	| 'bad_request'
	| 'unauthorized'
	| 'forbidden'
	| 'conflict'
	| 'precondition_failed'
	| 'payload_too_large'
	| 'unsupported_media_type'
	| 'method_not_allowed';

/** JSON error body shared by every endpoint: `{ error: { code, message } }`, message in French. */
export function apiError(status: number, code: ApiErrorCode, message: string): Response {
	return json({ error: { code, message } }, { status });
}

export function notFound(message: string): Response {
	return apiError(404, 'not_found', message);
}

/** A private scheme read without a session or token: 401, so the caller knows to authenticate. */
export function unauthorized(): Response {
	return apiError(
		401,
		'unauthorized',
		'Authentification requise : connectez-vous ou utilisez un jeton d’accès.'
	);
}

export function forbidden(message = 'Vous n’avez pas les droits pour cette action.'): Response {
	return apiError(403, 'forbidden', message);
}
