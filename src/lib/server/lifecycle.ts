import { closeDb, getDb, isDemoMode, prepareDatabase } from './app-db';
import { ConfigError, config } from './config';
import { DatabaseSetupError } from './db/database';
import { logger } from './log';
import { describeRelay, transportFromConfig } from './mail/transport';
import { startTicker, stopTicker } from './scheduler/scheduler';
import { registerTickTasks } from './scheduler/tasks';

/**
 * Server start-up (hooks `init`): checks the configuration, migrates (and loads the demo when
 * DEMO=1), starts the scheduler tick (MAIL_TICK_SECONDS), and once adapter-node has drained the
 * in-flight requests after SIGTERM/SIGINT stops the tick and closes the database. An operator's
 * mistake ends the process with a French message, not a stack trace.
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
	// The scheduler tick (outbox delivery, then the registered tasks): several processes may
	// tick at once, the outbox's leases keep a message from leaving twice.
	registerTickTasks();
	const settings = config();
	startTicker(getDb, transportFromConfig(settings), settings.MAIL_TICK_SECONDS);
	// adapter-node emits this after the HTTP server has closed, i.e. every request has answered.
	process.once('sveltekit:shutdown', (reason: string) => {
		void stopTicker()
			.then(() => closeDb())
			.then(() => logger().info({ reason }, 'arrêt : base de données fermée'));
	});
	logger().info(
		{
			database: settings.DATABASE_PATH,
			demo: isDemoMode(),
			pid: process.pid,
			// The relay without its credentials; null: mails are kept for /admin/courriels.
			mailRelay: describeRelay(settings),
			mailTickSeconds: settings.MAIL_TICK_SECONDS
		},
		'Pilotage SDSF démarré'
	);
}
