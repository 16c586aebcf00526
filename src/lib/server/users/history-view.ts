import type { Changes } from '../audit/audit.service';

/** One audit event as a page shows it: labels and values already in French. */
export type HistoryEntry = {
	id: number;
	at: string;
	actor: string;
	action: string;
	changes: { field: string; old: string; new: string }[];
};

export type HistoryVocabulary = {
	actions: Record<string, string>;
	fields: Record<string, string>;
	/** A stored value in words; the default shows text as is and null as a dash. */
	value?: (field: string, value: unknown) => string | undefined;
};

function plainValue(value: unknown): string {
	if (value === null || value === undefined || value === '') return '—';
	if (typeof value === 'boolean') return value ? 'Oui' : 'Non';
	if (Array.isArray(value)) return value.length ? value.map(plainValue).join(' ; ') : '—';
	if (typeof value === 'object') return JSON.stringify(value);
	return String(value);
}

/** Turns raw audit rows into readable entries, newest first. Unknown fields keep their code. */
export function describeEvents(
	events: { id: number; at: string; actor: string; action: string; changes: string }[],
	vocabulary: HistoryVocabulary
): HistoryEntry[] {
	const show = (field: string, value: unknown) =>
		vocabulary.value?.(field, value) ?? plainValue(value);
	return [...events]
		.sort((a, b) => b.id - a.id)
		.map((event) => {
			let changes: Changes = {};
			try {
				changes = JSON.parse(event.changes) as Changes;
			} catch {
				// A malformed row still shows who did what and when.
			}
			return {
				id: event.id,
				at: event.at,
				actor: event.actor,
				action: vocabulary.actions[event.action] ?? event.action,
				changes: Object.entries(changes).map(([field, change]) => ({
					field: vocabulary.fields[field] ?? field,
					old: show(field, change.old),
					new: show(field, change.new)
				}))
			};
		});
}
