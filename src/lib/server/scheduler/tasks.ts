import { purgeExpiredResets } from '../auth/password-reset.service';
import { purgeOldFailures } from '../auth/throttle';
import { hourInParis, todayInParis } from '$lib/domain/paris-time';
import type { Db } from '../db/database';
import { SEND_FROM_HOUR, sendDeadlineReminders, sendDigests } from '../notifications/scheduled';
import { registerTickTask } from './scheduler';

// The tasks of every tick, registered once for the server (lifecycle.ts) and `npm run mail:tick`
// alike. Add a task here (reminders, digests…): it runs before the delivery pass of the same tick,
// in every process that ticks, so it must be idempotent (enqueueMail's idempotency key).

let registered = false;

function oncePerDay(task: (db: Db, now: Date) => Promise<unknown>) {
	let doneOn: string | null = null;
	return async (db: Db, now: Date) => {
		const today = todayInParis(now);
		if (doneOn === today || hourInParis(now) < SEND_FROM_HOUR) return;
		await task(db, now);
		doneOn = today;
	};
}

export function registerTickTasks(): void {
	if (registered) return;
	registered = true;
	registerTickTask('purge-login-failures', (db, now) => purgeOldFailures(db, now));
	registerTickTask('purge-password-resets', (db, now) => purgeExpiredResets(db, now));
	// Reminders and digests are worked out once per Paris day and process, from 8 a.m.; running
	// them again would write nothing (idempotency keys), only cost queries every minute.
	registerTickTask(
		'deadline-reminders',
		oncePerDay((db, now) => sendDeadlineReminders(db, now))
	);
	registerTickTask(
		'digests',
		oncePerDay((db, now) => sendDigests(db, now))
	);
}
