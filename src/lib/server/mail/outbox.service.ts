import type { Kysely, Transaction } from 'kysely';
import { config } from '../config';
import type { Db } from '../db/database';
import type { Database, MailStatus } from '../db/schema';
import { logger } from '../log';
import * as q from './outbox.queries';
import { classifySendError, messageIdFor, type MailTransport } from './transport';

// The transactional outbox. `enqueueMail` writes the message in the caller's transaction: it
// exists exactly when the event that causes it was committed (a rollback takes it away, a kill -9
// after the commit leaves it queued). `deliverDueMails` sends what is due, one row at a time, each
// claimed with a lease by a conditional UPDATE, so several processes (or the in-server ticker and
// `npm run mail:tick`) never send the same row at once.
//
// Delivery is at least once, not exactly once, in one window only: a process that hands a message
// to the relay and dies before writing « sent » leaves the row « sending »; once its lease has run
// out (MAIL_LEASE_MS) another pass sends it again, with the same Message-ID (derived from the
// idempotency key), so the duplicate is recognisable. A kill before the send, or between commit and
// send, never duplicates: the row is sent once by the next pass.

type Q = Kysely<Database> | Transaction<Database>;

/** How long a claim holds: far beyond the SMTP timeouts of one message (transport.ts). */
export const MAIL_LEASE_MS = 2 * 60_000;
/** Back-off between attempts: MAIL_RETRY_SECONDS, doubled each time, at most one hour. */
export const MAIL_RETRY_CAP_MS = 60 * 60_000;
/** A message still failing this long after it was written is given up (status « failed »). */
export const MAIL_GIVE_UP_MS = 24 * 3600_000;

export type MailKind = 'invitation' | 'password_reset' | (string & {});

export type NewMail = {
	/** Names the event (« invitation:42 »): enqueuing it again does nothing. Never a secret. */
	idempotencyKey: string;
	kind: MailKind;
	to: string;
	userId?: number | null;
	schemeId?: number | null;
	subject: string;
	text: string;
	html?: string | null;
	/** Extra headers (List-Unsubscribe… for notices); security mails have none. */
	headers?: Record<string, string>;
};

/**
 * Writes a message into the outbox inside the caller's transaction. Returns false when a message
 * with this idempotency key already exists (nothing is written).
 */
export async function enqueueMail(tx: Q, mail: NewMail): Promise<boolean> {
	const result = await tx
		.insertInto('mail')
		.values({
			idempotency_key: mail.idempotencyKey,
			kind: mail.kind,
			to_address: mail.to,
			user_id: mail.userId ?? null,
			scheme_id: mail.schemeId ?? null,
			subject: mail.subject,
			text_body: mail.text,
			html_body: mail.html ?? null,
			headers_json: JSON.stringify(mail.headers ?? {})
		})
		.onConflict((oc) => oc.column('idempotency_key').doNothing())
		.executeTakeFirst();
	return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** The wait before attempt n + 1 once n attempts failed: base, 2 × base, 4 × base… capped. */
export function retryDelayMs(
	attempts: number,
	baseMs = config().MAIL_RETRY_SECONDS * 1000
): number {
	const exponent = Math.min(Math.max(attempts - 1, 0), 30);
	return Math.min(baseMs * 2 ** exponent, MAIL_RETRY_CAP_MS);
}

export type DeliveryReport = {
	/** Handed to the SMTP relay. */
	sent: number;
	/** Kept for the administrators (no SMTP_URL). */
	kept: number;
	/** Failed this time, tried again later. */
	retried: number;
	/** Given up: refused recipient, or still failing after 24 h. */
	failed: number;
	/** Claimed and sent, but another sender had taken the row over (lease ran out) meanwhile. */
	lost: number;
};

export type DeliveryOptions = {
	/** The most rows one pass looks at. */
	limit?: number;
	leaseMs?: number;
	retryBaseMs?: number;
	from?: string;
};

const iso = (date: Date) => date.toISOString();

/**
 * One delivery pass: claims the due rows one by one and hands each to `transport`. `now` fixes the
 * clock (tests); without it each step reads the real time.
 */
export async function deliverDueMails(
	db: Db,
	transport: MailTransport,
	now?: Date,
	options: DeliveryOptions = {}
): Promise<DeliveryReport> {
	const clock = now ? () => now : () => new Date();
	const leaseMs = options.leaseMs ?? MAIL_LEASE_MS;
	const from = options.from ?? config().MAIL_FROM;
	const report: DeliveryReport = { sent: 0, kept: 0, retried: 0, failed: 0, lost: 0 };
	const candidates = await q.listClaimable(db, iso(clock()), options.limit ?? 100);
	for (const { id } of candidates) {
		const claimedAt = clock();
		const lease = iso(new Date(claimedAt.getTime() + leaseMs));
		if (!(await q.claim(db, id, iso(claimedAt), lease))) continue; // another sender has it
		const row = await q.findMail(db, id);
		if (!row) continue;
		let failure: ReturnType<typeof classifySendError> | null = null;
		try {
			await transport.send({
				from,
				to: row.to_address,
				subject: row.subject,
				text: row.text_body,
				html: row.html_body,
				messageId: messageIdFor(row.idempotency_key, from),
				headers: {
					...(JSON.parse(row.headers_json) as Record<string, string>),
					'Auto-Submitted': 'auto-generated',
					'X-Pilotage-Idempotency-Key': row.idempotency_key
				}
			});
		} catch (error) {
			failure = classifySendError(error);
		}
		const at = clock();
		const log = { mailId: row.id, kind: row.kind, attempts: row.attempts };
		if (!failure) {
			const status: MailStatus = transport.mode === 'smtp' ? 'sent' : 'kept';
			const settled = await q.settle(db, id, lease, {
				status,
				sent_at: iso(at),
				last_error: null
			});
			if (settled) report[status === 'sent' ? 'sent' : 'kept']++;
			else {
				report.lost++;
				logger().warn(log, 'courriel envoyé après expiration de son bail : doublon possible');
			}
			continue;
		}
		const giveUpAt = Date.parse(row.created_at) + MAIL_GIVE_UP_MS;
		const gaveUp = failure.permanent || at.getTime() >= giveUpAt;
		const nextAt = Math.min(
			at.getTime() + retryDelayMs(row.attempts, options.retryBaseMs),
			giveUpAt
		);
		const settled = await q.settle(
			db,
			id,
			lease,
			gaveUp
				? { status: 'failed', last_error: failure.message }
				: {
						status: 'queued',
						next_attempt_at: iso(new Date(nextAt)),
						last_error: failure.message
					}
		);
		if (!settled) report.lost++;
		else if (gaveUp) {
			report.failed++;
			logger().warn(
				{ ...log, permanent: failure.permanent },
				failure.permanent ? 'courriel refusé par le relais' : 'courriel abandonné après 24 h'
			);
		} else {
			report.retried++;
			logger().info({ ...log, retryAt: iso(new Date(nextAt)) }, 'courriel non remis : réessai');
		}
	}
	return report;
}
