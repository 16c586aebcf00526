import { migrateToLatest } from '../db/database';
import { seedDemoAccounts } from '../seed/demo-accounts';
import { seedDemo } from '../seed/demo-seed';
import { seedDemoFigures } from '../seed/demo-figures';
import { seedDemoTerritory } from '../seed/demo-territory';
import { cliConfig, exitOnSetupError, openCliDatabase } from './cli-db';

// npm run db:seed [-- --reset]: loads the demo plan; --reset deletes and reloads it.
const reset = process.argv.includes('--reset');
const { db } = openCliDatabase();
try {
	await migrateToLatest(db);
	const outcome = await seedDemo(db, { reset });
	const accounts = await seedDemoAccounts(db, cliConfig().DEMO_PASSWORD);
	if (accounts) console.log(`${accounts} compte(s) de démonstration créé(s).`);
	await seedDemoFigures(db);
	await seedDemoTerritory(db);
	console.log(
		outcome.loaded
			? `Plans de démonstration chargés (${outcome.schemes} schéma(s), ${outcome.fiches} fiches).`
			: 'Plans de démonstration déjà présents (utilisez --reset pour le recharger).'
	);
} catch (error) {
	exitOnSetupError(error);
} finally {
	await db.destroy();
}
