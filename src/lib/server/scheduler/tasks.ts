import { purgeExpiredResets } from '../auth/password-reset.service';
import { purgeOldFailures } from '../auth/throttle';
import { registerTickTask } from './scheduler';

// The tasks of every tick, registered once for the server (lifecycle.ts) and `npm run mail:tick`
// alike. Add a task here (reminders, digests…): it runs before the delivery pass of the same tick,
// in every process that ticks, so it must be idempotent (enqueueMail's idempotency key).

let registered = false;

export function registerTickTasks(): void {
	if (registered) return;
	registered = true;
	registerTickTask('purge-login-failures', (db, now) => purgeOldFailures(db, now));
	registerTickTask('purge-password-resets', (db, now) => purgeExpiredResets(db, now));
}
