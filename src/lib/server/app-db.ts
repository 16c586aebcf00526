import { config } from './config';
import { recordStatement } from './http/server-timing';
import { migrateToLatest, openConfiguredDatabase, type Db } from './db/database';
import { seedDemoAccounts } from './seed/demo-accounts';
import { seedDemo } from './seed/demo-seed';
import { seedDemoFigures } from './seed/demo-figures';
import { seedDemoTerritory } from './seed/demo-territory';

let instance: ReturnType<typeof openConfiguredDatabase> | null = null;

/** The process-wide database: PostgreSQL when DATABASE_URL is set, else SQLite at DATABASE_PATH. */
export function getDb(): Db {
	if (!instance) {
		const settings = config();
		instance = openConfiguredDatabase(
			settings,
			settings.SERVER_TIMING ? { onStatement: recordStatement } : {}
		);
	}
	return instance.db;
}

/**
 * Closes the process-wide database (at shutdown): on SQLite the last connection to close
 * checkpoints the WAL into the database file; on PostgreSQL the pool ends. A later `getDb()`
 * would open it again.
 */
export async function closeDb(): Promise<void> {
	const open = instance;
	instance = null;
	if (open) await open.db.destroy();
}

/** Whether the demo plan, accounts and fictitious figures are loaded at start-up (DEMO=1). */
export function isDemoMode(): boolean {
	return config().DEMO;
}

/** Start-up: migrate, then in demo mode load what is missing of the demo (idempotent). */
export async function prepareDatabase(): Promise<void> {
	const db = getDb();
	await migrateToLatest(db);
	if (isDemoMode()) {
		await seedDemo(db);
		await seedDemoAccounts(db, config().DEMO_PASSWORD);
		await seedDemoFigures(db);
		await seedDemoTerritory(db);
	}
}
