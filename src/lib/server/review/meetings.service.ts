import { createHash } from 'node:crypto';
import type { Updateable } from 'kysely';
import {
	DECISION_STATES,
	DECISION_STATE_LABELS,
	isDecisionOpen,
	type DecisionState
} from '$lib/domain/enums';
import { periodLabel, type PeriodKind } from '$lib/domain/figures';
import { fieldErrors } from '$lib/domain/fiche-edit';
import { can, schemeResource } from '$lib/domain/policy';
import { notifyMeetingClosed } from '../notifications/events';
import type { CurrentUser } from '../auth/auth.service';
import {
	actorOf,
	creationChanges,
	deletionChanges,
	diffFields,
	recordEvent
} from '../audit/audit.service';
import type { Db } from '../db/database';
import type { DecisionTable, MeetingTable } from '../db/schema';
import {
	conflict,
	forbidden,
	invalid,
	locked,
	notFound,
	transact,
	type Conflict,
	type Forbidden,
	type Invalid,
	type Locked,
	type NotFound,
	type Tx
} from '../reporting/results';
import { decisionFormSchema, meetingFormSchema } from './meeting-forms';
import * as q from './meetings.queries';
import type { ReviewPack } from './review-pack';
import { getReviewPack } from './review.service';
import { COORDINATION } from '$lib/domain/public-actor';
import { assertOneRow, updateVersioned } from '../db/versioned-update';

// Committee meetings: who met, which period they reviewed, what they decided. Administrators
// write; whoever may read the scheme reads. A closed meeting is final and keeps its pack.

type Reader = Db | Tx;

export type MeetingState = 'open' | 'closed';
export const MEETING_STATE_LABELS: Record<MeetingState, string> = {
	open: 'En préparation',
	closed: 'Close'
};

export type OrganisationRef = { slug: string; name: string; shortName: string };
export type PeriodRef = { code: string; label: string };

export type MeetingSummary = {
	id: number;
	title: string;
	heldOn: string;
	state: MeetingState;
	stateLabel: string;
	period: PeriodRef;
	closedAt: string | null;
	decisionCount: number;
	attendeeCount: number;
};

export type DecisionView = {
	id: number;
	position: number;
	text: string;
	fiches: { number: string; slug: string; title: string }[];
	followUp: { organisation: OrganisationRef | null; label: string | null; display: string };
	dueOn: string | null;
	state: DecisionState;
	stateLabel: string;
	version: number;
};

export type MeetingView = MeetingSummary & {
	version: number;
	closedBy: string | null;
	attendees: OrganisationRef[];
	decisions: DecisionView[];
};

export type SchemeRef = { slug: string; title: string };

/** What the meeting forms offer: the scheme's periods, every organisation, the scheme's fiches. */
export type MeetingOptions = {
	periods: PeriodRef[];
	organisations: OrganisationRef[];
	fiches: { number: string; slug: string; title: string }[];
};

type SchemeRow = NonNullable<Awaited<ReturnType<typeof q.findScheme>>>;

const periodRefOf = (row: {
	period_code: string;
	period_kind: PeriodKind;
	period_year: number;
	period_number: number | null;
}): PeriodRef => ({
	code: row.period_code,
	label: periodLabel({ kind: row.period_kind, year: row.period_year, number: row.period_number })
});

const orgRef = (row: { slug: string; name: string; short_name: string }): OrganisationRef => ({
	slug: row.slug,
	name: row.name,
	shortName: row.short_name
});

function followUpDisplay(organisation: OrganisationRef | null, label: string | null): string {
	return [organisation?.shortName, label].filter(Boolean).join(' — ');
}

async function readableScheme(
	db: Reader,
	user: CurrentUser | null,
	slug: string
): Promise<SchemeRow | NotFound | Forbidden> {
	const scheme = await q.findScheme(db, slug);
	if (!scheme) return notFound(`Aucun schéma « ${slug} ».`);
	if (!can(user, 'scheme.read', schemeResource(scheme)))
		return notFound(`Aucun schéma « ${slug} ».`);
	return scheme;
}

async function adminScheme(
	db: Reader,
	user: CurrentUser,
	slug: string
): Promise<SchemeRow | NotFound | Forbidden> {
	const scheme = await readableScheme(db, user, slug);
	if ('reason' in scheme) return scheme;
	return can(user, 'meeting.manage', schemeResource(scheme))
		? scheme
		: forbidden('Seule la coordination du schéma enregistre les comités.');
}

/** The meeting of the route, in a scheme already checked (or the refusal of that check). */
async function meetingOf(
	db: Reader,
	scheme: SchemeRow | NotFound | Forbidden,
	meetingId: number
): Promise<{ ok: true; scheme: SchemeRow; row: q.MeetingRow } | NotFound | Forbidden> {
	if ('reason' in scheme) return scheme;
	const row = await q.findMeeting(db, scheme.id, meetingId);
	if (!row) return notFound('Cette réunion n’existe pas dans ce schéma.');
	return { ok: true, scheme, row };
}

async function loadMeetingView(db: Reader, row: q.MeetingRow): Promise<MeetingView> {
	const [attendees, decisions, decisionFiches] = await Promise.all([
		q.listAttendees(db, row.id),
		q.listDecisions(db, row.id),
		q.listDecisionFiches(db, row.id)
	]);
	return {
		id: row.id,
		title: row.title,
		heldOn: row.held_on,
		state: row.state,
		stateLabel: MEETING_STATE_LABELS[row.state],
		period: periodRefOf(row),
		closedAt: row.closed_at,
		closedBy: row.closed_by_name,
		version: row.version,
		decisionCount: decisions.length,
		attendeeCount: attendees.length,
		attendees: attendees.map(orgRef),
		decisions: decisions.map((d) => toDecisionView(d, decisionFiches))
	};
}

function toDecisionView(
	d: q.DecisionRow,
	fiches: Awaited<ReturnType<typeof q.listDecisionFiches>>
): DecisionView {
	const organisation =
		d.organisation_slug && d.organisation_name && d.organisation_short_name
			? {
					slug: d.organisation_slug,
					name: d.organisation_name,
					shortName: d.organisation_short_name
				}
			: null;
	return {
		id: d.id,
		position: d.position,
		text: d.text,
		fiches: fiches
			.filter((f) => f.decision_id === d.id)
			.map((f) => ({ number: f.number, slug: f.slug, title: f.title })),
		followUp: {
			organisation,
			label: d.follow_up_label,
			display: followUpDisplay(organisation, d.follow_up_label)
		},
		dueOn: d.due_on,
		state: d.state,
		stateLabel: DECISION_STATE_LABELS[d.state],
		version: d.version
	};
}

async function loadOptions(db: Reader, schemeId: number): Promise<MeetingOptions> {
	const [periods, own, fiches] = await Promise.all([
		q.listSchemePeriods(db, schemeId),
		q.listSchemeOrganisations(db, schemeId),
		q.listSchemeFiches(db, schemeId)
	]);
	// A scheme whose fiches name no organisation yet offers them all.
	const organisations = own.length ? own : await q.listOrganisations(db);
	return {
		periods: periods.map((p) => ({ code: p.code, label: periodLabel(p) })),
		organisations: organisations.map(orgRef),
		fiches: fiches.map((f) => ({ number: f.number, slug: f.slug, title: f.title }))
	};
}

// ---------------------------------------------------------------------------------------------
// Reading

export type MeetingListResult =
	| { ok: true; scheme: SchemeRef; meetings: MeetingSummary[]; canManage: boolean }
	| NotFound
	| Forbidden;

export async function listMeetings(
	db: Db,
	user: CurrentUser | null,
	schemeSlug: string
): Promise<MeetingListResult> {
	const scheme = await readableScheme(db, user, schemeSlug);
	if ('reason' in scheme) return scheme;
	const rows = await q.listSchemeMeetings(db, scheme.id);
	return {
		ok: true,
		scheme: { slug: scheme.slug, title: scheme.title },
		canManage: can(user, 'meeting.manage', schemeResource(scheme)),
		meetings: rows.map((r) => ({
			id: r.id,
			title: r.title,
			heldOn: r.held_on,
			state: r.state,
			stateLabel: MEETING_STATE_LABELS[r.state],
			period: periodRefOf(r),
			closedAt: r.closed_at,
			decisionCount: Number(r.decision_count ?? 0),
			attendeeCount: Number(r.attendee_count ?? 0)
		}))
	};
}

export type MeetingWhere = { scheme: string; meeting: number };

export type MeetingResult =
	{ ok: true; scheme: SchemeRef; meeting: MeetingView; canManage: boolean } | NotFound | Forbidden;

/** An anonymous reader sees that the coordination closed the meeting, not who. */
function publicMeeting(user: CurrentUser | null, view: MeetingView): MeetingView {
	return user || !view.closedBy ? view : { ...view, closedBy: COORDINATION };
}

export async function getMeeting(
	db: Db,
	user: CurrentUser | null,
	where: MeetingWhere
): Promise<MeetingResult> {
	const found = await meetingOf(db, await readableScheme(db, user, where.scheme), where.meeting);
	if (!found.ok) return found;
	const { scheme, row } = found;
	return {
		ok: true,
		scheme: { slug: scheme.slug, title: scheme.title },
		meeting: publicMeeting(user, await loadMeetingView(db, row)),
		canManage: can(user, 'meeting.manage', schemeResource(scheme)) && row.state === 'open'
	};
}

/** The choices of the meeting and decision forms (administrators only). */
export async function getMeetingOptions(
	db: Db,
	user: CurrentUser,
	schemeSlug: string
): Promise<{ ok: true; scheme: SchemeRef; options: MeetingOptions } | NotFound | Forbidden> {
	const scheme = await adminScheme(db, user, schemeSlug);
	if ('reason' in scheme) return scheme;
	return {
		ok: true,
		scheme: { slug: scheme.slug, title: scheme.title },
		options: await loadOptions(db, scheme.id)
	};
}

export type FrozenPackResult =
	{ ok: true; scheme: SchemeRef; meeting: MeetingView; pack: ReviewPack } | NotFound | Forbidden;

/** The pack of a closed meeting, exactly as it was when the meeting was closed. */
export async function getFrozenPack(
	db: Db,
	user: CurrentUser | null,
	where: MeetingWhere
): Promise<FrozenPackResult> {
	const found = await meetingOf(db, await readableScheme(db, user, where.scheme), where.meeting);
	if (!found.ok) return found;
	const { scheme, row } = found;
	const frozen = await q.findFrozenPack(db, scheme.id, row.id);
	if (row.state !== 'closed' || !frozen?.frozen_pack) {
		return notFound('Cette réunion n’est pas encore close : son dossier n’est pas figé.');
	}
	return {
		ok: true,
		scheme: { slug: scheme.slug, title: scheme.title },
		meeting: publicMeeting(user, await loadMeetingView(db, row)),
		pack: JSON.parse(frozen.frozen_pack) as ReviewPack
	};
}

export type FicheDecision = {
	id: number;
	text: string;
	followUp: string;
	dueOn: string | null;
	state: DecisionState;
	stateLabel: string;
	open: boolean;
	meeting: { id: number; title: string; heldOn: string; state: MeetingState; period: string };
};

/** Decisions that name a fiche, for the fiche page; the caller has checked the scheme is readable. */
export async function listFicheDecisions(db: Db, ficheId: number): Promise<FicheDecision[]> {
	const rows = await q.listFicheDecisionRows(db, ficheId);
	return rows.map((r) => ({
		id: r.id,
		text: r.text,
		followUp: [r.organisation_short_name, r.follow_up_label].filter(Boolean).join(' — '),
		dueOn: r.due_on,
		state: r.state,
		stateLabel: DECISION_STATE_LABELS[r.state],
		open: isDecisionOpen(r.state),
		meeting: {
			id: r.meeting_id,
			title: r.meeting_title,
			heldOn: r.held_on,
			state: r.meeting_state,
			period: periodLabel({ kind: r.period_kind, year: r.period_year, number: r.period_number })
		}
	}));
}

// ---------------------------------------------------------------------------------------------
// Writing

/** A meeting as its history records it: replaying the events rebuilds this. */
type MeetingSnapshot = { title: string; heldOn: string; period: string; attendees: string[] };

const snapshotOf = (
	view: Pick<MeetingView, 'title' | 'heldOn' | 'period' | 'attendees'>
): MeetingSnapshot => ({
	title: view.title,
	heldOn: view.heldOn,
	period: view.period.code,
	attendees: view.attendees.map((a) => a.slug).sort()
});

/** Form values checked against the scheme: period code and organisation slugs must exist. */
async function readMeetingInput(tx: Tx, schemeId: number, input: unknown) {
	const parsed = meetingFormSchema.safeParse(input);
	if (!parsed.success) return invalid(fieldErrors(parsed.error));
	const form = parsed.data;
	const [period, organisations] = await Promise.all([
		tx
			.selectFrom('reporting_period')
			.select(['id', 'code'])
			.where('scheme_id', '=', schemeId)
			.where('code', '=', form.period.toUpperCase())
			.executeTakeFirst(),
		q.listOrganisations(tx)
	]);
	const errors: Record<string, string> = {};
	if (!period) errors.period = 'Choisissez une période de ce schéma.';
	const bySlug = new Map(organisations.map((o) => [o.slug, o]));
	const unknown = form.attendees.filter((slug) => !bySlug.has(slug));
	if (unknown.length)
		errors.attendees = 'Une organisation cochée n’existe plus : rechargez la page.';
	if (Object.keys(errors).length || !period) return invalid(errors);
	return {
		ok: true as const,
		form,
		period,
		attendeeIds: form.attendees.map((slug) => bySlug.get(slug)!.id),
		snapshot: {
			title: form.title,
			heldOn: form.heldOn,
			period: period.code,
			attendees: [...form.attendees].sort()
		}
	};
}

export type MeetingWriteResult =
	{ ok: true; meeting: MeetingView } | NotFound | Forbidden | Invalid;

export async function createMeeting(
	db: Db,
	user: CurrentUser,
	schemeSlug: string,
	input: unknown
): Promise<MeetingWriteResult> {
	return transact<MeetingWriteResult>(db, async (tx) => {
		const scheme = await adminScheme(tx, user, schemeSlug);
		if ('reason' in scheme) return scheme;
		const read = await readMeetingInput(tx, scheme.id, input);
		if (!read.ok) return read;
		const now = new Date().toISOString();
		const { id } = await tx
			.insertInto('meeting')
			.values({
				scheme_id: scheme.id,
				period_id: read.period.id,
				held_on: read.form.heldOn,
				title: read.form.title,
				updated_by: user.id,
				created_at: now,
				updated_at: now
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await q.replaceAttendees(tx, id, read.attendeeIds);
		await recordEvent(tx, actorOf(user), {
			schemeId: scheme.id,
			entityType: 'meeting',
			entityId: id,
			action: 'create',
			changes: creationChanges({ ...read.snapshot, state: 'open' })
		});
		return { ok: true, meeting: await reloadMeeting(tx, scheme.id, id) };
	});
}

/** The meeting of the route, writable: an administrator, an open meeting. */
async function writableMeeting(tx: Tx, user: CurrentUser, where: MeetingWhere) {
	const found = await meetingOf(tx, await adminScheme(tx, user, where.scheme), where.meeting);
	if (!found.ok) return found;
	if (found.row.state === 'closed')
		return locked('Cette réunion est close : elle ne peut plus être modifiée.');
	return found;
}

const MEETING_CHANGED = 'La réunion a été modifiée entre-temps par quelqu’un d’autre.';
const DECISION_CHANGED = 'La décision a été modifiée entre-temps par quelqu’un d’autre.';

/** The writable meeting of the route, still at the version its form was loaded at. */
async function currentMeeting(
	tx: Tx,
	user: CurrentUser,
	where: MeetingWhere,
	expectedVersion: number
) {
	const found = await writableMeeting(tx, user, where);
	if (!found.ok) return found;
	if (found.row.version !== expectedVersion)
		return conflict(await loadMeetingView(tx, found.row), MEETING_CHANGED);
	return found;
}

async function reloadMeeting(tx: Tx, schemeId: number, meetingId: number): Promise<MeetingView> {
	return loadMeetingView(tx, (await q.findMeeting(tx, schemeId, meetingId))!);
}

/**
 * Moves a meeting (or a decision of `meetingId`) from `expectedVersion` to the next one with
 * `values`. The version was checked earlier in the same transaction, so a miss here is a bug.
 */
async function writeNextVersion(
	tx: Tx,
	user: CurrentUser,
	target:
		| { table: 'meeting'; id: number; values: Updateable<MeetingTable> }
		| { table: 'decision'; id: number; meetingId: number; values: Updateable<DecisionTable> },
	expectedVersion: number,
	now = new Date().toISOString()
): Promise<void> {
	const stamp = { updated_at: now, updated_by: user.id };
	const row = { id: target.id, version: expectedVersion };
	if (target.table === 'meeting') {
		await updateVersioned(tx, 'meeting', row, { ...target.values, ...stamp });
		return;
	}
	// A decision is also pinned to the meeting of the route.
	assertOneRow(
		await tx
			.updateTable('decision')
			.set({ ...target.values, ...stamp, version: expectedVersion + 1 })
			.where('id', '=', target.id)
			.where('meeting_id', '=', target.meetingId)
			.where('version', '=', expectedVersion)
			.executeTakeFirst(),
		'decision'
	);
}

export type MeetingUpdateResult =
	| { ok: true; meeting: MeetingView }
	| NotFound
	| Forbidden
	| Invalid
	| Locked
	| Conflict<MeetingView>;

/** Saves title, date, period and attendees when `expectedVersion` is still current. */
export async function updateMeeting(
	db: Db,
	user: CurrentUser,
	where: MeetingWhere,
	input: unknown,
	expectedVersion: number
): Promise<MeetingUpdateResult> {
	return transact<MeetingUpdateResult>(db, async (tx) => {
		const found = await currentMeeting(tx, user, where, expectedVersion);
		if (!found.ok) return found;
		const { scheme, row } = found;
		const before = await loadMeetingView(tx, row);
		const read = await readMeetingInput(tx, scheme.id, input);
		if (!read.ok) return read;
		const changes = diffFields(snapshotOf(before), read.snapshot);
		if (Object.keys(changes).length === 0) return { ok: true, meeting: before };
		await writeNextVersion(
			tx,
			user,
			{
				table: 'meeting',
				id: row.id,
				values: { title: read.form.title, held_on: read.form.heldOn, period_id: read.period.id }
			},
			expectedVersion
		);
		if (changes.attendees) await q.replaceAttendees(tx, row.id, read.attendeeIds);
		await recordEvent(tx, actorOf(user), {
			schemeId: scheme.id,
			entityType: 'meeting',
			entityId: row.id,
			action: 'update',
			changes
		});
		return { ok: true, meeting: await reloadMeeting(tx, scheme.id, row.id) };
	});
}

export type CloseResult =
	| { ok: true; meeting: MeetingView; pack: ReviewPack }
	| NotFound
	| Forbidden
	| Locked
	| Conflict<MeetingView>;

/**
 * Closes the meeting and freezes its review pack: the pack is built and stored in the same
 * transaction, so it is exactly the data of the moment of closing, and no edit made later
 * (figures, bilans, fiches) changes what the committee saw.
 */
export async function closeMeeting(
	db: Db,
	user: CurrentUser,
	where: MeetingWhere,
	expectedVersion: number
): Promise<CloseResult> {
	return transact<CloseResult>(db, async (tx) => {
		const found = await currentMeeting(tx, user, where, expectedVersion);
		if (!found.ok) return found;
		const { scheme, row } = found;
		const built = await getReviewPack(tx, user, { scheme: scheme.slug, period: row.period_code });
		if (!built.ok) return built;
		const json = JSON.stringify(built.pack);
		const closedAt = new Date().toISOString();
		await writeNextVersion(
			tx,
			user,
			{
				table: 'meeting',
				id: row.id,
				values: { state: 'closed', frozen_pack: json, closed_at: closedAt, closed_by: user.id }
			},
			expectedVersion,
			closedAt
		);
		await recordEvent(tx, actorOf(user), {
			schemeId: scheme.id,
			entityType: 'meeting',
			entityId: row.id,
			action: 'close',
			changes: {
				state: { old: 'open', new: 'closed' },
				closedAt: { old: null, new: closedAt },
				// The pack itself lives on the meeting; its fingerprint proves it never changed.
				frozenPackSha256: { old: null, new: createHash('sha256').update(json).digest('hex') }
			}
		});
		const meeting = await reloadMeeting(tx, scheme.id, row.id);
		await notifyMeetingClosed(tx, scheme.id, {
			id: row.id,
			title: row.title,
			heldOn: row.held_on,
			decisions: meeting.decisions.length
		});
		return { ok: true, meeting, pack: built.pack };
	});
}

// ---------------------------------------------------------------------------------------------
// Decisions

type DecisionSnapshot = {
	text: string;
	fiches: string[];
	followUpOrganisation: string | null;
	followUpLabel: string | null;
	dueOn: string | null;
};

const decisionSnapshot = (d: DecisionView): DecisionSnapshot => ({
	text: d.text,
	fiches: d.fiches.map((f) => f.number),
	followUpOrganisation: d.followUp.organisation?.slug ?? null,
	followUpLabel: d.followUp.label,
	dueOn: d.dueOn
});

async function readDecisionInput(tx: Tx, schemeId: number, input: unknown) {
	const parsed = decisionFormSchema.safeParse(input);
	if (!parsed.success) return invalid(fieldErrors(parsed.error));
	const form = parsed.data;
	const [fiches, organisations] = await Promise.all([
		q.listSchemeFiches(tx, schemeId),
		q.listOrganisations(tx)
	]);
	const errors: Record<string, string> = {};
	const ficheBySlug = new Map(fiches.map((f) => [f.slug, f]));
	if (form.fiches.some((slug) => !ficheBySlug.has(slug))) {
		errors.fiches = 'Une fiche cochée n’existe pas dans ce schéma : rechargez la page.';
	}
	const organisation = form.followUpOrganisation
		? organisations.find((o) => o.slug === form.followUpOrganisation)
		: null;
	if (form.followUpOrganisation && !organisation)
		errors.followUpOrganisation = 'Organisation inconnue : choisissez-la dans la liste.';
	if (Object.keys(errors).length) return invalid(errors);
	// Booklet order, whatever the order of the boxes.
	const chosen = fiches.filter((f) => form.fiches.includes(f.slug));
	return {
		ok: true as const,
		form,
		ficheIds: chosen.map((f) => f.id),
		organisationId: organisation?.id ?? null,
		snapshot: {
			text: form.text,
			fiches: chosen.map((f) => f.number),
			followUpOrganisation: organisation?.slug ?? null,
			followUpLabel: form.followUpLabel,
			dueOn: form.dueOn
		} satisfies DecisionSnapshot
	};
}

export type DecisionWriteResult =
	| { ok: true; decision: DecisionView }
	| NotFound
	| Forbidden
	| Invalid
	| Locked
	| Conflict<DecisionView>;

export async function addDecision(
	db: Db,
	user: CurrentUser,
	where: MeetingWhere,
	input: unknown
): Promise<DecisionWriteResult> {
	return transact<DecisionWriteResult>(db, async (tx) => {
		const found = await writableMeeting(tx, user, where);
		if (!found.ok) return found;
		const { scheme, row } = found;
		const read = await readDecisionInput(tx, scheme.id, input);
		if (!read.ok) return read;
		const last = await tx
			.selectFrom('decision')
			.select((eb) => eb.fn.max('position').as('max'))
			.where('meeting_id', '=', row.id)
			.executeTakeFirst();
		const now = new Date().toISOString();
		const { id } = await tx
			.insertInto('decision')
			.values({
				meeting_id: row.id,
				position: Number(last?.max ?? 0) + 1,
				text: read.form.text,
				follow_up_organisation_id: read.organisationId,
				follow_up_label: read.form.followUpLabel,
				due_on: read.form.dueOn,
				updated_by: user.id,
				created_at: now,
				updated_at: now
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await q.replaceDecisionFiches(tx, id, read.ficheIds);
		await recordEvent(tx, actorOf(user), {
			schemeId: scheme.id,
			entityType: 'decision',
			entityId: id,
			action: 'create',
			changes: creationChanges({ meetingId: row.id, ...read.snapshot })
		});
		return { ok: true, decision: (await loadDecision(tx, row.id, id))! };
	});
}

async function loadDecision(
	db: Reader,
	meetingId: number,
	decisionId: number
): Promise<DecisionView | null> {
	const [decisions, fiches] = await Promise.all([
		q.listDecisions(db, meetingId),
		q.listDecisionFiches(db, meetingId)
	]);
	const row = decisions.find((d) => d.id === decisionId);
	return row ? toDecisionView(row, fiches) : null;
}

export type DecisionWhere = MeetingWhere & { decision: number };

/** The decision of the route in a writable meeting, still at the version its form was loaded at. */
async function currentDecision(
	tx: Tx,
	user: CurrentUser,
	where: DecisionWhere,
	expectedVersion: number
) {
	const found = await writableMeeting(tx, user, where);
	if (!found.ok) return found;
	const before = await loadDecision(tx, found.row.id, where.decision);
	if (!before) return notFound('Cette décision n’existe pas dans cette réunion.');
	if (before.version !== expectedVersion) return conflict(before, DECISION_CHANGED);
	return { ...found, before };
}

export async function updateDecision(
	db: Db,
	user: CurrentUser,
	where: DecisionWhere,
	input: unknown,
	expectedVersion: number
): Promise<DecisionWriteResult> {
	return transact<DecisionWriteResult>(db, async (tx) => {
		const found = await currentDecision(tx, user, where, expectedVersion);
		if (!found.ok) return found;
		const { scheme, row, before } = found;
		const read = await readDecisionInput(tx, scheme.id, input);
		if (!read.ok) return read;
		const changes = diffFields(decisionSnapshot(before), read.snapshot);
		if (Object.keys(changes).length === 0) return { ok: true, decision: before };
		await writeNextVersion(
			tx,
			user,
			{
				table: 'decision',
				id: before.id,
				meetingId: row.id,
				values: {
					text: read.form.text,
					follow_up_organisation_id: read.organisationId,
					follow_up_label: read.form.followUpLabel,
					due_on: read.form.dueOn
				}
			},
			expectedVersion
		);
		if (changes.fiches) await q.replaceDecisionFiches(tx, before.id, read.ficheIds);
		await recordEvent(tx, actorOf(user), {
			schemeId: scheme.id,
			entityType: 'decision',
			entityId: before.id,
			action: 'update',
			changes
		});
		return { ok: true, decision: (await loadDecision(tx, row.id, before.id))! };
	});
}

export type DecisionDeleteResult =
	{ ok: true } | NotFound | Forbidden | Locked | Conflict<DecisionView>;

export async function deleteDecision(
	db: Db,
	user: CurrentUser,
	where: DecisionWhere,
	expectedVersion: number
): Promise<DecisionDeleteResult> {
	return transact<DecisionDeleteResult>(db, async (tx) => {
		const found = await currentDecision(tx, user, where, expectedVersion);
		if (!found.ok) return found;
		const { scheme, row, before } = found;
		assertOneRow(
			await tx
				.deleteFrom('decision')
				.where('id', '=', before.id)
				.where('meeting_id', '=', row.id)
				.where('version', '=', expectedVersion)
				.executeTakeFirst(),
			'decision'
		);
		await recordEvent(tx, actorOf(user), {
			schemeId: scheme.id,
			entityType: 'decision',
			entityId: before.id,
			action: 'delete',
			changes: deletionChanges(decisionSnapshot(before))
		});
		return { ok: true };
	});
}

// ---------------------------------------------------------------------------------------------
// Follow-up and deletion (issue 14)

export type DecisionStateResult =
	{ ok: true; decision: DecisionView } | NotFound | Forbidden | Invalid | Conflict<DecisionView>;

/**
 * The follow-up state of a decision (à faire, en cours, fait, abandonnée). Unlike its text, it
 * keeps changing after the meeting is closed: following decisions up is what comes after.
 */
export async function setDecisionState(
	db: Db,
	user: CurrentUser,
	where: DecisionWhere,
	state: unknown,
	expectedVersion: number
): Promise<DecisionStateResult> {
	if (typeof state !== 'string' || !(DECISION_STATES as readonly string[]).includes(state))
		return invalid({ state: 'Choisissez à faire, en cours, fait ou abandonnée.' });
	const next = state as DecisionState;
	return transact<DecisionStateResult>(db, async (tx) => {
		const found = await meetingOf(tx, await adminScheme(tx, user, where.scheme), where.meeting);
		if (!found.ok) return found;
		const before = await loadDecision(tx, found.row.id, where.decision);
		if (!before) return notFound('Cette décision n’existe pas dans cette réunion.');
		if (before.version !== expectedVersion) return conflict(before, DECISION_CHANGED);
		if (before.state === next) return { ok: true, decision: before };
		await writeNextVersion(
			tx,
			user,
			{ table: 'decision', id: before.id, meetingId: found.row.id, values: { state: next } },
			expectedVersion
		);
		await recordEvent(tx, actorOf(user), {
			schemeId: found.scheme.id,
			entityType: 'decision',
			entityId: before.id,
			action: 'follow_up',
			changes: { state: { old: before.state, new: next } }
		});
		return { ok: true, decision: (await loadDecision(tx, found.row.id, before.id))! };
	});
}

export type OpenDecision = {
	id: number;
	text: string;
	state: DecisionState;
	stateLabel: string;
	dueOn: string | null;
	followUp: string;
	meeting: { id: number; title: string; heldOn: string };
};

/** The decisions of earlier meetings still to follow, for the meeting page (coordination). */
export async function listOpenDecisionsFor(
	db: Db,
	meeting: { id: number; heldOn: string },
	schemeId: number
): Promise<OpenDecision[]> {
	const rows = await q.listOpenDecisionsBefore(db, schemeId, meeting.id, meeting.heldOn);
	return rows.map((r) => ({
		id: r.id,
		text: r.text,
		state: r.state,
		stateLabel: DECISION_STATE_LABELS[r.state],
		dueOn: r.due_on,
		followUp: [r.organisation_short_name, r.follow_up_label].filter(Boolean).join(' — '),
		meeting: { id: r.meeting_id, title: r.meeting_title, heldOn: r.held_on }
	}));
}

export type MeetingDeleteResult =
	{ ok: true } | NotFound | Forbidden | Locked | Conflict<MeetingView>;

/** Deletes a meeting created by mistake, with its decisions, while it is not closed. */
export async function deleteMeeting(
	db: Db,
	user: CurrentUser,
	where: MeetingWhere,
	expectedVersion: number
): Promise<MeetingDeleteResult> {
	return transact<MeetingDeleteResult>(db, async (tx) => {
		const found = await currentMeeting(tx, user, where, expectedVersion);
		if (!found.ok) return found;
		const { scheme, row } = found;
		const view = await loadMeetingView(tx, row);
		// Decisions, their fiches and the attendees go with the meeting (cascades of 0005).
		await tx.deleteFrom('decision').where('meeting_id', '=', row.id).execute();
		await tx.deleteFrom('meeting_attendee').where('meeting_id', '=', row.id).execute();
		// Another writer changed the meeting since it was read: the transaction is run again.
		assertOneRow(
			await tx
				.deleteFrom('meeting')
				.where('id', '=', row.id)
				.where('version', '=', expectedVersion)
				.executeTakeFirst(),
			'meeting'
		);
		await recordEvent(tx, actorOf(user), {
			schemeId: scheme.id,
			entityType: 'meeting',
			entityId: row.id,
			action: 'delete',
			changes: deletionChanges({ ...snapshotOf(view), decisions: view.decisions.length })
		});
		return { ok: true };
	});
}
