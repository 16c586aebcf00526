import type { Transaction } from 'kysely';
import { ficheNumberSortKey } from '$lib/domain/fiche-number';
import { inferMeasures } from '$lib/domain/indicator-rules';
import { matchOrganisation, organisationMatchKey } from '$lib/domain/organisation-matching';
import {
	planDocumentSchema,
	type ListItem,
	type PlanDocument,
	type PlanDocumentInput
} from '$lib/domain/plan-document';
import { slugify } from '$lib/domain/text';
import type { FicheListKind } from '$lib/domain/enums';
import type { Database } from '../db/schema';
import type { Db } from '../db/database';
import { refreshFicheSearch } from './plan-search.queries';
import {
	creationChanges,
	recordEvent,
	SYSTEM_ACTOR,
	type AuditActor
} from '../audit/audit.service';
import { insertListItems, loadFicheSnapshot } from './fiche-edit.service';
import { loadMatchableOrganisations } from './organisation.queries';
import { ensureTerritory } from '../territories/territories.queries';

type Tx = Transaction<Database>;
type OrgRef = {
	id: number;
	name: string;
	shortName: string;
	territoryId: number | null;
	aliases: string[];
};

export type ImportResult = { schemeId: number; fiches: number; organisationsCreated: number };

/**
 * Writes a whole plan document (seed, import) in one transaction: either every row lands or none.
 * Organisations are matched to existing ones by name, short name or alias before any is created.
 */
export async function importPlanDocument(
	db: Db,
	input: PlanDocumentInput,
	actor: AuditActor = SYSTEM_ACTOR
): Promise<ImportResult> {
	const doc: PlanDocument = planDocumentSchema.parse(input);
	return db.transaction().execute(async (tx) => {
		const territoryId = await ensureTerritory(
			tx,
			doc.scheme.territory ?? {
				kind: 'departement',
				code: doc.scheme.departmentCode,
				name: doc.scheme.departmentName
			}
		);
		const { byKey, all, created } = await upsertOrganisations(tx, doc, actor, territoryId);
		const scheme = await tx
			.insertInto('scheme')
			.values({
				slug: doc.scheme.slug,
				department_code: doc.scheme.departmentCode,
				department_name: doc.scheme.departmentName,
				title: doc.scheme.title,
				subtitle: doc.scheme.subtitle,
				start_year: doc.scheme.startYear,
				end_year: doc.scheme.endYear,
				state: doc.scheme.state,
				level_labels: JSON.stringify(doc.scheme.levelLabels),
				description: doc.scheme.description,
				source: doc.scheme.source,
				kind: doc.scheme.kind,
				territory_id: territoryId
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await linkCompatibleSchemes(tx, scheme.id, doc.scheme.compatibleWith);
		await recordEvent(tx, actor, {
			schemeId: scheme.id,
			entityType: 'scheme',
			entityId: scheme.id,
			action: 'create',
			changes: creationChanges({ ...doc.scheme, visibility: 'private' })
		});

		let fiches = 0;
		const insertNodes = async (
			nodes: PlanDocument['tree'],
			parentId: number | null,
			depth: number
		): Promise<void> => {
			for (const [position, node] of nodes.entries()) {
				const { id: nodeId } = await tx
					.insertInto('plan_node')
					.values({
						scheme_id: scheme.id,
						parent_id: parentId,
						depth,
						position,
						code: node.code,
						title: node.title,
						toc_title: node.tocTitle,
						note: node.note
					})
					.returning('id')
					.executeTakeFirstOrThrow();
				await recordEvent(tx, actor, {
					schemeId: scheme.id,
					entityType: 'plan_node',
					entityId: nodeId,
					action: 'create',
					changes: creationChanges({
						parentId,
						depth,
						position,
						code: node.code,
						title: node.title,
						tocTitle: node.tocTitle,
						note: node.note
					})
				});
				for (const fiche of node.fiches) {
					const ficheId = await insertFiche(tx, scheme.id, nodeId, fiche, byKey, all, actor);
					await linkFiches(tx, ficheId, fiche.linkedFiches);
					await recordEvent(tx, actor, {
						schemeId: scheme.id,
						entityType: 'fiche',
						entityId: ficheId,
						action: 'create',
						changes: creationChanges((await loadFicheSnapshot(tx, ficheId))!)
					});
					fiches++;
				}
				await insertNodes(node.children, nodeId, depth + 1);
			}
		};
		await insertNodes(doc.tree, null, 1);
		return { schemeId: scheme.id, fiches, organisationsCreated: created };
	});
}

/** The schemes it must be compatible with, where they exist on this instance. */
async function linkCompatibleSchemes(tx: Tx, schemeId: number, slugs: string[]) {
	if (slugs.length === 0) return;
	const others = await tx.selectFrom('scheme').select('id').where('slug', 'in', slugs).execute();
	for (const other of others)
		await tx
			.insertInto('scheme_compatibility')
			.values({ scheme_id: schemeId, other_scheme_id: other.id })
			.execute();
}

/** « Liens avec d'autres schémas » as links, where the other scheme and fiche exist here. */
async function linkFiches(tx: Tx, ficheId: number, links: { scheme: string; number: string }[]) {
	for (const link of links) {
		const target = await tx
			.selectFrom('fiche')
			.innerJoin('scheme', 'scheme.id', 'fiche.scheme_id')
			.select('fiche.id')
			.where('scheme.slug', '=', link.scheme)
			.where('fiche.slug', '=', slugify(link.number))
			.executeTakeFirst();
		if (target)
			await tx
				.insertInto('fiche_link')
				.values({ fiche_id: ficheId, linked_fiche_id: target.id })
				.onConflict((oc) => oc.doNothing())
				.execute();
	}
}

/** A département code of the document as a territory id (null: a national organisation). */
async function organisationTerritory(tx: Tx, code: string | null | undefined) {
	if (!code) return null;
	return ensureTerritory(tx, { kind: 'departement', code, name: `Département ${code}` });
}

async function upsertOrganisations(
	tx: Tx,
	doc: PlanDocument,
	actor: AuditActor,
	territoryId: number
) {
	const existing = await loadMatchableOrganisations(tx, territoryId);
	const byKey = new Map<string, OrgRef>();
	let created = 0;
	for (const org of doc.organisations) {
		const bySlug = await tx
			.selectFrom('organisation')
			.select('id')
			.where('slug', '=', org.key)
			.executeTakeFirst();
		let found =
			(bySlug && existing.find((e) => e.id === bySlug.id)) ||
			matchOrganisation(org.name, existing) ||
			matchOrganisation(org.shortName, existing);
		if (!found && bySlug)
			throw new Error(`L’organisation « ${org.key} » existe déjà dans un autre territoire.`);
		if (!found) {
			const orgTerritoryId = await organisationTerritory(tx, org.territory);
			const row = await tx
				.insertInto('organisation')
				.values({
					slug: org.key,
					name: org.name,
					short_name: org.shortName,
					type: org.type,
					territory_id: orgTerritoryId
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			found = {
				id: row.id,
				slug: org.key,
				name: org.name,
				shortName: org.shortName,
				territoryId: orgTerritoryId,
				aliases: []
			};
			await recordEvent(tx, actor, {
				schemeId: null,
				entityType: 'organisation',
				entityId: row.id,
				action: 'create',
				changes: creationChanges({
					name: org.name,
					shortName: org.shortName,
					type: org.type,
					aliases: org.aliases,
					territoryId: orgTerritoryId
				})
			});
			existing.push(found);
			created++;
		}
		const known = new Set(
			[found.name, found.shortName, ...found.aliases].map(organisationMatchKey)
		);
		for (const alias of [org.name, org.shortName, ...org.aliases]) {
			const key = organisationMatchKey(alias);
			if (known.has(key)) continue;
			known.add(key);
			found.aliases.push(alias);
			await tx
				.insertInto('organisation_alias')
				.values({ organisation_id: found.id, alias, match_key: key })
				.execute();
		}
		byKey.set(org.key, found);
	}
	return { byKey, all: existing, created };
}

async function insertFiche(
	tx: Tx,
	schemeId: number,
	nodeId: number,
	fiche: PlanDocument['tree'][number]['fiches'][number],
	byKey: Map<string, OrgRef>,
	all: OrgRef[],
	actor: AuditActor
): Promise<number> {
	const { id: ficheId } = await tx
		.insertInto('fiche')
		.values({
			scheme_id: schemeId,
			node_id: nodeId,
			number: fiche.number,
			number_sort: ficheNumberSortKey(fiche.number),
			slug: slugify(fiche.number),
			title: fiche.title,
			toc_title: fiche.tocTitle,
			priority_label: fiche.priorityLabel,
			context: fiche.context,
			target_public: fiche.targetPublic,
			schedule: fiche.schedule,
			start_date: fiche.startDate,
			end_date: fiche.endDate,
			links: fiche.links,
			state: fiche.state,
			note: fiche.note
		})
		.returning('id')
		.executeTakeFirstOrThrow();

	const lists: [FicheListKind, ListItem[]][] = [
		['step', fiche.steps],
		['result_quantitative', fiche.results.quantitative],
		['result_qualitative', fiche.results.qualitative],
		['result_unclassified', fiche.results.unclassified]
	];
	for (const [list, items] of lists) await insertListItems(tx, ficheId, list, items, null);

	for (const role of ['pilot', 'partner'] as const) {
		const actors = role === 'pilot' ? fiche.pilots : fiche.partners;
		for (const [position, actor] of actors.entries()) {
			const org = actor.org
				? byKey.get(actor.org)
				: actor.freeText
					? null
					: matchOrganisation(actor.label, all);
			if (actor.org && !org)
				throw new Error(`Organisation inconnue « ${actor.org} » (fiche ${fiche.number}).`);
			await tx
				.insertInto('fiche_actor')
				.values({
					fiche_id: ficheId,
					role,
					position,
					organisation_id: org?.id ?? null,
					label: actor.label
				})
				.execute();
		}
	}

	let position = 0;
	for (const indicator of fiche.indicators) {
		const measures =
			indicator.measures ??
			(indicator.unit ? [{ measure: null, unit: indicator.unit }] : inferMeasures(indicator.label));
		for (const measure of measures) {
			const { id: indicatorId } = await tx
				.insertInto('indicator')
				.values({
					fiche_id: ficheId,
					position: position++,
					kind: indicator.kind,
					kind_label: indicator.kindLabel,
					label: indicator.label,
					measure: measure.measure,
					unit: measure.unit,
					polarity: indicator.polarity,
					periodicity: indicator.periodicity,
					baseline_value: indicator.baseline?.value ?? null,
					baseline_year: indicator.baseline?.year ?? null,
					breakdown_label: indicator.breakdown?.label ?? null,
					note: indicator.note
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			if (indicator.targets.length > 0 && measures.length === 1) {
				await tx
					.insertInto('indicator_target')
					.values(
						indicator.targets.map((t) => ({
							indicator_id: indicatorId,
							year: t.year,
							value: t.value
						}))
					)
					.execute();
			}
			if (indicator.breakdown) {
				await tx
					.insertInto('indicator_breakdown_value')
					.values(
						indicator.breakdown.values.map((label, i) => ({
							indicator_id: indicatorId,
							position: i,
							label
						}))
					)
					.execute();
			}
			await recordEvent(tx, actor, {
				schemeId,
				entityType: 'indicator',
				entityId: indicatorId,
				action: 'create',
				changes: creationChanges({
					ficheId,
					kind: indicator.kind,
					kindLabel: indicator.kindLabel,
					label: indicator.label,
					measure: measure.measure,
					unit: measure.unit,
					polarity: indicator.polarity,
					periodicity: indicator.periodicity,
					baseline: indicator.baseline,
					targets: measures.length === 1 ? indicator.targets : [],
					breakdown: indicator.breakdown
				})
			});
		}
	}
	await refreshFicheSearch(tx, ficheId);
	return ficheId;
}
