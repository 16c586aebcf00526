import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import type { CurrentUser } from '../auth/auth.service';

export type Change = { old: unknown; new: unknown };
export type Changes = Record<string, Change>;

/** Who did it: a user, or the system (seed, import) when userId is null. */
export type AuditActor = { userId: number | null; label: string };

/** How a signed-in user appears in the history: « organisation — name ». */
export function actorOf(user: CurrentUser): AuditActor {
	return {
		userId: user.id,
		label: user.organisationShortName ? `${user.organisationShortName} — ${user.name}` : user.name
	};
}

export const SYSTEM_ACTOR: AuditActor = { userId: null, label: 'Chargement initial' };

export type AuditEntry = {
	schemeId: number | null;
	entityType:
		| 'scheme'
		| 'plan_node'
		| 'fiche'
		| 'indicator'
		| 'user'
		| 'organisation'
		| 'amendment'
		| 'api_token'
		| 'period'
		| 'figure'
		| 'bilan'
		| 'scheme_bilan'
		| 'fiche_funding'
		| 'milestone'
		| 'meeting'
		| 'decision'
		| 'meteo';
	entityId: number;
	action: 'create' | 'update' | 'delete' | 'move' | string;
	changes: Changes;
	reason?: string | null;
};

/**
 * Appends one event to the history. Call it inside the transaction that makes the change, so the
 * change and its trace land together or not at all.
 */
export async function recordEvent(
	db: Transaction<Database> | Kysely<Database>,
	actor: AuditActor,
	entry: AuditEntry
): Promise<void> {
	await db
		.insertInto('audit_event')
		.values({
			user_id: actor.userId,
			actor: actor.label,
			scheme_id: entry.schemeId,
			entity_type: entry.entityType,
			entity_id: entry.entityId,
			action: entry.action,
			changes: JSON.stringify(entry.changes),
			reason: entry.reason ?? null
		})
		.execute();
}

/** The fields whose value differs, as { field: { old, new } } (deep comparison through JSON). */
export function diffFields<T extends Record<string, unknown>>(
	before: T,
	after: Partial<T>
): Changes {
	const changes: Changes = {};
	for (const key of Object.keys(after)) {
		const a = before[key] ?? null;
		const b = after[key] ?? null;
		if (JSON.stringify(a) !== JSON.stringify(b)) changes[key] = { old: a, new: b };
	}
	return changes;
}

/** Every field of a new record as changes from null, so replaying the history rebuilds it. */
export function creationChanges(snapshot: Record<string, unknown>): Changes {
	return Object.fromEntries(
		Object.entries(snapshot).map(([k, v]) => [k, { old: null, new: v ?? null }])
	);
}

/** A deletion's changes: every field of the last state, from its value to null. */
export function deletionChanges(snapshot: Record<string, unknown>): Changes {
	return Object.fromEntries(
		Object.entries(snapshot).map(([k, v]) => [k, { old: v ?? null, new: null }])
	);
}

export function listEntityEvents(
	db: Kysely<Database>,
	entityType: AuditEntry['entityType'],
	entityId: number
) {
	return db
		.selectFrom('audit_event')
		.selectAll()
		.where('entity_type', '=', entityType)
		.where('entity_id', '=', entityId)
		.orderBy('id')
		.execute();
}

/** Folds a record's events into its latest state: the proof that the history is complete. */
export function replayEvents(
	events: { action: string; changes: string }[]
): Record<string, unknown> | null {
	let state: Record<string, unknown> | null = null;
	for (const event of events) {
		if (event.action === 'delete') {
			state = null;
			continue;
		}
		const changes = JSON.parse(event.changes) as Changes;
		state = { ...(state ?? {}) };
		for (const [field, change] of Object.entries(changes)) state[field] = change.new;
	}
	return state;
}
