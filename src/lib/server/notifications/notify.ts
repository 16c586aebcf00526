import type { UnsubscribeTopic } from '$lib/domain/notifications';
import { publicOrigin } from '../config';
import type { Db } from '../db/database';
import { enqueueMail } from '../mail/outbox.service';
import type { RenderedMail, Unsubscribe } from '../mail/templates';
import type { Tx } from '../reporting/results';
import { ensurePreferenceRows, preferencesOf, wants } from './preferences.service';

// The one way a notice leaves: for each recipient who has not switched this topic off, a mail in
// the outbox, in the caller's transaction, with an idempotency key naming the event and the person
// (a second tick, a second process or a retried action writes nothing more), and the one-click
// unsubscribe of RFC 8058: `List-Unsubscribe` (https link) + `List-Unsubscribe-Post`.

export type NoticeRecipient = { userId: number; email: string; name: string };

export type Notice<R extends NoticeRecipient> = {
	topic: UnsubscribeTopic;
	/** Mail kind as the outbox and « Courriels envoyés » name it. */
	kind: string;
	schemeId: number;
	recipients: readonly R[];
	/** Names the event for this person: « sent_back:figure-12-v3:user-5 ». Never a secret. */
	key: (recipient: R) => string;
	render: (recipient: R, unsubscribe: Unsubscribe, origin: string) => RenderedMail;
	/** Only these pass (the digest's frequency); the topic's switch is checked in any case. */
	filter?: (recipient: R, preferences: ReturnType<typeof preferencesOf>) => boolean;
};

export const UNSUBSCRIBE_REASONS: Record<UnsubscribeTopic, string> = {
	period_opened:
		'Vous recevez cet avis parce que votre organisation pilote des fiches de ce schéma.',
	reminder: 'Vous recevez ce rappel parce que votre organisation pilote des fiches de ce schéma.',
	sent_back: 'Vous recevez cet avis parce que votre organisation pilote cette fiche.',
	validated: 'Vous recevez cet avis parce que votre organisation pilote cette fiche.',
	meeting_closed: 'Vous recevez cet avis parce que vous êtes membre de ce schéma.',
	digest: 'Vous recevez cette synthèse parce que vous coordonnez ce schéma.'
};

export function unsubscribeLink(origin: string, key: string, topic: UnsubscribeTopic): string {
	return `${origin}/desabonnement/${key}?avis=${topic}`;
}

/** Queues the notice for each recipient who wants it; returns how many mails were written. */
export async function notify<R extends NoticeRecipient>(
	tx: Tx | Db,
	notice: Notice<R>
): Promise<number> {
	if (notice.recipients.length === 0) return 0;
	const origin = publicOrigin();
	const rows = await ensurePreferenceRows(
		tx,
		notice.recipients.map((r) => r.userId)
	);
	let written = 0;
	for (const recipient of notice.recipients) {
		const row = rows.get(recipient.userId)!;
		const prefs = preferencesOf(row);
		if (!wants(prefs, notice.topic)) continue;
		if (notice.filter && !notice.filter(recipient, prefs)) continue;
		const link = unsubscribeLink(origin, row.unsubscribe_key, notice.topic);
		const mail = notice.render(
			recipient,
			{
				reason: UNSUBSCRIBE_REASONS[notice.topic],
				link,
				preferencesLink: `${origin}/profil#avis`
			},
			origin
		);
		const queued = await enqueueMail(tx, {
			idempotencyKey: notice.key(recipient),
			kind: notice.kind,
			to: recipient.email,
			userId: recipient.userId,
			schemeId: notice.schemeId,
			subject: mail.subject,
			text: mail.text,
			html: mail.html,
			headers: {
				'List-Unsubscribe': `<${link}>`,
				'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click'
			}
		});
		if (queued) written++;
	}
	return written;
}
