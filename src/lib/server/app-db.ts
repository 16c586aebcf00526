import { env } from '$env/dynamic/private';
import { DEFAULT_DATABASE_PATH, migrateToLatest, openDatabase, type Db } from './db/database';
import { seedDemoAccounts } from './seed/demo-accounts';
import { seedDemo } from './seed/demo-seed';
import { seedDemoFigures } from './seed/demo-figures';

let instance: Db | null = null;

/** The process-wide database, opened once from DATABASE_PATH. */
export function getDb(): Db {
	if (!instance) instance = openDatabase(env.DATABASE_PATH || DEFAULT_DATABASE_PATH).db;
	return instance;
}

/** Whether the demo plan, accounts and fictitious figures are loaded at start-up. */
export function isDemoMode(): boolean {
	return ['1', 'true', 'yes', 'oui'].includes((env.DEMO ?? '').toLowerCase());
}

/** Start-up: migrate, then in demo mode load what is missing of the demo (idempotent). */
export async function prepareDatabase(): Promise<void> {
	const db = getDb();
	await migrateToLatest(db);
	if (isDemoMode()) {
		await seedDemo(db);
		await seedDemoAccounts(db, env.DEMO_PASSWORD || undefined);
		await seedDemoFigures(db);
	}
}
