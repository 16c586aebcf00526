import { DatabaseSetupError, DEFAULT_DATABASE_PATH, openDatabase } from '../db/database';

/** Opens the database named by DATABASE_PATH for a command-line tool, with a French one-line error. */
export function openCliDatabase() {
	try {
		return openDatabase(process.env.DATABASE_PATH || DEFAULT_DATABASE_PATH);
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
