import { createHash } from 'node:crypto';
import { createTransport } from 'nodemailer';
import { config, type Config } from '../config';

// Where the outbox hands its messages: an SMTP relay (SMTP_URL, nodemailer), or, without one, the
// database itself: the message is « kept » and platform administrators read it on « Courriels
// envoyés » (/admin/courriels). Nothing here logs: the callers log ids, never an address, a body
// or a link.

/** One message as the outbox hands it over. */
export type OutgoingMail = {
	from: string;
	to: string;
	subject: string;
	text: string;
	html: string | null;
	/** Stable per idempotency key: a message sent twice after a crash carries the same id. */
	messageId: string;
	headers: Record<string, string>;
};

export interface MailTransport {
	/** `smtp`: handed to a relay (status « sent »); `kept`: stored for the administrators only. */
	readonly mode: 'smtp' | 'kept';
	send(mail: OutgoingMail): Promise<void>;
	close(): void;
}

/** Timeouts well under the outbox lease, so a hung relay never outlives the claim on a message. */
export const SMTP_TIMEOUTS = {
	connectionTimeout: 15_000,
	greetingTimeout: 15_000,
	socketTimeout: 30_000,
	dnsTimeout: 15_000
} as const;

export function smtpTransport(url: string): MailTransport {
	const transporter = createTransport({ url, ...SMTP_TIMEOUTS });
	return {
		mode: 'smtp',
		async send(mail) {
			await transporter.sendMail({
				from: mail.from,
				to: mail.to,
				subject: mail.subject,
				text: mail.text,
				...(mail.html ? { html: mail.html } : {}),
				messageId: mail.messageId,
				headers: mail.headers
			});
		},
		close: () => transporter.close()
	};
}

/** No relay: nothing leaves the server; the row itself is the delivered copy. */
export const keptTransport: MailTransport = {
	mode: 'kept',
	async send() {},
	close() {}
};

/** The transport the configuration asks for. */
export function transportFromConfig(settings: Config = config()): MailTransport {
	return settings.SMTP_URL ? smtpTransport(settings.SMTP_URL) : keptTransport;
}

/** The relay as it may be logged and shown: scheme, host and port, never the credentials. */
export function describeRelay(settings: Config = config()): string | null {
	if (!settings.SMTP_URL) return null;
	const url = new URL(settings.SMTP_URL);
	const port = url.port || (url.protocol === 'smtps:' ? '465' : '587');
	return `${url.protocol}//${url.hostname}:${port}`;
}

/** The domain of MAIL_FROM (for Message-ID). */
export function senderDomain(from: string): string {
	const address = /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from;
	return address.split('@').pop()?.trim() || 'localhost';
}

/** `<hash-of-the-key@sender-domain>`: the same key always gives the same Message-ID. */
export function messageIdFor(idempotencyKey: string, from: string): string {
	const digest = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40);
	return `<${digest}@${senderDomain(from)}>`;
}

/** What a failed send means for the outbox: try again later, or give up on this message now. */
export type SendFailure = { permanent: boolean; message: string };

/**
 * A refused recipient (5xx to RCPT TO: unknown mailbox, domain refused) will not change: the mail
 * fails at once. Everything else — relay down, timeouts, 4xx, a refused login or sender that the
 * operator can fix — is tried again with back-off.
 */
export function classifySendError(error: unknown): SendFailure {
	const e = (error ?? {}) as {
		message?: string;
		response?: string;
		responseCode?: number;
		command?: string;
		code?: string;
	};
	const code = typeof e.responseCode === 'number' ? e.responseCode : null;
	const permanent = code !== null && code >= 500 && code < 600 && e.command === 'RCPT TO';
	const answer = e.response?.trim() || e.message || String(error);
	const prefix = e.command ? `${e.command} : ` : '';
	return { permanent, message: `${prefix}${answer}`.slice(0, 1000) };
}

/** How mails leave with the current configuration (pages say it beside an invitation link). */
export function mailMode(settings: Config = config()): MailTransport['mode'] {
	return settings.SMTP_URL ? 'smtp' : 'kept';
}
