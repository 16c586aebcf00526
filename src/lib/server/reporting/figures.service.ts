import {
	FIGURE_STATUS_LABELS,
	canEditFigures,
	canReviewInPeriod,
	commentRequired,
	entryFieldNames,
	formatFigureValue,
	isIndicatorExpectedInPeriod,
	isNotAvailableWord,
	lineKey,
	parseFigureInput,
	parseFigureJson,
	periodCode,
	previousPeriod,
	reviewSchema,
	figureApiBodySchema,
	type CommentRule,
	type LegacyReviewInput,
	type ReviewDecision,
	type EntryRow,
	type FigureStatus,
	type FigureValue
} from '$lib/domain/figures';
import { fieldErrors } from '$lib/domain/fiche-edit';
import { slugify } from '$lib/domain/text';
import { SERIES_BY_KEY } from '$lib/domain/territory-data';
import type { IndicatorKind, IndicatorUnit, Periodicity, Polarity } from '$lib/domain/enums';
import { updateVersioned } from '../db/versioned-update';
import { notifyReviewOutcome } from '../notifications/events';
import type { CurrentUser } from '../auth/auth.service';
import type { Db } from '../db/database';
import {
	actorOf,
	creationChanges,
	diffFields,
	recordEvent,
	type Changes
} from '../audit/audit.service';
import * as q from './reporting.queries';
import {
	figureValueOf,
	isEntered,
	loadSheetContext,
	loadWritableSheet,
	plainValue,
	storageOf,
	toFigureView,
	toPeriodView,
	type FigureView,
	type PeriodView,
	type SheetContext,
	type SheetWhere
} from './reporting-context';
import {
	conflict,
	forbidden,
	invalid,
	locked,
	today as todayIso,
	transact,
	type Conflict,
	type Forbidden,
	type Invalid,
	type Locked,
	type NotFound,
	type Tx
} from './results';

export type { FigureView } from './reporting-context';

export type FicheEntryStatus = 'a_saisir' | 'en_cours' | 'soumis' | 'renvoye' | 'valide';
export const FICHE_ENTRY_STATUS_LABELS: Record<FicheEntryStatus, string> = {
	a_saisir: 'À saisir',
	en_cours: 'Saisie en cours',
	soumis: 'Soumise',
	renvoye: 'Renvoyée pour correction',
	valide: 'Validée'
};

export type EntryProgress = {
	expected: number;
	entered: number;
	submitted: number;
	validated: number;
	sentBack: number;
};

export type EntryLine = {
	key: string;
	names: { value: string; notAvailable: string; comment: string; version: string };
	indicator: {
		id: number;
		label: string;
		measure: string | null;
		kind: IndicatorKind;
		unit: IndicatorUnit;
		polarity: Polarity;
		periodicity: Periodicity;
		note: string | null;
	};
	breakdown: { id: number; label: string; groupLabel: string } | null;
	/** The indicator's target for the period's year (year periods, lines without breakdown). */
	target: number | null;
	previous: { periodCode: string; display: string; value: number | null } | null;
	figure: FigureView | null;
	/** The public series feeding this indicator: its figures come from the imports, read-only. */
	series: { label: string; territory: string } | null;
	editable: boolean;
	/** Whether the saved value needs a comment before submission. */
	commentRule: CommentRule;
};

export type EntrySheet = {
	scheme: { id: number; slug: string; title: string };
	fiche: { id: number; number: string; slug: string; title: string };
	period: PeriodView;
	lines: EntryLine[];
	progress: EntryProgress;
	status: FicheEntryStatus;
	statusLabel: string;
	canEdit: boolean;
	canSubmit: boolean;
	canReview: boolean;
	/** Some figures wait for review and the pilot may take them back. */
	canWithdraw: boolean;
	/** Some figure is a fictitious demonstration figure: the page says so. */
	demo: boolean;
};

// ---------------------------------------------------------------------------------------------
// Lines: what a fiche expects in a period

type LineMeta = {
	key: string;
	indicator: Awaited<ReturnType<typeof q.listIndicators>>[number];
	breakdown: { id: number; label: string } | null;
	target: number | null;
	previous: { periodCode: string; value: FigureValue } | null;
	figure: q.FigureRow | null;
	series: { key: string; territoryCode: string; territoryName: string } | null;
};

/** Why a figure fed by a public series cannot be entered. */
function seriesLockMessage(series: NonNullable<LineMeta['series']>): string {
	const label = SERIES_BY_KEY.get(series.key)?.label ?? series.key;
	return `Ce chiffre vient des données publiques (« ${label} », ${series.territoryName}) : il est mis à jour par les imports et ne se saisit pas.`;
}

/** Every line a fiche expects in a period: one per indicator of matching periodicity, or one per breakdown value. */
export async function loadLines(
	db: Db | Tx,
	ficheId: number,
	period: SheetContext['period']
): Promise<LineMeta[]> {
	const indicators = (await q.listIndicators(db, [ficheId])).filter((i) =>
		isIndicatorExpectedInPeriod(i.periodicity, period)
	);
	const ids = indicators.map((i) => i.id);
	const previousCode = periodCode(previousPeriod(period));
	const [breakdowns, targets, figures, previousPeriodRow, bindings] = await Promise.all([
		q.listBreakdownValues(db, ids),
		period.kind === 'annee' ? q.listTargets(db, ids, period.year) : Promise.resolve([]),
		q.listFigures(db, period.id, ids),
		q.findPeriod(db, period.scheme_id, previousCode),
		q.listSeriesBindings(db, ids)
	]);
	const previousFigures = previousPeriodRow
		? await q.listFigures(db, previousPeriodRow.id, ids)
		: [];
	const slot = (rows: q.FigureRow[], indicatorId: number, breakdownId: number | null) =>
		rows.find((f) => f.indicator_id === indicatorId && f.breakdown_value_id === breakdownId) ??
		null;

	const lines: LineMeta[] = [];
	for (const indicator of indicators) {
		const binding = bindings.find((b) => b.indicator_id === indicator.id);
		const series = binding
			? {
					key: binding.series_key,
					territoryCode: binding.territory_code,
					territoryName: binding.territory_name
				}
			: null;
		const values = breakdowns.filter((b) => b.indicator_id === indicator.id);
		const slots: ({ id: number; label: string } | null)[] = values.length
			? values.map((b) => ({ id: b.id, label: b.label }))
			: [null];
		for (const breakdown of slots) {
			const breakdownId = breakdown?.id ?? null;
			const before = slot(previousFigures, indicator.id, breakdownId);
			lines.push({
				key: lineKey(indicator.id, breakdownId),
				indicator,
				breakdown,
				target: breakdown
					? null
					: (targets.find((t) => t.indicator_id === indicator.id)?.value ?? null),
				previous: before
					? { periodCode: previousCode, value: figureValueOf(before, indicator.unit) }
					: null,
				figure: slot(figures, indicator.id, breakdownId),
				series
			});
		}
	}
	return lines;
}

function ruleFor(line: LineMeta, value: FigureValue): CommentRule {
	return commentRequired({
		value: value.kind === 'number' ? value.value : null,
		target: line.target,
		previous: line.previous?.value.kind === 'number' ? line.previous.value.value : null,
		polarity: line.indicator.polarity
	});
}

export function progressOf(
	statuses: { entered: boolean; status: FigureStatus | null }[]
): EntryProgress {
	return {
		expected: statuses.length,
		entered: statuses.filter((s) => s.entered).length,
		submitted: statuses.filter((s) => s.status === 'soumis' || s.status === 'valide').length,
		validated: statuses.filter((s) => s.status === 'valide').length,
		sentBack: statuses.filter((s) => s.status === 'renvoye').length
	};
}

export function entryStatusOf(progress: EntryProgress): FicheEntryStatus {
	if (progress.expected > 0 && progress.validated === progress.expected) return 'valide';
	if (progress.sentBack > 0) return 'renvoye';
	if (progress.expected > 0 && progress.submitted === progress.expected) return 'soumis';
	if (progress.entered > 0 || progress.submitted > 0) return 'en_cours';
	return 'a_saisir';
}

function buildSheet(ctx: SheetContext, metas: LineMeta[], today: string): EntrySheet {
	// Readers who do not pilot the fiche see validated figures only.
	const visible = (f: q.FigureRow | null) =>
		f && (ctx.canEnter || f.status === 'valide') ? f : null;
	const lines: EntryLine[] = metas.map((m) => {
		const row = visible(m.figure);
		const figure = row ? toFigureView(row, m.indicator.unit) : null;
		return {
			key: m.key,
			names: entryFieldNames(m.key),
			indicator: {
				id: m.indicator.id,
				label: m.indicator.label,
				measure: m.indicator.measure,
				kind: m.indicator.kind,
				unit: m.indicator.unit,
				polarity: m.indicator.polarity,
				periodicity: m.indicator.periodicity,
				note: m.indicator.note
			},
			breakdown: m.breakdown
				? { ...m.breakdown, groupLabel: m.indicator.breakdown_label ?? 'Ventilation' }
				: null,
			target: m.target,
			previous: m.previous
				? {
						periodCode: m.previous.periodCode,
						display: formatFigureValue(m.indicator.unit, m.previous.value),
						value: m.previous.value.kind === 'number' ? m.previous.value.value : null
					}
				: null,
			figure,
			series: m.series
				? {
						label: SERIES_BY_KEY.get(m.series.key)?.label ?? m.series.key,
						territory: m.series.territoryName
					}
				: null,
			editable:
				ctx.canEnter && !m.series && canEditFigures(ctx.period.state, m.figure?.status ?? null),
			commentRule: ruleFor(m, figure ? figure.value : { kind: 'empty' })
		};
	});
	// A series line without a value yet waits for an import, not for the pilots.
	const expected = metas.filter((m) => !(m.series && !m.figure));
	const progress = progressOf(
		expected.map((m) => {
			const row = visible(m.figure);
			return {
				entered: row ? isEntered(figureValueOf(row, m.indicator.unit)) : false,
				status: row?.status ?? null
			};
		})
	);
	const status = entryStatusOf(progress);
	const statuses = expected.map((m) => m.figure?.status ?? null);
	return {
		scheme: { id: ctx.scheme.id, slug: ctx.scheme.slug, title: ctx.scheme.title },
		fiche: ctx.fiche,
		period: toPeriodView(ctx.period, today),
		lines,
		progress,
		status,
		statusLabel: FICHE_ENTRY_STATUS_LABELS[status],
		canEdit: ctx.canEnter && ctx.period.state === 'ouverte',
		canSubmit:
			ctx.canEnter &&
			ctx.period.state === 'ouverte' &&
			metas.length > 0 &&
			statuses.some((s) => s === null || s === 'brouillon' || s === 'renvoye'),
		canReview:
			ctx.isAdmin &&
			canReviewInPeriod(ctx.period.state) &&
			statuses.some((s) => s === 'soumis' || s === 'valide'),
		canWithdraw:
			ctx.canEnter && ctx.period.state === 'ouverte' && statuses.some((s) => s === 'soumis'),
		demo: metas.some((m) => visible(m.figure)?.demo === 1)
	};
}

/** The entry grid of a fiche for a period (also what reviewers and readers see). */
export async function getEntrySheet(
	db: Db,
	user: CurrentUser | null,
	where: SheetWhere,
	today: string = todayIso()
): Promise<{ ok: true; sheet: EntrySheet } | NotFound | Forbidden> {
	const ctx = await loadSheetContext(db, user, where);
	if (!ctx.ok) return ctx;
	return { ok: true, sheet: buildSheet(ctx, await loadLines(db, ctx.fiche.id, ctx.period), today) };
}

// ---------------------------------------------------------------------------------------------
// Writing figures

/** A figure's state as the history records it; replaying the events rebuilds it. */
function figureSnapshot(
	row: Pick<
		q.FigureRow,
		'value_number' | 'value_text' | 'not_available' | 'comment' | 'status' | 'reviewer_comment'
	>,
	unit: IndicatorUnit
) {
	return {
		value: plainValue(figureValueOf(row, unit)),
		notAvailable: row.not_available === 1,
		comment: row.comment,
		status: row.status,
		reviewerComment: row.reviewer_comment
	};
}

function lockMessage(
	periodState: SheetContext['period']['state'],
	status: FigureStatus | null
): string {
	if (periodState !== 'ouverte') {
		return periodState === 'a_venir'
			? 'La saisie de cette période n’est pas encore ouverte.'
			: 'Cette période est close : seule la coordination du schéma peut la rouvrir.';
	}
	return status === 'valide'
		? 'Ce chiffre est validé : il ne peut plus être modifié sans renvoi par la coordination.'
		: 'Ce chiffre est soumis : il attend la validation de la coordination.';
}

type Proposed = { value: FigureValue; comment: string | null };

/** Reads one grid row against its line; an error is keyed by field name. */
function readRow(
	line: LineMeta,
	row: EntryRow
): { ok: true; proposed: Proposed } | { ok: false; field: string; message: string } {
	const names = entryFieldNames(line.key);
	const raw = row.value.trim();
	if (row.notAvailable) {
		if (raw !== '' && !isNotAvailableWord(raw)) {
			return {
				ok: false,
				field: names.value,
				message: 'Videz la valeur ou décochez « non disponible ».'
			};
		}
		return { ok: true, proposed: { value: { kind: 'not_available' }, comment: row.comment } };
	}
	const parsed = parseFigureInput(line.indicator.unit, row.value);
	if (!parsed.ok) return { ok: false, field: names.value, message: parsed.message };
	return { ok: true, proposed: { value: parsed.value, comment: row.comment } };
}

function sameContent(current: q.FigureRow, unit: IndicatorUnit, proposed: Proposed): boolean {
	const a = storageOf(figureValueOf(current, unit));
	const b = storageOf(proposed.value);
	return (
		a.value_number === b.value_number &&
		a.value_text === b.value_text &&
		a.not_available === b.not_available &&
		(current.comment ?? null) === (proposed.comment ?? null)
	);
}

/** Inserts or updates one figure and records it, inside the caller's transaction. */
async function writeFigure(
	tx: Tx,
	user: CurrentUser,
	ctx: SheetContext,
	line: LineMeta,
	current: q.FigureRow | null,
	proposed: Proposed
) {
	const unit = line.indicator.unit;
	const storage = storageOf(proposed.value);
	const now = new Date().toISOString();
	if (!current) {
		const row = await tx
			.insertInto('figure')
			.values({
				indicator_id: line.indicator.id,
				period_id: ctx.period.id,
				breakdown_value_id: line.breakdown?.id ?? null,
				...storage,
				comment: proposed.comment,
				status: 'brouillon',
				updated_by: user.id,
				updated_at: now,
				created_at: now
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordEvent(tx, actorOf(user), {
			schemeId: ctx.scheme.id,
			entityType: 'figure',
			entityId: row.id,
			action: 'create',
			changes: creationChanges({
				indicatorId: line.indicator.id,
				period: ctx.period.code,
				breakdown: line.breakdown?.label ?? null,
				...figureSnapshot(
					{ ...storage, comment: proposed.comment, status: 'brouillon', reviewer_comment: null },
					unit
				)
			})
		});
		return { id: row.id, version: 1 };
	}
	const version = await updateVersioned(tx, 'figure', current, {
		...storage,
		comment: proposed.comment,
		demo: 0,
		updated_by: user.id,
		updated_at: now
	});
	await recordEvent(tx, actorOf(user), {
		schemeId: ctx.scheme.id,
		entityType: 'figure',
		entityId: current.id,
		action: 'update',
		changes: diffFields(
			figureSnapshot(current, unit),
			figureSnapshot({ ...current, ...storage, comment: proposed.comment }, unit)
		)
	});
	return { id: current.id, version };
}

type DraftOutcome = { ok: true; saved: number } | Locked | Invalid | Conflict<null>;

/**
 * Applies grid rows inside a transaction: everything is checked first, then written. Rows equal to
 * the stored figure are skipped; a changed row based on an older version is a conflict.
 */
async function applyRows(
	tx: Tx,
	user: CurrentUser,
	ctx: SheetContext,
	rows: EntryRow[]
): Promise<{ metas: LineMeta[]; outcome: DraftOutcome }> {
	const metas = await loadLines(tx, ctx.fiche.id, ctx.period);
	const byKey = new Map(metas.map((m) => [m.key, m]));
	const errors: Record<string, string> = {};
	const writes: { line: LineMeta; proposed: Proposed }[] = [];
	let stale = false;
	let lockedMessage: string | null = null;
	for (const row of rows) {
		const line = byKey.get(row.key);
		if (!line) {
			errors[entryFieldNames(row.key).value] =
				'Cette ligne n’est pas attendue pour cette fiche et cette période.';
			continue;
		}
		const read = readRow(line, row);
		if (!read.ok) {
			errors[read.field] = read.message;
			continue;
		}
		const current = line.figure;
		if (
			current
				? sameContent(current, line.indicator.unit, read.proposed)
				: read.proposed.value.kind === 'empty' && !read.proposed.comment
		)
			continue;
		if (line.series) lockedMessage ??= seriesLockMessage(line.series);
		else if ((current?.version ?? null) !== row.version) stale = true;
		else if (!canEditFigures(ctx.period.state, current?.status ?? null))
			lockedMessage ??= lockMessage(ctx.period.state, current?.status ?? null);
		else writes.push({ line, proposed: read.proposed });
	}
	if (Object.keys(errors).length) return { metas, outcome: invalid(errors) };
	if (stale)
		return {
			metas,
			outcome: conflict(null, 'Des chiffres ont été modifiés entre-temps par quelqu’un d’autre.')
		};
	if (lockedMessage) return { metas, outcome: locked(lockedMessage) };
	for (const { line, proposed } of writes)
		await writeFigure(tx, user, ctx, line, line.figure, proposed);
	return { metas, outcome: { ok: true, saved: writes.length } };
}

function entryContext(tx: Tx, user: CurrentUser, where: SheetWhere) {
	return loadWritableSheet(tx, user, where, {
		notPilot: 'Seuls les pilotes de la fiche et la coordination du schéma saisissent ses chiffres.',
		notOpen: (state) => lockMessage(state, null)
	});
}

/**
 * Opens the sheet of the route for writing and saves `rows` in it as drafts. A refusal rolls back
 * everything written so far; a conflict answers the sheet as it is now.
 */
async function enterRows(
	tx: Tx,
	user: CurrentUser,
	where: SheetWhere,
	rows: EntryRow[],
	today: string,
	refuse: (result: Locked | Invalid | Conflict<EntrySheet>) => never
) {
	const ctx = await entryContext(tx, user, where);
	if (!ctx.ok) return ctx;
	const { outcome } = await applyRows(tx, user, ctx, rows);
	if (outcome.ok) return { ok: true as const, ctx, saved: outcome.saved };
	if (outcome.reason !== 'conflict') return refuse(outcome);
	const current = buildSheet(ctx, await loadLines(tx, ctx.fiche.id, ctx.period), today);
	return refuse(conflict(current, outcome.message));
}

export type SaveDraftResult =
	| { ok: true; sheet: EntrySheet; saved: number }
	| NotFound
	| Forbidden
	| Locked
	| Invalid
	| Conflict<EntrySheet>;

/** Saves grid rows as drafts, all or nothing. Comments are not required yet (only to submit). */
export async function saveDraft(
	db: Db,
	user: CurrentUser,
	where: SheetWhere,
	rows: EntryRow[],
	today: string = todayIso()
): Promise<SaveDraftResult> {
	return transact<SaveDraftResult>(db, async (tx, refuse) => {
		const entered = await enterRows(tx, user, where, rows, today, refuse);
		if (!entered.ok) return entered;
		const { ctx, saved } = entered;
		return {
			ok: true,
			sheet: buildSheet(ctx, await loadLines(tx, ctx.fiche.id, ctx.period), today),
			saved
		};
	});
}

export type SubmitResult =
	| { ok: true; sheet: EntrySheet; submitted: number }
	| NotFound
	| Forbidden
	| Locked
	| Invalid
	| Conflict<EntrySheet>;

/**
 * Sends the fiche's figures for the period to the coordinator: optional rows are saved first, in
 * the same transaction. Every expected line needs a value or "non disponible", and a comment where
 * the rule asks for one; otherwise nothing changes.
 */
export async function submitFiche(
	db: Db,
	user: CurrentUser,
	where: SheetWhere,
	rows: EntryRow[] = [],
	today: string = todayIso()
): Promise<SubmitResult> {
	return transact<SubmitResult>(db, async (tx, refuse) => {
		const entered = await enterRows(tx, user, where, rows, today, refuse);
		if (!entered.ok) return entered;
		const { ctx } = entered;
		const metas = await loadLines(tx, ctx.fiche.id, ctx.period);
		const pending = metas.filter(
			(m) =>
				!m.series && (!m.figure || m.figure.status === 'brouillon' || m.figure.status === 'renvoye')
		);
		if (metas.length === 0)
			return refuse(
				invalid({ _form: 'Aucun indicateur n’est attendu pour cette fiche sur cette période.' })
			);
		if (pending.length === 0)
			return refuse(
				invalid({ _form: 'Rien à soumettre : tous les chiffres sont déjà soumis ou validés.' })
			);
		const errors: Record<string, string> = {};
		for (const line of pending) {
			const names = entryFieldNames(line.key);
			const value = line.figure
				? figureValueOf(line.figure, line.indicator.unit)
				: ({ kind: 'empty' } as const);
			if (!isEntered(value)) {
				errors[names.value] = 'Valeur manquante : saisissez-la ou cochez « non disponible ».';
				continue;
			}
			const rule = ruleFor(line, value);
			if (rule.required && !line.figure?.comment) errors[names.comment] = rule.message;
		}
		if (Object.keys(errors).length) return refuse(invalid(errors));
		const now = new Date().toISOString();
		for (const line of pending) {
			const figure = line.figure!;
			await updateVersioned(tx, 'figure', figure, {
				status: 'soumis',
				submitted_at: now,
				submitted_by: user.id
			});
			await recordEvent(tx, actorOf(user), {
				schemeId: ctx.scheme.id,
				entityType: 'figure',
				entityId: figure.id,
				action: 'submit',
				changes: { status: { old: figure.status, new: 'soumis' } }
			});
		}
		return {
			ok: true,
			sheet: buildSheet(ctx, await loadLines(tx, ctx.fiche.id, ctx.period), today),
			submitted: pending.length
		};
	});
}

export type ReviewResult =
	| { ok: true; sheet: EntrySheet; validated: number; sentBack: number; undone: number }
	| NotFound
	| Forbidden
	| Locked
	| Invalid
	| Conflict<EntrySheet>;

type PlannedDecision = {
	/** Where an error about this decision is reported. */
	errorKey: string;
	figureId: number;
	/** The version the reviewer saw; undefined when the deprecated shape did not name it. */
	version: number | undefined;
	decision: ReviewDecision;
	comment: string | null;
};

const normaliseComment = (text: string | null | undefined) =>
	text?.replace(/\r\n?/g, '\n').trim() || null;

/** The deprecated shape as decisions: commented figures go back, the other submitted ones are validated. */
function legacyDecisions(
	input: LegacyReviewInput,
	figures: { figure: q.FigureRow }[]
): PlannedDecision[] {
	const planned: PlannedDecision[] = [];
	for (const [id, text] of Object.entries(input.comments)) {
		if (!text.trim()) continue;
		planned.push({
			errorKey: `comments.${id}`,
			figureId: Number(id),
			version: input.versions[id],
			decision: 'send_back',
			comment: normaliseComment(text)
		});
	}
	if (input.validateOthers) {
		const sentBack = new Set(planned.map((d) => d.figureId));
		for (const { figure } of figures) {
			if (figure.status !== 'soumis' || sentBack.has(figure.id)) continue;
			planned.push({
				errorKey: `comments.${figure.id}`,
				figureId: figure.id,
				version: input.versions[String(figure.id)],
				decision: 'validate',
				comment: null
			});
		}
	}
	return planned;
}

/** Why a decision cannot apply to this figure (null when it can). */
function decisionRefusal(
	decision: ReviewDecision,
	comment: string | null,
	status: FigureStatus,
	periodState: SheetContext['period']['state']
): string | null {
	switch (decision) {
		case 'validate':
			return status === 'soumis' ? null : 'Seul un chiffre soumis peut être validé.';
		case 'send_back':
			if (status !== 'soumis' && status !== 'valide')
				return 'Seul un chiffre soumis ou validé peut être renvoyé.';
			return comment ? null : 'Indiquez au pilote la raison du renvoi.';
		case 'undo_validation':
			if (status !== 'valide') return 'Seul un chiffre validé peut revenir en attente de revue.';
			return periodState === 'ouverte'
				? null
				: 'Une validation ne s’annule que tant que la période est ouverte.';
	}
}

const DECISION_OUTCOME: Record<
	ReviewDecision,
	{ status: FigureStatus; action: 'validate' | 'send_back' | 'unvalidate' }
> = {
	validate: { status: 'valide', action: 'validate' },
	send_back: { status: 'renvoye', action: 'send_back' },
	undo_validation: { status: 'soumis', action: 'unvalidate' }
};

/**
 * The coordinator's review of a fiche for a period, figure by figure: validate, send back with a
 * reason, or undo a validation while the period is open. All decisions apply or none. The version
 * of each decision is the one the reviewer saw: a figure changed or submitted since is a conflict.
 * The deprecated shape (comments + versions) still works: commented figures go back, the other
 * submitted ones are validated.
 */
export async function reviewFiche(
	db: Db,
	user: CurrentUser,
	where: SheetWhere,
	input: unknown,
	today: string = todayIso()
): Promise<ReviewResult> {
	const parsed = reviewSchema.safeParse(input);
	if (!parsed.success) return invalid(fieldErrors(parsed.error));
	const data = parsed.data;
	return transact<ReviewResult>(db, async (tx) => {
		const ctx = await loadSheetContext(tx, user, where);
		if (!ctx.ok) return ctx;
		if (!ctx.isAdmin)
			return forbidden(
				'La validation des chiffres est réservée à la coordination (administrateur).'
			);
		if (!canReviewInPeriod(ctx.period.state)) {
			return locked(
				ctx.period.state === 'validee'
					? 'Cette période est validée : rouvrez-la pour revoir des chiffres.'
					: 'La saisie de cette période n’est pas encore ouverte.'
			);
		}
		const metas = await loadLines(tx, ctx.fiche.id, ctx.period);
		// Figures from the public-data imports are not reviewed: the producer published them.
		const figures = metas
			.filter((m) => m.figure && m.figure.source_import_id === null)
			.map((m) => ({ line: m, figure: m.figure! }));
		const planned: PlannedDecision[] =
			'decisions' in data
				? data.decisions.map((d, i) => ({
						errorKey: `decisions.${i}`,
						figureId: d.figureId,
						version: d.version,
						decision: d.decision,
						comment: normaliseComment(d.comment)
					}))
				: legacyDecisions(data, figures);
		const errors: Record<string, string> = {};
		const touched: { figure: q.FigureRow; decision: PlannedDecision }[] = [];
		for (const decision of planned) {
			const entry = figures.find((f) => f.figure.id === decision.figureId);
			const refusal = !entry
				? 'Ce chiffre n’appartient pas à cette fiche pour cette période.'
				: touched.some((t) => t.figure.id === decision.figureId)
					? 'Deux décisions pour le même chiffre.'
					: decisionRefusal(
							decision.decision,
							decision.comment,
							entry.figure.status,
							ctx.period.state
						);
			if (refusal) errors[decision.errorKey] ??= refusal;
			else touched.push({ figure: entry!.figure, decision });
		}
		if (Object.keys(errors).length) return invalid(errors);
		if (touched.length === 0)
			return invalid({ _form: 'Aucun chiffre soumis à valider ou à renvoyer.' });
		if (touched.some((t) => t.decision.version !== t.figure.version)) {
			return conflict(
				buildSheet(ctx, metas, today),
				'Des chiffres ont été modifiés ou soumis depuis l’affichage : relisez-les avant de valider.'
			);
		}
		const now = new Date().toISOString();
		for (const { figure, decision } of touched) {
			const { status, action } = DECISION_OUTCOME[decision.decision];
			const comment = decision.decision === 'send_back' ? decision.comment : null;
			// Another writer in between: the transaction runs again and the version check above
			// answers the conflict.
			await updateVersioned(tx, 'figure', figure, {
				status,
				reviewer_comment: comment,
				reviewed_at: now,
				reviewed_by: user.id
			});
			await recordEvent(tx, actorOf(user), {
				schemeId: ctx.scheme.id,
				entityType: 'figure',
				entityId: figure.id,
				action,
				changes: diffFields(
					{ status: figure.status, reviewerComment: figure.reviewer_comment },
					{ status, reviewerComment: comment }
				)
			});
		}
		const count = (d: ReviewDecision) => touched.filter((t) => t.decision.decision === d).length;
		const after = await loadLines(tx, ctx.fiche.id, ctx.period);
		await notifyReviewOutcome(tx, {
			schemeId: ctx.scheme.id,
			periodId: ctx.period.id,
			fiche: ctx.fiche,
			sentBack: touched
				.filter((t) => t.decision.decision === 'send_back')
				.map(({ figure, decision }) => {
					const line = figures.find((f) => f.figure.id === figure.id)!.line;
					return {
						figureId: figure.id,
						version: figure.version + 1,
						label: line.breakdown
							? `${line.indicator.label} — ${line.breakdown.label}`
							: line.indicator.label,
						reason: decision.comment ?? ''
					};
				}),
			ficheValidated:
				count('validate') > 0 && after.every((line) => line.figure?.status === 'valide'),
			reviewer: actorOf(user).label
		});
		return {
			ok: true,
			sheet: buildSheet(ctx, after, today),
			validated: count('validate'),
			sentBack: count('send_back'),
			undone: count('undo_validation')
		};
	});
}

export type WithdrawResult =
	{ ok: true; sheet: EntrySheet; withdrawn: number } | NotFound | Forbidden | Locked | Invalid;

/**
 * A pilot takes back the fiche's submitted figures the coordination has not reviewed yet: they
 * return to drafts, to be corrected and submitted again. Reviewed figures stay as they are.
 */
export async function withdrawSubmission(
	db: Db,
	user: CurrentUser,
	where: SheetWhere,
	today: string = todayIso()
): Promise<WithdrawResult> {
	return transact<WithdrawResult>(db, async (tx) => {
		const ctx = await entryContext(tx, user, where);
		if (!ctx.ok) return ctx;
		const metas = await loadLines(tx, ctx.fiche.id, ctx.period);
		const pending = metas.filter((m) => m.figure?.status === 'soumis').map((m) => m.figure!);
		if (pending.length === 0)
			return invalid({
				_form: 'Aucun chiffre n’attend la revue de la coordination : rien à retirer.'
			});
		for (const figure of pending) {
			await updateVersioned(tx, 'figure', figure, { status: 'brouillon' });
			await recordEvent(tx, actorOf(user), {
				schemeId: ctx.scheme.id,
				entityType: 'figure',
				entityId: figure.id,
				action: 'withdraw',
				changes: { status: { old: 'soumis', new: 'brouillon' } }
			});
		}
		return {
			ok: true,
			sheet: buildSheet(ctx, await loadLines(tx, ctx.fiche.id, ctx.period), today),
			withdrawn: pending.length
		};
	});
}

// ---------------------------------------------------------------------------------------------
// One figure (API)

export type FigureWhere = SheetWhere & { indicatorId: number; breakdown: string | null };

export type FigureApiView = {
	scheme: string;
	fiche: string;
	period: string;
	indicatorId: number;
	breakdown: { id: number; label: string } | null;
	unit: IndicatorUnit;
	value: number | string | boolean | null;
	display: string;
	notAvailable: boolean;
	comment: string | null;
	reviewerComment: string | null;
	status: FigureStatus;
	statusLabel: string;
	version: number;
	demo: boolean;
	updatedAt: string;
	updatedBy: string | null;
	submittedAt: string | null;
	reviewedAt: string | null;
	source: FigureView['source'];
};

function toApiView(ctx: SheetContext, line: LineMeta, row: q.FigureRow): FigureApiView {
	const view = toFigureView(row, line.indicator.unit);
	return {
		scheme: ctx.scheme.slug,
		fiche: ctx.fiche.slug,
		period: ctx.period.code,
		indicatorId: line.indicator.id,
		breakdown: line.breakdown,
		unit: line.indicator.unit,
		value: plainValue(view.value),
		display: view.display,
		notAvailable: view.notAvailable,
		comment: view.comment,
		reviewerComment: view.reviewerComment,
		status: view.status,
		statusLabel: FIGURE_STATUS_LABELS[view.status],
		version: view.version,
		demo: view.demo,
		updatedAt: view.updatedAt,
		updatedBy: view.updatedBy,
		submittedAt: view.submittedAt,
		reviewedAt: view.reviewedAt,
		source: view.source
	};
}

/**
 * The line of an indicator in a period. A breakdown value is named by its id or its label, compared
 * without case, accents or punctuation ("haute-vienne" finds « Haute Vienne »).
 */
async function findLine(
	db: Db | Tx,
	ctx: SheetContext,
	indicatorId: number,
	breakdown: string | null
): Promise<{ ok: true; line: LineMeta } | NotFound | Invalid> {
	const indicator = (await q.listIndicators(db, [ctx.fiche.id])).find((i) => i.id === indicatorId);
	if (!indicator)
		return {
			ok: false,
			reason: 'not_found',
			message: `Aucun indicateur ${indicatorId} dans cette fiche.`
		};
	if (!isIndicatorExpectedInPeriod(indicator.periodicity, ctx.period)) {
		return invalid({
			period: `Cet indicateur (${indicator.periodicity}) n’est pas attendu sur la période ${ctx.period.code}.`
		});
	}
	const lines = (await loadLines(db, ctx.fiche.id, ctx.period)).filter(
		(l) => l.indicator.id === indicatorId
	);
	const hasBreakdown = lines.some((l) => l.breakdown);
	if (!hasBreakdown) {
		if (breakdown !== null && breakdown !== '')
			return invalid({
				breakdown: 'Cet indicateur n’a pas de ventilation : retirez le paramètre breakdown.'
			});
		return { ok: true, line: lines[0] };
	}
	const choices = lines.map((l) => l.breakdown!.label).join(', ');
	if (breakdown === null || breakdown.trim() === '') {
		return invalid({
			breakdown: `Précisez la valeur de ventilation (paramètre breakdown) parmi : ${choices}.`
		});
	}
	const wanted = breakdown.trim();
	const line = /^\d+$/.test(wanted)
		? lines.find((l) => l.breakdown!.id === Number(wanted))
		: lines.find((l) => slugify(l.breakdown!.label) === slugify(wanted));
	if (!line)
		return invalid({
			breakdown: `Valeur de ventilation inconnue « ${wanted} » ; valeurs possibles : ${choices}.`
		});
	return { ok: true, line };
}

export type GetFigureResult = { ok: true; figure: FigureApiView } | NotFound | Forbidden | Invalid;

/** One figure. Pilots of the fiche and administrators see any status; other readers validated figures only. */
export async function getFigure(
	db: Db,
	user: CurrentUser | null,
	where: FigureWhere
): Promise<GetFigureResult> {
	const ctx = await loadSheetContext(db, user, where);
	if (!ctx.ok) return ctx;
	const found = await findLine(db, ctx, where.indicatorId, where.breakdown);
	if (!found.ok) return found;
	const row = found.line.figure;
	if (!row || (!ctx.canEnter && row.status !== 'valide')) {
		return {
			ok: false,
			reason: 'not_found',
			message: 'Aucun chiffre saisi pour cet indicateur sur cette période.'
		};
	}
	return { ok: true, figure: toApiView(ctx, found.line, row) };
}

export type Precondition = { ifMatch: number | '*' | null; ifNoneMatch: boolean };

export type PutFigureResult =
	| { ok: true; created: boolean; changed: boolean; figure: FigureApiView }
	| NotFound
	| Forbidden
	| Locked
	| Invalid
	| { ok: false; reason: 'not_editable'; message: string; currentVersion: number }
	| { ok: false; reason: 'precondition_failed'; message: string; currentVersion: number | null }
	| { ok: false; reason: 'precondition_required'; message: string; currentVersion: number };

/**
 * Writes one figure as a draft (API). PUT replaces: an omitted comment becomes empty. An existing
 * figure needs `If-Match` with its version; a new one needs no If-Match (or `If-None-Match: *`).
 */
export async function putFigure(
	db: Db,
	user: CurrentUser,
	where: FigureWhere,
	body: unknown,
	precondition: Precondition
): Promise<PutFigureResult> {
	const parsedBody = figureApiBodySchema.safeParse(body);
	if (!parsedBody.success) return invalid(fieldErrors(parsedBody.error));
	return transact<PutFigureResult>(db, async (tx) => {
		const ctx = await loadSheetContext(tx, user, where);
		if (!ctx.ok) return ctx;
		if (!ctx.canEnter)
			return forbidden(
				'Seuls les pilotes de la fiche et la coordination du schéma saisissent ses chiffres.'
			);
		const found = await findLine(tx, ctx, where.indicatorId, where.breakdown);
		if (!found.ok) return found;
		const { line } = found;
		const current = line.figure;
		if (line.series)
			return {
				ok: false,
				reason: 'not_editable',
				message: seriesLockMessage(line.series),
				currentVersion: current?.version ?? 0
			};
		if (current) {
			if (precondition.ifNoneMatch)
				return {
					ok: false,
					reason: 'precondition_failed',
					message: 'Ce chiffre existe déjà (If-None-Match: *).',
					currentVersion: current.version
				};
			if (precondition.ifMatch === null) {
				return {
					ok: false,
					reason: 'precondition_required',
					message: `Indiquez la version modifiée dans l’en-tête If-Match (version actuelle : ${current.version}).`,
					currentVersion: current.version
				};
			}
			if (precondition.ifMatch !== '*' && precondition.ifMatch !== current.version) {
				return {
					ok: false,
					reason: 'precondition_failed',
					message: `Ce chiffre a été modifié entre-temps (version ${current.version}).`,
					currentVersion: current.version
				};
			}
		} else if (precondition.ifMatch !== null) {
			return {
				ok: false,
				reason: 'precondition_failed',
				message: 'Ce chiffre n’existe pas encore : envoyez-le sans If-Match.',
				currentVersion: null
			};
		}
		if (ctx.period.state !== 'ouverte') return locked(lockMessage(ctx.period.state, null));
		if (current && !canEditFigures(ctx.period.state, current.status)) {
			return {
				ok: false,
				reason: 'not_editable',
				message: lockMessage(ctx.period.state, current.status),
				currentVersion: current.version
			};
		}
		const { value: rawValue, notAvailable, comment } = parsedBody.data;
		let value: FigureValue;
		if (notAvailable) value = { kind: 'not_available' };
		else {
			const parsed = parseFigureJson(line.indicator.unit, rawValue ?? null);
			if (!parsed.ok) return invalid({ value: parsed.message });
			value = parsed.value;
		}
		const proposed: Proposed = { value, comment: comment?.replace(/\r\n?/g, '\n').trim() || null };
		if (current && sameContent(current, line.indicator.unit, proposed)) {
			return { ok: true, created: false, changed: false, figure: toApiView(ctx, line, current) };
		}
		if (!current && value.kind === 'empty' && !proposed.comment) {
			return invalid({ value: 'Envoyez une valeur, ou notAvailable: true.' });
		}
		const written = await writeFigure(tx, user, ctx, line, current, proposed);
		const row = (await q.findFigureInSlot(
			tx,
			line.indicator.id,
			ctx.period.id,
			line.breakdown?.id ?? null
		))!;
		return {
			ok: true,
			created: !current,
			changed: true,
			figure: toApiView(ctx, line, { ...row, version: written.version })
		};
	});
}

// ---------------------------------------------------------------------------------------------
// History

export type FigureEvent = {
	at: string;
	actor: string;
	action: 'create' | 'update' | 'submit' | 'validate' | 'send_back' | string;
	actionLabel: string;
	changes: Changes;
	/** The changes in French, values formatted in the indicator's unit. */
	summary: { field: string; label: string; old: string; new: string }[];
	reason: string | null;
};

const ACTION_LABELS: Record<string, string> = {
	create: 'Saisie',
	update: 'Modification',
	submit: 'Soumission',
	validate: 'Validation',
	send_back: 'Renvoi pour correction',
	unvalidate: 'Validation annulée',
	import: 'Import des données publiques',
	withdraw: 'Soumission retirée'
};
const FIELD_LABELS: Record<string, string> = {
	value: 'Valeur',
	notAvailable: 'Non disponible',
	comment: 'Commentaire',
	status: 'Statut',
	reviewerComment: 'Commentaire de la coordination'
};

function describe(field: string, value: unknown, unit: IndicatorUnit): string {
	if (value === null || value === undefined) return '';
	if (field === 'value') {
		if (typeof value === 'number') return formatFigureValue(unit, { kind: 'number', value });
		if (typeof value === 'boolean') return value ? 'Oui' : 'Non';
		return String(value);
	}
	if (field === 'notAvailable') return value ? 'Oui' : 'Non';
	if (field === 'status') return FIGURE_STATUS_LABELS[value as FigureStatus] ?? String(value);
	return String(value);
}

function toEvent(
	row: Awaited<ReturnType<typeof q.listFigureEvents>>[number],
	unit: IndicatorUnit
): FigureEvent {
	const changes = JSON.parse(row.changes) as Changes;
	return {
		at: row.at,
		actor: row.actor,
		action: row.action,
		actionLabel: ACTION_LABELS[row.action] ?? row.action,
		changes,
		summary: Object.entries(changes)
			.filter(([field]) => field in FIELD_LABELS)
			.map(([field, change]) => ({
				field,
				label: FIELD_LABELS[field],
				old: describe(field, change.old, unit),
				new: describe(field, change.new, unit)
			})),
		reason: row.reason
	};
}

export type SheetHistoryEvent = FigureEvent & { key: string; label: string };

const HISTORY_REFUSED =
	'L’historique des chiffres est réservé aux pilotes de la fiche et à la coordination.';

/** The events of the figures of these lines, oldest first. */
async function historyOf(db: Db, lines: LineMeta[]): Promise<SheetHistoryEvent[]> {
	const metas = lines.filter((m) => m.figure);
	const byFigure = new Map(metas.map((m) => [m.figure!.id, m]));
	const rows = await q.listFigureEvents(db, [...byFigure.keys()]);
	return rows.map((row) => {
		const line = byFigure.get(row.entity_id)!;
		const label = [line.indicator.label, line.indicator.measure, line.breakdown?.label]
			.filter(Boolean)
			.join(' — ');
		return { ...toEvent(row, line.indicator.unit), key: line.key, label };
	});
}

/** Every event of the fiche's figures for the period, oldest first (pilots of the fiche and admins). */
export async function getSheetHistory(
	db: Db,
	user: CurrentUser | null,
	where: SheetWhere
): Promise<{ ok: true; events: SheetHistoryEvent[] } | NotFound | Forbidden> {
	const ctx = await loadSheetContext(db, user, where);
	if (!ctx.ok) return ctx;
	if (!ctx.canEnter) return forbidden(HISTORY_REFUSED);
	return { ok: true, events: await historyOf(db, await loadLines(db, ctx.fiche.id, ctx.period)) };
}

/**
 * The entry page's grid and, for those getSheetHistory lets see it, its history (null for the
 * others): one context and one read of the lines for both.
 */
export async function getEntrySheetWithHistory(
	db: Db,
	user: CurrentUser | null,
	where: SheetWhere,
	today: string = todayIso()
): Promise<
	{ ok: true; sheet: EntrySheet; history: SheetHistoryEvent[] | null } | NotFound | Forbidden
> {
	const ctx = await loadSheetContext(db, user, where);
	if (!ctx.ok) return ctx;
	const lines = await loadLines(db, ctx.fiche.id, ctx.period);
	return {
		ok: true,
		sheet: buildSheet(ctx, lines, today),
		history: ctx.canEnter ? await historyOf(db, lines) : null
	};
}

/** The events of one grid line's figure (key "<indicatorId>" or "<indicatorId>-<breakdownValueId>"). */
export async function getFigureHistory(
	db: Db,
	user: CurrentUser | null,
	where: SheetWhere,
	key: string
): Promise<{ ok: true; events: FigureEvent[] } | NotFound | Forbidden> {
	const all = await getSheetHistory(db, user, where);
	if (!all.ok) return all;
	return { ok: true, events: all.events.filter((e) => e.key === key) };
}
