import type { Transaction } from 'kysely';
import type { IndicatorKind, IndicatorUnit, Periodicity, Polarity } from '$lib/domain/enums';
import { can } from '$lib/domain/policy';
import type { IndicatorForm } from '$lib/domain/structure-forms';
import type { CurrentUser } from '../auth/auth.service';
import {
	actorOf,
	creationChanges,
	deletionChanges,
	diffFields,
	recordEvent
} from '../audit/audit.service';
import type { Db } from '../db/database';
import type { Database, Indicator } from '../db/schema';
import { refreshFicheSearch } from '../plan/plan-search.queries';
import * as q from './indicators.queries';
import { renumber } from './renumber';
import {
	conflict,
	FORBIDDEN,
	invalid,
	notFound,
	stepMove,
	type Conflict,
	type Forbidden,
	type Invalid,
	type NotFound
} from './results';
import { transact } from '../db/transact';
import { assertOneRow, updateVersioned } from '../db/versioned-update';

type Tx = Transaction<Database>;
type Where = { scheme: string; fiche: string };

/** An indicator as its history records it: targets and breakdown values included. */
export type IndicatorSnapshot = {
	kind: IndicatorKind;
	kindLabel: string | null;
	label: string;
	measure: string | null;
	unit: IndicatorUnit;
	polarity: Polarity;
	periodicity: Periodicity;
	baselineValue: number | null;
	baselineYear: number | null;
	targets: { year: number; value: number }[];
	breakdownLabel: string | null;
	breakdownValues: string[];
	note: string | null;
};
export type IndicatorAdminView = IndicatorSnapshot & {
	id: number;
	version: number;
	position: number;
};

type TargetRow = Awaited<ReturnType<typeof q.listTargets>>[number];
type ValueRow = Awaited<ReturnType<typeof q.listBreakdownValues>>[number];

function toSnapshot(row: Indicator, targets: TargetRow[], values: ValueRow[]): IndicatorSnapshot {
	return {
		kind: row.kind,
		kindLabel: row.kind_label,
		label: row.label,
		measure: row.measure,
		unit: row.unit,
		polarity: row.polarity,
		periodicity: row.periodicity,
		baselineValue: row.baseline_value,
		baselineYear: row.baseline_year,
		targets: targets
			.filter((t) => t.indicator_id === row.id)
			.map((t) => ({ year: t.year, value: t.value })),
		breakdownLabel: row.breakdown_label,
		breakdownValues: values.filter((v) => v.indicator_id === row.id).map((v) => v.label),
		note: row.note
	};
}

async function loadSnapshot(db: Tx | Db, row: Indicator): Promise<IndicatorSnapshot> {
	const [targets, values] = await Promise.all([
		q.listTargets(db, [row.id]),
		q.listBreakdownValues(db, [row.id])
	]);
	return toSnapshot(row, targets, values);
}

function formSnapshot(form: IndicatorForm): IndicatorSnapshot {
	return {
		kind: form.kind,
		kindLabel: form.kindLabel,
		label: form.label,
		measure: form.measure,
		unit: form.unit,
		polarity: form.polarity,
		periodicity: form.periodicity,
		baselineValue: form.baselineValue,
		baselineYear: form.baselineYear,
		targets: form.targets,
		breakdownLabel: form.breakdownLabel,
		breakdownValues: form.breakdownValues,
		note: form.note
	};
}

function columnsOf(s: IndicatorSnapshot) {
	return {
		kind: s.kind,
		kind_label: s.kindLabel,
		label: s.label,
		measure: s.measure,
		unit: s.unit,
		polarity: s.polarity,
		periodicity: s.periodicity,
		baseline_value: s.baselineValue,
		baseline_year: s.baselineYear,
		breakdown_label: s.breakdownLabel,
		note: s.note
	};
}

const FICHE_NOT_FOUND = 'Fiche action introuvable dans ce schéma.';
const INDICATOR_NOT_FOUND = 'Cet indicateur n’existe plus sur cette fiche.';

/** The fiche and its indicators, in order, with what the edit forms need. */
export async function getFicheIndicators(db: Db, where: Where) {
	const fiche = await q.findFicheForIndicators(db, where.scheme, where.fiche);
	if (!fiche) return null;
	const rows = await q.listIndicators(db, fiche.id);
	const ids = rows.map((r) => r.id);
	const [targets, values] = await Promise.all([
		q.listTargets(db, ids),
		q.listBreakdownValues(db, ids)
	]);
	return {
		scheme: {
			id: fiche.scheme_id,
			slug: fiche.scheme_slug,
			title: fiche.scheme_title,
			startYear: fiche.start_year,
			endYear: fiche.end_year
		},
		fiche: { number: fiche.number, slug: fiche.slug, title: fiche.title },
		indicators: rows.map((r): IndicatorAdminView => ({
			...toSnapshot(r, targets, values),
			id: r.id,
			version: r.version,
			position: r.position
		}))
	};
}

async function loadFiche(tx: Tx, user: CurrentUser, where: Where) {
	const fiche = await q.findFicheForIndicators(tx, where.scheme, where.fiche);
	const resource = fiche && { schemeId: fiche.scheme_id, visibility: fiche.visibility };
	if (!resource || !can(user, 'scheme.read', resource)) return notFound(FICHE_NOT_FOUND);
	return can(user, 'scheme.configure', resource) ? fiche : FORBIDDEN;
}

/** The fiche (administrators only) and its indicator, still at the version the form was based on. */
export async function loadIndicatorForEdit(
	tx: Tx,
	user: CurrentUser,
	where: Where,
	indicatorId: number,
	expectedVersion: number
) {
	const fiche = await loadFiche(tx, user, where);
	if ('ok' in fiche) return fiche;
	const row = await q.findIndicatorOfFiche(tx, fiche.id, indicatorId);
	if (!row) return notFound(INDICATOR_NOT_FOUND);
	if (row.version !== expectedVersion) return conflict(await loadSnapshot(tx, row), row.version);
	return { fiche, row };
}

export type IndicatorResult =
	{ ok: true; indicatorId: number } | Forbidden | NotFound | Invalid | Conflict<IndicatorSnapshot>;

/** Adds an indicator at the end of the fiche's list, with its targets and breakdown values. */
export async function createIndicator(
	db: Db,
	user: CurrentUser,
	where: Where,
	form: IndicatorForm
): Promise<IndicatorResult> {
	return transact<IndicatorResult>(db, async (tx) => {
		const fiche = await loadFiche(tx, user, where);
		if ('ok' in fiche) return fiche;
		const snapshot = formSnapshot(form);
		const position = await q.nextIndicatorPosition(tx, fiche.id);
		const { id } = await tx
			.insertInto('indicator')
			.values({ fiche_id: fiche.id, position, ...columnsOf(snapshot) })
			.returning('id')
			.executeTakeFirstOrThrow();
		await q.replaceTargets(tx, id, snapshot.targets);
		await q.syncBreakdownValues(tx, id, snapshot.breakdownValues);
		await refreshFicheSearch(tx, fiche.id);
		await recordEvent(tx, actorOf(user), {
			schemeId: fiche.scheme_id,
			entityType: 'indicator',
			entityId: id,
			action: 'create',
			changes: creationChanges({ ficheId: fiche.id, position, ...snapshot })
		});
		return { ok: true, indicatorId: id };
	});
}

/** Saves an indicator if nobody saved it since `expectedVersion`. */
export async function updateIndicator(
	db: Db,
	user: CurrentUser,
	where: Where,
	indicatorId: number,
	form: IndicatorForm,
	expectedVersion: number
): Promise<IndicatorResult> {
	return transact<IndicatorResult>(db, async (tx) => {
		const found = await loadIndicatorForEdit(tx, user, where, indicatorId, expectedVersion);
		if ('ok' in found) return found;
		const { fiche, row } = found;
		const before = await loadSnapshot(tx, row);
		const after = formSnapshot(form);
		const changes = diffFields(before, after);
		if (Object.keys(changes).length === 0) return { ok: true, indicatorId };
		// A territorial breakdown's values are its territories: they change through its scope.
		if (row.breakdown_scope && changes.breakdownValues)
			return invalid(
				'breakdownValues',
				'Cette ventilation est territoriale : ses valeurs sont les territoires. Changez-la avec « Ventilation territoriale » sur la liste des indicateurs.'
			);
		await updateVersioned(tx, 'indicator', row, columnsOf(after));
		if (changes.targets) await q.replaceTargets(tx, row.id, after.targets);
		if (changes.breakdownValues) await q.syncBreakdownValues(tx, row.id, after.breakdownValues);
		if (changes.label) await refreshFicheSearch(tx, fiche.id);
		await recordEvent(tx, actorOf(user), {
			schemeId: fiche.scheme_id,
			entityType: 'indicator',
			entityId: row.id,
			action: 'update',
			changes
		});
		return { ok: true, indicatorId };
	});
}

/** Moves an indicator one step up or down in the fiche's list. */
export async function reorderIndicator(
	db: Db,
	user: CurrentUser,
	where: Where,
	indicatorId: number,
	direction: 'up' | 'down',
	expectedVersion: number
): Promise<IndicatorResult> {
	return transact<IndicatorResult>(db, async (tx) => {
		const found = await loadIndicatorForEdit(tx, user, where, indicatorId, expectedVersion);
		if ('ok' in found) return found;
		const { fiche, row } = found;
		const list = await q.listIndicators(tx, fiche.id);
		const ordered = stepMove(
			list,
			list.findIndex((i) => i.id === row.id),
			direction
		);
		if (!ordered)
			return invalid(
				'position',
				direction === 'up'
					? 'Cet indicateur est déjà le premier.'
					: 'Cet indicateur est déjà le dernier.'
			);
		await renumberIndicators(tx, user, fiche.scheme_id, ordered);
		return { ok: true, indicatorId };
	});
}

/** Renumbers a fiche's indicators 0…n-1 in the given order (see renumber.ts). */
function renumberIndicators(
	tx: Tx,
	user: CurrentUser,
	schemeId: number,
	ordered: { id: number; position: number; version: number }[]
): Promise<void> {
	return renumber(tx, actorOf(user), schemeId, 'indicator', ordered);
}

/** Deletes an indicator with its targets and breakdown values (the history keeps its last state). */
export async function deleteIndicator(
	db: Db,
	user: CurrentUser,
	where: Where,
	indicatorId: number,
	expectedVersion: number
): Promise<IndicatorResult> {
	return transact<IndicatorResult>(db, async (tx) => {
		const found = await loadIndicatorForEdit(tx, user, where, indicatorId, expectedVersion);
		if ('ok' in found) return found;
		const { fiche, row } = found;
		const before = await loadSnapshot(tx, row);
		assertOneRow(
			await tx
				.deleteFrom('indicator')
				.where('id', '=', row.id)
				.where('version', '=', expectedVersion)
				.executeTakeFirst(),
			'indicator'
		);
		await recordEvent(tx, actorOf(user), {
			schemeId: fiche.scheme_id,
			entityType: 'indicator',
			entityId: row.id,
			action: 'delete',
			changes: deletionChanges({ position: row.position, ...before })
		});
		await renumberIndicators(tx, user, fiche.scheme_id, await q.listIndicators(tx, fiche.id));
		await refreshFicheSearch(tx, fiche.id);
		return { ok: true, indicatorId };
	});
}
