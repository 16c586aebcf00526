import type { Kysely, Transaction } from 'kysely';
import type { MembershipRole } from '$lib/domain/policy';
import type { Database } from '../db/schema';
import { orNone } from '../scheme-reads/scheme-reads.queries';

type Q = Kysely<Database> | Transaction<Database>;

const PREFERENCE_COLUMNS = [
	'user_id',
	'unsubscribe_key',
	'period_opened',
	'reminder',
	'sent_back',
	'validated',
	'meeting_closed',
	'digest'
] as const;

export function listPreferenceRows(db: Q, userIds: readonly number[]) {
	return db
		.selectFrom('notification_preference')
		.select(PREFERENCE_COLUMNS)
		.where('user_id', 'in', orNone([...userIds]))
		.execute();
}
export type PreferenceRow = Awaited<ReturnType<typeof listPreferenceRows>>[number];

export function findPreferenceByKey(db: Q, key: string) {
	return db
		.selectFrom('notification_preference')
		.innerJoin('app_user', 'app_user.id', 'notification_preference.user_id')
		.select(PREFERENCE_COLUMNS.map((c) => `notification_preference.${c}` as const))
		.select(['app_user.email', 'app_user.name'])
		.where('notification_preference.unsubscribe_key', '=', key)
		.executeTakeFirst();
}

/** A row with the defaults and a fresh key; a row already there is kept as it is. */
export function insertPreferenceRow(db: Q, userId: number, key: string) {
	return db
		.insertInto('notification_preference')
		.values({ user_id: userId, unsubscribe_key: key })
		.onConflict((oc) => oc.column('user_id').doNothing())
		.execute();
}

export function updatePreferenceRow(
	db: Q,
	userId: number,
	values: Partial<
		Record<'period_opened' | 'reminder' | 'sent_back' | 'validated' | 'meeting_closed', number>
	> & { digest?: 'weekly' | 'daily' | 'never' },
	at: string
) {
	return db
		.updateTable('notification_preference')
		.set({ ...values, updated_at: at })
		.where('user_id', '=', userId)
		.executeTakeFirst();
}

/**
 * The members of a scheme who can receive its mail: an active account (not disabled, password
 * chosen: an invited person still waiting has only the invitation) with one of these roles.
 */
export function listSchemeMembers(db: Q, schemeId: number, roles: readonly MembershipRole[]) {
	return db
		.selectFrom('membership')
		.innerJoin('app_user', 'app_user.id', 'membership.user_id')
		.select([
			'app_user.id as user_id',
			'app_user.email',
			'app_user.name',
			'membership.role',
			'membership.organisation_id'
		])
		.where('membership.scheme_id', '=', schemeId)
		.where('membership.role', 'in', [...roles])
		.where('app_user.disabled_at', 'is', null)
		.where('app_user.password_hash', 'is not', null)
		.orderBy('app_user.id')
		.execute();
}
export type MemberRow = Awaited<ReturnType<typeof listSchemeMembers>>[number];

export function findSchemeHead(db: Q, schemeId: number) {
	return db
		.selectFrom('scheme')
		.select(['id', 'slug', 'title', 'reminder_days'])
		.where('id', '=', schemeId)
		.executeTakeFirstOrThrow();
}

export function findPeriodRow(db: Q, periodId: number) {
	return db
		.selectFrom('reporting_period')
		.selectAll()
		.where('id', '=', periodId)
		.executeTakeFirstOrThrow();
}

/** Every open period, with its scheme's reminder days (the scheduler's reminders). */
export function listOpenPeriodsWithSchemes(db: Q) {
	return db
		.selectFrom('reporting_period')
		.innerJoin('scheme', 'scheme.id', 'reporting_period.scheme_id')
		.selectAll('reporting_period')
		.select(['scheme.reminder_days'])
		.where('reporting_period.state', '=', 'ouverte')
		.orderBy('reporting_period.id')
		.execute();
}

/** The reminders already recorded for a period since an instant (one kind a day). */
export function listRemindersSince(db: Q, periodId: number, kind: string, since: string) {
	return db
		.selectFrom('reminder')
		.select(['organisation_id'])
		.where('period_id', '=', periodId)
		.where('kind', '=', kind as 'manual')
		.where('created_at', '>=', since)
		.execute();
}

/** Schemes that have at least one coordinator (the digest's schemes). */
export function listCoordinatedSchemeIds(db: Q) {
	return db
		.selectFrom('membership')
		.select('scheme_id')
		.distinct()
		.where('role', '=', 'coordinateur')
		.execute();
}

/** Submitted figures waiting for review, per fiche, in the periods where review is possible. */
export function listAwaitingReview(db: Q, schemeId: number) {
	return db
		.selectFrom('figure')
		.innerJoin('reporting_period', 'reporting_period.id', 'figure.period_id')
		.innerJoin('indicator', 'indicator.id', 'figure.indicator_id')
		.innerJoin('fiche', 'fiche.id', 'indicator.fiche_id')
		.select(({ fn }) => [
			'reporting_period.code as period_code',
			'fiche.number as fiche_number',
			'fiche.slug as fiche_slug',
			fn.countAll<number>().as('count')
		])
		.where('figure.status', '=', 'soumis')
		.where('reporting_period.state', 'in', ['ouverte', 'close'])
		.where('reporting_period.scheme_id', '=', schemeId)
		.groupBy(['reporting_period.code', 'fiche.number', 'fiche.slug', 'fiche.number_sort'])
		.orderBy('reporting_period.code')
		.orderBy('fiche.number_sort')
		.execute();
}

/** Milestones past their planned date and not done, in booklet order. */
export function listOverdueMilestones(db: Q, schemeId: number, today: string) {
	return db
		.selectFrom('milestone')
		.innerJoin('fiche', 'fiche.id', 'milestone.fiche_id')
		.select(['milestone.label', 'milestone.due_on', 'fiche.number as fiche_number'])
		.where('fiche.scheme_id', '=', schemeId)
		.where('milestone.due_on', '<', today)
		.where('milestone.done_on', 'is', null)
		.orderBy('fiche.number_sort')
		.orderBy('milestone.due_on')
		.execute();
}
