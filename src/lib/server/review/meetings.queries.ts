import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';

type Q = Kysely<Database> | Transaction<Database>;

export function findScheme(db: Q, slug: string) {
	return db
		.selectFrom('scheme')
		.select(['id', 'slug', 'title', 'visibility'])
		.where('slug', '=', slug)
		.executeTakeFirst();
}

/** Meetings of a scheme, latest first, with their period and counts. */
export function listSchemeMeetings(db: Q, schemeId: number) {
	return db
		.selectFrom('meeting')
		.innerJoin('reporting_period', 'reporting_period.id', 'meeting.period_id')
		.select((eb) => [
			'meeting.id',
			'meeting.title',
			'meeting.held_on',
			'meeting.state',
			'meeting.closed_at',
			'meeting.version',
			'reporting_period.code as period_code',
			'reporting_period.kind as period_kind',
			'reporting_period.year as period_year',
			'reporting_period.number as period_number',
			eb
				.selectFrom('decision')
				.select((d) => d.fn.countAll<number>().as('n'))
				.whereRef('decision.meeting_id', '=', 'meeting.id')
				.as('decision_count'),
			eb
				.selectFrom('meeting_attendee')
				.select((d) => d.fn.countAll<number>().as('n'))
				.whereRef('meeting_attendee.meeting_id', '=', 'meeting.id')
				.as('attendee_count')
		])
		.where('meeting.scheme_id', '=', schemeId)
		.orderBy('meeting.held_on', 'desc')
		.orderBy('meeting.id', 'desc')
		.execute();
}

/** One meeting of a scheme: the scheme id from the route is part of the WHERE clause. */
export function findMeeting(db: Q, schemeId: number, meetingId: number) {
	return db
		.selectFrom('meeting')
		.innerJoin('reporting_period', 'reporting_period.id', 'meeting.period_id')
		.leftJoin('app_user as closer', 'closer.id', 'meeting.closed_by')
		.select([
			'meeting.id',
			'meeting.scheme_id',
			'meeting.period_id',
			'meeting.title',
			'meeting.held_on',
			'meeting.state',
			'meeting.closed_at',
			'meeting.version',
			'meeting.created_at',
			'meeting.updated_at',
			'closer.name as closed_by_name',
			'reporting_period.code as period_code',
			'reporting_period.kind as period_kind',
			'reporting_period.year as period_year',
			'reporting_period.number as period_number'
		])
		.where('meeting.scheme_id', '=', schemeId)
		.where('meeting.id', '=', meetingId)
		.executeTakeFirst();
}

export type MeetingRow = NonNullable<Awaited<ReturnType<typeof findMeeting>>>;

export function findFrozenPack(db: Q, schemeId: number, meetingId: number) {
	return db
		.selectFrom('meeting')
		.select(['frozen_pack'])
		.where('scheme_id', '=', schemeId)
		.where('id', '=', meetingId)
		.executeTakeFirst();
}

export function listAttendees(db: Q, meetingId: number) {
	return db
		.selectFrom('meeting_attendee')
		.innerJoin('organisation', 'organisation.id', 'meeting_attendee.organisation_id')
		.select([
			'organisation.id',
			'organisation.slug',
			'organisation.name',
			'organisation.short_name'
		])
		.where('meeting_attendee.meeting_id', '=', meetingId)
		.orderBy('organisation.short_name')
		.execute();
}

export function listDecisions(db: Q, meetingId: number) {
	return db
		.selectFrom('decision')
		.leftJoin('organisation', 'organisation.id', 'decision.follow_up_organisation_id')
		.select([
			'decision.id',
			'decision.position',
			'decision.text',
			'decision.follow_up_label',
			'decision.due_on',
			'decision.state',
			'decision.version',
			'organisation.id as organisation_id',
			'organisation.slug as organisation_slug',
			'organisation.name as organisation_name',
			'organisation.short_name as organisation_short_name'
		])
		.where('decision.meeting_id', '=', meetingId)
		.orderBy('decision.position')
		.orderBy('decision.id')
		.execute();
}

export type DecisionRow = Awaited<ReturnType<typeof listDecisions>>[number];

/** The fiches of every decision of a meeting, in booklet order. */
export function listDecisionFiches(db: Q, meetingId: number) {
	return db
		.selectFrom('decision_fiche')
		.innerJoin('decision', 'decision.id', 'decision_fiche.decision_id')
		.innerJoin('fiche', 'fiche.id', 'decision_fiche.fiche_id')
		.select(['decision_fiche.decision_id', 'fiche.id', 'fiche.number', 'fiche.slug', 'fiche.title'])
		.where('decision.meeting_id', '=', meetingId)
		.orderBy('fiche.number_sort')
		.execute();
}

/**
 * Organisations that take part in a scheme: pilots and partners of its fiches, and those that
 * attended its meetings or follow up its decisions. What the meeting forms offer.
 */
export function listSchemeOrganisations(db: Q, schemeId: number) {
	return db
		.selectFrom('organisation')
		.select(['id', 'slug', 'name', 'short_name'])
		.where((eb) =>
			eb.or([
				eb.exists(
					eb
						.selectFrom('fiche_actor')
						.innerJoin('fiche', 'fiche.id', 'fiche_actor.fiche_id')
						.select('fiche_actor.id')
						.whereRef('fiche_actor.organisation_id', '=', 'organisation.id')
						.where('fiche.scheme_id', '=', schemeId)
				),
				eb.exists(
					eb
						.selectFrom('meeting_attendee')
						.innerJoin('meeting', 'meeting.id', 'meeting_attendee.meeting_id')
						.select('meeting.id')
						.whereRef('meeting_attendee.organisation_id', '=', 'organisation.id')
						.where('meeting.scheme_id', '=', schemeId)
				),
				eb.exists(
					eb
						.selectFrom('decision')
						.innerJoin('meeting', 'meeting.id', 'decision.meeting_id')
						.select('decision.id')
						.whereRef('decision.follow_up_organisation_id', '=', 'organisation.id')
						.where('meeting.scheme_id', '=', schemeId)
				)
			])
		)
		.orderBy('short_name')
		.execute();
}

/** Every organisation, by short name (what a form accepts; the scheme's ones are offered). */
export function listOrganisations(db: Q) {
	return db
		.selectFrom('organisation')
		.select(['id', 'slug', 'name', 'short_name'])
		.orderBy('short_name')
		.execute();
}

export function listSchemeFiches(db: Q, schemeId: number) {
	return db
		.selectFrom('fiche')
		.select(['id', 'number', 'slug', 'title'])
		.where('scheme_id', '=', schemeId)
		.orderBy('number_sort')
		.execute();
}

export function listSchemePeriods(db: Q, schemeId: number) {
	return db
		.selectFrom('reporting_period')
		.select(['id', 'code', 'kind', 'year', 'number', 'state'])
		.where('scheme_id', '=', schemeId)
		.orderBy('starts_on')
		.orderBy('kind')
		.execute();
}

export async function replaceAttendees(db: Q, meetingId: number, organisationIds: number[]) {
	await db.deleteFrom('meeting_attendee').where('meeting_id', '=', meetingId).execute();
	if (organisationIds.length) {
		await db
			.insertInto('meeting_attendee')
			.values(
				organisationIds.map((organisation_id) => ({ meeting_id: meetingId, organisation_id }))
			)
			.execute();
	}
}

export async function replaceDecisionFiches(db: Q, decisionId: number, ficheIds: number[]) {
	await db.deleteFrom('decision_fiche').where('decision_id', '=', decisionId).execute();
	if (ficheIds.length) {
		await db
			.insertInto('decision_fiche')
			.values(ficheIds.map((fiche_id) => ({ decision_id: decisionId, fiche_id })))
			.execute();
	}
}

/** Decisions that name a fiche, with their meeting, latest meeting first. */
export function listFicheDecisionRows(db: Q, ficheId: number) {
	return db
		.selectFrom('decision_fiche')
		.innerJoin('decision', 'decision.id', 'decision_fiche.decision_id')
		.innerJoin('meeting', 'meeting.id', 'decision.meeting_id')
		.innerJoin('reporting_period', 'reporting_period.id', 'meeting.period_id')
		.leftJoin('organisation', 'organisation.id', 'decision.follow_up_organisation_id')
		.select([
			'decision.id',
			'decision.text',
			'decision.follow_up_label',
			'decision.due_on',
			'decision.state',
			'organisation.short_name as organisation_short_name',
			'organisation.name as organisation_name',
			'meeting.id as meeting_id',
			'meeting.title as meeting_title',
			'meeting.held_on',
			'meeting.state as meeting_state',
			'reporting_period.kind as period_kind',
			'reporting_period.year as period_year',
			'reporting_period.number as period_number'
		])
		.where('decision_fiche.fiche_id', '=', ficheId)
		.orderBy('meeting.held_on', 'desc')
		.orderBy('decision.position')
		.execute();
}

/** Decisions still to follow (à faire, en cours) of the scheme's meetings other than this one, held before it. */
export function listOpenDecisionsBefore(
	db: Q,
	schemeId: number,
	meetingId: number,
	heldOn: string
) {
	return db
		.selectFrom('decision')
		.innerJoin('meeting', 'meeting.id', 'decision.meeting_id')
		.leftJoin('organisation', 'organisation.id', 'decision.follow_up_organisation_id')
		.select([
			'decision.id',
			'decision.text',
			'decision.state',
			'decision.due_on',
			'decision.follow_up_label',
			'organisation.short_name as organisation_short_name',
			'meeting.id as meeting_id',
			'meeting.title as meeting_title',
			'meeting.held_on'
		])
		.where('meeting.scheme_id', '=', schemeId)
		.where('meeting.id', '!=', meetingId)
		.where('meeting.held_on', '<=', heldOn)
		.where('decision.state', 'in', ['a_faire', 'en_cours'])
		.orderBy('meeting.held_on')
		.orderBy('decision.position')
		.execute();
}
