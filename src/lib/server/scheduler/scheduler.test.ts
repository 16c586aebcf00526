import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { reloadConfig } from '../config';
import { enqueueMail } from '../mail/outbox.service';
import type { MailTransport, OutgoingMail } from '../mail/transport';
import { createTestDb } from '../testing/test-db';
import {
	mailQueued,
	registerTickTask,
	registeredTickTasks,
	runTick,
	startTicker,
	stopTicker,
	tickerRunning
} from './scheduler';

beforeAll(() => {
	process.env.LOG_LEVEL = 'silent';
	reloadConfig();
});
afterEach(() => stopTicker());

function transport(): MailTransport & { sent: OutgoingMail[] } {
	const sent: OutgoingMail[] = [];
	return {
		mode: 'smtp',
		sent,
		async send(mail) {
			sent.push(mail);
		},
		close() {}
	};
}

const newMail = (n: number) => ({
	idempotencyKey: `tache:${n}`,
	kind: 'test',
	to: `p${n}@exemple.fr`,
	subject: 'Essai',
	text: 'Bonjour'
});

describe('runTick', () => {
	it('runs every task, a failing one included, then delivers what they queued in the same tick', async () => {
		const db = await createTestDb();
		const order: string[] = [];
		registerTickTask('test-en-erreur', async () => {
			order.push('erreur');
			throw new Error('panne');
		});
		registerTickTask('test-rappels', async (tx) => {
			order.push('rappels');
			await enqueueMail(tx, newMail(1));
		});
		expect(registeredTickTasks()).toEqual(
			expect.arrayContaining(['test-en-erreur', 'test-rappels'])
		);
		const relay = transport();
		const report = await runTick(db, relay);
		expect(order).toEqual(['erreur', 'rappels']);
		expect(report.tasks).toMatchObject({ 'test-en-erreur': 'error', 'test-rappels': 'ok' });
		expect(report.delivery.sent).toBe(1);
		expect(relay.sent.map((m) => m.to)).toEqual(['p1@exemple.fr']);
		// The task runs again at the next tick; its idempotency key makes it a no-op.
		expect((await runTick(db, relay)).delivery.sent).toBe(0);
		registerTickTask('test-en-erreur', async () => {});
		registerTickTask('test-rappels', async () => {});
	});
});

describe('the in-process ticker', () => {
	it('delivers right after a commit when asked, never two passes at once, and stops', async () => {
		const db = await createTestDb();
		mailQueued(); // no ticker: nothing happens
		const relay = transport();
		startTicker(() => db, relay, 3600);
		expect(tickerRunning()).toBe(true);
		await enqueueMail(db, newMail(2));
		mailQueued();
		mailQueued();
		await new Promise((ok) => setTimeout(ok, 200));
		expect(relay.sent.map((m) => m.to)).toEqual(['p2@exemple.fr']);
		await stopTicker();
		expect(tickerRunning()).toBe(false);
		await enqueueMail(db, newMail(3));
		mailQueued();
		await new Promise((ok) => setTimeout(ok, 100));
		expect(relay.sent).toHaveLength(1);
	});

	it('does not start with 0 seconds (MAIL_TICK_SECONDS=0)', async () => {
		const db = await createTestDb();
		startTicker(() => db, transport(), 0);
		expect(tickerRunning()).toBe(false);
	});
});
