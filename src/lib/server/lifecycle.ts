import { closeDb, isDemoMode, prepareDatabase } from './app-db';
import { ConfigError, config } from './config';
import { DatabaseSetupError } from './db/database';
import { logger } from './log';

/**
 * Server start-up (hooks `init`): checks the configuration, migrates (and loads the demo when
 * DEMO=1), and closes the database once adapter-node has drained the in-flight requests after
 * SIGTERM/SIGINT. An operator's mistake ends the process with a French message, not a stack trace.
 */
export async function startUp(): Promise<void> {
	try {
		config();
		await prepareDatabase();
	} catch (error) {
		if (error instanceof ConfigError || error instanceof DatabaseSetupError) {
			console.error(`Erreur de démarrage : ${error.message}`);
			process.exit(1);
		}
		throw error;
	}
	// adapter-node emits this after the HTTP server has closed, i.e. every request has answered.
	process.once('sveltekit:shutdown', (reason: string) => {
		void closeDb().then(() => logger().info({ reason }, 'arrêt : base de données fermée'));
	});
	logger().info(
		{ database: config().DATABASE_PATH, demo: isDemoMode(), pid: process.pid },
		'Pilotage SDSF démarré'
	);
}
