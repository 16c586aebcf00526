import type { Transaction } from 'kysely';
import { recordEvent, type AuditActor, type AuditEntry } from '../audit/audit.service';
import type { Database } from '../db/schema';

/**
 * Renumbers items 0…n-1 in the given order (plan nodes among their siblings, indicators in their
 * fiche), recording a 'move' for each one whose place changes. `setPosition` writes a position
 * only if the item still has the version read; the caller read it in this same transaction, so a
 * miss is a bug.
 */
export async function renumber(
	tx: Transaction<Database>,
	actor: AuditActor,
	schemeId: number,
	entityType: AuditEntry['entityType'],
	ordered: { id: number; position: number; version: number }[],
	setPosition: (id: number, position: number, version: number) => Promise<boolean>
): Promise<void> {
	for (const [position, item] of ordered.entries()) {
		if (item.position === position) continue;
		if (!(await setPosition(item.id, position, item.version)))
			throw new Error(`${entityType} version changed inside the transaction.`);
		await recordEvent(tx, actor, {
			schemeId,
			entityType,
			entityId: item.id,
			action: 'move',
			changes: { position: { old: item.position, new: position } }
		});
	}
}
