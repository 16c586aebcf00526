import { pluralize } from '$lib/ui/format';
import { actorOf } from '../audit/audit.service';
import type { CurrentUser } from '../auth/auth.service';
import type { Db } from '../db/database';
import type { ReminderKind } from '../db/schema';
import { notifyReminder } from '../notifications/events';
import * as sq from '../scheme-reads/scheme-reads.queries';
import { ficheProgress } from './my-entry.service';
import { loadSchemeFor } from './reporting-context';
import * as q from './reporting.queries';
import * as rq from './reminders.queries';
import {
	invalid,
	locked,
	notFound,
	transact,
	type Forbidden,
	type Invalid,
	type Locked,
	type NotFound,
	type Tx
} from './results';

// Reminders of a period's campaign. `queueReminder` is the one place a reminder is recorded, in
// the caller's transaction, with the mail that carries it to the organisation's pilots (the
// outbox, same transaction): a reminder is never recorded without its mail nor sent without its
// row. The mail goes at most once per person, kind and day, only to pilots who still have figures
// to submit and have not switched reminders off (notifications/events.ts).

/** Two reminders of one organisation for one period are at least this far apart. */
export const REMINDER_INTERVAL_MS = 60 * 60_000;

export type QueuedReminder = {
	schemeId: number;
	periodId: number;
	organisationId: number;
	kind?: ReminderKind;
	/** Who asked for it; null for the scheduler. */
	sentBy: number | null;
	/** ISO timestamp; now by default. */
	at?: string;
	/** Who asked, as the mail names them (« CAF 87 — Marie Dupont »); none for the scheduler. */
	byLabel?: string | null;
};

/**
 * Records a reminder (organisation, period, by whom, when) in the caller's transaction, queues its
 * mail to the organisation's pilots, and returns the row and how many mails were written.
 */
export async function queueReminder(
	tx: Tx,
	reminder: QueuedReminder
): Promise<{ id: number; createdAt: string; mails: number }> {
	const row = await rq.insertReminder(tx, {
		schemeId: reminder.schemeId,
		periodId: reminder.periodId,
		organisationId: reminder.organisationId,
		kind: reminder.kind ?? 'manual',
		sentBy: reminder.sentBy,
		createdAt: reminder.at ?? new Date().toISOString()
	});
	const mails = await notifyReminder(tx, {
		schemeId: reminder.schemeId,
		periodId: reminder.periodId,
		organisationId: reminder.organisationId,
		kind: reminder.kind ?? 'manual',
		by: reminder.byLabel ?? null,
		now: new Date(row.created_at)
	});
	return { id: row.id, createdAt: row.created_at, mails };
}

/** When the next reminder after one sent at `lastAt` may go (ISO timestamp). */
export function nextReminderAt(lastAt: string): string {
	return new Date(Date.parse(lastAt) + REMINDER_INTERVAL_MS).toISOString();
}

/** Minutes, rounded up, from `now` to `later` (at least 1). */
const minutesUntil = (later: string, now: string) =>
	Math.max(1, Math.ceil((Date.parse(later) - Date.parse(now)) / 60_000));

/** Refused: this organisation was reminded for this period less than an hour ago. */
export type TooSoon = {
	ok: false;
	reason: 'too_soon';
	message: string;
	last: { at: string; by: string | null };
};
/** Refused: the organisation has submitted every figure expected of it. */
export type NothingLeft = { ok: false; reason: 'nothing_left'; message: string };

export type RemindResult =
	| {
			ok: true;
			organisation: { slug: string; shortName: string };
			at: string;
			/** Mails written for this reminder (0: already reminded today, or reminders switched off). */
			mails: number;
			message: string;
	  }
	| NotFound
	| Forbidden
	| Invalid
	| Locked
	| TooSoon
	| NothingLeft;

/**
 * « Relancer » on the campaign page: the coordination reminds one pilot organisation of an open
 * period. Refused when the organisation pilots no fiche of the scheme, has nothing left to submit,
 * or was reminded for this period less than an hour ago (whoever did it).
 */
export async function remindOrganisation(
	db: Db,
	user: CurrentUser,
	where: { scheme: string; period: string },
	organisationSlug: string,
	now: string = new Date().toISOString()
): Promise<RemindResult> {
	return transact<RemindResult>(db, async (tx, refuse) => {
		const scheme = await loadSchemeFor(
			tx,
			user,
			where.scheme,
			'figure.review',
			'Les relances sont réservées à la coordination du schéma.'
		);
		if ('reason' in scheme) return scheme;
		if (!organisationSlug.trim()) {
			return invalid({ organisation: 'Choisissez l’organisation à relancer.' });
		}
		const period = await q.findPeriod(tx, scheme.id, where.period.toUpperCase());
		if (!period) return notFound(`Aucune période « ${where.period} » dans ce schéma.`);
		const pilots = (await sq.listPilots(tx, scheme.id)).filter(
			(p) => p.organisation_slug === organisationSlug
		);
		if (pilots.length === 0) {
			return notFound(
				`Aucune organisation « ${organisationSlug} » ne pilote de fiche de ce schéma.`
			);
		}
		const organisation = {
			id: pilots[0].organisation_id!,
			slug: organisationSlug,
			shortName: pilots[0].organisation_short_name!
		};
		if (period.state !== 'ouverte') {
			return locked(
				'La saisie de cette période n’est pas ouverte : les pilotes ne peuvent rien saisir, une relance serait sans objet.'
			);
		}
		const progress = await ficheProgress(
			tx,
			period,
			pilots.map((p) => p.fiche_id)
		);
		const leftToDo = [...progress.values()].some((p) => p.submitted < p.expected);
		if (!leftToDo) {
			return {
				ok: false,
				reason: 'nothing_left',
				message: `${organisation.shortName} a soumis tous les chiffres attendus de ses fiches pour cette période : rien à relancer.`
			};
		}
		const last = await rq.findLastReminder(tx, period.id, organisation.id);
		if (last && Date.parse(now) < Date.parse(nextReminderAt(last.created_at))) {
			const ago = Math.max(0, Math.floor((Date.parse(now) - Date.parse(last.created_at)) / 60_000));
			const wait = minutesUntil(nextReminderAt(last.created_at), now);
			refuse({
				ok: false,
				reason: 'too_soon',
				message:
					`Une relance a déjà été enregistrée pour ${organisation.shortName} ` +
					`${ago === 0 ? 'à l’instant' : `il y a ${pluralize(ago, 'minute')}`}` +
					`${last.sent_by_name ? ` (par ${last.sent_by_name})` : ''} : ` +
					`la suivante sera possible dans ${pluralize(wait, 'minute')}.`,
				last: { at: last.created_at, by: last.sent_by_name }
			});
		}
		const queued = await queueReminder(tx, {
			schemeId: scheme.id,
			periodId: period.id,
			organisationId: organisation.id,
			kind: 'manual',
			sentBy: user.id,
			at: now,
			byLabel: actorOf(user).label
		});
		return {
			ok: true,
			organisation: { slug: organisation.slug, shortName: organisation.shortName },
			at: queued.createdAt,
			mails: queued.mails,
			message:
				`Relance enregistrée pour ${organisation.shortName} : ` +
				(queued.mails > 0
					? `${pluralize(queued.mails, 'courriel')} ${queued.mails === 1 ? 'part' : 'partent'} vers ses pilotes.`
					: 'aucun courriel de plus aujourd’hui (ses pilotes ont déjà été relancés ce jour, ou ne reçoivent pas les rappels).')
		};
	});
}
