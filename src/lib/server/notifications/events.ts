import { periodLabel } from '$lib/domain/figures';
import { daysBetween, todayInParis } from '$lib/domain/paris-time';
import { publicOrigin } from '../config';
import type { Db } from '../db/database';
import type { ReminderKind } from '../db/schema';
import { ficheProgress } from '../reporting/my-entry.service';
import * as rq from '../reporting/reporting.queries';
import type { Tx } from '../reporting/results';
import * as sq from '../scheme-reads/scheme-reads.queries';
import {
	ficheValidatedMail,
	meetingClosedMail,
	periodOpenedMail,
	reminderMail,
	sentBackMail,
	type FicheLine
} from './notice-mails';
import * as q from './notifications.queries';
import { notify, type NoticeRecipient } from './notify';

// The events that mail the members of a scheme, each called inside the transaction of the action
// that causes it (the outbox row commits with the action, or not at all). Only members of the
// scheme receive its mail: recipients always come from its memberships.

type Q = Tx | Db;
type PeriodRow = Awaited<ReturnType<typeof q.findPeriodRow>>;
type Member = NoticeRecipient & { organisationId: number | null };

const recipientsOf = (rows: q.MemberRow[]): Member[] =>
	rows.map((r) => ({
		userId: r.user_id,
		email: r.email,
		name: r.name,
		organisationId: r.organisation_id
	}));

const entryLink = (origin: string, scheme: string, period: string, fiche: string) =>
	`${origin}/schemas/${scheme}/saisie/${period}/${fiche}`;

export type OrganisationWork = {
	organisationId: number;
	shortName: string;
	/** The organisation's fiches expecting figures in the period, with their progress. */
	fiches: {
		id: number;
		number: string;
		slug: string;
		title: string;
		expected: number;
		submitted: number;
	}[];
};

/**
 * For each organisation piloting fiches of the scheme, its fiches that expect figures in the
 * period and how far they are (free-text pilots have no organisation: nobody to mail).
 */
export async function workByOrganisation(
	db: Q,
	schemeId: number,
	period: PeriodRow
): Promise<Map<number, OrganisationWork>> {
	const [fiches, pilots] = await Promise.all([
		rq.listFiches(db, schemeId),
		sq.listPilots(db, schemeId)
	]);
	const progress = await ficheProgress(
		db,
		period,
		fiches.map((f) => f.id)
	);
	const byOrganisation = new Map<number, OrganisationWork>();
	for (const fiche of fiches) {
		const p = progress.get(fiche.id);
		if (!p || p.expected === 0) continue;
		for (const pilot of pilots) {
			if (pilot.fiche_id !== fiche.id || pilot.organisation_id === null) continue;
			const work = byOrganisation.get(pilot.organisation_id) ?? {
				organisationId: pilot.organisation_id,
				shortName: pilot.organisation_short_name ?? '',
				fiches: []
			};
			if (!work.fiches.some((f) => f.id === fiche.id))
				work.fiches.push({ ...fiche, expected: p.expected, submitted: p.submitted });
			byOrganisation.set(pilot.organisation_id, work);
		}
	}
	return byOrganisation;
}

const leftToDo = (work: OrganisationWork) => work.fiches.filter((f) => f.submitted < f.expected);

/** « Ma saisie » opened: to the pilots whose organisation has fiches to fill in this period. */
export async function notifyPeriodOpened(tx: Tx, schemeId: number, periodId: number) {
	const [scheme, period] = await Promise.all([
		q.findSchemeHead(tx, schemeId),
		q.findPeriodRow(tx, periodId)
	]);
	const work = await workByOrganisation(tx, schemeId, period);
	const members = recipientsOf(await q.listSchemeMembers(tx, schemeId, ['pilote'])).filter(
		(m) => m.organisationId !== null && work.has(m.organisationId)
	);
	const origin = publicOrigin();
	return notify(tx, {
		topic: 'period_opened',
		kind: 'period_opened',
		schemeId,
		recipients: members,
		key: (m) => `period_opened:period-${period.id}:user-${m.userId}`,
		render: (m, unsubscribe) =>
			periodOpenedMail(
				{
					name: m.name,
					scheme,
					period: { label: periodLabel(period), closesOn: period.closes_on },
					fiches: work.get(m.organisationId!)!.fiches.map((f) => ({
						number: f.number,
						title: f.title,
						link: entryLink(origin, scheme.slug, period.code, f.slug)
					})),
					myEntryLink: `${origin}/ma-saisie`
				},
				origin,
				unsubscribe
			)
	});
}

export type ReminderEvent = {
	schemeId: number;
	periodId: number;
	organisationId: number;
	kind: ReminderKind;
	/** Who asked (manual reminders), as the history names them. */
	by?: string | null;
	now: Date;
};

/**
 * A reminder to the pilots of one organisation that still have figures to submit in the period,
 * listing what is left. At most one mail per person, kind and Paris day (the idempotency key),
 * whoever asks and however many processes tick. Returns how many mails were written.
 */
export async function notifyReminder(tx: Tx, event: ReminderEvent): Promise<number> {
	const [scheme, period] = await Promise.all([
		q.findSchemeHead(tx, event.schemeId),
		q.findPeriodRow(tx, event.periodId)
	]);
	const work = (await workByOrganisation(tx, event.schemeId, period)).get(event.organisationId);
	const left = work ? leftToDo(work) : [];
	if (left.length === 0) return 0;
	const today = todayInParis(event.now);
	const members = recipientsOf(await q.listSchemeMembers(tx, event.schemeId, ['pilote'])).filter(
		(m) => m.organisationId === event.organisationId
	);
	const origin = publicOrigin();
	const fiches: FicheLine[] = left.map((f) => ({
		number: f.number,
		title: f.title,
		link: entryLink(origin, scheme.slug, period.code, f.slug),
		detail: `${f.submitted} sur ${f.expected} soumis`
	}));
	return notify(tx, {
		topic: 'reminder',
		kind: `reminder_${event.kind}`,
		schemeId: event.schemeId,
		recipients: members,
		key: (m) => `reminder:${event.kind}:period-${period.id}:user-${m.userId}:${today}`,
		render: (m, unsubscribe) =>
			reminderMail(
				{
					name: m.name,
					scheme,
					period: { label: periodLabel(period), closesOn: period.closes_on },
					kind: event.kind,
					daysLeft: daysBetween(today, period.closes_on),
					by: event.by ?? null,
					fiches,
					myEntryLink: `${origin}/ma-saisie`
				},
				origin,
				unsubscribe
			)
	});
}

export type ReviewOutcome = {
	schemeId: number;
	periodId: number;
	fiche: { id: number; number: string; slug: string; title: string };
	/** The figures sent back by this review, with their new version (names the event). */
	sentBack: readonly { figureId: number; version: number; label: string; reason: string }[];
	/** Every expected figure of the fiche for the period is now validated. */
	ficheValidated: boolean;
	reviewer: string;
};

/** After a review: the sent-back figures with their reasons, or « fiche validée », to its pilots. */
export async function notifyReviewOutcome(tx: Tx, outcome: ReviewOutcome): Promise<number> {
	if (outcome.sentBack.length === 0 && !outcome.ficheValidated) return 0;
	const [scheme, period, pilots] = await Promise.all([
		q.findSchemeHead(tx, outcome.schemeId),
		q.findPeriodRow(tx, outcome.periodId),
		sq.listPilots(tx, outcome.schemeId)
	]);
	const organisations = new Set(
		pilots.filter((p) => p.fiche_id === outcome.fiche.id).map((p) => p.organisation_id)
	);
	const members = recipientsOf(await q.listSchemeMembers(tx, outcome.schemeId, ['pilote'])).filter(
		(m) => m.organisationId !== null && organisations.has(m.organisationId)
	);
	const origin = publicOrigin();
	const link = entryLink(origin, scheme.slug, period.code, outcome.fiche.slug);
	const label = periodLabel(period);
	let written = 0;
	if (outcome.sentBack.length) {
		const event = outcome.sentBack.map((f) => `${f.figureId}v${f.version}`).join('-');
		written += await notify(tx, {
			topic: 'sent_back',
			kind: 'sent_back',
			schemeId: outcome.schemeId,
			recipients: members,
			key: (m) => `sent_back:${event}:user-${m.userId}`,
			render: (m, unsubscribe) =>
				sentBackMail(
					{
						name: m.name,
						scheme,
						period: { label },
						fiche: outcome.fiche,
						figures: outcome.sentBack,
						reviewer: outcome.reviewer,
						link
					},
					origin,
					unsubscribe
				)
		});
	}
	if (outcome.ficheValidated) {
		written += await notify(tx, {
			topic: 'validated',
			kind: 'validated',
			schemeId: outcome.schemeId,
			recipients: members,
			key: (m) => `validated:fiche-${outcome.fiche.id}:period-${period.id}:user-${m.userId}`,
			render: (m, unsubscribe) =>
				ficheValidatedMail(
					{
						name: m.name,
						scheme,
						period: { label },
						fiche: outcome.fiche,
						reviewer: outcome.reviewer,
						link
					},
					origin,
					unsubscribe
				)
		});
	}
	return written;
}

/** A closed meeting, with the link to its frozen pack, to every member of the scheme. */
export async function notifyMeetingClosed(
	tx: Tx,
	schemeId: number,
	meeting: { id: number; title: string; heldOn: string; decisions: number }
): Promise<number> {
	const scheme = await q.findSchemeHead(tx, schemeId);
	const members = recipientsOf(
		await q.listSchemeMembers(tx, schemeId, ['coordinateur', 'pilote', 'lecteur'])
	);
	const origin = publicOrigin();
	return notify(tx, {
		topic: 'meeting_closed',
		kind: 'meeting_closed',
		schemeId,
		recipients: members,
		key: (m) => `meeting_closed:meeting-${meeting.id}:user-${m.userId}`,
		render: (m, unsubscribe) =>
			meetingClosedMail(
				{
					name: m.name,
					scheme,
					meeting,
					decisions: meeting.decisions,
					link: `${origin}/schemas/${scheme.slug}/comites/${meeting.id}/revue`
				},
				origin,
				unsubscribe
			)
	});
}
