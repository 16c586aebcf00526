import { can, PLATFORM } from '$lib/domain/policy';
import type { CurrentUser } from '../auth/auth.service';
import { config } from '../config';
import type { Db } from '../db/database';
import type { MailStatus } from '../db/schema';
import * as q from './outbox.queries';
import { describeRelay } from './transport';

// « Courriels envoyés » (/admin/courriels), for platform administrators: what the outbox holds,
// newest first, and one message's text. Without a relay (no SMTP_URL) this is where mails are
// read. Once a message was handed to a relay (or while it is on its way) the links that carry a
// credential (invitation, password reset) are masked: its recipient has them, nobody else needs
// them. A kept mail shows them: passing the link on by hand is then the only way.

export const MAIL_KIND_LABELS: Record<string, string> = {
	invitation: 'Invitation',
	password_reset: 'Mot de passe oublié',
	period_opened: 'Ouverture de période',
	reminder_before_closing: 'Rappel avant clôture',
	reminder_overdue: 'Retard',
	reminder_manual: 'Relance',
	sent_back: 'Chiffres renvoyés',
	validated: 'Fiche validée',
	digest: 'Synthèse',
	meeting_closed: 'Comité clos'
};

export const MAIL_STATUS_LABELS: Record<MailStatus, string> = {
	queued: 'En attente',
	sending: 'En cours d’envoi',
	sent: 'Envoyé',
	kept: 'Gardé (sans relais SMTP)',
	failed: 'Échec'
};

export const MAIL_PAGE_SIZE = 100;

const kindLabel = (kind: string) => MAIL_KIND_LABELS[kind] ?? kind;

/** The paths whose last segment is a one-time credential. */
const CREDENTIAL_LINK = /(\/(?:invitation|mot-de-passe-oublie|desabonnement)\/)[A-Za-z0-9_-]{20,}/g;

export function maskCredentialLinks(text: string): string {
	return text.replace(CREDENTIAL_LINK, '$1[masqué]');
}

export type MailAdminResult<T> = ({ ok: true } & T) | { ok: false; reason: 'forbidden' };

const FORBIDDEN = { ok: false, reason: 'forbidden' } as const;

export async function listOutbox(db: Db, user: CurrentUser, before: number | null) {
	if (!can(user, 'platform.manage', PLATFORM)) return FORBIDDEN;
	const [rows, counts] = await Promise.all([
		q.listMails(db, MAIL_PAGE_SIZE + 1, before),
		q.countMailsByStatus(db)
	]);
	const page = rows.slice(0, MAIL_PAGE_SIZE);
	return {
		ok: true,
		relay: describeRelay(config()),
		counts: counts.map((c) => ({
			status: c.status,
			label: MAIL_STATUS_LABELS[c.status],
			count: Number(c.count)
		})),
		mails: page.map((m) => ({
			id: m.id,
			kind: kindLabel(m.kind),
			to: m.to_address,
			subject: m.subject,
			status: m.status,
			statusLabel: MAIL_STATUS_LABELS[m.status],
			attempts: m.attempts,
			lastError: m.last_error,
			createdAt: m.created_at,
			sentAt: m.sent_at,
			nextAttemptAt: m.status === 'queued' ? m.next_attempt_at : null
		})),
		/** The id to page on from, when older mails remain. */
		olderThan: rows.length > MAIL_PAGE_SIZE ? page[page.length - 1].id : null
	} as const;
}

export async function getOutboxMail(db: Db, user: CurrentUser, id: number) {
	if (!can(user, 'platform.manage', PLATFORM)) return FORBIDDEN;
	const row = await q.findMail(db, id);
	if (!row) return { ok: false, reason: 'not_found' } as const;
	const masked = row.status !== 'kept';
	const maskedText = maskCredentialLinks(row.text_body);
	return {
		ok: true,
		mail: {
			id: row.id,
			kind: kindLabel(row.kind),
			to: row.to_address,
			subject: row.subject,
			status: row.status,
			statusLabel: MAIL_STATUS_LABELS[row.status],
			attempts: row.attempts,
			lastError: row.last_error,
			createdAt: row.created_at,
			sentAt: row.sent_at,
			nextAttemptAt: row.status === 'queued' ? row.next_attempt_at : null,
			idempotencyKey: row.idempotency_key,
			headers: Object.entries(JSON.parse(row.headers_json) as Record<string, string>),
			text: masked ? maskedText : row.text_body,
			linksMasked: masked && maskedText !== row.text_body
		}
	} as const;
}
