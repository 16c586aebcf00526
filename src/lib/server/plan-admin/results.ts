// The typed answers of the plan-admin services; routes turn them into pages, 400, 403, 404 or 409.

export type Forbidden = { ok: false; reason: 'forbidden' };
export type NotFound = { ok: false; reason: 'not_found'; message: string };
export type Invalid = { ok: false; reason: 'invalid'; field: string; message: string };
export type Conflict<S> = { ok: false; reason: 'conflict'; current: S; currentVersion: number };

export const FORBIDDEN: Forbidden = { ok: false, reason: 'forbidden' };

export function notFound(message: string): NotFound {
	return { ok: false, reason: 'not_found', message };
}

export function invalid(field: string, message: string): Invalid {
	return { ok: false, reason: 'invalid', field, message };
}

/** Someone saved first: what is there now, and its version, for the form to show. */
export function conflict<S>(current: S, currentVersion: number): Conflict<S> {
	return { ok: false, reason: 'conflict', current, currentVersion };
}

/** The new order of a list after moving one item a step up or down; null at the edge. */
export function stepMove<T>(items: T[], index: number, direction: 'up' | 'down'): T[] | null {
	const target = direction === 'up' ? index - 1 : index + 1;
	if (index < 0 || target < 0 || target >= items.length) return null;
	const next = [...items];
	[next[index], next[target]] = [next[target], next[index]];
	return next;
}
