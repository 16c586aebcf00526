import { todayInParis } from '$lib/domain/paris-time';
import {
	FICHE_STATES,
	type FicheState,
	type IndicatorUnit,
	type Periodicity,
	type Polarity
} from '$lib/domain/enums';
import {
	METEOS,
	computeMeteo,
	isOffTarget,
	isStale,
	meteoOverrideSchema,
	meteoRules,
	monthsBetween,
	isMilestoneSeverelyLate,
	type DashboardQuery,
	type Meteo
} from '$lib/domain/dashboard';
import {
	PERIOD_STATE_LABELS,
	isIndicatorExpectedInPeriod,
	periodLabel,
	type PeriodState
} from '$lib/domain/figures';
import { can, schemeResource } from '$lib/domain/policy';
import { fieldErrors } from '$lib/domain/fiche-edit';
import type { CurrentUser } from '../auth/auth.service';
import { actorOf, creationChanges, diffFields, recordEvent } from '../audit/audit.service';
import type { Db } from '../db/database';
import { countExpectedIndicator } from '../scheme-reads/progress';
import * as sq from '../scheme-reads/scheme-reads.queries';
import * as q from './dashboard.queries';
import { organisationOfActor } from '$lib/domain/public-actor';
import { transact } from '../db/transact';
import { updateVersioned } from '../db/versioned-update';

// The steering-committee dashboard of a scheme for a period, and the coordinator's override of a
// fiche's weather. Reads take a fixed number of set-based queries, whatever the number of fiches.

export type NotFound = { ok: false; reason: 'not_found'; message: string };
export type Forbidden = { ok: false; reason: 'forbidden'; message: string };
export type Invalid = { ok: false; reason: 'invalid'; errors: Record<string, string> };
export type Conflict<C> = { ok: false; reason: 'conflict'; current: C; message: string };

const notFound = (message: string): NotFound => ({ ok: false, reason: 'not_found', message });
const forbidden = (message: string): Forbidden => ({ ok: false, reason: 'forbidden', message });

export type StateCounts = Record<FicheState, number> & { total: number };
export type MeteoCounts = Record<Meteo, number> & { total: number };

export type PeriodOption = { code: string; label: string; state: PeriodState; stateLabel: string };
export type SelectedPeriod = PeriodOption & { startsOn: string; endsOn: string };

export type EntryRow = {
	/** Organisation slug; null for pilots without a known organisation (or fiches with no pilot). */
	slug: string | null;
	label: string;
	name: string;
	fiches: number;
	expected: number;
	entered: number;
	validated: number;
};

export type MeteoOverrideView = {
	meteo: Meteo | null;
	reason: string;
	version: number;
	updatedAt: string;
	updatedBy: string | null;
};

export type FicheMeteo = {
	number: string;
	slug: string;
	title: string;
	state: FicheState;
	axisCode: string | null;
	pilots: string[];
	computed: Meteo;
	reasons: string[];
	/** The coordinator's override when active, else the computed weather. */
	effective: Meteo;
	override: MeteoOverrideView | null;
};

export type OffTargetRow = {
	fiche: { number: string; slug: string; title: string };
	indicator: { id: number; label: string; unit: IndicatorUnit; polarity: Polarity };
	periodCode: string;
	value: number;
	target: number;
};

export type LateMilestoneRow = {
	fiche: { number: string; slug: string; title: string };
	label: string;
	dueOn: string;
	doneOn: string | null;
	monthsLate: number;
	severe: boolean;
};

export type StaleRow = {
	fiche: { number: string; slug: string; title: string; state: FicheState };
	lastUpdate: string;
	months: number;
};

export type OverrideEvent = {
	id: number;
	at: string;
	actor: string;
	fiche: { number: string; slug: string };
	from: Meteo | null;
	to: Meteo | null;
	reason: string | null;
};

export type Dashboard = {
	scheme: { slug: string; title: string; axisLabel: string; staleMonths: number };
	periods: PeriodOption[];
	period: SelectedPeriod | null;
	/** Reference date of late milestones: the period's last day, or today while it runs. */
	asOf: string;
	today: string;
	/** Filters as applied (the period is the selected one). */
	query: DashboardQuery;
	options: {
		axes: { code: string; title: string }[];
		pilots: { slug: string; shortName: string; name: string }[];
	};
	totals: { fiches: number; allFiches: number; byState: StateCounts; byMeteo: MeteoCounts };
	axes: { code: string; title: string; counts: StateCounts; meteo: MeteoCounts }[];
	entry: EntryRow[];
	entryTotal: Omit<EntryRow, 'slug' | 'label' | 'name'>;
	stale: StaleRow[];
	lateMilestones: LateMilestoneRow[];
	offTarget: OffTargetRow[];
	fiches: FicheMeteo[];
	history: OverrideEvent[];
	rules: ReturnType<typeof meteoRules>;
	canOverride: boolean;
	/** Some figure counted here is a fictitious demonstration figure. */
	demo: boolean;
};

export type DashboardResult = { ok: true; dashboard: Dashboard } | NotFound | Forbidden;

/** States whose fiches should move: a done or abandoned fiche is never "stale". */
export const STALE_CHECKED_STATES: readonly FicheState[] = [
	'a_elaborer',
	'a_lancer',
	'en_cours',
	'suspendue'
];

function emptyStateCounts(): StateCounts {
	return Object.fromEntries([...FICHE_STATES.map((s) => [s, 0]), ['total', 0]]) as StateCounts;
}
function emptyMeteoCounts(): MeteoCounts {
	return Object.fromEntries([...METEOS.map((m) => [m, 0]), ['total', 0]]) as MeteoCounts;
}

const todayIso = () => todayInParis();

/** The period shown when the URL names none: the latest validated one, else the latest started. */
function defaultPeriod(periods: sq.PeriodRow[], today: string): sq.PeriodRow | null {
	const byEnd = [...periods].sort((a, b) =>
		a.ends_on < b.ends_on ? 1 : a.ends_on > b.ends_on ? -1 : 0
	);
	return (
		byEnd.find((p) => p.state === 'validee') ??
		byEnd.find((p) => p.starts_on <= today) ??
		periods[0] ??
		null
	);
}

function toPeriodOption(p: sq.PeriodRow): PeriodOption {
	return {
		code: p.code,
		label: periodLabel(p),
		state: p.state,
		stateLabel: PERIOD_STATE_LABELS[p.state]
	};
}

/**
 * The validated number of an indicator in a period: its total line, or the sum of its breakdown
 * when every breakdown value is validated and the unit adds up (counts and amounts). The review
 * pack uses the same rule.
 */
export function indicatorNumber(
	unit: IndicatorUnit,
	breakdownCount: number,
	row: sq.FigureAggregateRow | undefined
): number | null {
	if (!row) return null;
	if (row.total_value !== null) return row.total_value;
	const summable = unit === 'nombre' || unit === 'montant';
	const complete = breakdownCount > 0 && Number(row.breakdown_numbers) === breakdownCount;
	return summable && complete ? row.breakdown_sum : null;
}

function indicatorValue(indicator: q.IndicatorRow, row: sq.FigureAggregateRow | undefined) {
	return indicatorNumber(indicator.unit, indicator.breakdown_count, row);
}

/**
 * The dashboard of a scheme: fiches by state per strategic axis, figures entered and validated
 * per pilot organisation, stale fiches, late milestones, indicators off target and the weather of
 * every fiche, for the period and filters of the URL. Ten queries, whatever the size of the plan.
 */
export async function getDashboard(
	db: Db,
	user: CurrentUser | null,
	schemeSlug: string,
	filters: Partial<DashboardQuery> = {},
	today: string = todayIso()
): Promise<DashboardResult> {
	const scheme = await q.findScheme(db, schemeSlug);
	if (!scheme) return notFound(`Aucun schéma « ${schemeSlug} ».`);
	if (!can(user, 'scheme.read', schemeResource(scheme)))
		return notFound(`Aucun schéma « ${schemeSlug} ».`);

	const periods = await sq.listPeriods(db, scheme.id);
	const wantedCode = filters.periode?.toUpperCase();
	const wanted = wantedCode ? periods.find((p) => p.code === wantedCode) : undefined;
	const period = wanted ?? defaultPeriod(periods, today);
	const asOf = period && period.ends_on < today ? period.ends_on : today;
	// Staleness says something about now: it counts in the weather of a running period only.
	const periodRunning = !period || period.ends_on >= today;
	// Figures of the period itself and of the shorter periods inside it (a year's semesters).
	const inSpan = period
		? periods.filter((p) => p.starts_on >= period.starts_on && p.ends_on <= period.ends_on)
		: [];

	const [nodes, fiches, pilots, indicators, aggregates, lateMilestones, overrides, events] =
		await Promise.all([
			sq.listNodes(db, scheme.id),
			q.listFichesWithActivity(db, scheme.id),
			sq.listPilots(db, scheme.id),
			q.listIndicators(db, scheme.id, period?.year ?? -1),
			sq.aggregateFigures(
				db,
				inSpan.map((p) => p.id)
			),
			q.listLateMilestones(db, scheme.id, asOf),
			period ? q.listOverrides(db, period.id) : Promise.resolve([] as q.OverrideRow[]),
			period ? q.listOverrideEvents(db, period.id) : Promise.resolve([])
		]);

	const levelLabels = JSON.parse(scheme.level_labels) as string[];
	const axes = nodes.filter((n) => n.parent_id === null);
	const nodeById = new Map(nodes.map((n) => [n.id, n]));
	const axisOf = (nodeId: number): (typeof nodes)[number] | null => {
		let node = nodeById.get(nodeId);
		while (node && node.parent_id !== null) node = nodeById.get(node.parent_id);
		return node ?? null;
	};

	const pilotsByFiche = new Map<number, sq.PilotRow[]>();
	for (const p of pilots)
		pilotsByFiche.set(p.fiche_id, [...(pilotsByFiche.get(p.fiche_id) ?? []), p]);
	const pilotOrganisations = new Map<string, { slug: string; shortName: string; name: string }>();
	for (const p of pilots) {
		if (p.organisation_slug && !pilotOrganisations.has(p.organisation_slug)) {
			pilotOrganisations.set(p.organisation_slug, {
				slug: p.organisation_slug,
				shortName: p.organisation_short_name ?? p.organisation_slug,
				name: p.organisation_name ?? p.label
			});
		}
	}

	// Filters: unknown values select nothing rather than everything, so a shared link never lies.
	const states = filters.etat?.length ? new Set(filters.etat) : null;
	const selected = fiches.filter((f) => {
		if (filters.axe && axisOf(f.node_id)?.code !== filters.axe) return false;
		if (
			filters.pilote &&
			!(pilotsByFiche.get(f.id) ?? []).some((p) => p.organisation_slug === filters.pilote)
		)
			return false;
		if (states && !states.has(f.state)) return false;
		return true;
	});
	const selectedIds = new Set(selected.map((f) => f.id));

	const aggregatesByIndicator = new Map<number, sq.FigureAggregateRow[]>();
	for (const row of aggregates) {
		aggregatesByIndicator.set(row.indicator_id, [
			...(aggregatesByIndicator.get(row.indicator_id) ?? []),
			row
		]);
	}
	const spanById = new Map(inSpan.map((p) => [p.id, p]));
	const latestFirst = (a: sq.FigureAggregateRow, b: sq.FigureAggregateRow) => {
		const pa = spanById.get(a.period_id)!;
		const pb = spanById.get(b.period_id)!;
		return pa.ends_on < pb.ends_on ? 1 : pa.ends_on > pb.ends_on ? -1 : 0;
	};

	type FicheStats = {
		expected: number;
		entered: number;
		validated: number;
		validatedInSpan: number;
		assessed: number;
		off: number;
	};
	const stats = new Map<number, FicheStats>();
	const offTarget: OffTargetRow[] = [];
	const ficheById = new Map(fiches.map((f) => [f.id, f]));
	// One reference object per fiche, shared by its rows: the page's serialised data holds it once.
	const ficheRefs = new Map<number, StaleRow['fiche']>();
	const ficheRef = (id: number) => {
		let ref = ficheRefs.get(id);
		if (!ref) {
			const fiche = ficheById.get(id)!;
			ref = { number: fiche.number, slug: fiche.slug, title: fiche.title, state: fiche.state };
			ficheRefs.set(id, ref);
		}
		return ref;
	};
	let demo = false;
	for (const indicator of indicators) {
		if (!selectedIds.has(indicator.fiche_id)) continue;
		const s = stats.get(indicator.fiche_id) ?? {
			expected: 0,
			entered: 0,
			validated: 0,
			validatedInSpan: 0,
			assessed: 0,
			off: 0
		};
		stats.set(indicator.fiche_id, s);
		const rows = aggregatesByIndicator.get(indicator.id) ?? [];
		if (rows.some((r) => r.demo === 1)) demo = true;
		s.validatedInSpan += rows.reduce((sum, r) => sum + Number(r.validated), 0);
		if (period && isIndicatorExpectedInPeriod(indicator.periodicity as Periodicity, period)) {
			const own = rows.find((r) => r.period_id === period.id);
			countExpectedIndicator(s, indicator.breakdown_count, own);
		}
		if (indicator.target === null) continue;
		// The last validated value of the span (the period itself, or its latest sub-period).
		const latest = [...rows].sort(latestFirst).find((r) => indicatorValue(indicator, r) !== null);
		const value = indicatorValue(indicator, latest);
		if (value === null || !latest) continue;
		s.assessed++;
		if (isOffTarget(value, indicator.target, indicator.polarity)) {
			s.off++;
			offTarget.push({
				fiche: ficheRef(indicator.fiche_id),
				indicator: {
					id: indicator.id,
					label: indicator.label,
					unit: indicator.unit,
					polarity: indicator.polarity
				},
				periodCode: spanById.get(latest.period_id)!.code,
				value,
				target: indicator.target
			});
		}
	}

	const lateByFiche = new Map<number, typeof lateMilestones>();
	for (const m of lateMilestones)
		lateByFiche.set(m.fiche_id, [...(lateByFiche.get(m.fiche_id) ?? []), m]);
	const overrideByFiche = new Map(overrides.map((o) => [o.fiche_id, o]));

	const staleMonths = scheme.stale_months;
	const ficheViews: FicheMeteo[] = selected.map((f) => {
		const s = stats.get(f.id);
		const late = lateByFiche.get(f.id) ?? [];
		const verdict = computeMeteo({
			state: f.state,
			assessedIndicators: s?.assessed ?? 0,
			offTargetIndicators: s?.off ?? 0,
			validatedFigures: s?.validatedInSpan ?? 0,
			lateMilestones: late.map((m) => ({ dueOn: m.due_on, doneOn: m.done_on })),
			asOf,
			stale: periodRunning && isStale(f.last_update, today, staleMonths),
			staleMonths
		});
		const o = overrideByFiche.get(f.id);
		const override: MeteoOverrideView | null = o
			? {
					meteo: o.meteo,
					reason: o.reason,
					version: o.version,
					updatedAt: o.updated_at,
					// Anonymous readers: « ajustée par la coordination », without the person.
					updatedBy: user ? o.updated_by_name : null
				}
			: null;
		return {
			number: f.number,
			slug: f.slug,
			title: f.title,
			state: f.state,
			axisCode: axisOf(f.node_id)?.code ?? null,
			pilots: (pilotsByFiche.get(f.id) ?? []).map((p) => p.organisation_short_name ?? p.label),
			computed: verdict.meteo,
			reasons: verdict.reasons,
			effective: override?.meteo ?? verdict.meteo,
			override
		};
	});

	const byState = emptyStateCounts();
	const byMeteo = emptyMeteoCounts();
	const axisRows = axes
		.filter((a) => !filters.axe || a.code === filters.axe)
		.map((a) => ({
			code: a.code,
			title: a.title,
			counts: emptyStateCounts(),
			meteo: emptyMeteoCounts()
		}));
	const axisRowByCode = new Map(axisRows.map((a) => [a.code, a]));
	for (const view of ficheViews) {
		byState[view.state]++;
		byState.total++;
		byMeteo[view.effective]++;
		byMeteo.total++;
		const row = view.axisCode ? axisRowByCode.get(view.axisCode) : undefined;
		if (row) {
			row.counts[view.state]++;
			row.counts.total++;
			row.meteo[view.effective]++;
			row.meteo.total++;
		}
	}

	// Entry per pilot organisation: a fiche piloted by two organisations counts for both.
	const entryBySlug = new Map<string, EntryRow>();
	const entryTotal = { fiches: 0, expected: 0, entered: 0, validated: 0 };
	for (const f of selected) {
		const s = stats.get(f.id) ?? { expected: 0, entered: 0, validated: 0 };
		entryTotal.fiches++;
		entryTotal.expected += s.expected;
		entryTotal.entered += s.entered;
		entryTotal.validated += s.validated;
		const slugs = new Set((pilotsByFiche.get(f.id) ?? []).map((p) => p.organisation_slug ?? ''));
		if (slugs.size === 0) slugs.add('');
		for (const slug of slugs) {
			const org = slug ? pilotOrganisations.get(slug) : undefined;
			const row =
				entryBySlug.get(slug) ??
				({
					slug: slug || null,
					label: org?.shortName ?? 'Sans organisation référencée',
					name: org?.name ?? 'Pilotes sans organisation référencée',
					fiches: 0,
					expected: 0,
					entered: 0,
					validated: 0
				} satisfies EntryRow);
			row.fiches++;
			row.expected += s.expected;
			row.entered += s.entered;
			row.validated += s.validated;
			entryBySlug.set(slug, row);
		}
	}
	const entry = [...entryBySlug.values()].sort((a, b) =>
		a.slug === null ? 1 : b.slug === null ? -1 : a.label.localeCompare(b.label, 'fr')
	);

	const stale: StaleRow[] = selected
		.filter(
			(f) => STALE_CHECKED_STATES.includes(f.state) && isStale(f.last_update, today, staleMonths)
		)
		.map((f) => ({
			fiche: ficheRef(f.id),
			lastUpdate: f.last_update,
			months: monthsBetween(f.last_update, today)
		}));

	const lateRows: LateMilestoneRow[] = lateMilestones
		.filter((m) => selectedIds.has(m.fiche_id))
		.map((m) => ({
			fiche: ficheRef(m.fiche_id),
			label: m.label,
			dueOn: m.due_on,
			doneOn: m.done_on,
			monthsLate: monthsBetween(m.due_on, asOf),
			severe: isMilestoneSeverelyLate({ dueOn: m.due_on, doneOn: m.done_on }, asOf)
		}));

	const history: OverrideEvent[] = events.map((e) => {
		const changes = parseChanges(e.changes);
		return {
			id: e.id,
			at: e.at,
			actor: user ? e.actor : organisationOfActor(e.actor),
			fiche: { number: e.fiche_number, slug: e.fiche_slug },
			from: asMeteo(changes.meteo?.old),
			to: asMeteo(changes.meteo?.new),
			reason: e.reason
		};
	});

	return {
		ok: true,
		dashboard: {
			scheme: {
				slug: scheme.slug,
				title: scheme.title,
				axisLabel: levelLabels[0] ?? 'Axe',
				staleMonths
			},
			periods: [...periods].reverse().map(toPeriodOption),
			period: period
				? { ...toPeriodOption(period), startsOn: period.starts_on, endsOn: period.ends_on }
				: null,
			asOf,
			today,
			query: {
				periode: period?.code ?? null,
				axe: filters.axe ?? null,
				pilote: filters.pilote ?? null,
				etat: FICHE_STATES.filter((s) => states?.has(s))
			},
			options: {
				axes: axes.map((a) => ({ code: a.code, title: a.title })),
				pilots: [...pilotOrganisations.values()].sort((a, b) =>
					a.shortName.localeCompare(b.shortName, 'fr')
				)
			},
			totals: { fiches: selected.length, allFiches: fiches.length, byState, byMeteo },
			axes: axisRows,
			entry,
			entryTotal,
			stale,
			lateMilestones: lateRows,
			offTarget,
			fiches: ficheViews,
			history,
			rules: meteoRules(staleMonths),
			canOverride: can(user, 'figure.review', schemeResource(scheme)) && period !== null,
			demo
		}
	};
}

// ---------------------------------------------------------------------------------------------
// Cache

type CachedDashboard = { generation: number; dashboard: Dashboard };

/** Entries kept per database; the oldest used goes first beyond this. */
export const DASHBOARD_CACHE_LIMIT = 200;

// Per database instance (tests open many), so a cached view never crosses databases.
const dashboardCaches = new WeakMap<Db, Map<string, CachedDashboard>>();

/**
 * `getDashboard` through a cache: the same view (scheme, filters, day and whether the reader may
 * override) is reused while the scheme's change counter (bumped by triggers on every change its
 * dashboard reads, migration 0008) is unchanged — two tiny queries instead of ten. A write in
 * another scheme leaves the view alone. The key holds the reader's rights on the scheme (read, or
 * read and review), and only allowed views are kept. The dashboard is shared: never mutate it.
 */
export async function getCachedDashboard(
	db: Db,
	user: CurrentUser | null,
	schemeSlug: string,
	filters: Partial<DashboardQuery> = {},
	today: string = todayIso()
): Promise<DashboardResult> {
	// The key holds what the policy lets this reader do here, never who they are: a view is shared
	// only between readers with the same rights on this scheme.
	const scheme = await q.findScheme(db, schemeSlug);
	if (!scheme || !can(user, 'scheme.read', schemeResource(scheme)))
		return getDashboard(db, user, schemeSlug, filters, today);
	// Read before computing: a change while the view is computed bumps it, so that view is never
	// reused. Scheme ids are never reused, so (id, counter) names one state of one scheme.
	const generation = (await q.readSchemeGeneration(db, scheme.id))?.value ?? null;
	if (generation === null) return getDashboard(db, user, schemeSlug, filters, today);
	const key = JSON.stringify([
		scheme.id,
		schemeSlug,
		filters.periode?.toUpperCase() ?? null,
		filters.axe ?? null,
		filters.pilote ?? null,
		filters.etat ?? [],
		today,
		can(user, 'figure.review', schemeResource(scheme)) ? 'coordination' : 'reader'
	]);
	let cache = dashboardCaches.get(db);
	if (!cache) dashboardCaches.set(db, (cache = new Map()));
	const hit = cache.get(key);
	if (hit && hit.generation === generation) {
		// Map order is insertion order: re-inserting marks the entry as most recently used.
		cache.delete(key);
		cache.set(key, hit);
		return { ok: true, dashboard: hit.dashboard };
	}
	const result = await getDashboard(db, user, schemeSlug, filters, today);
	if (result.ok) {
		cache.delete(key);
		cache.set(key, { generation, dashboard: result.dashboard });
		while (cache.size > DASHBOARD_CACHE_LIMIT) cache.delete(cache.keys().next().value!);
	}
	return result;
}

function parseChanges(text: string): Record<string, { old: unknown; new: unknown } | undefined> {
	try {
		return JSON.parse(text) as Record<string, { old: unknown; new: unknown }>;
	} catch {
		return {};
	}
}

function asMeteo(value: unknown): Meteo | null {
	return typeof value === 'string' && (METEOS as readonly string[]).includes(value)
		? (value as Meteo)
		: null;
}

// ---------------------------------------------------------------------------------------------
// Override

export type OverrideWhere = { scheme: string; fiche: string; period: string };
export type OverrideResult =
	| { ok: true; override: MeteoOverrideView; changed: boolean }
	| NotFound
	| Forbidden
	| Invalid
	| Conflict<MeteoOverrideView | null>;

/**
 * Sets (or, with `meteo: null`, withdraws) the coordinator's weather of a fiche for a period.
 * Administrators only; a reason is required and goes to the history with the change, in the same
 * transaction. `expectedVersion` is the override's version the form showed (0: none yet); a newer
 * one in the database is a conflict and nothing is written. Scheme, fiche and period are looked
 * up together, from the route.
 */
export async function overrideMeteo(
	db: Db,
	admin: CurrentUser,
	where: OverrideWhere,
	input: { meteo: unknown; reason: unknown },
	expectedVersion: number
): Promise<OverrideResult> {
	const target = await q.findScheme(db, where.scheme);
	if (!target || !can(admin, 'scheme.read', schemeResource(target)))
		return notFound(`Aucun schéma « ${where.scheme} ».`);
	if (!can(admin, 'figure.review', schemeResource(target)))
		return forbidden('Seule la coordination du schéma peut ajuster la météo.');
	const parsed = meteoOverrideSchema().safeParse({
		fiche: where.fiche,
		periode: where.period,
		meteo: input.meteo ?? '',
		reason: input.reason ?? '',
		version: expectedVersion
	});
	if (!parsed.success) return { ok: false, reason: 'invalid', errors: fieldErrors(parsed.error) };
	const { meteo, reason, version } = parsed.data;

	return transact(db, async (tx): Promise<OverrideResult> => {
		const scheme = await q.findScheme(tx, where.scheme);
		if (!scheme) return notFound(`Aucun schéma « ${where.scheme} ».`);
		const [fiche, period] = await Promise.all([
			q.findFicheOfScheme(tx, scheme.id, where.fiche),
			q.findPeriodOfScheme(tx, scheme.id, parsed.data.periode)
		]);
		if (!fiche) return notFound(`Aucune fiche « ${where.fiche} » dans ce schéma.`);
		if (!period) return notFound(`Aucune période « ${where.period} » dans ce schéma.`);

		const current = await q.findOverride(tx, fiche.id, period.id);
		const currentView = current ? toOverrideView(current) : null;
		if ((current?.version ?? 0) !== version) {
			return {
				ok: false,
				reason: 'conflict',
				current: currentView,
				message:
					'La météo de cette fiche a été ajustée par quelqu’un d’autre depuis l’affichage de la page.'
			};
		}
		if (!current && meteo === null) {
			return {
				ok: false,
				reason: 'invalid',
				errors: { meteo: 'Aucun ajustement à retirer : choisissez une météo.' }
			};
		}
		const actor = actorOf(admin);
		const now = new Date().toISOString();
		if (!current) {
			const { id } = await tx
				.insertInto('meteo_override')
				.values({
					fiche_id: fiche.id,
					period_id: period.id,
					meteo,
					reason,
					updated_by: admin.id,
					updated_at: now,
					created_at: now
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			await recordEvent(tx, actor, {
				schemeId: scheme.id,
				entityType: 'meteo',
				entityId: id,
				action: 'create',
				changes: creationChanges({ fiche: fiche.number, period: period.code, meteo }),
				reason
			});
			return {
				ok: true,
				changed: true,
				override: { meteo, reason, version: 1, updatedAt: now, updatedBy: admin.name }
			};
		}
		const changes = diffFields({ meteo: current.meteo }, { meteo });
		if (Object.keys(changes).length === 0 && current.reason === reason) {
			return { ok: true, changed: false, override: currentView! };
		}
		const written = await updateVersioned(tx, 'meteo_override', current, {
			meteo,
			reason,
			updated_by: admin.id,
			updated_at: now
		});
		await recordEvent(tx, actor, {
			schemeId: scheme.id,
			entityType: 'meteo',
			entityId: current.id,
			action: meteo === null ? 'withdraw' : 'update',
			// The weather itself may stay the same with a new reason: record it so the history tells.
			changes: Object.keys(changes).length
				? changes
				: { meteo: { old: current.meteo, new: meteo } },
			reason
		});
		return {
			ok: true,
			changed: true,
			override: {
				meteo,
				reason,
				version: written,
				updatedAt: now,
				updatedBy: admin.name
			}
		};
	});
}

function toOverrideView(
	row: NonNullable<Awaited<ReturnType<typeof q.findOverride>>>
): MeteoOverrideView {
	return {
		meteo: row.meteo,
		reason: row.reason,
		version: row.version,
		updatedAt: row.updated_at,
		updatedBy: row.updated_by_name
	};
}
