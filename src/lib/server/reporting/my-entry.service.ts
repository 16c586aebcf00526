import { isIndicatorExpectedInPeriod, lineKey } from '$lib/domain/figures';
import { membershipIn } from '$lib/domain/policy';
import type { CurrentUser } from '../auth/auth.service';
import type { Db } from '../db/database';
import {
	FICHE_ENTRY_STATUS_LABELS,
	entryStatusOf,
	progressOf,
	type EntryProgress,
	type FicheEntryStatus
} from './figures.service';
import * as sq from '../scheme-reads/scheme-reads.queries';
import * as q from './reporting.queries';
import {
	figureValueOf,
	isEntered,
	loadSchemeFor,
	toPeriodView,
	type PeriodRow,
	type PeriodView
} from './reporting-context';
import { notFound, today as todayIso, type Forbidden, type NotFound, type Tx } from './results';

export type EntryFicheRow = {
	scheme: { slug: string; title: string };
	fiche: { number: string; slug: string; title: string };
	pilots: string[];
	progress: EntryProgress;
	status: FicheEntryStatus;
	statusLabel: string;
	/** The period is past its closing date and the fiche is not fully submitted. */
	late: boolean;
};

export type EntryPeriodGroup = {
	scheme: { slug: string; title: string };
	period: PeriodView;
	/** Days until the closing date (negative once past). */
	daysLeft: number;
	fiches: EntryFicheRow[];
	progress: EntryProgress;
	/** The person coordinates this scheme: every fiche, and the period's follow-up links. */
	coordinates: boolean;
};

const sum = (items: EntryProgress[]): EntryProgress =>
	items.reduce(
		(a, b) => ({
			expected: a.expected + b.expected,
			entered: a.entered + b.entered,
			submitted: a.submitted + b.submitted,
			validated: a.validated + b.validated,
			sentBack: a.sentBack + b.sentBack
		}),
		{ expected: 0, entered: 0, submitted: 0, validated: 0, sentBack: 0 }
	);

const daysBetween = (from: string, to: string) =>
	Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** Progress of each fiche of a scheme for one period (only fiches expecting at least one line). */
export async function ficheProgress(
	db: Db | Tx,
	period: PeriodRow,
	ficheIds: number[]
): Promise<Map<number, EntryProgress>> {
	const indicators = (await q.listIndicators(db, ficheIds)).filter((i) =>
		isIndicatorExpectedInPeriod(i.periodicity, period)
	);
	const ids = indicators.map((i) => i.id);
	const [breakdowns, figures] = await Promise.all([
		q.listBreakdownValues(db, ids),
		q.listFigureSlots(db, [period.id])
	]);
	const figureBySlot = new Map(
		figures.map((f) => [lineKey(f.indicator_id, f.breakdown_value_id), f])
	);
	const perFiche = new Map<
		number,
		{ entered: boolean; status: (typeof figures)[number]['status'] | null }[]
	>();
	for (const indicator of indicators) {
		const values = breakdowns.filter((b) => b.indicator_id === indicator.id).map((b) => b.id);
		for (const breakdownId of values.length ? values : [null]) {
			const figure = figureBySlot.get(lineKey(indicator.id, breakdownId));
			const list = perFiche.get(indicator.fiche_id) ?? [];
			list.push({
				entered: figure ? isEntered(figureValueOf(figure, indicator.unit)) : false,
				status: figure?.status ?? null
			});
			perFiche.set(indicator.fiche_id, list);
		}
	}
	return new Map([...perFiche].map(([ficheId, lines]) => [ficheId, progressOf(lines)]));
}

function pilotsByFiche(pilots: Awaited<ReturnType<typeof sq.listPilots>>) {
	const map = new Map<number, typeof pilots>();
	for (const p of pilots) map.set(p.fiche_id, [...(map.get(p.fiche_id) ?? []), p]);
	return map;
}

function ficheRow(
	scheme: { slug: string; title: string },
	fiche: { number: string; slug: string; title: string },
	pilots: string[],
	progress: EntryProgress,
	period: PeriodView
): EntryFicheRow {
	const status = entryStatusOf(progress);
	return {
		scheme,
		fiche,
		pilots,
		progress,
		status,
		statusLabel: FICHE_ENTRY_STATUS_LABELS[status],
		late: period.late && progress.submitted < progress.expected
	};
}

/**
 * "Ma saisie": for each open period of every scheme, the fiches the user's organisation pilots
 * (every fiche for an administrator) that expect figures, with their progress and closing date.
 */
export async function getMyEntry(
	db: Db,
	user: CurrentUser,
	today: string = todayIso()
): Promise<EntryPeriodGroup[]> {
	// What each scheme asks of this person: every fiche for its coordination, the fiches their
	// organisation pilots for a pilot, nothing for a reader (or a scheme they do not belong to).
	const reporting = user.memberships.filter((m) => m.role !== 'lecteur');
	if (reporting.length === 0) return [];
	const groups: EntryPeriodGroup[] = [];
	// A scheme may have several open periods (a year and its semesters): read its fiches once.
	const readScheme = (schemeId: number) =>
		Promise.all([q.listFiches(db, schemeId), sq.listPilots(db, schemeId)]);
	const schemeReads = new Map<number, ReturnType<typeof readScheme>>();
	for (const period of await q.listOpenPeriods(
		db,
		reporting.map((m) => m.schemeId)
	)) {
		const membership = membershipIn(user, period.scheme_id);
		if (!membership || membership.role === 'lecteur') continue;
		const admin = membership.role === 'coordinateur';
		const scheme = { slug: period.scheme_slug, title: period.scheme_title };
		let reads = schemeReads.get(period.scheme_id);
		if (!reads) schemeReads.set(period.scheme_id, (reads = readScheme(period.scheme_id)));
		const [fiches, pilots] = await reads;
		const pilotMap = pilotsByFiche(pilots);
		const mine = admin
			? fiches
			: fiches.filter((f) =>
					(pilotMap.get(f.id) ?? []).some((p) => p.organisation_id === membership.organisationId)
				);
		const progress = await ficheProgress(
			db,
			period,
			mine.map((f) => f.id)
		);
		const view = toPeriodView(period, today);
		const rows = mine
			.filter((f) => progress.has(f.id))
			.map((f) =>
				ficheRow(
					scheme,
					{ number: f.number, slug: f.slug, title: f.title },
					(pilotMap.get(f.id) ?? []).map((p) => p.organisation_short_name ?? p.label),
					progress.get(f.id)!,
					view
				)
			);
		if (rows.length === 0) continue;
		groups.push({
			scheme,
			period: view,
			daysLeft: daysBetween(today, period.closes_on),
			fiches: rows,
			progress: sum(rows.map((r) => r.progress)),
			coordinates: admin
		});
	}
	return groups;
}

export type OrganisationEntry = {
	organisation: { slug: string; shortName: string; name: string } | null;
	/** The organisation's short name, or the pilot label as written when it is not an organisation. */
	label: string;
	fiches: EntryFicheRow[];
	progress: EntryProgress;
	late: boolean;
};

export type EntryOverviewResult =
	| {
			ok: true;
			scheme: { slug: string; title: string };
			period: PeriodView;
			organisations: OrganisationEntry[];
			progress: EntryProgress;
	  }
	| NotFound
	| Forbidden;

/**
 * The coordinator's view of a period: every pilot organisation with its fiches' progress, late
 * ones flagged. A fiche with two pilots appears under both.
 */
export async function getEntryOverview(
	db: Db,
	user: CurrentUser,
	schemeSlug: string,
	periodCode: string,
	today: string = todayIso()
): Promise<EntryOverviewResult> {
	const schemeRef = await loadSchemeFor(
		db,
		user,
		schemeSlug,
		'figure.review',
		'Le suivi de la saisie de toutes les organisations est réservé à la coordination du schéma.'
	);
	if ('reason' in schemeRef) return schemeRef;
	const period = await q.findPeriod(db, schemeRef.id, periodCode.toUpperCase());
	if (!period) return notFound(`Aucune période « ${periodCode} » dans ce schéma.`);
	const scheme = { slug: schemeRef.slug, title: schemeRef.title };
	const [fiches, pilots] = await Promise.all([
		q.listFiches(db, schemeRef.id),
		sq.listPilots(db, schemeRef.id)
	]);
	const pilotMap = pilotsByFiche(pilots);
	const progress = await ficheProgress(
		db,
		period,
		fiches.map((f) => f.id)
	);
	const view = toPeriodView(period, today);
	const groups = new Map<string, OrganisationEntry>();
	for (const fiche of fiches) {
		const p = progress.get(fiche.id);
		if (!p) continue;
		const own = pilotMap.get(fiche.id) ?? [];
		const row = ficheRow(
			scheme,
			{ number: fiche.number, slug: fiche.slug, title: fiche.title },
			own.map((x) => x.organisation_short_name ?? x.label),
			p,
			view
		);
		for (const pilot of own.length ? own : [null]) {
			const key = pilot?.organisation_slug ?? `label:${pilot?.label ?? 'Sans pilote'}`;
			const group = groups.get(key) ?? {
				organisation: pilot?.organisation_slug
					? {
							slug: pilot.organisation_slug,
							shortName: pilot.organisation_short_name!,
							name: pilot.organisation_name!
						}
					: null,
				label: pilot?.organisation_short_name ?? pilot?.label ?? 'Sans pilote',
				fiches: [],
				progress: sum([]),
				late: false
			};
			group.fiches.push(row);
			group.progress = sum([group.progress, p]);
			group.late ||= row.late;
			groups.set(key, group);
		}
	}
	const organisations = [...groups.values()].sort(
		(a, b) => Number(b.late) - Number(a.late) || a.label.localeCompare(b.label, 'fr')
	);
	const all = fiches.filter((f) => progress.has(f.id)).map((f) => progress.get(f.id)!);
	return { ok: true, scheme, period: view, organisations, progress: sum(all) };
}
