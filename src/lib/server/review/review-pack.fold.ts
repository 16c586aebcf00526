import {
	METEOS,
	METEO_LABELS,
	isMilestoneLateOn,
	isOffTarget,
	type Meteo
} from '$lib/domain/dashboard';
import {
	FICHE_STATES,
	FICHE_STATE_LABELS,
	type FicheState,
	type IndicatorUnit
} from '$lib/domain/enums';
import {
	PERIOD_STATE_LABELS,
	formatFigureNumber,
	formatFigureValue,
	isIndicatorExpectedInPeriod,
	periodLabel
} from '$lib/domain/figures';
import { slugify } from '$lib/domain/text';
import { indicatorNumber, type FicheMeteo } from '../dashboard/dashboard.service';
import { figureValueOf } from '../reporting/reporting-context';
import { countExpectedIndicator, emptyProgress } from '../scheme-reads/progress';
import type * as sq from '../scheme-reads/scheme-reads.queries';
import {
	PACK_FORMAT,
	type AxisSummary,
	type HistoryPoint,
	type KeyFigure,
	type PackAxis,
	type PackFiche,
	type PackMilestone,
	type ReviewPack
} from './review-pack';
import type * as q from './review.queries';

// The review pack folded from rows already read (review.service.ts loads them): no database
// here, so every rule of the pack (history, changes, summaries, demo flags) is unit-tested on
// rows written by hand (review-pack.fold.test.ts).

type Rows<F extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<F>>;
type PeriodRow = Rows<typeof sq.listPeriods>[number];

/** Everything the pack is made of, as the queries answer it. */
export type ReviewPackInput = {
	scheme: NonNullable<Rows<typeof sq.findScheme>>;
	period: PeriodRow;
	/** The period and the ones of the same kind before it, oldest first (history charts). */
	sameKind: PeriodRow[];
	previous: PeriodRow | null;
	/** From the dashboard of the period: its weather per fiche, its date, its demo flag. */
	dashboard: { asOf: string; demo: boolean; fiches: FicheMeteo[] };
	nodes: Rows<typeof sq.listNodes>;
	fiches: Rows<typeof q.listFiches>;
	indicators: Rows<typeof q.listIndicators>;
	breakdownValues: Rows<typeof sq.listBreakdownValues>;
	aggregates: Rows<typeof sq.aggregateFigures>;
	validated: Rows<typeof q.listValidatedFigures>;
	bilans: Rows<typeof q.listBilans>;
	milestones: Rows<typeof q.listMilestones>;
	now: Date;
};

const oneDecimal = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
/**
 * "+12", "−1 200 €", "+3,5 pts": a change written with its sign (U+2212 for minus). A change of a
 * percentage is in points, so it is never mistaken for a relative change.
 */
function signed(unit: IndicatorUnit, delta: number): string {
	const magnitude = Math.abs(delta);
	const text =
		unit === 'pourcentage'
			? `${oneDecimal.format(magnitude)}\u00a0${magnitude >= 2 ? 'pts' : 'pt'}`
			: formatFigureNumber(unit, magnitude);
	if (delta === 0) return 'stable';
	return `${delta > 0 ? '+' : '−'}${text}`;
}

/** The relative change ("+12,5 %"); none for percentages (their change is in points) or from 0. */
function percentChange(unit: IndicatorUnit, previous: number, current: number): string | null {
	if (previous === 0 || current === previous || unit === 'pourcentage') return null;
	const ratio = ((current - previous) / Math.abs(previous)) * 100;
	const text = oneDecimal.format(Math.abs(ratio));
	return `${ratio > 0 ? '+' : ratio < 0 ? '−' : ''}${text}\u202f%`;
}

function emptySummary(): AxisSummary {
	return {
		ficheCount: 0,
		byState: Object.fromEntries(FICHE_STATES.map((s) => [s, 0])) as Record<FicheState, number>,
		byMeteo: Object.fromEntries(METEOS.map((m) => [m, 0])) as Record<Meteo, number>,
		figures: { expected: 0, entered: 0, validated: 0 },
		offTargetFigures: 0,
		lateMilestones: 0
	};
}

function addToSummary(summary: AxisSummary, fiche: PackFiche): void {
	summary.ficheCount++;
	summary.byState[fiche.state]++;
	summary.byMeteo[fiche.meteo]++;
	summary.figures.expected += fiche.progress.expected;
	summary.figures.entered += fiche.progress.entered;
	summary.figures.validated += fiche.progress.validated;
	summary.offTargetFigures += fiche.figures.filter((f) => f.offTarget === true).length;
	summary.lateMilestones += fiche.milestones.filter((m) => m.late).length;
}

/** The pack from its rows: pure. */
export function foldReviewPack(input: ReviewPackInput): ReviewPack {
	const {
		scheme,
		period,
		sameKind,
		previous,
		nodes,
		fiches,
		indicators,
		breakdownValues,
		aggregates,
		validated,
		bilans,
		milestones,
		now
	} = input;
	const { asOf } = input.dashboard;
	const group = <T, K>(rows: T[], key: (row: T) => K) => {
		const map = new Map<K, T[]>();
		for (const row of rows) {
			const k = key(row);
			const list = map.get(k);
			if (list) list.push(row);
			else map.set(k, [row]);
		}
		return map;
	};
	const indicatorsByFiche = group(indicators, (i) => i.fiche_id);
	const breakdownByIndicator = group(breakdownValues, (b) => b.indicator_id);
	const aggregateBySlot = new Map(aggregates.map((a) => [`${a.indicator_id}:${a.period_id}`, a]));
	const validatedByIndicator = group(validated, (f) => f.indicator_id);
	const bilanByFiche = new Map(bilans.map((b) => [b.fiche_id, b]));
	const milestonesByFiche = group(milestones, (m) => m.fiche_id);
	const meteoBySlug = new Map<string, FicheMeteo>(input.dashboard.fiches.map((f) => [f.slug, f]));
	const nodeById = new Map(nodes.map((n) => [n.id, n]));
	const axisOf = (nodeId: number) => {
		let node = nodeById.get(nodeId);
		while (node && node.parent_id !== null) node = nodeById.get(node.parent_id);
		return node ?? null;
	};
	let demo = input.dashboard.demo;

	const keyFigure = (indicator: q.IndicatorRow): KeyFigure => {
		const values = breakdownByIndicator.get(indicator.id) ?? [];
		const numberIn = (periodId: number) =>
			indicatorNumber(
				indicator.unit,
				values.length,
				aggregateBySlot.get(`${indicator.id}:${periodId}`)
			);
		const own = aggregateBySlot.get(`${indicator.id}:${period.id}`);
		const rows = validatedByIndicator.get(indicator.id) ?? [];
		const totalRow = rows.find((r) => r.breakdown_value_id === null);
		const value = numberIn(period.id);
		const display =
			value !== null
				? formatFigureNumber(indicator.unit, value)
				: totalRow
					? formatFigureValue(indicator.unit, figureValueOf(totalRow, indicator.unit))
					: '';
		const before = previous ? numberIn(previous.id) : null;
		const history: HistoryPoint[] = sameKind.map((p) => {
			const v = numberIn(p.id);
			return {
				code: p.code,
				label: periodLabel(p),
				value: v,
				display: v === null ? '' : formatFigureNumber(indicator.unit, v)
			};
		});
		const breakdown = values.map((b) => {
			const row = rows.find((r) => r.breakdown_value_id === b.id);
			const v = row ? figureValueOf(row, indicator.unit) : ({ kind: 'empty' } as const);
			return {
				label: b.label,
				value: v.kind === 'number' ? v.value : null,
				display:
					v.kind === 'number'
						? formatFigureNumber(indicator.unit, v.value)
						: formatFigureValue(indicator.unit, v)
			};
		});
		const isDemo = own?.demo === 1;
		if (isDemo) demo = true;
		return {
			indicatorId: indicator.id,
			label: indicator.label,
			measure: indicator.measure,
			unit: indicator.unit,
			polarity: indicator.polarity,
			breakdownLabel: values.length ? (indicator.breakdown_label ?? 'Ventilation') : null,
			display,
			value,
			validated: Number(own?.validated ?? 0) > 0,
			target:
				indicator.target === null
					? null
					: {
							value: indicator.target,
							display: formatFigureNumber(indicator.unit, indicator.target)
						},
			offTarget:
				value === null || indicator.target === null
					? null
					: isOffTarget(value, indicator.target, indicator.polarity),
			previous: previous
				? {
						code: previous.code,
						label: periodLabel(previous),
						value: before,
						display: before === null ? '' : formatFigureNumber(indicator.unit, before)
					}
				: null,
			change:
				value !== null && before !== null
					? {
							value: value - before,
							display: signed(indicator.unit, value - before),
							percentDisplay: percentChange(indicator.unit, before, value)
						}
					: null,
			history,
			breakdown,
			demo: isDemo
		};
	};

	const packFiches = new Map<number, PackFiche>();
	for (const fiche of fiches) {
		const meteo = meteoBySlug.get(fiche.slug);
		const expected = (indicatorsByFiche.get(fiche.id) ?? []).filter((i) =>
			isIndicatorExpectedInPeriod(i.periodicity, period)
		);
		const progress = emptyProgress();
		for (const indicator of expected) {
			countExpectedIndicator(
				progress,
				breakdownByIndicator.get(indicator.id)?.length ?? 0,
				aggregateBySlot.get(`${indicator.id}:${period.id}`)
			);
		}
		const bilan = bilanByFiche.get(fiche.id);
		if (bilan?.demo) demo = true;
		const ficheMilestones: PackMilestone[] = (milestonesByFiche.get(fiche.id) ?? []).map((m) => {
			if (m.demo) demo = true;
			return {
				label: m.label,
				dueOn: m.due_on,
				doneOn: m.done_on,
				late: isMilestoneLateOn({ dueOn: m.due_on, doneOn: m.done_on }, asOf)
			};
		});
		const node = nodeById.get(fiche.node_id);
		const effective: Meteo = meteo?.effective ?? 'not_assessed';
		const computed: Meteo = meteo?.computed ?? 'not_assessed';
		packFiches.set(fiche.id, {
			number: fiche.number,
			slug: fiche.slug,
			title: fiche.title,
			anchor: `fiche-${fiche.slug}`,
			location: node && node.parent_id !== null ? `${node.code} — ${node.title}` : '',
			state: fiche.state,
			stateLabel: FICHE_STATE_LABELS[fiche.state],
			pilots: meteo?.pilots ?? [],
			meteo: effective,
			meteoLabel: METEO_LABELS[effective],
			meteoOverride:
				meteo?.override?.meteo && meteo.override.meteo !== null
					? { computed, computedLabel: METEO_LABELS[computed], reason: meteo.override.reason }
					: null,
			meteoReasons: meteo?.reasons ?? [],
			progress,
			figures: expected.map(keyFigure),
			bilan:
				bilan &&
				(bilan.actions_done || bilan.results_observed || bilan.difficulties || bilan.outlook)
					? {
							actionsDone: bilan.actions_done,
							resultsObserved: bilan.results_observed,
							difficulties: bilan.difficulties,
							outlook: bilan.outlook,
							demo: bilan.demo === 1
						}
					: null,
			milestones: ficheMilestones
		});
	}

	const levelLabels = JSON.parse(scheme.level_labels) as string[];
	const summary = emptySummary();
	const axes: PackAxis[] = nodes
		.filter((n) => n.parent_id === null)
		.map((axis) => {
			const own = fiches
				.filter((f) => axisOf(f.node_id)?.id === axis.id)
				.map((f) => packFiches.get(f.id)!);
			const axisSummary = emptySummary();
			for (const fiche of own) {
				addToSummary(axisSummary, fiche);
				addToSummary(summary, fiche);
			}
			return {
				code: axis.code,
				title: axis.title,
				levelLabel: levelLabels[0] ?? 'Axe',
				anchor: `axe-${slugify(axis.code) || axis.id}`,
				summary: axisSummary,
				fiches: own
			};
		});

	return {
		format: PACK_FORMAT,
		generatedAt: now.toISOString(),
		asOf,
		scheme: {
			slug: scheme.slug,
			title: scheme.title,
			subtitle: scheme.subtitle,
			departmentCode: scheme.department_code,
			departmentName: scheme.department_name,
			startYear: scheme.start_year,
			endYear: scheme.end_year
		},
		period: {
			code: period.code,
			label: periodLabel(period),
			kind: period.kind,
			year: period.year,
			number: period.number,
			startsOn: period.starts_on,
			endsOn: period.ends_on,
			state: period.state,
			stateLabel: PERIOD_STATE_LABELS[period.state]
		},
		previousPeriod: previous ? { code: previous.code, label: periodLabel(previous) } : null,
		demo,
		summary,
		axes
	};
}
