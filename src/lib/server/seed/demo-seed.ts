import { hauteViennePlan } from '$seeds/haute-vienne-2017-2021';
import type { Db } from '../db/database';
import { importPlanDocument } from '../plan/plan-import.service';

export const DEMO_SCHEME_SLUG = hauteViennePlan.scheme.slug;

export type SeedOutcome = { loaded: boolean; fiches: number };

/**
 * Loads the Haute-Vienne demo plan. Idempotent: an existing demo scheme is left as is, unless
 * `reset` asks to delete it (with everything under it) and load it again.
 */
export async function seedDemo(db: Db, { reset = false } = {}): Promise<SeedOutcome> {
	const existing = await db
		.selectFrom('scheme')
		.select('id')
		.where('slug', '=', DEMO_SCHEME_SLUG)
		.executeTakeFirst();
	if (existing && !reset) return { loaded: false, fiches: 0 };
	if (existing) await db.deleteFrom('scheme').where('id', '=', existing.id).execute();
	const result = await importPlanDocument(db, hauteViennePlan);
	return { loaded: true, fiches: result.fiches };
}
