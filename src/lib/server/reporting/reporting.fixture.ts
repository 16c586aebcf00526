import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { hauteViennePlan } from '$seeds/haute-vienne-2017-2021';
import type { CurrentUser } from '../auth/auth.service';
import { migrateToLatest, openDatabase, type Db } from '../db/database';
import type { Database } from '../db/schema';
import { importPlanDocument } from '../plan/plan-import.service';
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

export async function makeUser(
	db: Db,
	role: CurrentUser['role'],
	organisation: string | null,
	name: string
): Promise<CurrentUser> {
	const org = organisation
		? await db
				.selectFrom('organisation')
				.select(['id', 'short_name'])
				.where('slug', '=', organisation)
				.executeTakeFirstOrThrow()
		: null;
	const email = `${name.toLowerCase().replace(/\W/g, '')}@test.fr`;
	const { id } = await db
		.insertInto('app_user')
		.values({ email, name, role, organisation_id: org?.id ?? null })
		.returning('id')
		.executeTakeFirstOrThrow();
	return {
		id,
		role,
		organisationId: org?.id ?? null,
		name,
		email,
		organisationShortName: org?.short_name ?? null,
		via: 'session'
	};
}

export async function bookletUsers(db: Db) {
	return {
		admin: await makeUser(db, 'administrateur', 'caf-87', 'Claire Coordination'),
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
