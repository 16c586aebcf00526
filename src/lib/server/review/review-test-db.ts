import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, type KyselyPlugin } from 'kysely';
import { hauteViennePlan } from '$seeds/haute-vienne-2017-2021';
import type { CurrentUser } from '../auth/auth.service';
import { migrateToLatest, openDatabase, type Db } from '../db/database';
import type { Database } from '../db/schema';
import { importPlanDocument } from '../plan/plan-import.service';
import { seedDemoFigures } from '../seed/demo-figures';
import { insertUser } from '../dashboard/test-data';

// Test-only: the demo plan with its demo figures (2017 and 2018 validated, 2019 open), loaded
// once and copied in memory for each test, and the users the tests act as.

export const DEMO_SLUG = hauteViennePlan.scheme.slug;
export const DEMO_TODAY = '2026-03-02';

let template: Buffer | null = null;

async function buildTemplate(): Promise<Buffer> {
	const { db, sqlite } = openDatabase(':memory:');
	await migrateToLatest(db);
	await importPlanDocument(db, hauteViennePlan);
	await seedDemoFigures(db, DEMO_TODAY);
	return sqlite.serialize();
}

export type DemoUsers = Record<'admin' | 'pilot' | 'reader', CurrentUser>;

/** A fresh copy of the demo database (optionally with plugins, e.g. a query counter). */
export async function createDemoDb(
	plugins: KyselyPlugin[] = []
): Promise<{ db: Db; users: DemoUsers }> {
	template ??= await buildTemplate();
	const sqlite = new SQLite(template);
	sqlite.pragma('foreign_keys = ON');
	const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), plugins });
	const scheme = await db
		.selectFrom('scheme')
		.select('id')
		.where('slug', '=', DEMO_SLUG)
		.executeTakeFirstOrThrow();
	const users: DemoUsers = {
		admin: await insertUser(db, 'coordination@test.fr', 'coordinateur', 'caf-87', [scheme.id]),
		pilot: await insertUser(db, 'pilote@test.fr', 'pilote', 'caf-87', [scheme.id]),
		reader: await insertUser(db, 'lecteur@test.fr', 'lecteur', null, [scheme.id])
	};
	return { db, users };
}
