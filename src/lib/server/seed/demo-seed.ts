import { correzePlan } from '$seeds/correze-2022-2026';
import { hauteViennePlan } from '$seeds/haute-vienne-2017-2021';
import { limogesSppePlan } from '$seeds/limoges-sppe-2026-2031';
import type { Db } from '../db/database';
import { importPlanDocument } from '../plan/plan-import.service';

export const DEMO_SCHEME_SLUG = hauteViennePlan.scheme.slug;

/**
 * The demo plans, in load order: the Limoges SPPE names the Haute-Vienne SDSF it must be
 * compatible with and links to its fiches, so it comes after it.
 */
export const DEMO_PLANS = [hauteViennePlan, correzePlan, limogesSppePlan];

export type SeedOutcome = { loaded: boolean; fiches: number; schemes: number };

/**
 * Loads the demo plans. Idempotent: an existing demo scheme is left as is, unless `reset` asks to
 * delete it (with everything under it) and load it again.
 */
export async function seedDemo(db: Db, { reset = false } = {}): Promise<SeedOutcome> {
	let fiches = 0;
	let schemes = 0;
	if (reset) {
		// Dependants first: a scheme linked from another is deleted after it.
		for (const plan of [...DEMO_PLANS].reverse())
			await db.deleteFrom('scheme').where('slug', '=', plan.scheme.slug).execute();
	}
	for (const plan of DEMO_PLANS) {
		const existing = await db
			.selectFrom('scheme')
			.select('id')
			.where('slug', '=', plan.scheme.slug)
			.executeTakeFirst();
		if (existing) continue;
		const result = await importPlanDocument(db, plan);
		fiches += result.fiches;
		schemes += 1;
	}
	return { loaded: schemes > 0, fiches, schemes };
}
