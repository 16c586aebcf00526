import type { Updateable } from 'kysely';
import { syncSeriesFigures } from '../territory-data/series-figures';
import {
	isReopening,
	parsePeriodCode,
	periodCode,
	periodInputSchema,
	periodSpan,
	periodStateChangeSchema,
	periodTransitionError,
	periodWindowSchema
} from '$lib/domain/figures';
import { fieldErrors } from '$lib/domain/fiche-edit';
import { can, schemeResource } from '$lib/domain/policy';
import { notifyPeriodOpened } from '../notifications/events';
import type { CurrentUser } from '../auth/auth.service';
import type { Db } from '../db/database';
import {
	actorOf,
	creationChanges,
	deletionChanges,
	diffFields,
	recordEvent,
	type AuditEntry
} from '../audit/audit.service';
import type { ReportingPeriodTable } from '../db/schema';
import { assertOneRow, updateVersioned } from '../db/versioned-update';
import * as q from './reporting.queries';
import {
	loadScheme,
	loadSchemeFor,
	toPeriodView,
	type PeriodRow,
	type PeriodView,
	type SchemeRef
} from './reporting-context';
import {
	conflict,
	invalid,
	notFound,
	today as todayIso,
	transact,
	type Conflict,
	type Forbidden,
	type Invalid,
	type NotFound,
	type Tx
} from './results';

export type { PeriodView } from './reporting-context';
export type PeriodWhere = { scheme: string; period: string };
type SchemeOut = { id: number; slug: string; title: string };

const ADMIN_ONLY = 'La gestion des périodes est réservée à la coordination du schéma.';

function periodSnapshot(row: PeriodRow) {
	return { code: row.code, opensOn: row.opens_on, closesOn: row.closes_on, state: row.state };
}

const schemeOut = (s: SchemeRef): SchemeOut => ({ id: s.id, slug: s.slug, title: s.title });

/** Why a period cannot be deleted (null when it can): it holds figures or bilans, or a meeting examined it. */
function deletionRefusal(code: string, holds: { data: boolean; meeting: boolean }): string | null {
	if (holds.data)
		return `La période ${code} contient des chiffres ou des bilans : elle ne peut pas être supprimée.`;
	if (holds.meeting)
		return `Un comité a examiné la période ${code} : elle ne peut pas être supprimée.`;
	return null;
}

/** The reporting periods of a scheme, in time order, each with why it cannot be deleted (if so). */
export async function listPeriods(
	db: Db,
	user: CurrentUser | null,
	schemeSlug: string,
	today: string = todayIso()
): Promise<
	| {
			ok: true;
			scheme: SchemeOut & { startYear: number; endYear: number };
			periods: (PeriodView & { deleteRefusal: string | null })[];
			canManage: boolean;
	  }
	| NotFound
	| Forbidden
> {
	const scheme = await loadScheme(db, user, schemeSlug);
	if ('reason' in scheme) return scheme;
	const rows = await q.listSchemePeriods(db, scheme.id);
	const ids = rows.map((r) => r.id);
	const [years, figures, bilans, meetings] = await Promise.all([
		db
			.selectFrom('scheme')
			.select(['start_year', 'end_year'])
			.where('id', '=', scheme.id)
			.executeTakeFirstOrThrow(),
		ids.length
			? db
					.selectFrom('figure')
					.select('period_id')
					.distinct()
					.where('period_id', 'in', ids)
					.execute()
			: [],
		ids.length
			? db
					.selectFrom('bilan')
					.select('period_id')
					.distinct()
					.where('period_id', 'in', ids)
					.execute()
			: [],
		ids.length
			? db
					.selectFrom('meeting')
					.select('period_id')
					.distinct()
					.where('period_id', 'in', ids)
					.execute()
			: []
	]);
	const withData = new Set([...figures, ...bilans].map((r) => r.period_id));
	const examined = new Set(meetings.map((r) => r.period_id));
	return {
		ok: true,
		scheme: { ...schemeOut(scheme), startYear: years.start_year, endYear: years.end_year },
		periods: rows.map((r) => ({
			...toPeriodView(r, today),
			deleteRefusal: deletionRefusal(r.code, {
				data: withData.has(r.id),
				meeting: examined.has(r.id)
			})
		})),
		canManage: can(user, 'period.manage', schemeResource(scheme))
	};
}

export async function getPeriod(
	db: Db,
	user: CurrentUser | null,
	where: PeriodWhere,
	today: string = todayIso()
): Promise<
	{ ok: true; scheme: SchemeOut; period: PeriodView; canManage: boolean } | NotFound | Forbidden
> {
	const scheme = await loadScheme(db, user, where.scheme);
	if ('reason' in scheme) return scheme;
	const row = await q.findPeriod(db, scheme.id, where.period.toUpperCase());
	if (!row) return notFound(`Aucune période « ${where.period} » dans ce schéma.`);
	return {
		ok: true,
		scheme: schemeOut(scheme),
		period: toPeriodView(row, today),
		canManage: can(user, 'period.manage', schemeResource(scheme))
	};
}

export type PeriodWriteResult =
	{ ok: true; period: PeriodView } | NotFound | Forbidden | Invalid | Conflict<PeriodView>;

/** Creates a period ("à venir") from form or API input (periodInputSchema). Administrator only. */
export async function createPeriod(
	db: Db,
	user: CurrentUser,
	schemeSlug: string,
	input: unknown,
	today: string = todayIso()
): Promise<PeriodWriteResult> {
	const allowed = await loadSchemeFor(db, user, schemeSlug, 'period.manage', ADMIN_ONLY);
	if ('reason' in allowed) return allowed;
	const parsed = periodInputSchema.safeParse(input);
	if (!parsed.success) return invalid(fieldErrors(parsed.error));
	const ref = {
		kind: parsed.data.kind,
		year: parsed.data.year,
		number: parsed.data.kind === 'annee' ? null : parsed.data.number
	};
	const code = periodCode(ref);
	const span = periodSpan(ref);
	return transact<PeriodWriteResult>(db, async (tx) => {
		const scheme = await loadScheme(tx, user, schemeSlug);
		if ('reason' in scheme) return scheme;
		if (await q.findPeriod(tx, scheme.id, code)) {
			return invalid({
				[ref.kind === 'annee' ? 'year' : 'number']: `La période ${code} existe déjà.`
			});
		}
		const row = await tx
			.insertInto('reporting_period')
			.values({
				scheme_id: scheme.id,
				code,
				kind: ref.kind,
				year: ref.year,
				number: ref.number,
				starts_on: span.startsOn,
				ends_on: span.endsOn,
				opens_on: parsed.data.opensOn,
				closes_on: parsed.data.closesOn,
				state: 'a_venir'
			})
			.returningAll()
			.executeTakeFirstOrThrow();
		await recordEvent(tx, actorOf(user), {
			schemeId: scheme.id,
			entityType: 'period',
			entityId: row.id,
			action: 'create',
			changes: creationChanges(periodSnapshot(row))
		});
		// Indicators fed by a public series get this period's figure at once.
		await syncSeriesFigures(tx, actorOf(user), { schemeId: scheme.id });
		return { ok: true, period: toPeriodView(row, today) };
	});
}

/** The period of the route (administrators only), still at the version the form was based on. */
async function loadForWrite(
	tx: Tx,
	user: CurrentUser,
	where: PeriodWhere,
	expectedVersion: number,
	today: string
) {
	const scheme = await loadSchemeFor(tx, user, where.scheme, 'period.manage', ADMIN_ONLY);
	if ('reason' in scheme) return scheme;
	if (!parsePeriodCode(where.period))
		return notFound(`Période « ${where.period} » illisible (ex. 2019, 2019-S1, 2019-T3).`);
	const row = await q.findPeriod(tx, scheme.id, where.period.toUpperCase());
	if (!row) return notFound(`Aucune période « ${where.period} » dans ce schéma.`);
	if (row.version !== expectedVersion) {
		return conflict(
			toPeriodView(row, today),
			`La période a été modifiée entre-temps (version ${row.version}).`
		);
	}
	return { scheme, row };
}

/** Writes a period found by loadForWrite at its next version, with its line in the history. */
async function savePeriod(
	tx: Tx,
	user: CurrentUser,
	{ scheme, row }: { scheme: SchemeRef; row: PeriodRow },
	set: Updateable<ReportingPeriodTable>,
	event: Pick<AuditEntry, 'action' | 'changes' | 'reason'>
): Promise<PeriodRow> {
	await updateVersioned(tx, 'reporting_period', row, {
		...set,
		updated_at: new Date().toISOString()
	});
	const updated = await tx
		.selectFrom('reporting_period')
		.selectAll()
		.where('id', '=', row.id)
		.executeTakeFirstOrThrow();
	await recordEvent(tx, actorOf(user), {
		schemeId: scheme.id,
		entityType: 'period',
		entityId: row.id,
		...event
	});
	return updated;
}

/** Changes the entry window (opening and closing dates). */
export async function updatePeriodWindow(
	db: Db,
	user: CurrentUser,
	where: PeriodWhere,
	input: unknown,
	expectedVersion: number,
	today: string = todayIso()
): Promise<PeriodWriteResult> {
	const parsed = periodWindowSchema.safeParse(input);
	if (!parsed.success) return invalid(fieldErrors(parsed.error));
	return transact<PeriodWriteResult>(db, async (tx) => {
		const found = await loadForWrite(tx, user, where, expectedVersion, today);
		if ('reason' in found) return found;
		const { row } = found;
		const changes = diffFields(periodSnapshot(row), {
			opensOn: parsed.data.opensOn,
			closesOn: parsed.data.closesOn
		});
		if (Object.keys(changes).length === 0) return { ok: true, period: toPeriodView(row, today) };
		const updated = await savePeriod(
			tx,
			user,
			found,
			{ opens_on: parsed.data.opensOn, closes_on: parsed.data.closesOn },
			{ action: 'update', changes }
		);
		return { ok: true, period: toPeriodView(updated, today) };
	});
}

/**
 * Opens, closes, validates or reopens a period. Reopening a closed or validated period needs a
 * reason, kept in the history with the change.
 */
export async function changePeriodState(
	db: Db,
	user: CurrentUser,
	where: PeriodWhere,
	input: unknown,
	expectedVersion: number,
	today: string = todayIso()
): Promise<PeriodWriteResult> {
	const parsed = periodStateChangeSchema.safeParse(input);
	if (!parsed.success) return invalid(fieldErrors(parsed.error));
	const { state, reason } = parsed.data;
	return transact<PeriodWriteResult>(db, async (tx) => {
		const found = await loadForWrite(tx, user, where, expectedVersion, today);
		if ('reason' in found) return found;
		const { row } = found;
		const error = periodTransitionError(row.state, state, reason);
		if (error) return invalid({ [error.includes('raison') ? 'reason' : 'state']: error });
		const updated = await savePeriod(
			tx,
			user,
			found,
			{ state },
			{
				action: isReopening(row.state, state) ? 'reopen' : 'state',
				changes: { state: { old: row.state, new: state } },
				reason: reason ?? null
			}
		);
		// The first opening tells the pilots (a reopening is the coordination's business).
		if (row.state === 'a_venir' && state === 'ouverte')
			await notifyPeriodOpened(tx, found.scheme.id, row.id);
		return { ok: true, period: toPeriodView(updated, today) };
	});
}

/** Deletes a period that holds no figure and no bilan yet. */
export async function deletePeriod(
	db: Db,
	user: CurrentUser,
	where: PeriodWhere,
	expectedVersion: number,
	today: string = todayIso()
): Promise<{ ok: true } | NotFound | Forbidden | Invalid | Conflict<PeriodView>> {
	return transact(db, async (tx) => {
		const found = await loadForWrite(tx, user, where, expectedVersion, today);
		if ('reason' in found) return found;
		const { scheme, row } = found;
		const [figure, bilan, meeting] = await Promise.all([
			tx
				.selectFrom('figure')
				.select('id')
				.where('period_id', '=', row.id)
				.limit(1)
				.executeTakeFirst(),
			tx
				.selectFrom('bilan')
				.select('id')
				.where('period_id', '=', row.id)
				.limit(1)
				.executeTakeFirst(),
			tx
				.selectFrom('meeting')
				.select('id')
				.where('period_id', '=', row.id)
				.limit(1)
				.executeTakeFirst()
		]);
		const refusal = deletionRefusal(row.code, { data: !!(figure || bilan), meeting: !!meeting });
		if (refusal) return invalid({ _form: refusal });
		assertOneRow(
			await tx
				.deleteFrom('reporting_period')
				.where('id', '=', row.id)
				.where('version', '=', expectedVersion)
				.executeTakeFirst(),
			'reporting_period'
		);
		await recordEvent(tx, actorOf(user), {
			schemeId: scheme.id,
			entityType: 'period',
			entityId: row.id,
			action: 'delete',
			changes: deletionChanges(periodSnapshot(row))
		});
		return { ok: true } as const;
	});
}
