import { todayInParis } from '$lib/domain/paris-time';
import { listSchemeFunding, type SchemeFundingLine } from '../funding/funding.service';
import {
	FICHE_STATES,
	type FicheState,
	type IndicatorKind,
	type IndicatorUnit,
	type Polarity
} from '$lib/domain/enums';
import { METEOS, isOffTarget, type Meteo } from '$lib/domain/dashboard';
import {
	FIGURE_STATUS_LABELS,
	PERIOD_STATE_LABELS,
	isIndicatorExpectedInPeriod,
	parsePeriodCode,
	periodLabel,
	type FigureStatus,
	type FigureValue,
	type PeriodState
} from '$lib/domain/figures';
import { listToText } from '$lib/domain/list-text';
import type { ListItem } from '$lib/domain/plan-document';
import { can, schemeResource } from '$lib/domain/policy';
import type { CurrentUser } from '../auth/auth.service';
import { getDashboard } from '../dashboard/dashboard.service';
import type { Db } from '../db/database';
import { figureValueOf, isEntered } from '../reporting/reporting-context';
import { emptyProgress, type Progress } from '../scheme-reads/progress';
import * as sq from '../scheme-reads/scheme-reads.queries';
import * as q from './report.queries';

// The annual report of a scheme for a year or a period: what the workbook shows, computed with
// set-based queries and the dashboard's own rules (weather, off target), never copies of them.
// Visibility: the coordination sees every figure; the pilots of a fiche see that fiche's figures
// in any state; everyone else (readers, other pilots, visitors of a public scheme) sees only
// validated values — the state of the others is shown, never their value.

export type NotFound = { ok: false; reason: 'not_found'; message: string };
export type Forbidden = { ok: false; reason: 'forbidden'; message: string };
export type Invalid = { ok: false; reason: 'invalid'; errors: Record<string, string> };

export type { Progress } from '../scheme-reads/progress';
export type StateCounts = Record<FicheState, number> & { total: number };
export type MeteoCounts = Record<Meteo, number>;

export type AxisSummary = {
	code: string;
	title: string;
	states: StateCounts;
	meteo: MeteoCounts;
	progress: Progress;
	offTarget: number;
};

export type ReportFiche = {
	number: string;
	slug: string;
	title: string;
	axis: string | null;
	/** The levels under the axis ("Objectif 1.2 — …"), outermost first. */
	path: string[];
	state: FicheState;
	meteo: Meteo | null;
	meteoReasons: string[];
	meteoOverridden: boolean;
	pilots: string[];
	partners: string[];
	priority: string | null;
	context: string | null;
	steps: string;
	targetPublic: string | null;
	schedule: string | null;
	startDate: string | null;
	endDate: string | null;
	results: string;
	links: string | null;
	progress: Progress;
	lastBilan: { periodCode: string; periodLabel: string; text: string } | null;
	updatedAt: string;
};

export type ReportLine = {
	fiche: { number: string; title: string };
	period: { code: string; label: string; endsOn: string };
	indicator: {
		id: number;
		label: string;
		measure: string | null;
		kind: IndicatorKind;
		unit: IndicatorUnit;
		polarity: Polarity;
	};
	/** `code`: the official code of a territorial breakdown value's territory. */
	breakdown: { group: string; label: string; code: string | null } | null;
	baseline: { value: number; year: number | null } | null;
	target: number | null;
	/** Null when nothing was entered, or when the value is not shown to this reader. */
	value: FigureValue | null;
	gap: number | null;
	offTarget: boolean | null;
	status: FigureStatus | null;
	/** "Validé", "Brouillon"…, "Non saisi", or "En cours de saisie" when the value is withheld. */
	stateLabel: string;
	comment: string | null;
	reviewerComment: string | null;
	updatedBy: string | null;
	updatedAt: string | null;
	validatedBy: string | null;
	validatedAt: string | null;
};

export type ReportBilan = {
	fiche: { number: string; title: string };
	period: { code: string; label: string };
	actionsDone: string | null;
	resultsObserved: string | null;
	difficulties: string | null;
	outlook: string | null;
	updatedAt: string;
	updatedBy: string | null;
};

export type AnnualReport = {
	scheme: {
		slug: string;
		title: string;
		subtitle: string | null;
		departmentCode: string;
		departmentName: string;
		startYear: number;
		endYear: number;
		levelLabels: string[];
		staleMonths: number;
	};
	selection: { code: string; label: string; startsOn: string; endsOn: string; year: number };
	periods: { code: string; label: string; state: PeriodState; stateLabel: string }[];
	/** The period whose weather the report shows (the selection, or its last period). */
	meteoPeriod: string | null;
	/** Whether this reader sees every figure (coordination) or validated ones only. */
	allFigures: boolean;
	generatedAt: string;
	/** Latest change to a figure or bilan of the report; null when there is none. */
	dataAsOf: string | null;
	demo: boolean;
	axes: AxisSummary[];
	total: Omit<AxisSummary, 'code' | 'title'>;
	fiches: ReportFiche[];
	lines: ReportLine[];
	bilans: ReportBilan[];
	/** Funding lines of the scheme (issue 17), for the « Financements » sheet. */
	funding?: SchemeFundingLine[];
};

export type ReportResult = { ok: true; report: AnnualReport } | NotFound | Forbidden | Invalid;

const emptyStates = (): StateCounts =>
	Object.fromEntries([...FICHE_STATES.map((s) => [s, 0]), ['total', 0]]) as StateCounts;
const emptyMeteo = (): MeteoCounts => Object.fromEntries(METEOS.map((m) => [m, 0])) as MeteoCounts;

/** Builds an item tree from flat rows (parent ids), as the plan stores lists. */
function listOf(rows: q.ListItemRow[]): ListItem[] {
	const build = (parentId: number | null): ListItem[] =>
		rows
			.filter((r) => r.parent_id === parentId)
			.map((r) => {
				const children = build(r.id);
				return { text: r.text, marker: r.marker, ...(children.length ? { children } : {}) };
			});
	return build(null);
}

function resultsText(items: q.ListItemRow[]): string {
	const of = (list: string) => listToText(listOf(items.filter((i) => i.list === list)));
	const parts: string[] = [];
	const quantitative = of('result_quantitative');
	const qualitative = of('result_qualitative');
	const unclassified = of('result_unclassified');
	if (unclassified) parts.push(unclassified);
	if (quantitative) parts.push(`Quantitatif :\n${quantitative}`);
	if (qualitative) parts.push(`Qualitatif :\n${qualitative}`);
	return parts.join('\n\n');
}

function bilanText(b: q.BilanRow): string {
	return [
		['Actions mises en œuvre', b.actions_done],
		['Résultats constatés', b.results_observed],
		['Difficultés rencontrées', b.difficulties],
		['Perspectives / évolutions', b.outlook]
	]
		.filter(([, text]) => text && text.trim())
		.map(([label, text]) => `${label} :\n${text}`)
		.join('\n\n');
}

/** The selection of a report: a year (every period inside it) or one period (and those inside). */
function selectPeriods(
	periods: sq.PeriodRow[],
	code: string
):
	| {
			ok: true;
			selection: AnnualReport['selection'];
			inSpan: sq.PeriodRow[];
			own: sq.PeriodRow | null;
	  }
	| NotFound
	| Invalid {
	const ref = parsePeriodCode(code);
	if (!ref)
		return {
			ok: false,
			reason: 'invalid',
			errors: { periode: `Période « ${code} » illisible : écrivez 2018, 2018-S1 ou 2018-T3.` }
		};
	const normalized = code.trim().toUpperCase();
	const own = periods.find((p) => p.code === normalized) ?? null;
	let startsOn: string;
	let endsOn: string;
	if (ref.kind === 'annee') {
		startsOn = `${ref.year}-01-01`;
		endsOn = `${ref.year}-12-31`;
	} else {
		if (!own)
			return {
				ok: false,
				reason: 'not_found',
				message: `Aucune période « ${normalized} » dans ce schéma.`
			};
		startsOn = own.starts_on;
		endsOn = own.ends_on;
	}
	const inSpan = periods.filter((p) => p.starts_on >= startsOn && p.ends_on <= endsOn);
	if (inSpan.length === 0)
		return {
			ok: false,
			reason: 'not_found',
			message: `Aucune période de suivi ${ref.kind === 'annee' ? `en ${ref.year}` : normalized} dans ce schéma.`
		};
	return {
		ok: true,
		selection: { code: normalized, label: periodLabel(ref), startsOn, endsOn, year: ref.year },
		inSpan,
		own
	};
}

/**
 * The annual report of a scheme for `periodCode` ("2018": the year and every period inside it;
 * "2019-S1": that semester and its quarters), for anyone who may read the scheme.
 */
export async function loadAnnualReport(
	db: Db,
	user: CurrentUser | null,
	schemeSlug: string,
	periodCode: string,
	today: string = todayInParis()
): Promise<ReportResult> {
	const scheme = await sq.findScheme(db, schemeSlug);
	if (!scheme)
		return { ok: false, reason: 'not_found', message: `Aucun schéma « ${schemeSlug} ».` };
	if (!can(user, 'scheme.read', schemeResource(scheme)))
		return { ok: false, reason: 'not_found', message: `Aucun schéma « ${schemeSlug} ».` };
	const allPeriods = await sq.listPeriods(db, scheme.id);
	const selected = selectPeriods(allPeriods, periodCode);
	if (!selected.ok) return selected;
	const { selection, inSpan, own } = selected;
	const periodIds = inSpan.map((p) => p.id);
	const meteoPeriod = own ?? [...inSpan].sort((a, b) => (a.ends_on < b.ends_on ? 1 : -1))[0];

	const [
		nodes,
		fiches,
		items,
		actors,
		indicators,
		targets,
		breakdowns,
		figures,
		bilans,
		dashboard
	] = await Promise.all([
		sq.listNodes(db, scheme.id),
		q.listFiches(db, scheme.id),
		q.listListItems(db, scheme.id),
		q.listActors(db, scheme.id),
		q.listIndicators(db, scheme.id),
		q.listTargets(db, scheme.id, selection.year),
		sq.listBreakdownValues(db, scheme.id),
		q.listFigures(db, periodIds),
		q.listBilans(db, scheme.id, periodIds),
		getDashboard(db, user, scheme.slug, { periode: meteoPeriod.code }, today)
	]);

	const levelLabels = JSON.parse(scheme.level_labels) as string[];
	const admin = can(user, 'scheme.readDrafts', schemeResource(scheme));
	const nodeById = new Map(nodes.map((n) => [n.id, n]));
	const pathOf = (nodeId: number): sq.NodeRow[] => {
		const path: sq.NodeRow[] = [];
		for (
			let node = nodeById.get(nodeId);
			node;
			node = node.parent_id === null ? undefined : nodeById.get(node.parent_id)
		)
			path.unshift(node);
		return path;
	};
	const heading = (node: sq.NodeRow) => `${node.code} — ${node.title}`;
	const group = <T, K>(rows: T[], key: (row: T) => K) => {
		const map = new Map<K, T[]>();
		for (const row of rows) {
			const list = map.get(key(row));
			if (list) list.push(row);
			else map.set(key(row), [row]);
		}
		return map;
	};
	const itemsByFiche = group(items, (i) => i.fiche_id);
	const actorsByFiche = group(actors, (a) => a.fiche_id);
	const breakdownsByIndicator = group(breakdowns, (b) => b.indicator_id);
	const targetByIndicator = new Map(targets.map((t) => [t.indicator_id, t.value]));
	const figureBySlot = new Map(
		figures.map((f) => [`${f.indicator_id}|${f.period_id}|${f.breakdown_value_id ?? 0}`, f])
	);
	const ficheById = new Map(fiches.map((f) => [f.id, f]));
	const seesAll = new Map(
		fiches.map((f) => [
			f.id,
			admin ||
				can(user, 'fiche.report', {
					...schemeResource(scheme),
					pilotOrganisationIds: (actorsByFiche.get(f.id) ?? [])
						.filter((a) => a.role === 'pilot')
						.map((a) => a.organisation_id)
				})
		])
	);
	const periodOrder = [...inSpan].sort((a, b) =>
		a.starts_on !== b.starts_on
			? a.starts_on < b.starts_on
				? -1
				: 1
			: a.ends_on < b.ends_on
				? 1
				: -1
	);

	let demo = false;
	let dataAsOf: string | null = null;
	const touch = (...dates: (string | null)[]) => {
		for (const d of dates) if (d && (!dataAsOf || d > dataAsOf)) dataAsOf = d;
	};

	const progressByFiche = new Map<number, Progress>();
	const lines: ReportLine[] = [];
	for (const indicator of indicators) {
		const fiche = ficheById.get(indicator.fiche_id)!;
		const progress = progressByFiche.get(fiche.id) ?? emptyProgress();
		progressByFiche.set(fiche.id, progress);
		const values = breakdownsByIndicator.get(indicator.id) ?? [];
		const slots: (sq.BreakdownRow | null)[] = values.length ? values : [null];
		const target = targetByIndicator.get(indicator.id) ?? null;
		for (const period of periodOrder) {
			if (!isIndicatorExpectedInPeriod(indicator.periodicity, period)) continue;
			for (const slot of slots) {
				const figure = figureBySlot.get(`${indicator.id}|${period.id}|${slot?.id ?? 0}`) ?? null;
				const stored = figure ? figureValueOf(figure, indicator.unit) : null;
				const entered = stored !== null && isEntered(stored);
				progress.expected++;
				if (entered) progress.entered++;
				if (entered && figure!.status === 'valide') progress.validated++;
				const visible = figure !== null && (seesAll.get(fiche.id) || figure.status === 'valide');
				if (visible) {
					if (figure.demo) demo = true;
					touch(figure.updated_at, figure.reviewed_at);
				}
				const value = visible && entered ? stored : null;
				const number = value?.kind === 'number' ? value.value : null;
				const lineTarget = slot ? null : target;
				lines.push({
					fiche: { number: fiche.number, title: fiche.title },
					period: { code: period.code, label: periodLabel(period), endsOn: period.ends_on },
					indicator: {
						id: indicator.id,
						label: indicator.label,
						measure: indicator.measure,
						kind: indicator.kind,
						unit: indicator.unit,
						polarity: indicator.polarity
					},
					breakdown: slot
						? {
								group: indicator.breakdown_label ?? 'Ventilation',
								label: slot.label,
								code: slot.territory_code
							}
						: null,
					baseline:
						indicator.baseline_value !== null
							? { value: indicator.baseline_value, year: indicator.baseline_year }
							: null,
					target: lineTarget,
					value,
					gap: number !== null && lineTarget !== null ? roundGap(number - lineTarget) : null,
					offTarget:
						number !== null && lineTarget !== null
							? isOffTarget(number, lineTarget, indicator.polarity)
							: null,
					status: visible ? figure.status : null,
					stateLabel: !figure
						? 'Non saisi'
						: visible
							? FIGURE_STATUS_LABELS[figure.status]
							: 'En cours de saisie',
					comment: visible ? figure.comment : null,
					reviewerComment: visible ? figure.reviewer_comment : null,
					// People are named to signed-in readers only; the public sees the fiche's pilots.
					updatedBy: visible && user ? figure.updated_by_name : null,
					updatedAt: visible ? figure.updated_at : null,
					validatedBy:
						visible && user && figure.status === 'valide' ? figure.reviewed_by_name : null,
					validatedAt: visible && figure.status === 'valide' ? figure.reviewed_at : null
				});
			}
		}
	}

	const periodById = new Map(inSpan.map((p) => [p.id, p]));
	const bilanOrder = (a: q.BilanRow, b: q.BilanRow) => {
		const pa = periodById.get(a.period_id)!;
		const pb = periodById.get(b.period_id)!;
		return periodOrder.indexOf(pa) - periodOrder.indexOf(pb);
	};
	const bilansByFiche = group([...bilans].sort(bilanOrder), (b) => b.fiche_id);
	for (const b of bilans) {
		if (b.demo) demo = true;
		touch(b.updated_at);
	}

	const meteoBySlug = new Map(
		dashboard.ok ? dashboard.dashboard.fiches.map((f) => [f.slug, f]) : []
	);
	const offTargetBySlug = new Map<string, number>();
	if (dashboard.ok)
		for (const row of dashboard.dashboard.offTarget)
			offTargetBySlug.set(row.fiche.slug, (offTargetBySlug.get(row.fiche.slug) ?? 0) + 1);

	const reportFiches: ReportFiche[] = fiches.map((f) => {
		const path = pathOf(f.node_id);
		const own = itemsByFiche.get(f.id) ?? [];
		const ficheActors = actorsByFiche.get(f.id) ?? [];
		const weather = meteoBySlug.get(f.slug);
		// The last bilan of the report: the period ending last (the year before its last quarter).
		const last = [...(bilansByFiche.get(f.id) ?? [])].sort((a, b) => {
			const pa = periodById.get(a.period_id)!;
			const pb = periodById.get(b.period_id)!;
			return pa.ends_on !== pb.ends_on
				? pa.ends_on < pb.ends_on
					? 1
					: -1
				: pa.starts_on < pb.starts_on
					? -1
					: 1;
		})[0];
		const lastPeriod = last ? periodById.get(last.period_id)! : null;
		return {
			number: f.number,
			slug: f.slug,
			title: f.title,
			axis: path[0] ? heading(path[0]) : null,
			path: path.slice(1).map(heading),
			state: f.state,
			meteo: weather?.effective ?? null,
			meteoReasons: weather
				? weather.override?.meteo
					? [`Météo ajustée par la coordination : ${weather.override.reason}`]
					: weather.reasons
				: [],
			meteoOverridden: Boolean(weather?.override?.meteo),
			pilots: ficheActors.filter((a) => a.role === 'pilot').map((a) => a.label),
			partners: ficheActors.filter((a) => a.role === 'partner').map((a) => a.label),
			priority: f.priority_label,
			context: f.context,
			steps: listToText(listOf(own.filter((i) => i.list === 'step'))),
			targetPublic: f.target_public,
			schedule: f.schedule,
			startDate: f.start_date,
			endDate: f.end_date,
			results: resultsText(own),
			links: f.links,
			progress: progressByFiche.get(f.id) ?? emptyProgress(),
			lastBilan:
				last && lastPeriod
					? {
							periodCode: lastPeriod.code,
							periodLabel: periodLabel(lastPeriod),
							text: bilanText(last)
						}
					: null,
			updatedAt: f.updated_at
		};
	});

	const axisNodes = nodes.filter((n) => n.parent_id === null);
	const axisOfFiche = new Map(fiches.map((f) => [f.id, pathOf(f.node_id)[0]?.id ?? null]));
	const axes: AxisSummary[] = axisNodes.map((axis) => ({
		code: axis.code,
		title: axis.title,
		states: emptyStates(),
		meteo: emptyMeteo(),
		progress: emptyProgress(),
		offTarget: 0
	}));
	const total: AnnualReport['total'] = {
		states: emptyStates(),
		meteo: emptyMeteo(),
		progress: emptyProgress(),
		offTarget: 0
	};
	fiches.forEach((f, index) => {
		const axisIndex = axisNodes.findIndex((a) => a.id === axisOfFiche.get(f.id));
		const view = reportFiches[index];
		for (const target of axisIndex >= 0 ? [axes[axisIndex], total] : [total]) {
			target.states[f.state]++;
			target.states.total++;
			if (view.meteo) target.meteo[view.meteo]++;
			target.progress.expected += view.progress.expected;
			target.progress.entered += view.progress.entered;
			target.progress.validated += view.progress.validated;
			target.offTarget += offTargetBySlug.get(f.slug) ?? 0;
		}
	});

	const reportBilans: ReportBilan[] = fiches.flatMap((f) =>
		(bilansByFiche.get(f.id) ?? []).map((b) => {
			const period = periodById.get(b.period_id)!;
			return {
				fiche: { number: f.number, title: f.title },
				period: { code: period.code, label: periodLabel(period) },
				actionsDone: b.actions_done,
				resultsObserved: b.results_observed,
				difficulties: b.difficulties,
				outlook: b.outlook,
				updatedAt: b.updated_at,
				updatedBy: user ? b.updated_by_name : null
			};
		})
	);

	return {
		ok: true,
		report: {
			scheme: {
				slug: scheme.slug,
				title: scheme.title,
				subtitle: scheme.subtitle,
				departmentCode: scheme.department_code,
				departmentName: scheme.department_name,
				startYear: scheme.start_year,
				endYear: scheme.end_year,
				levelLabels,
				staleMonths: scheme.stale_months
			},
			selection,
			periods: periodOrder.map((p) => ({
				code: p.code,
				label: periodLabel(p),
				state: p.state,
				stateLabel: PERIOD_STATE_LABELS[p.state]
			})),
			meteoPeriod: dashboard.ok ? (dashboard.dashboard.period?.code ?? null) : null,
			allFigures: admin,
			generatedAt: new Date().toISOString(),
			dataAsOf,
			demo,
			axes,
			total,
			fiches: reportFiches,
			lines,
			bilans: reportBilans,
			funding: await listSchemeFunding(db, scheme.id, selection.year)
		}
	};
}

/** value − target without binary noise (12.3 − 10 = 2.3, not 2.3000000000000007). */
function roundGap(gap: number): number {
	return Math.round(gap * 1000) / 1000;
}

/** The years and periods a report can be asked for, most recent first. */
export async function listReportChoices(
	db: Db,
	user: CurrentUser | null,
	schemeSlug: string
): Promise<
	| {
			ok: true;
			scheme: { slug: string; title: string };
			choices: { code: string; label: string; states: string }[];
	  }
	| NotFound
	| Forbidden
> {
	const scheme = await sq.findScheme(db, schemeSlug);
	if (!scheme)
		return { ok: false, reason: 'not_found', message: `Aucun schéma « ${schemeSlug} ».` };
	if (!can(user, 'scheme.read', schemeResource(scheme)))
		return { ok: false, reason: 'not_found', message: `Aucun schéma « ${schemeSlug} ».` };
	const periods = await sq.listPeriods(db, scheme.id);
	const years = [...new Set(periods.map((p) => p.year))].sort((a, b) => b - a);
	const choices = years.flatMap((year) => {
		const ofYear = periods.filter((p) => p.year === year);
		const states = [...new Set(ofYear.map((p) => PERIOD_STATE_LABELS[p.state]))].join(', ');
		const parts = ofYear
			.filter((p) => p.kind !== 'annee')
			.map((p) => ({ code: p.code, label: periodLabel(p), states: PERIOD_STATE_LABELS[p.state] }))
			.reverse();
		return [{ code: String(year), label: `Année ${year}`, states }, ...parts];
	});
	return { ok: true, scheme: { slug: scheme.slug, title: scheme.title }, choices };
}
