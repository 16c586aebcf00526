import { migrateToLatest, openDatabase, type Db } from '../db/database';

/** A fresh in-memory database migrated with the real migrations. */
export async function createTestDb(): Promise<Db> {
	const { db } = openDatabase(':memory:');
	await migrateToLatest(db);
	return db;
}
