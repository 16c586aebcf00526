import type { Transaction } from 'kysely';
import { recordEvent, type AuditActor } from '../audit/audit.service';
import type { Database } from '../db/schema';
import { updateVersioned } from '../db/versioned-update';

/**
 * Renumbers items 0…n-1 in the given order (plan nodes among their siblings, indicators in their
 * fiche), recording a 'move' for each one whose place changes. Each position is written only if
 * the item still has the version read (updateVersioned: another writer in between makes the
 * caller's transaction run again).
 */
export async function renumber(
	tx: Transaction<Database>,
	actor: AuditActor,
	schemeId: number,
	entityType: 'plan_node' | 'indicator',
	ordered: { id: number; position: number; version: number }[]
): Promise<void> {
	for (const [position, item] of ordered.entries()) {
		if (item.position === position) continue;
		await updateVersioned(tx, entityType, item, { position });
		await recordEvent(tx, actor, {
			schemeId,
			entityType,
			entityId: item.id,
			action: 'move',
			changes: { position: { old: item.position, new: position } }
		});
	}
}
