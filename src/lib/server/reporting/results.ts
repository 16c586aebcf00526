import { todayInParis } from '$lib/domain/paris-time';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';

// The typed answers of the reporting services; routes turn them into pages, 400, 403, 404, 409 or 423.

export type NotFound = { ok: false; reason: 'not_found'; message: string };
export type Forbidden = { ok: false; reason: 'forbidden'; message: string };
/** The period is not open, or the figure waits for (or passed) review. */
export type Locked = { ok: false; reason: 'locked'; message: string };
/** Errors keyed by form field name (`value.<key>`, `comment.<key>`, `opensOn`…), in French. */
export type Invalid = { ok: false; reason: 'invalid'; errors: Record<string, string> };
export type Conflict<C> = { ok: false; reason: 'conflict'; current: C; message: string };

export const notFound = (message: string): NotFound => ({
	ok: false,
	reason: 'not_found',
	message
});
export const forbidden = (
	message = 'Vous n’avez pas les droits pour cette action.'
): Forbidden => ({
	ok: false,
	reason: 'forbidden',
	message
});
export const locked = (message: string): Locked => ({ ok: false, reason: 'locked', message });
export const invalid = (errors: Record<string, string>): Invalid => ({
	ok: false,
	reason: 'invalid',
	errors
});
export const conflict = <C>(current: C, message: string): Conflict<C> => ({
	ok: false,
	reason: 'conflict',
	current,
	message
});

export type Tx = Transaction<Database>;

export { transact } from '../db/transact';

/** Today in Paris (`YYYY-MM-DD`): the day the app shows, not the UTC one. */
export const today = (): string => todayInParis();
