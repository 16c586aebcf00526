import { z } from 'zod';
import './zod-locale';

// The notification e-mails a person may switch on or off (« Mon profil », one-click unsubscribe).
// Security mails (invitation, password reset) are not among them: they cannot be switched off.

export const NOTICE_KINDS = [
	'period_opened',
	'reminder',
	'sent_back',
	'validated',
	'meeting_closed'
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export const NOTICE_KIND_LABELS: Record<NoticeKind, string> = {
	period_opened: 'Ouverture d’une période de saisie',
	reminder: 'Rappels avant la clôture, retards et relances',
	sent_back: 'Chiffres renvoyés pour correction',
	validated: 'Fiche validée',
	meeting_closed: 'Comité clos (lien vers la revue figée)'
};

export const DIGEST_FREQUENCIES = ['weekly', 'daily', 'never'] as const;
export type DigestFrequency = (typeof DIGEST_FREQUENCIES)[number];
export const DIGEST_FREQUENCY_LABELS: Record<DigestFrequency, string> = {
	weekly: 'Chaque lundi',
	daily: 'Chaque jour ouvré',
	never: 'Jamais'
};

/** What can be unsubscribed from in one click: a notice kind, or the digest. */
export type UnsubscribeTopic = NoticeKind | 'digest';
export const UNSUBSCRIBE_TOPICS: readonly UnsubscribeTopic[] = [...NOTICE_KINDS, 'digest'];
export const UNSUBSCRIBE_TOPIC_LABELS: Record<UnsubscribeTopic, string> = {
	...NOTICE_KIND_LABELS,
	digest: 'Synthèse de la coordination'
};
export const isUnsubscribeTopic = (value: string): value is UnsubscribeTopic =>
	(UNSUBSCRIBE_TOPICS as readonly string[]).includes(value);

export type NotificationPreferences = Record<NoticeKind, boolean> & { digest: DigestFrequency };

export const DEFAULT_PREFERENCES: NotificationPreferences = {
	period_opened: true,
	reminder: true,
	sent_back: true,
	validated: true,
	meeting_closed: true,
	digest: 'weekly'
};

/** The « Avis par courriel » form: the ticked notices (one `notices` value each) and the digest. */
export const notificationPreferencesSchema = z
	.object({
		notices: z
			.array(z.enum(NOTICE_KINDS, { message: 'Avis inconnu : rechargez la page.' }))
			.default([]),
		digest: z.enum(DIGEST_FREQUENCIES, { message: 'Choisissez une fréquence dans la liste.' })
	})
	.transform((v): NotificationPreferences => ({
		period_opened: v.notices.includes('period_opened'),
		reminder: v.notices.includes('reminder'),
		sent_back: v.notices.includes('sent_back'),
		validated: v.notices.includes('validated'),
		meeting_closed: v.notices.includes('meeting_closed'),
		digest: v.digest
	}));

/** Reminder days before a period's closing: at most this many, each within this bound. */
export const MAX_REMINDER_DAYS = 5;
export const MAX_REMINDER_DAY = 60;

/**
 * « 7, 1 » → [7, 1] (largest first, no duplicates), or a French message. Empty: no reminder
 * before the closing (the overdue notice still goes).
 */
export function parseReminderDays(
	text: string
): { ok: true; days: number[] } | { ok: false; message: string } {
	const parts = text
		.split(/[\s,;]+/)
		.map((p) => p.trim())
		.filter(Boolean);
	const days: number[] = [];
	for (const part of parts) {
		if (!/^\d+$/.test(part))
			return {
				ok: false,
				message: `« ${part} » n’est pas un nombre de jours : écrivez par exemple « 7, 1 ».`
			};
		const day = Number(part);
		if (day < 1 || day > MAX_REMINDER_DAY)
			return {
				ok: false,
				message: `Chaque rappel tombe entre 1 et ${MAX_REMINDER_DAY} jours avant la clôture.`
			};
		if (!days.includes(day)) days.push(day);
	}
	if (days.length > MAX_REMINDER_DAYS)
		return { ok: false, message: `Au plus ${MAX_REMINDER_DAYS} rappels avant la clôture.` };
	return { ok: true, days: days.sort((a, b) => b - a) };
}

/** [7, 1] → « 7,1 » as stored. */
export const formatReminderDays = (days: number[]): string => days.join(',');

/** [7, 1] → « 7 jours et 1 jour avant la clôture »; [] → « aucun rappel avant la clôture ». */
export function reminderDaysText(days: readonly number[]): string {
	if (days.length === 0) return 'aucun rappel avant la clôture';
	const parts = days.map((d) => (d === 1 ? '1 jour' : `${d} jours`));
	const list =
		parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} et ${parts.at(-1)}`;
	return `${list} avant la clôture`;
}
