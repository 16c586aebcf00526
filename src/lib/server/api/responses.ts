import { json } from '@sveltejs/kit';

// The one JSON error contract of the API: `{ error: { code, message, fields? }, currentVersion? }`,
// message in French, the status decided by the code (a 428 is always `precondition_required`, a
// 412 always `precondition_failed`).

export const API_ERROR_STATUS = {
	bad_request: 400,
	unauthorized: 401,
	forbidden: 403,
	not_found: 404,
	method_not_allowed: 405,
	conflict: 409,
	precondition_failed: 412,
	payload_too_large: 413,
	unsupported_media_type: 415,
	locked: 423,
	precondition_required: 428
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

export function apiError(
	code: ApiErrorCode,
	message: string,
	options: { fields?: Record<string, string>; version?: number | null } = {}
): Response {
	const headers: Record<string, string> = {};
	if (options.version) headers.ETag = `"${options.version}"`;
	return json(
		{
			error: { code, message, ...(options.fields ? { fields: options.fields } : {}) },
			...(options.version ? { currentVersion: options.version } : {})
		},
		{ status: API_ERROR_STATUS[code], headers }
	);
}

export function notFound(message: string): Response {
	return apiError('not_found', message);
}

/** A private scheme read without a session or token: 401, so the caller knows to authenticate. */
export function unauthorized(): Response {
	return apiError(
		'unauthorized',
		'Authentification requise : connectez-vous ou utilisez un jeton d’accès.'
	);
}

export function forbidden(message = 'Vous n’avez pas les droits pour cette action.'): Response {
	return apiError('forbidden', message);
}
