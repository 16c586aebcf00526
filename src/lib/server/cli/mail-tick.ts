import { migrateToLatest } from '../db/database';
import { describeRelay, transportFromConfig } from '../mail/transport';
import { runTick } from '../scheduler/scheduler';
import { registerTickTasks } from '../scheduler/tasks';
import { exitOnSetupError, openCliDatabase, cliConfig } from './cli-db';

// npm run mail:tick: one scheduler tick (the registered tasks, then one delivery pass of the
// outbox), then exit. For a cron job beside (or instead of) the server's own tick
// (MAIL_TICK_SECONDS=0): leases keep both from sending a message twice.

const settings = cliConfig();
const { db } = openCliDatabase();
const transport = transportFromConfig(settings);
try {
	await migrateToLatest(db);
	registerTickTasks();
	const { delivery, tasks } = await runTick(db, transport);
	const relay = describeRelay(settings);
	const done = relay
		? `${delivery.sent} envoyé(s) par ${relay}`
		: `${delivery.kept} gardé(s) pour /admin/courriels (SMTP_URL absent)`;
	console.log(`Courriels : ${done}, ${delivery.retried} à réessayer, ${delivery.failed} en échec.`);
	const failedTasks = Object.entries(tasks).filter(([, outcome]) => outcome === 'error');
	if (failedTasks.length) {
		console.error(`Tâches en erreur : ${failedTasks.map(([name]) => name).join(', ')}`);
		process.exitCode = 1;
	}
} catch (error) {
	exitOnSetupError(error);
} finally {
	transport.close();
	await db.destroy();
}
