import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reloadConfig } from '../config';
import { migrateToLatest, openDatabase, type Db } from '../db/database';
import { claim } from './outbox.queries';
import {
	deliverDueMails,
	enqueueMail,
	MAIL_GIVE_UP_MS,
	MAIL_LEASE_MS,
	retryDelayMs,
	type NewMail
} from './outbox.service';
import {
	classifySendError,
	keptTransport,
	messageIdFor,
	type MailTransport,
	type OutgoingMail
} from './transport';

// The outbox on a real SQLite file (WAL), with two connections for two concurrent senders.

const MINUTE = 60_000;
let folder: string;
let db: Db;
let other: Db | null = null;

// The retries and refusals are logged; the test reads the rows instead.
beforeAll(() => {
	process.env.LOG_LEVEL = 'silent';
	reloadConfig();
});

beforeEach(async () => {
	folder = mkdtempSync(join(tmpdir(), 'sdsf-outbox-'));
	db = openDatabase(join(folder, 'sdsf.db')).db;
	await migrateToLatest(db);
});
afterEach(async () => {
	await other?.destroy();
	other = null;
	await db.destroy();
	rmSync(folder, { recursive: true, force: true });
});

const mail = (n: number, extra: Partial<NewMail> = {}): NewMail => ({
	idempotencyKey: `test:${n}`,
	kind: 'test',
	to: `personne${n}@exemple.fr`,
	subject: `Message ${n}`,
	text: `Bonjour ${n}`,
	html: `<p>Bonjour ${n}</p>`,
	...extra
});

/** A relay that records what it is given; `fail` decides, per call, to throw instead. */
function recordingTransport(
	fail: (mail: OutgoingMail, call: number) => unknown = () => null,
	delayMs = 0
): MailTransport & { sent: OutgoingMail[]; calls: number } {
	const transport = {
		mode: 'smtp' as const,
		sent: [] as OutgoingMail[],
		calls: 0,
		async send(message: OutgoingMail) {
			const call = ++transport.calls;
			if (delayMs) await new Promise((ok) => setTimeout(ok, delayMs));
			const error = fail(message, call);
			if (error) throw error;
			transport.sent.push(message);
		},
		close() {}
	};
	return transport;
}

const refused = Object.assign(new Error("Can't send mail - all recipients were rejected"), {
	code: 'EENVELOPE',
	command: 'RCPT TO',
	responseCode: 550,
	response: '550 5.1.1 Boîte aux lettres inconnue'
});
const relayDown = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:2525'), {
	code: 'ESOCKET'
});

const rowOf = (id = 1) =>
	db.selectFrom('mail').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('enqueueMail', () => {
	it('writes one row per idempotency key: a second enqueue of the same key does nothing', async () => {
		expect(await enqueueMail(db, mail(1))).toBe(true);
		expect(await enqueueMail(db, mail(1, { subject: 'Autre sujet' }))).toBe(false);
		const rows = await db.selectFrom('mail').selectAll().execute();
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ subject: 'Message 1', status: 'queued', attempts: 0 });
	});

	it('belongs to the caller’s transaction: a rollback takes the mail away', async () => {
		await expect(
			db.transaction().execute(async (tx) => {
				await enqueueMail(tx, mail(1));
				throw new Error('annulé');
			})
		).rejects.toThrow('annulé');
		expect(await db.selectFrom('mail').selectAll().execute()).toEqual([]);
	});
});

describe('deliverDueMails', () => {
	it('sends each due mail once, with a Message-ID derived from its key, and marks it sent', async () => {
		await enqueueMail(db, mail(1, { headers: { 'X-Test': 'oui' } }));
		await enqueueMail(db, mail(2));
		const transport = recordingTransport();
		const report = await deliverDueMails(db, transport);
		expect(report).toMatchObject({ sent: 2, retried: 0, failed: 0 });
		expect(transport.sent.map((m) => m.to)).toEqual([
			'personne1@exemple.fr',
			'personne2@exemple.fr'
		]);
		expect(transport.sent[0].messageId).toBe(messageIdFor('test:1', transport.sent[0].from));
		expect(transport.sent[0].messageId).toMatch(/^<[0-9a-f]{40}@localhost>$/);
		expect(transport.sent[0].headers).toMatchObject({
			'X-Test': 'oui',
			'X-Pilotage-Idempotency-Key': 'test:1'
		});
		expect(await rowOf(1)).toMatchObject({ status: 'sent', attempts: 1, lease_until: null });
		expect((await rowOf(1)).sent_at).not.toBeNull();
		// Nothing is due any more.
		expect((await deliverDueMails(db, transport)).sent).toBe(0);
		expect(transport.calls).toBe(2);
	});

	it('keeps mails without a relay (status kept, for the administrators’ page)', async () => {
		await enqueueMail(db, mail(1));
		expect(await deliverDueMails(db, keptTransport)).toMatchObject({ kept: 1, sent: 0 });
		expect(await rowOf(1)).toMatchObject({ status: 'kept', attempts: 1 });
	});

	it('lets two concurrent senders on one file share the work: every mail leaves exactly once', async () => {
		for (let n = 1; n <= 30; n++) await enqueueMail(db, mail(n));
		other = openDatabase(join(folder, 'sdsf.db')).db;
		const transport = recordingTransport(() => null, 3);
		const [a, b] = await Promise.all([
			deliverDueMails(db, transport),
			deliverDueMails(other, transport)
		]);
		expect(a.sent + b.sent).toBe(30);
		// Both took part (the sends interleave on the transport's delay).
		expect(a.sent).toBeGreaterThan(0);
		expect(b.sent).toBeGreaterThan(0);
		const keys = transport.sent.map((m) => m.headers['X-Pilotage-Idempotency-Key']);
		expect(new Set(keys).size).toBe(30);
		expect(keys).toHaveLength(30);
		const rows = await db.selectFrom('mail').select(['status', 'attempts']).execute();
		expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
	});

	it('claims with a lease: a row held by a sender that died is sent again only once the lease ran out', async () => {
		await enqueueMail(db, mail(1));
		const t0 = Date.now();
		const iso = (ms: number) => new Date(ms).toISOString();
		// A sender claims the row, then dies before settling it.
		expect(await claim(db, 1, iso(t0), iso(t0 + MAIL_LEASE_MS))).toBe(true);
		// The same claim cannot be won twice.
		expect(await claim(db, 1, iso(t0), iso(t0 + MAIL_LEASE_MS))).toBe(false);
		const transport = recordingTransport();
		expect((await deliverDueMails(db, transport, new Date(t0 + MAIL_LEASE_MS - 1000))).sent).toBe(
			0
		);
		expect(transport.calls).toBe(0);
		expect((await deliverDueMails(db, transport, new Date(t0 + MAIL_LEASE_MS + 1000))).sent).toBe(
			1
		);
		expect(await rowOf(1)).toMatchObject({ status: 'sent', attempts: 2 });
	});

	it('does not mark as its own a row another sender took over after the lease ran out', async () => {
		await enqueueMail(db, mail(1));
		const t0 = Date.now();
		let takenOver = false;
		// The relay hangs past the lease; meanwhile a second sender claims and sends the row.
		const slow = recordingTransport(() => null);
		slow.send = async (message) => {
			if (!takenOver) {
				takenOver = true;
				const later = new Date(t0 + MAIL_LEASE_MS + 1000);
				expect((await deliverDueMails(db, recordingTransport(), later)).sent).toBe(1);
			}
			slow.sent.push(message);
		};
		const report = await deliverDueMails(db, slow, new Date(t0));
		expect(report).toMatchObject({ sent: 0, lost: 1 });
		expect(await rowOf(1)).toMatchObject({ status: 'sent', attempts: 2 });
	});

	it('retries a relay that is down with exponential back-off (1, 2, 4… min, capped at 1 h)', async () => {
		await enqueueMail(db, mail(1));
		const t0 = Date.parse((await rowOf(1)).created_at);
		const transport = recordingTransport(() => relayDown);
		let at = t0;
		const waits: number[] = [];
		for (let attempt = 1; attempt <= 9; attempt++) {
			// Not yet due a second before the planned time.
			if (attempt > 1) {
				expect((await deliverDueMails(db, transport, new Date(at - 1000))).retried).toBe(0);
			}
			expect((await deliverDueMails(db, transport, new Date(at))).retried).toBe(1);
			const row = await rowOf(1);
			expect(row).toMatchObject({ status: 'queued', attempts: attempt });
			expect(row.last_error).toContain('ECONNREFUSED');
			const next = Date.parse(row.next_attempt_at);
			waits.push((next - at) / MINUTE);
			at = next;
		}
		expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
		expect(transport.sent).toEqual([]);
		expect(retryDelayMs(1, MINUTE)).toBe(MINUTE);
		expect(retryDelayMs(100, MINUTE)).toBe(60 * MINUTE);
	});

	it('delivers once the relay is back', async () => {
		await enqueueMail(db, mail(1));
		let down = true;
		const transport = recordingTransport(() => (down ? relayDown : null));
		const t0 = Date.now();
		expect((await deliverDueMails(db, transport, new Date(t0))).retried).toBe(1);
		down = false;
		expect((await deliverDueMails(db, transport, new Date(t0 + MINUTE))).sent).toBe(1);
		expect(await rowOf(1)).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
		expect(transport.sent).toHaveLength(1);
	});

	it('gives up 24 h after the mail was written, keeping the last SMTP answer', async () => {
		await enqueueMail(db, mail(1));
		const created = Date.parse((await rowOf(1)).created_at);
		const transport = recordingTransport(() =>
			Object.assign(new Error('Greylisted'), {
				responseCode: 451,
				command: 'RCPT TO',
				response: '451 4.7.1 Réessayez plus tard'
			})
		);
		let at = created;
		let passes = 0;
		for (;;) {
			const report = await deliverDueMails(db, transport, new Date(at));
			passes++;
			const row = await rowOf(1);
			if (row.status === 'failed') {
				expect(report.failed).toBe(1);
				break;
			}
			// The last retry is planned at the 24-hour mark, never beyond it.
			expect(Date.parse(row.next_attempt_at)).toBeLessThanOrEqual(created + MAIL_GIVE_UP_MS);
			at = Date.parse(row.next_attempt_at);
			expect(passes).toBeLessThan(60);
		}
		const row = await rowOf(1);
		expect(at).toBe(created + MAIL_GIVE_UP_MS);
		expect(row.last_error).toBe('RCPT TO : 451 4.7.1 Réessayez plus tard');
		expect(row.attempts).toBe(passes);
		// A failed mail is never tried again.
		expect((await deliverDueMails(db, transport, new Date(at + 3600_000))).failed).toBe(0);
	});

	it('fails a mail at once when the relay refuses the recipient for good (5xx)', async () => {
		await enqueueMail(db, mail(1));
		await enqueueMail(db, mail(2));
		const transport = recordingTransport((m) => (m.to === 'personne1@exemple.fr' ? refused : null));
		expect(await deliverDueMails(db, transport)).toMatchObject({ failed: 1, sent: 1 });
		expect(await rowOf(1)).toMatchObject({
			status: 'failed',
			attempts: 1,
			last_error: 'RCPT TO : 550 5.1.1 Boîte aux lettres inconnue'
		});
	});
});

describe('classifySendError', () => {
	it('treats only a 5xx answer to RCPT TO as permanent', () => {
		expect(classifySendError(refused).permanent).toBe(true);
		expect(classifySendError(relayDown)).toEqual({
			permanent: false,
			message: 'connect ECONNREFUSED 127.0.0.1:2525'
		});
		const login = Object.assign(new Error('Invalid login'), {
			command: 'AUTH PLAIN',
			responseCode: 535,
			response: '535 5.7.8 Authentication failed'
		});
		expect(classifySendError(login).permanent).toBe(false);
		expect(classifySendError({ responseCode: 452, command: 'RCPT TO' }).permanent).toBe(false);
	});
});
