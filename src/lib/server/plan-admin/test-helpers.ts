import type { MembershipRole } from '$lib/domain/policy';
import type { CurrentUser } from '../auth/auth.service';
import type { Db } from '../db/database';
import { importPlanDocument } from '../plan/plan-import.service';
import { fixturePlan } from '../plan/plan.fixture';
import { createTestDb } from '../testing/test-db';
import { insertTestUser } from '../testing/test-users';

/** A test database holding the fixture plan, and the users the plan-admin tests act as. */
export async function createPlanAdminDb() {
	const db = await createTestDb();
	const { schemeId } = await importPlanDocument(db, fixturePlan);
	const admin = await insertUser(db, schemeId, 'admin@test.fr', 'coordinateur');
	const pilot = await insertUser(db, schemeId, 'pilote@test.fr', 'pilote');
	// Creates schemes (a platform right); member of none.
	const platformAdmin = await insertTestUser(db, {
		email: 'plateforme@test.fr',
		name: 'Test plateforme',
		platformAdmin: true
	});
	return { db, schemeId, slug: fixturePlan.scheme.slug, admin, pilot, platformAdmin };
}

/** An account of the first organisation holding `role` in the scheme. */
async function insertUser(
	db: Db,
	schemeId: number,
	email: string,
	role: MembershipRole
): Promise<CurrentUser> {
	const org = await db
		.selectFrom('organisation')
		.select(['id'])
		.orderBy('id')
		.executeTakeFirstOrThrow();
	return insertTestUser(db, {
		email,
		name: `Test ${role}`,
		organisation: org.id,
		memberships: [{ schemeId, role }]
	});
}

export function nodeByCode(db: Db, schemeId: number, code: string) {
	return db
		.selectFrom('plan_node')
		.selectAll()
		.where('scheme_id', '=', schemeId)
		.where('code', '=', code)
		.executeTakeFirstOrThrow();
}

export function ficheBySlug(db: Db, schemeId: number, slug: string) {
	return db
		.selectFrom('fiche')
		.selectAll()
		.where('scheme_id', '=', schemeId)
		.where('slug', '=', slug)
		.executeTakeFirst();
}

/** Events recorded after `sinceId`, changes parsed. */
export async function eventsSince(db: Db, sinceId: number) {
	const rows = await db
		.selectFrom('audit_event')
		.selectAll()
		.where('id', '>', sinceId)
		.orderBy('id')
		.execute();
	return rows.map((r) => ({
		...r,
		changes: JSON.parse(r.changes) as Record<string, { old: unknown; new: unknown }>
	}));
}

export async function lastEventId(db: Db): Promise<number> {
	const row = await db
		.selectFrom('audit_event')
		.select((eb) => eb.fn.max('id').as('max'))
		.executeTakeFirst();
	return Number(row?.max ?? 0);
}
