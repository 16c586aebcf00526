import { can, schemeResource, type SchemeAction } from '$lib/domain/policy';
import {
	FIGURE_STATUS_LABELS,
	PERIOD_STATE_LABELS,
	figureInputText,
	formatFigureValue,
	isPeriodLate,
	periodLabel,
	type FigureStatus,
	type FigureValue,
	type PeriodKind,
	type PeriodState
} from '$lib/domain/figures';
import type { IndicatorUnit } from '$lib/domain/enums';
import type { CurrentUser } from '../auth/auth.service';
import type { Db } from '../db/database';
import type { Selectable } from 'kysely';
import type { FigureTable, ReportingPeriodTable } from '../db/schema';
import { listPilotOrganisationIds } from '../plan/fiche-edit.service';
import * as q from './reporting.queries';
import {
	forbidden,
	locked,
	notFound,
	type Forbidden,
	type Locked,
	type NotFound,
	type Tx
} from './results';

export type PeriodRow = Selectable<ReportingPeriodTable>;

export type PeriodView = {
	id: number;
	code: string;
	kind: PeriodKind;
	year: number;
	number: number | null;
	label: string;
	startsOn: string;
	endsOn: string;
	opensOn: string;
	closesOn: string;
	state: PeriodState;
	stateLabel: string;
	version: number;
	/** Open and past its closing date. */
	late: boolean;
};

export function toPeriodView(row: PeriodRow, today: string): PeriodView {
	return {
		id: row.id,
		code: row.code,
		kind: row.kind,
		year: row.year,
		number: row.number,
		label: periodLabel(row),
		startsOn: row.starts_on,
		endsOn: row.ends_on,
		opensOn: row.opens_on,
		closesOn: row.closes_on,
		state: row.state,
		stateLabel: PERIOD_STATE_LABELS[row.state],
		version: row.version,
		late: isPeriodLate({ state: row.state, closesOn: row.closes_on }, today)
	};
}

export type SchemeRef = {
	id: number;
	slug: string;
	title: string;
	visibility: 'public' | 'private';
};
export type FicheRef = { id: number; number: string; slug: string; title: string };

export type SheetContext = {
	scheme: SchemeRef;
	fiche: FicheRef;
	period: PeriodRow;
	/** Pilot of the fiche or administrator: may enter figures (when the period allows). */
	canEnter: boolean;
	isAdmin: boolean;
};

type Reader = Db | Tx;

/** The scheme of a route, readable by this user. */
export async function loadScheme(
	db: Reader,
	user: CurrentUser | null,
	schemeSlug: string
): Promise<SchemeRef | NotFound | Forbidden> {
	const scheme = await q.findScheme(db, schemeSlug);
	if (!scheme) return notFound(`Aucun schéma « ${schemeSlug} ».`);
	// Refuse before revealing: a scheme the user may not read does not exist for them.
	if (!can(user, 'scheme.read', schemeResource(scheme)))
		return notFound(`Aucun schéma « ${schemeSlug} ».`);
	return scheme;
}

/** The scheme of a route, on which this user may do `action` (checked before any input is read). */
export async function loadSchemeFor(
	db: Reader,
	user: CurrentUser | null,
	schemeSlug: string,
	action: SchemeAction,
	message: string
): Promise<SchemeRef | NotFound | Forbidden> {
	const scheme = await loadScheme(db, user, schemeSlug);
	if ('reason' in scheme) return scheme;
	return can(user, action, schemeResource(scheme)) ? scheme : forbidden(message);
}

export async function loadFicheContext(
	db: Reader,
	user: CurrentUser | null,
	where: { scheme: string; fiche: string }
): Promise<
	| { ok: true; scheme: SchemeRef; fiche: FicheRef; canEnter: boolean; isAdmin: boolean }
	| NotFound
	| Forbidden
> {
	const scheme = await loadScheme(db, user, where.scheme);
	if ('reason' in scheme) return scheme;
	const fiche = await q.findFiche(db, scheme.id, where.fiche);
	if (!fiche) return notFound(`Aucune fiche « ${where.fiche} » dans ce schéma.`);
	const canEnter = can(user, 'fiche.report', {
		...schemeResource(scheme),
		pilotOrganisationIds: await listPilotOrganisationIds(db, fiche.id)
	});
	return {
		ok: true,
		scheme,
		fiche: { id: fiche.id, number: fiche.number, slug: fiche.slug, title: fiche.title },
		canEnter,
		isAdmin: can(user, 'figure.review', schemeResource(scheme))
	};
}

/** The route of a fiche's sheet for a period: its figures, its bilan. */
export type SheetWhere = { scheme: string; fiche: string; period: string };

/** Scheme, fiche and period of a route, every id taken from the route and checked together. */
export async function loadSheetContext(
	db: Reader,
	user: CurrentUser | null,
	where: SheetWhere
): Promise<({ ok: true } & SheetContext) | NotFound | Forbidden> {
	const base = await loadFicheContext(db, user, where);
	if (!base.ok) return base;
	const period = await q.findPeriod(db, base.scheme.id, where.period.toUpperCase());
	if (!period) return notFound(`Aucune période « ${where.period} » dans ce schéma.`);
	return { ...base, period };
}

/**
 * The sheet of a route for writing (figures or bilan): a pilot of the fiche or the administrator,
 * and an open period. The refusals are worded by the caller.
 */
export async function loadWritableSheet(
	tx: Tx,
	user: CurrentUser,
	where: SheetWhere,
	refusal: { notPilot: string; notOpen: (state: PeriodState) => string }
): Promise<({ ok: true } & SheetContext) | NotFound | Forbidden | Locked> {
	const ctx = await loadSheetContext(tx, user, where);
	if (!ctx.ok) return ctx;
	if (!ctx.canEnter) return forbidden(refusal.notPilot);
	if (ctx.period.state !== 'ouverte') return locked(refusal.notOpen(ctx.period.state));
	return ctx;
}

export type FigureView = {
	id: number;
	value: FigureValue;
	/** French text of the value ("1 234,5", "12,5 %", "Non disponible"). */
	display: string;
	/** What the grid's input shows (re-reads to the same value). */
	inputText: string;
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
	/** The public-data import this figure was written by (null: entered by a pilot). */
	source: { fileName: string; importedAt: string } | null;
};

type FigureStorage = Pick<Selectable<FigureTable>, 'value_number' | 'value_text' | 'not_available'>;

export function figureValueOf(row: FigureStorage, unit: IndicatorUnit): FigureValue {
	if (row.not_available) return { kind: 'not_available' };
	if (row.value_number !== null) return { kind: 'number', value: row.value_number };
	if (row.value_text !== null) {
		return unit === 'oui_non'
			? { kind: 'boolean', value: row.value_text === 'oui' }
			: { kind: 'text', value: row.value_text };
	}
	return { kind: 'empty' };
}

export function storageOf(value: FigureValue): {
	value_number: number | null;
	value_text: string | null;
	not_available: number;
} {
	switch (value.kind) {
		case 'number':
			return { value_number: value.value, value_text: null, not_available: 0 };
		case 'text':
			return { value_number: null, value_text: value.value, not_available: 0 };
		case 'boolean':
			return { value_number: null, value_text: value.value ? 'oui' : 'non', not_available: 0 };
		case 'not_available':
			return { value_number: null, value_text: null, not_available: 1 };
		case 'empty':
			return { value_number: null, value_text: null, not_available: 0 };
	}
}

/** The value as JSON (API and history): number, text, boolean or null. */
export function plainValue(value: FigureValue): number | string | boolean | null {
	return value.kind === 'number' || value.kind === 'text' || value.kind === 'boolean'
		? value.value
		: null;
}

export function isEntered(value: FigureValue): boolean {
	return value.kind !== 'empty';
}

export function toFigureView(row: q.FigureRow, unit: IndicatorUnit): FigureView {
	const value = figureValueOf(row, unit);
	return {
		id: row.id,
		value,
		display: formatFigureValue(unit, value),
		inputText: figureInputText(unit, value),
		notAvailable: value.kind === 'not_available',
		comment: row.comment,
		reviewerComment: row.reviewer_comment,
		status: row.status,
		statusLabel: FIGURE_STATUS_LABELS[row.status],
		version: row.version,
		demo: row.demo === 1,
		updatedAt: row.updated_at,
		updatedBy: row.updated_by_name,
		submittedAt: row.submitted_at,
		reviewedAt: row.reviewed_at,
		source:
			row.source_import_id !== null && row.source_file_name && row.source_imported_at
				? { fileName: row.source_file_name, importedAt: row.source_imported_at }
				: null
	};
}
