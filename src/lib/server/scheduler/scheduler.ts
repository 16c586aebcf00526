import type { Db } from '../db/database';
import { logger } from '../log';
import { deliverDueMails, type DeliveryReport } from '../mail/outbox.service';
import type { MailTransport } from '../mail/transport';

// The scheduler tick: every MAIL_TICK_SECONDS inside the server (started by `startUp`, stopped on
// SIGTERM), or once per `npm run mail:tick` for those who prefer cron. A tick runs the registered
// tasks (reminders, housekeeping…) and then one delivery pass of the outbox, so a task's mails
// leave in the same tick. Several processes may tick at once: the outbox claims each message with
// a lease, and a task must be idempotent too (enqueue with an idempotency key such as
// « reminder:period-12:user-5:2026-12-07 », which makes the second process's enqueue a no-op).

export type TickTask = (db: Db, now: Date) => Promise<void>;

const tasks = new Map<string, TickTask>();

/**
 * Adds a task to every tick (same name: replaced). Register from `tasks.ts` of this folder, which
 * both the server and `mail:tick` import, so cron users run the same tasks.
 */
export function registerTickTask(name: string, task: TickTask): void {
	tasks.set(name, task);
}

export function registeredTickTasks(): string[] {
	return [...tasks.keys()];
}

export type TickReport = { tasks: Record<string, 'ok' | 'error'>; delivery: DeliveryReport };

/** One tick: each task (a failing one is logged and does not stop the others), then delivery. */
export async function runTick(
	db: Db,
	transport: MailTransport,
	now: Date = new Date()
): Promise<TickReport> {
	const outcome: TickReport['tasks'] = {};
	for (const [name, task] of tasks) {
		try {
			await task(db, now);
			outcome[name] = 'ok';
		} catch (error) {
			outcome[name] = 'error';
			logger().error({ task: name, err: error }, 'tâche planifiée en erreur');
		}
	}
	return { tasks: outcome, delivery: await deliverDueMails(db, transport) };
}

/** Logs a pass that did something (counts only: never an address, a subject or a link). */
export function logDelivery(delivery: DeliveryReport): void {
	if (Object.values(delivery).some((n) => n > 0)) logger().info(delivery, 'courriels : passage');
}

type Ticker = {
	timer: ReturnType<typeof setInterval>;
	getDb: () => Db;
	transport: MailTransport;
	running: Promise<void> | null;
	/** Another pass was asked for while one was running: run it right after. */
	pending: 'tick' | 'deliver' | null;
};

let ticker: Ticker | null = null;

async function pass(t: Ticker, kind: 'tick' | 'deliver'): Promise<void> {
	try {
		const db = t.getDb();
		const delivery =
			kind === 'tick'
				? (await runTick(db, t.transport)).delivery
				: await deliverDueMails(db, t.transport);
		logDelivery(delivery);
	} catch (error) {
		logger().error({ err: error }, 'courriels : passage en erreur');
	}
}

/** Runs a pass now, or right after the one in progress: never two at once in this process. */
function request(t: Ticker, kind: 'tick' | 'deliver'): Promise<void> {
	if (t.running) {
		if (t.pending !== 'tick') t.pending = kind;
		return t.running;
	}
	t.running = (async () => {
		let next: 'tick' | 'deliver' | null = kind;
		while (next) {
			t.pending = null;
			await pass(t, next);
			next = ticker === t ? t.pending : null;
		}
	})().finally(() => (t.running = null));
	return t.running;
}

/** Starts the in-process tick: a first one at once, then every `seconds`. */
export function startTicker(getDb: () => Db, transport: MailTransport, seconds: number): void {
	if (ticker || seconds <= 0) return;
	const t: Ticker = {
		getDb,
		transport,
		running: null,
		pending: null,
		timer: setInterval(() => void request(t, 'tick'), seconds * 1000)
	};
	// The tick never keeps the process alive by itself: the HTTP server does.
	t.timer.unref();
	ticker = t;
	void request(t, 'tick');
}

export function tickerRunning(): boolean {
	return ticker !== null;
}

/**
 * A mail was just committed: deliver it now rather than at the next tick. Does nothing without
 * the in-process ticker (MAIL_TICK_SECONDS=0, the command-line tools, unit tests).
 */
export function mailQueued(): void {
	if (ticker) void request(ticker, 'deliver');
}

/** Stops the tick and waits (at most `timeoutMs`) for a pass in progress to settle its rows. */
export async function stopTicker(timeoutMs = 10_000): Promise<void> {
	const t = ticker;
	if (!t) return;
	ticker = null;
	clearInterval(t.timer);
	if (t.running) {
		let timeout: ReturnType<typeof setTimeout> | undefined;
		await Promise.race([
			t.running,
			new Promise<void>((ok) => (timeout = setTimeout(ok, timeoutMs)))
		]);
		clearTimeout(timeout);
	}
	t.transport.close();
}
