import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { hauteViennePlan } from '$seeds/haute-vienne-2017-2021';
import type { MembershipRole } from '$lib/domain/policy';
import type { CurrentUser } from '../auth/auth.service';
import { migrateToLatest, openDatabase, type Db } from '../db/database';
import type { Database } from '../db/schema';
import { importPlanDocument } from '../plan/plan-import.service';
import { insertTestUser } from '../testing/test-users';
import { changePeriodState, createPeriod } from './periods.service';

// Test support: the Haute-Vienne booklet imported once, then an in-memory copy per test.

export const SCHEME = hauteViennePlan.scheme.slug;
let template: Buffer | null = null;

export async function bookletDb(): Promise<Db> {
	if (!template) {
		const { db, sqlite } = openDatabase(':memory:');
		await migrateToLatest(db);
		await importPlanDocument(db, hauteViennePlan);
		template = sqlite.serialize();
	}
	const sqlite = new SQLite(template);
	sqlite.pragma('foreign_keys = ON');
	return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

/** An account with one membership in the booklet's scheme (`role` there, `organisation` as pilot). */
export async function makeUser(
	db: Db,
	role: MembershipRole,
	organisation: string | null,
	name: string
): Promise<CurrentUser> {
	const scheme = await db
		.selectFrom('scheme')
		.select('id')
		.where('slug', '=', SCHEME)
		.executeTakeFirstOrThrow();
	return insertTestUser(db, {
		email: `${name.toLowerCase().replace(/\W/g, '')}@test.fr`,
		name,
		organisation,
		memberships: [{ schemeId: scheme.id, role }]
	});
}

export async function bookletUsers(db: Db) {
	return {
		admin: await makeUser(db, 'coordinateur', 'caf-87', 'Claire Coordination'),
		cafPilot: await makeUser(db, 'pilote', 'caf-87', 'Marie Dupont'),
		cdPilot: await makeUser(db, 'pilote', 'cd-87', 'Paul Martin'),
		reader: await makeUser(db, 'lecteur', null, 'Luc Lecteur')
	};
}

/** Creates a period ("2019", "2019-S1", "2019-T3") and opens it. */
export async function openPeriod(
	db: Db,
	admin: CurrentUser,
	code: string,
	opensOn = '2020-01-06',
	closesOn = '2099-02-28'
) {
	const [year, rest] = code.split('-');
	const created = await createPeriod(db, admin, SCHEME, {
		kind: rest ? (rest.startsWith('S') ? 'semestre' : 'trimestre') : 'annee',
		year,
		number: rest ? rest.slice(1) : '',
		opensOn,
		closesOn
	});
	if (!created.ok) throw new Error(JSON.stringify(created));
	const opened = await changePeriodState(
		db,
		admin,
		{ scheme: SCHEME, period: code },
		{ state: 'ouverte' },
		created.period.version
	);
	if (!opened.ok) throw new Error(JSON.stringify(opened));
	return opened.period;
}
