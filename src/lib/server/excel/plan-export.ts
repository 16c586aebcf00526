import { fitWrappedRows } from './workbook-style';
import type { FicheListKind } from '$lib/domain/enums';
import { listToText } from '$lib/domain/list-text';
import type { ListItem, PlanDocument } from '$lib/domain/plan-document';
import type { Db } from '../db/database';
import { findSchemeBySlug, listNodes } from '../plan/plan.queries';
import * as q from './plan-export.queries';
import { createPlanWorkbook, finishPlanWorkbook } from './plan-template';
import {
	ACTORS_SHEET,
	ENUM_LISTS,
	FICHES_SHEET,
	INDICATORS_SHEET,
	ORGANISATIONS_SHEET,
	SCHEME_FIELDS,
	TARGETS_SHEET,
	TREE_SHEET,
	nodeRef,
	type EnumListKey,
	type TableSheetSpec
} from './plan-workbook-format';
import { safeCellValue } from './safe-cell';
import { writeWorkbook } from './write-workbook';

type Fiche = PlanDocument['tree'][number]['fiches'][number];
type Indicator = Fiche['indicators'][number];
type Node = PlanDocument['tree'][number];

export type LoadedPlan = { doc: PlanDocument; visibility: 'public' | 'private' };

/**
 * The plan of a scheme as a PlanDocument, the shape the import writes: reading it back and
 * importing it gives the same plan. One indicator row of the database is one indicator here
 * (with its measure when it has one), so that measures, targets and order survive the trip.
 * `ficheSlug` keeps the whole tree but only that fiche.
 */
export async function loadPlanDocument(
	db: Db,
	slug: string,
	options: { ficheSlug?: string } = {}
): Promise<LoadedPlan | null> {
	const scheme = await findSchemeBySlug(db, slug);
	if (!scheme) return null;
	const only = options.ficheSlug;
	const [nodes, fiches, items, actors, indicators, targets, breakdowns, organisations] =
		await Promise.all([
			listNodes(db, scheme.id),
			q.listSchemeFiches(db, scheme.id, only),
			q.listSchemeListItems(db, scheme.id, only),
			q.listSchemeFicheActors(db, scheme.id, only),
			q.listSchemeIndicators(db, scheme.id, only),
			q.listSchemeIndicatorTargets(db, scheme.id, only),
			q.listSchemeBreakdownValues(db, scheme.id, only),
			q.listSchemeOrganisationsWithAliases(db, scheme.id)
		]);

	const group = <T, K>(rows: T[], key: (row: T) => K) => {
		const map = new Map<K, T[]>();
		for (const row of rows) map.set(key(row), [...(map.get(key(row)) ?? []), row]);
		return map;
	};
	const itemsByFiche = group(items, (i) => i.fiche_id);
	const actorsByFiche = group(actors, (a) => a.fiche_id);
	const indicatorsByFiche = group(indicators, (i) => i.fiche_id);
	const targetsByIndicator = group(targets, (t) => t.indicator_id);
	const breakdownByIndicator = group(breakdowns, (b) => b.indicator_id);

	const listOf = (ficheId: number, list: FicheListKind): ListItem[] => {
		const own = (itemsByFiche.get(ficheId) ?? []).filter((i) => i.list === list);
		const build = (parentId: number | null): ListItem[] =>
			own
				.filter((i) => i.parent_id === parentId)
				.sort((a, b) => a.position - b.position || a.id - b.id)
				.map((i) => {
					const children = build(i.id);
					return { text: i.text, marker: i.marker, ...(children.length ? { children } : {}) };
				});
		return build(null);
	};

	const toIndicator = (row: (typeof indicators)[number]): Indicator => {
		const values = (breakdownByIndicator.get(row.id) ?? []).map((b) => b.label);
		return {
			kind: row.kind,
			kindLabel: row.kind_label,
			label: row.label,
			...(row.measure !== null
				? { measures: [{ measure: row.measure, unit: row.unit }] }
				: { unit: row.unit }),
			polarity: row.polarity,
			periodicity: row.periodicity,
			baseline:
				row.baseline_value !== null && row.baseline_year !== null
					? { value: row.baseline_value, year: row.baseline_year }
					: null,
			targets: (targetsByIndicator.get(row.id) ?? []).map((t) => ({
				year: t.year,
				value: t.value
			})),
			breakdown: row.breakdown_label !== null ? { label: row.breakdown_label, values } : null,
			note: row.note
		};
	};

	const toFiche = (row: (typeof fiches)[number]): Fiche => {
		const own = actorsByFiche.get(row.id) ?? [];
		const actorsOf = (role: 'pilot' | 'partner') =>
			own
				.filter((a) => a.role === role)
				.map((a) =>
					a.organisation_slug
						? { label: a.label, org: a.organisation_slug }
						: { label: a.label, freeText: true }
				);
		return {
			number: row.number,
			title: row.title,
			tocTitle: row.toc_title,
			priorityLabel: row.priority_label,
			context: row.context,
			steps: listOf(row.id, 'step'),
			targetPublic: row.target_public,
			pilots: actorsOf('pilot'),
			partners: actorsOf('partner'),
			schedule: row.schedule,
			startDate: row.start_date,
			endDate: row.end_date,
			results: {
				quantitative: listOf(row.id, 'result_quantitative'),
				qualitative: listOf(row.id, 'result_qualitative'),
				unclassified: listOf(row.id, 'result_unclassified')
			},
			indicators: (indicatorsByFiche.get(row.id) ?? []).map(toIndicator),
			links: row.links,
			// Links to other schemes' fiches are this instance's; the workbook keeps the text.
			linkedFiches: [],
			state: row.state,
			note: row.note
		};
	};

	const fichesByNode = group(fiches, (f) => f.node_id);
	const build = (parentId: number | null): Node[] =>
		nodes
			.filter((n) => n.parent_id === parentId)
			.sort((a, b) => a.position - b.position || a.id - b.id)
			.map((n) => ({
				code: n.code,
				title: n.title,
				tocTitle: n.toc_title,
				note: n.note,
				children: build(n.id),
				fiches: (fichesByNode.get(n.id) ?? []).map(toFiche)
			}));

	const doc: PlanDocument = {
		scheme: {
			slug: scheme.slug,
			departmentCode: scheme.department_code,
			departmentName: scheme.department_name,
			title: scheme.title,
			subtitle: scheme.subtitle,
			startYear: scheme.start_year,
			endYear: scheme.end_year,
			state: scheme.state,
			levelLabels: JSON.parse(scheme.level_labels) as string[],
			description: scheme.description,
			source: scheme.source,
			kind: scheme.kind,
			compatibleWith: []
		},
		organisations: organisations.map((o) => ({
			key: o.slug,
			name: o.name,
			shortName: o.short_name,
			type: o.type,
			aliases: o.aliases
		})),
		tree: build(null)
	};
	return { doc, visibility: scheme.visibility };
}

const label = (list: EnumListKey, code: string): string =>
	(ENUM_LISTS[list].labels as Record<string, string>)[code] ?? code;

/** "2018-12-31" → a date cell (UTC midnight, as Excel stores days). */
function dateCell(iso: string | null): Date | string | null {
	if (!iso) return null;
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
	return match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : iso;
}

/** Visits the tree in plan order with the path of codes of each node. */
export function walkTree(
	tree: Node[],
	visit: (node: Node, codes: string[], parentCodes: string[] | null) => void
): void {
	const go = (nodes: Node[], parent: string[] | null) => {
		for (const node of nodes) {
			const codes = [...(parent ?? []), node.code];
			visit(node, codes, parent);
			go(node.children, codes);
		}
	};
	go(tree, null);
}

/** The plan workbook (template format) of a plan document. */
export async function writePlanWorkbook(doc: PlanDocument): Promise<Buffer> {
	const plan = createPlanWorkbook({
		title: `Plan d’action — ${doc.scheme.title}`,
		subject: `Schéma départemental des services aux familles ${doc.scheme.departmentName} ${doc.scheme.startYear}-${doc.scheme.endYear}`,
		company: doc.scheme.departmentName,
		description: `Export du plan « ${doc.scheme.slug} » ; réimportable tel quel dans un nouveau schéma.`,
		footer: doc.scheme.title
	});
	const s = doc.scheme;
	const schemeValues: Record<string, unknown> = {
		slug: s.slug,
		departmentCode: s.departmentCode,
		departmentName: s.departmentName,
		title: s.title,
		subtitle: s.subtitle,
		startYear: s.startYear,
		endYear: s.endYear,
		state: label('schemeState', s.state),
		level1: s.levelLabels[0],
		level2: s.levelLabels[1],
		level3: s.levelLabels[2],
		level4: s.levelLabels[3],
		description: s.description,
		source: s.source
	};
	SCHEME_FIELDS.forEach((field, index) => {
		plan.scheme.getCell(index + 2, 2).value = safeCellValue(schemeValues[field.key]);
	});

	const add = (spec: TableSheetSpec, values: Record<string, unknown>) => {
		plan.tables.get(spec)!.addRow(spec.columns.map((c) => safeCellValue(values[c.key])));
	};

	for (const org of doc.organisations) {
		add(ORGANISATIONS_SHEET, {
			...org,
			type: label('organisationType', org.type),
			aliases: org.aliases.join('\n')
		});
	}
	walkTree(doc.tree, (node, codes, parent) => {
		add(TREE_SHEET, {
			ref: nodeRef(codes),
			parentRef: parent ? nodeRef(parent) : null,
			code: node.code,
			title: node.title,
			tocTitle: node.tocTitle,
			note: node.note
		});
		for (const fiche of node.fiches) {
			add(FICHES_SHEET, {
				...fiche,
				nodeRef: nodeRef(codes),
				state: label('ficheState', fiche.state),
				steps: listToText(fiche.steps) || null,
				startDate: dateCell(fiche.startDate),
				endDate: dateCell(fiche.endDate),
				quantitative: listToText(fiche.results.quantitative) || null,
				qualitative: listToText(fiche.results.qualitative) || null,
				unclassified: listToText(fiche.results.unclassified) || null
			});
			for (const [role, actors] of [
				['pilot', fiche.pilots],
				['partner', fiche.partners]
			] as const) {
				for (const actor of actors) {
					add(ACTORS_SHEET, {
						fiche: fiche.number,
						role: label('role', role),
						label: actor.label,
						org: actor.org ?? null,
						freeText: actor.freeText ? 'Oui' : null
					});
				}
			}
			// One row per measure: a line holding several measures becomes several rows.
			let number = 0;
			for (const indicator of fiche.indicators) {
				const measures = indicator.measures ?? [null];
				for (const measure of measures) {
					number++;
					const unit = measure ? measure.unit : indicator.unit;
					add(INDICATORS_SHEET, {
						fiche: fiche.number,
						number,
						kind: label('indicatorKind', indicator.kind),
						kindLabel: indicator.kindLabel,
						label: indicator.label,
						measure: measure?.measure ?? null,
						unit: unit ? label('unit', unit) : null,
						polarity: label('polarity', indicator.polarity),
						periodicity: label('periodicity', indicator.periodicity),
						baselineValue: indicator.baseline?.value ?? null,
						baselineYear: indicator.baseline?.year ?? null,
						breakdownLabel: indicator.breakdown?.label ?? null,
						breakdownValues: indicator.breakdown?.values.join('\n') ?? null,
						note: indicator.note
					});
					// The import keeps targets only for a single-measure line, as here.
					if (measures.length > 1) continue;
					for (const target of indicator.targets) {
						add(TARGETS_SHEET, {
							fiche: fiche.number,
							indicator: number,
							year: target.year,
							value: target.value
						});
					}
				}
			}
		}
	});
	finishPlanWorkbook(plan);
	fitWrappedRows(plan.workbook);
	return writeWorkbook(plan.workbook);
}
