import type { IndicatorUnit, Periodicity, Polarity } from '$lib/domain/enums';
import {
	formatFigureValue,
	isIndicatorExpectedInPeriod,
	periodLabel,
	type PeriodKind
} from '$lib/domain/figures';
import { can, schemeResource } from '$lib/domain/policy';
import type { CurrentUser } from '../auth/auth.service';
import type { Db } from '../db/database';
import * as sq from '../scheme-reads/scheme-reads.queries';
import * as q from './dashboard.queries';

// Progress of a fiche's indicators over the periods, for the charts of the fiche page. Validated
// figures only: what the steering committee may quote. Seven queries whatever the fiche holds.

export type ProgressPeriod = { code: string; label: string; shortLabel: string; year: number };

export type IndicatorProgress = {
	id: number;
	label: string;
	measure: string | null;
	unit: IndicatorUnit;
	polarity: Polarity;
	periodicity: Periodicity;
	/** Counts as bars; rates and amounts as lines; yes/no and texts as a timeline. */
	display: 'bar' | 'line' | 'timeline';
	/** Periods in which the indicator is expected, oldest first. */
	periods: ProgressPeriod[];
	baseline: { value: number; year: number } | null;
	/** Target of each period's year (null: none), aligned with `periods`. */
	targets: (number | null)[];
	/** One series (the value) or one per breakdown value; null where nothing validated. */
	series: { label: string; values: (number | null)[] }[];
	breakdownLabel: string | null;
	/** Sum of the breakdown (counts and amounts with a target), to compare with the target. */
	total: (number | null)[] | null;
	/** Periods answered "non disponible". */
	notAvailable: string[];
	/** Yes/no and text answers, oldest first (every validated answer, "Non disponible" included). */
	timeline: { code: string; label: string; breakdown: string | null; display: string }[];
};

export type FicheProgress = { indicators: IndicatorProgress[]; demo: boolean };

export type FicheProgressResult =
	| { ok: true; progress: FicheProgress }
	| { ok: false; reason: 'not_found'; message: string }
	| { ok: false; reason: 'forbidden'; message: string };

/** "2019", "S1 2019", "T3 2019": short enough for a chart axis. */
export function shortPeriodLabel(period: {
	kind: PeriodKind;
	year: number;
	number: number | null;
}): string {
	if (period.kind === 'annee') return String(period.year);
	return `${period.kind === 'semestre' ? 'S' : 'T'}${period.number} ${period.year}`;
}

function displayOf(unit: IndicatorUnit): IndicatorProgress['display'] {
	if (unit === 'nombre') return 'bar';
	if (unit === 'pourcentage' || unit === 'montant') return 'line';
	return 'timeline';
}

/**
 * Every indicator of a fiche with its validated values over the periods where it is expected,
 * its baseline and its targets. Readers of the scheme only (a private scheme needs sign-in).
 */
export async function getFicheProgress(
	db: Db,
	user: CurrentUser | null,
	where: { scheme: string; fiche: string }
): Promise<FicheProgressResult> {
	const scheme = await q.findScheme(db, where.scheme);
	if (!scheme)
		return { ok: false, reason: 'not_found', message: `Aucun schéma « ${where.scheme} ».` };
	if (!can(user, 'scheme.read', schemeResource(scheme)))
		return { ok: false, reason: 'not_found', message: `Aucun schéma « ${where.scheme} ».` };
	const fiche = await q.findFicheOfScheme(db, scheme.id, where.fiche);
	if (!fiche)
		return {
			ok: false,
			reason: 'not_found',
			message: `Aucune fiche « ${where.fiche} » dans ce schéma.`
		};

	const [periods, indicators, targets, breakdownValues, figures] = await Promise.all([
		sq.listPeriods(db, scheme.id),
		q.listFicheIndicators(db, fiche.id),
		sq.listFicheTargets(db, fiche.id),
		sq.listFicheBreakdownValues(db, fiche.id),
		q.listFicheValidatedFigures(db, fiche.id)
	]);
	const chronological = [...periods].sort((a, b) =>
		a.starts_on < b.starts_on ? -1 : a.starts_on > b.starts_on ? 1 : 0
	);
	const slotKey = (indicatorId: number, periodId: number, breakdownId: number | null) =>
		`${indicatorId}:${periodId}:${breakdownId ?? ''}`;
	const figureBySlot = new Map(
		figures.map((f) => [slotKey(f.indicator_id, f.period_id, f.breakdown_value_id), f])
	);
	const figureIn = (indicatorId: number, periodId: number, breakdownId: number | null) =>
		figureBySlot.get(slotKey(indicatorId, periodId, breakdownId));

	const result: IndicatorProgress[] = indicators.map((indicator) => {
		const own = chronological.filter((p) => isIndicatorExpectedInPeriod(indicator.periodicity, p));
		const values = breakdownValues.filter((b) => b.indicator_id === indicator.id);
		const slots: { id: number | null; label: string }[] = values.length
			? values.map((v) => ({ id: v.id, label: v.label }))
			: [{ id: null, label: 'Valeur' }];
		const targetOf = (year: number) =>
			targets.find((t) => t.indicator_id === indicator.id && t.year === year)?.value ?? null;
		const display = displayOf(indicator.unit);
		const notAvailable = own
			.filter((p) => slots.some((s) => figureIn(indicator.id, p.id, s.id)?.not_available === 1))
			.map((p) => p.code);
		const series = slots.map((s) => ({
			label: s.label,
			values: own.map((p) => figureIn(indicator.id, p.id, s.id)?.value_number ?? null)
		}));
		const periodTargets = own.map((p) => targetOf(p.year));
		const summable =
			values.length > 0 && (indicator.unit === 'nombre' || indicator.unit === 'montant');
		const total =
			summable && periodTargets.some((t) => t !== null)
				? own.map((_, i) =>
						series.every((s) => s.values[i] !== null)
							? series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0)
							: null
					)
				: null;
		const timeline =
			display === 'timeline'
				? own.flatMap((p) =>
						slots.flatMap((s) => {
							const f = figureIn(indicator.id, p.id, s.id);
							if (!f) return [];
							const value = f.not_available
								? ({ kind: 'not_available' } as const)
								: indicator.unit === 'oui_non'
									? ({ kind: 'boolean', value: f.value_text === 'oui' } as const)
									: ({ kind: 'text', value: f.value_text ?? '' } as const);
							return [
								{
									code: p.code,
									label: periodLabel(p),
									breakdown: s.id === null ? null : s.label,
									display: formatFigureValue(indicator.unit, value)
								}
							];
						})
					)
				: [];
		return {
			id: indicator.id,
			label: indicator.label,
			measure: indicator.measure,
			unit: indicator.unit,
			polarity: indicator.polarity,
			periodicity: indicator.periodicity,
			display,
			periods: own.map((p) => ({
				code: p.code,
				label: periodLabel(p),
				shortLabel: shortPeriodLabel(p),
				year: p.year
			})),
			baseline:
				indicator.baseline_value !== null && indicator.baseline_year !== null
					? { value: indicator.baseline_value, year: indicator.baseline_year }
					: null,
			targets: periodTargets,
			series: display === 'timeline' ? [] : series,
			breakdownLabel: values.length ? (indicator.breakdown_label ?? 'Ventilation') : null,
			total,
			notAvailable,
			timeline
		};
	});
	return { ok: true, progress: { indicators: result, demo: figures.some((f) => f.demo === 1) } };
}
