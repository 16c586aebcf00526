import { sql } from 'kysely';
import { pendingMigrations, type Db } from './db/database';

export type Health =
	| { status: 'ok'; database: 'ok' }
	| { status: 'error'; database: 'injoignable' | 'non migrée'; message: string };

/** GET /healthz: the database answers a query and has every migration of this version applied. */
export async function checkHealth(open: () => Db): Promise<Health> {
	let db: Db;
	try {
		db = open();
		await sql`select 1`.execute(db);
	} catch {
		return {
			status: 'error',
			database: 'injoignable',
			message: 'La base de données ne répond pas.'
		};
	}
	let pending: string[];
	try {
		pending = await pendingMigrations(db);
	} catch {
		return {
			status: 'error',
			database: 'injoignable',
			message: 'La base de données ne répond pas.'
		};
	}
	if (pending.length)
		return {
			status: 'error',
			database: 'non migrée',
			message: `Migrations non appliquées : ${pending.join(', ')}.`
		};
	return { status: 'ok', database: 'ok' };
}
