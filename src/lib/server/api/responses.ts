import { json } from '@sveltejs/kit';

export type ApiErrorCode = 'not_found' | 'bad_request' | 'method_not_allowed';

/** JSON error body shared by every endpoint: `{ error: { code, message } }`, message in French. */
export function apiError(status: number, code: ApiErrorCode, message: string): Response {
	return json({ error: { code, message } }, { status });
}

export function notFound(message: string): Response {
	return apiError(404, 'not_found', message);
}
