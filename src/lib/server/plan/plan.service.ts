import {
	FICHE_STATES,
	type FicheState,
	type IndicatorKind,
	type IndicatorUnit,
	type OrganisationType,
	type Periodicity,
	type Polarity
} from '$lib/domain/enums';
import type { ListItem } from '$lib/domain/plan-document';
import { can, roleIn, schemeResource, type Actor } from '$lib/domain/policy';
import type { SchemeKind } from '$lib/domain/enums';
import type { Db } from '../db/database';
import * as sq from '../scheme-reads/scheme-reads.queries';
import * as q from './plan.queries';
import { searchFicheIds } from './plan-search.queries';

export type OrganisationRef = {
	slug: string;
	name: string;
	shortName: string;
	type: OrganisationType;
};
export type ActorView = { label: string; organisation: OrganisationRef | null };
export type FicheSummary = {
	number: string;
	slug: string;
	title: string;
	state: FicheState;
	pilots: ActorView[];
};
export type TreeNode = {
	code: string;
	title: string;
	tocTitle: string | null;
	note: string | null;
	depth: number;
	levelLabel: string;
	fiches: FicheSummary[];
	children: TreeNode[];
};
export type SchemeSummary = {
	slug: string;
	kind: SchemeKind;
	departmentCode: string;
	departmentName: string;
	title: string;
	subtitle: string | null;
	startYear: number;
	endYear: number;
	state: 'en_preparation' | 'en_cours' | 'clos';
	visibility: 'public' | 'private';
};
export type SchemeDetail = SchemeSummary & {
	levelLabels: string[];
	description: string | null;
	source: string | null;
	tree: TreeNode[];
};
export type IndicatorView = {
	id: number;
	kind: IndicatorKind;
	kindLabel: string | null;
	label: string;
	measure: string | null;
	unit: IndicatorUnit;
	polarity: Polarity;
	periodicity: Periodicity;
	baseline: { value: number; year: number } | null;
	targets: { year: number; value: number }[];
	breakdown: { label: string; values: string[] } | null;
	note: string | null;
};
export type FicheDetail = {
	number: string;
	slug: string;
	title: string;
	tocTitle: string | null;
	priorityLabel: string | null;
	state: FicheState;
	context: string | null;
	steps: ListItem[];
	targetPublic: string | null;
	pilots: ActorView[];
	partners: ActorView[];
	schedule: string | null;
	startDate: string | null;
	endDate: string | null;
	results: { quantitative: ListItem[]; qualitative: ListItem[]; unclassified: ListItem[] };
	indicators: IndicatorView[];
	links: string | null;
	note: string | null;
	version: number;
	updatedAt: string;
	path: { code: string; title: string; levelLabel: string }[];
};

type SchemeRow = NonNullable<Awaited<ReturnType<typeof q.findSchemeBySlug>>>;
type ActorRow = Awaited<ReturnType<typeof q.listFicheActors>>[number];

function toSchemeSummary(row: SchemeRow): SchemeSummary {
	return {
		slug: row.slug,
		kind: row.kind,
		departmentCode: row.department_code,
		departmentName: row.department_name,
		title: row.title,
		subtitle: row.subtitle,
		startYear: row.start_year,
		endYear: row.end_year,
		state: row.state,
		visibility: row.visibility
	};
}

function levelLabels(row: SchemeRow): string[] {
	return JSON.parse(row.level_labels) as string[];
}

function toActor(
	row: Pick<
		ActorRow,
		| 'label'
		| 'organisation_slug'
		| 'organisation_name'
		| 'organisation_short_name'
		| 'organisation_type'
	>
): ActorView {
	return {
		label: row.label,
		organisation:
			row.organisation_slug &&
			row.organisation_name &&
			row.organisation_short_name &&
			row.organisation_type
				? {
						slug: row.organisation_slug,
						name: row.organisation_name,
						shortName: row.organisation_short_name,
						type: row.organisation_type
					}
				: null
	};
}

/** The schemes the caller may read (public ones, their memberships', every one for the platform). */
export async function listSchemeSummaries(db: Db, actor: Actor | null) {
	const rows = await q.listSchemes(
		db,
		actor?.platformAdmin ? null : (actor?.memberships.map((m) => m.schemeId) ?? [])
	);
	return rows
		.filter((r) => can(actor, 'scheme.read', schemeResource(r)))
		.map((r) => ({
			slug: r.slug,
			kind: r.kind,
			role: roleIn(actor, r.id),
			departmentCode: r.department_code,
			departmentName: r.department_name,
			title: r.title,
			subtitle: r.subtitle,
			startYear: r.start_year,
			endYear: r.end_year,
			state: r.state,
			visibility: r.visibility,
			ficheCount: Number(r.fiche_count)
		}));
}

export type OverviewFilters = {
	pilot?: string | null;
	partner?: string | null;
	states?: FicheState[];
	axis?: string | null;
	q?: string | null;
};

export type StateCounts = Record<FicheState, number> & { total: number };

function emptyCounts(): StateCounts {
	return Object.fromEntries([...FICHE_STATES.map((s) => [s, 0]), ['total', 0]]) as StateCounts;
}

/**
 * The scheme, its tree with the fiches that pass the filters, and counts by state per strategic
 * axis. A fixed number of queries whatever the number of fiches.
 */
export async function getSchemeOverview(db: Db, slug: string, filters: OverviewFilters = {}) {
	const scheme = await q.findSchemeBySlug(db, slug);
	if (!scheme) return null;
	const organisations = await q.listSchemeOrganisations(db, scheme.id);
	const orgId = (s: string | null | undefined) =>
		s ? (organisations.find((o) => o.slug === s)?.id ?? -1) : null;
	const ids = filters.q?.trim() ? await searchFicheIds(db, scheme.id, filters.q) : null;
	const [nodes, fiches, actors] = await Promise.all([
		q.listNodes(db, scheme.id),
		q.listFicheSummaries(db, scheme.id, {
			pilot: orgId(filters.pilot),
			partner: orgId(filters.partner),
			states: filters.states,
			ids
		}),
		q.listSchemeActors(db, scheme.id)
	]);
	const labels = levelLabels(scheme);
	const pilotsByFiche = new Map<number, ActorView[]>();
	for (const a of actors) {
		if (a.role !== 'pilot') continue;
		const list = pilotsByFiche.get(a.fiche_id) ?? [];
		list.push(toActor(a));
		pilotsByFiche.set(a.fiche_id, list);
	}
	const fichesByNode = new Map<number, FicheSummary[]>();
	for (const f of fiches) {
		const list = fichesByNode.get(f.node_id) ?? [];
		list.push({
			number: f.number,
			slug: f.slug,
			title: f.title,
			state: f.state,
			pilots: pilotsByFiche.get(f.id) ?? []
		});
		fichesByNode.set(f.node_id, list);
	}
	const build = (parentId: number | null): TreeNode[] =>
		nodes
			.filter((n) => n.parent_id === parentId)
			.map((n) => ({
				code: n.code,
				title: n.title,
				tocTitle: n.toc_title,
				note: n.note,
				depth: n.depth,
				levelLabel: labels[n.depth - 1] ?? `Niveau ${n.depth}`,
				fiches: fichesByNode.get(n.id) ?? [],
				children: build(n.id)
			}));
	const fullTree = build(null);
	const axisTree = filters.axis ? fullTree.filter((n) => n.code === filters.axis) : fullTree;

	const axisCounts = axisTree.map((axis) => {
		const counts = emptyCounts();
		for (const f of collectFiches(axis)) {
			counts[f.state]++;
			counts.total++;
		}
		return { code: axis.code, title: axis.title, counts };
	});
	const filtering = Boolean(
		filters.pilot || filters.partner || filters.states?.length || filters.q?.trim()
	);
	const totalCount = filtering || filters.axis ? await q.countFiches(db, scheme.id) : null;
	return {
		scheme: {
			...toSchemeSummary(scheme),
			levelLabels: labels,
			description: scheme.description,
			source: scheme.source
		},
		tree: filtering ? pruneEmpty(axisTree) : axisTree,
		axes: fullTree.map((n) => ({ code: n.code, title: n.title })),
		axisCounts,
		matchCount: axisCounts.reduce((sum, a) => sum + a.counts.total, 0),
		/** Every fiche of the scheme, whatever the filters. */
		totalCount: totalCount ?? fiches.length,
		organisations: organisations.map((o) => ({
			slug: o.slug,
			name: o.name,
			shortName: o.short_name,
			pilotCount: Number(o.pilot_count),
			partnerCount: Number(o.partner_count)
		}))
	};
}

export function collectFiches(node: TreeNode): FicheSummary[] {
	return [...node.fiches, ...node.children.flatMap(collectFiches)];
}

function pruneEmpty(nodes: TreeNode[]): TreeNode[] {
	return nodes
		.map((n) => ({ ...n, children: pruneEmpty(n.children) }))
		.filter((n) => n.fiches.length > 0 || n.children.length > 0);
}

/** The scheme with its whole tree, for the API. */
export async function getSchemeDetail(db: Db, slug: string): Promise<SchemeDetail | null> {
	const overview = await getSchemeOverview(db, slug);
	if (!overview) return null;
	return { ...overview.scheme, tree: overview.tree };
}

function buildList(
	rows: Awaited<ReturnType<typeof q.listFicheListItems>>,
	list: string
): ListItem[] {
	const own = rows.filter((r) => r.list === list);
	const build = (parentId: number | null): ListItem[] =>
		own
			.filter((r) => r.parent_id === parentId)
			.sort((a, b) => a.position - b.position)
			.map((r) => {
				const children = build(r.id);
				return { text: r.text, marker: r.marker, ...(children.length ? { children } : {}) };
			});
	return build(null);
}

export async function getFicheDetail(db: Db, schemeSlug: string, ficheSlug: string) {
	const scheme = await q.findSchemeBySlug(db, schemeSlug);
	if (!scheme) return null;
	const fiche = await q.findFicheBySlug(db, scheme.id, ficheSlug);
	if (!fiche) return { scheme: toSchemeSummary(scheme), fiche: null };
	const [nodes, items, actors, indicators, targets, breakdownValues, all] = await Promise.all([
		q.listNodes(db, scheme.id),
		q.listFicheListItems(db, fiche.id),
		q.listFicheActors(db, fiche.id),
		q.listFicheIndicators(db, fiche.id),
		sq.listFicheTargets(db, fiche.id),
		sq.listFicheBreakdownValues(db, fiche.id),
		q.listFicheSummaries(db, scheme.id)
	]);
	const labels = levelLabels(scheme);
	const order = readingOrder(nodes, all);
	const index = order.findIndex((f) => f.id === fiche.id);
	const pick = (f: (typeof order)[number] | undefined) =>
		f ? { number: f.number, slug: f.slug, title: f.title } : null;
	const path: FicheDetail['path'] = [];
	for (
		let node = nodes.find((n) => n.id === fiche.node_id);
		node;
		node = nodes.find((n) => n.id === node!.parent_id)
	) {
		path.unshift({ code: node.code, title: node.title, levelLabel: labels[node.depth - 1] ?? '' });
	}
	const detail: FicheDetail = {
		number: fiche.number,
		slug: fiche.slug,
		title: fiche.title,
		tocTitle: fiche.toc_title,
		priorityLabel: fiche.priority_label,
		state: fiche.state,
		context: fiche.context,
		steps: buildList(items, 'step'),
		targetPublic: fiche.target_public,
		pilots: actors.filter((a) => a.role === 'pilot').map(toActor),
		partners: actors.filter((a) => a.role === 'partner').map(toActor),
		schedule: fiche.schedule,
		startDate: fiche.start_date,
		endDate: fiche.end_date,
		results: {
			quantitative: buildList(items, 'result_quantitative'),
			qualitative: buildList(items, 'result_qualitative'),
			unclassified: buildList(items, 'result_unclassified')
		},
		indicators: indicators.map((i) => {
			const values = breakdownValues.filter((b) => b.indicator_id === i.id).map((b) => b.label);
			return {
				id: i.id,
				kind: i.kind,
				kindLabel: i.kind_label,
				label: i.label,
				measure: i.measure,
				unit: i.unit,
				polarity: i.polarity,
				periodicity: i.periodicity,
				baseline:
					i.baseline_value != null && i.baseline_year != null
						? { value: i.baseline_value, year: i.baseline_year }
						: null,
				targets: targets
					.filter((t) => t.indicator_id === i.id)
					.map((t) => ({ year: t.year, value: t.value })),
				breakdown: i.breakdown_label ? { label: i.breakdown_label, values } : null,
				note: i.note
			};
		}),
		links: fiche.links,
		note: fiche.note,
		version: fiche.version,
		updatedAt: fiche.updated_at,
		path
	};
	return {
		scheme: { ...toSchemeSummary(scheme), levelLabels: labels },
		fiche: detail,
		ficheId: fiche.id,
		neighbours: {
			previous: pick(order[index - 1]),
			next: pick(order[index + 1]),
			position: index + 1,
			total: order.length
		}
	};
}

/** Fiches in the booklet's reading order: depth-first through the tree, natural number order within a node. */
function readingOrder<F extends { node_id: number }>(
	nodes: { id: number; parent_id: number | null }[],
	fiches: F[]
): F[] {
	const result: F[] = [];
	const visit = (parentId: number | null) => {
		for (const node of nodes.filter((n) => n.parent_id === parentId)) {
			result.push(...fiches.filter((f) => f.node_id === node.id));
			visit(node.id);
		}
	};
	visit(null);
	return result;
}

export async function getOrganisationPage(db: Db, slug: string) {
	const org = await q.findOrganisationBySlug(db, slug);
	if (!org) return null;
	const [aliases, fiches] = await Promise.all([
		q.listOrganisationAliases(db, org.id),
		q.listOrganisationFiches(db, org.id)
	]);
	return {
		organisation: { slug: org.slug, name: org.name, shortName: org.short_name, type: org.type },
		aliases: aliases.map((a) => a.alias),
		fiches: fiches.map((f) => ({
			role: f.role,
			label: f.label,
			number: f.number,
			slug: f.slug,
			title: f.title,
			state: f.state,
			schemeSlug: f.scheme_slug,
			schemeId: f.scheme_id,
			schemeTitle: f.scheme_title,
			schemeVisibility: f.scheme_visibility
		}))
	};
}
