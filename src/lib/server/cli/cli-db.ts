import { DatabaseSetupError, openConfiguredDatabase } from '../db/database';
import { cliConfig } from './cli-config';

export { cliConfig };

/**
 * Opens the database named by DATABASE_URL (PostgreSQL) or DATABASE_PATH (SQLite) for a
 * command-line tool, with a French one-line error.
 */
export function openCliDatabase() {
	try {
		return openConfiguredDatabase(cliConfig());
	} catch (error) {
		exitOnSetupError(error);
	}
}

export function exitOnSetupError(error: unknown): never {
	if (error instanceof DatabaseSetupError) {
		console.error(`Erreur : ${error.message}`);
		process.exit(1);
	}
	throw error;
}
