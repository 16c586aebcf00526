import { migrateToLatest } from '../db/database';
import { exitOnSetupError, openCliDatabase } from './cli-db';

const { db } = openCliDatabase();
try {
	const applied = await migrateToLatest(db);
	console.log(
		applied.length ? `Migrations appliquées : ${applied.join(', ')}` : 'Base déjà à jour.'
	);
} catch (error) {
	exitOnSetupError(error);
} finally {
	await db.destroy();
}
