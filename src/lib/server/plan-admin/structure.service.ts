import type { Transaction } from 'kysely';
import type { FicheState, SchemeState } from '$lib/domain/enums';
import { ficheNumberSortKey } from '$lib/domain/fiche-number';
import { can, PLATFORM, schemeResource } from '$lib/domain/policy';
import {
	schemeSlugOf,
	type FicheCreateForm,
	type NodeForm,
	type SchemeForm,
	type SchemeTerritoryForm
} from '$lib/domain/structure-forms';
import { slugify } from '$lib/domain/text';
import type { CurrentUser } from '../auth/auth.service';
import {
	actorOf,
	creationChanges,
	deletionChanges,
	diffFields,
	recordEvent,
	type AuditActor,
	type Changes
} from '../audit/audit.service';
import type { Db } from '../db/database';
import type { Database } from '../db/schema';
import { loadFicheSnapshot, replaceActors } from '../plan/fiche-edit.service';
import { refreshFicheSearch } from '../plan/plan-search.queries';
import { renumber } from './renumber';
import {
	conflict,
	FORBIDDEN,
	invalid,
	notFound,
	stepMove,
	type Conflict,
	type Forbidden,
	type Invalid,
	type NotFound
} from './results';
import * as q from './structure.queries';
import { ensureTerritory } from '../territories/territories.queries';
import { transact } from '../db/transact';
import { assertOneRow, updateVersioned } from '../db/versioned-update';

type Tx = Transaction<Database>;
type Refused = Forbidden | NotFound | Invalid;

// ——— Scheme ———

/** A scheme as its history records it (same keys as the import's creation event). */
export type SchemeSnapshot = {
	slug: string;
	departmentCode: string;
	departmentName: string;
	title: string;
	subtitle: string | null;
	description: string | null;
	startYear: number;
	endYear: number;
	state: SchemeState;
	levelLabels: string[];
	visibility: 'public' | 'private';
};

type SchemeRow = NonNullable<Awaited<ReturnType<typeof q.findSchemeBySlug>>>;

function schemeSnapshot(row: SchemeRow): SchemeSnapshot {
	return {
		slug: row.slug,
		departmentCode: row.department_code,
		departmentName: row.department_name,
		title: row.title,
		subtitle: row.subtitle,
		description: row.description,
		startYear: row.start_year,
		endYear: row.end_year,
		state: row.state,
		levelLabels: levelLabelsOf(row),
		visibility: row.visibility
	};
}

export function levelLabelsOf(row: { level_labels: string }): string[] {
	return JSON.parse(row.level_labels) as string[];
}

/** The scheme's columns from its form (the slug is set once, at creation). */
function schemeColumns(form: SchemeForm) {
	return {
		department_code: form.departmentCode,
		department_name: form.departmentName,
		title: form.title,
		subtitle: form.subtitle,
		description: form.description,
		start_year: form.startYear,
		end_year: form.endYear,
		state: form.state,
		level_labels: JSON.stringify(form.levelLabels),
		visibility: form.visibility
	};
}

const SCHEME_NOT_FOUND = 'Schéma introuvable.';

export type SchemeResult = { ok: true; slug: string } | Refused | Conflict<SchemeSnapshot>;

/** Creates a scheme; its slug comes from the department and the years, made unique if needed. */
export async function createScheme(
	db: Db,
	user: CurrentUser,
	form: SchemeForm,
	/** What the scheme covers; a département's SDSF when omitted. */
	territory: Pick<
		SchemeTerritoryForm,
		'kind' | 'territoryKind' | 'territoryCode' | 'territoryName'
	> = {
		kind: 'sdsf',
		territoryKind: 'departement',
		territoryCode: '',
		territoryName: ''
	}
): Promise<SchemeResult> {
	if (!can(user, 'platform.manage', PLATFORM)) return FORBIDDEN;
	return transact<SchemeResult>(db, async (tx) => {
		const local = territory.territoryKind !== 'departement';
		const base = schemeSlugOf(
			local ? territory.territoryName : form.departmentName,
			form.startYear,
			form.endYear,
			territory.kind
		);
		let slug = base;
		for (let n = 2; await q.isSchemeSlugTaken(tx, slug); n++) slug = `${base}-${n}`;
		const departmentId = await ensureTerritory(tx, {
			kind: 'departement',
			code: form.departmentCode,
			name: form.departmentName
		});
		// A commune or an EPCI hangs from its département: its organisations are matched too.
		const territoryId = local
			? await ensureTerritory(tx, {
					kind: territory.territoryKind,
					code: territory.territoryCode,
					name: territory.territoryName,
					parentCode: form.departmentCode
				})
			: departmentId;
		const { id } = await q.insertScheme(tx, {
			slug,
			...schemeColumns(form),
			kind: territory.kind,
			territory_id: territoryId
		});
		const snapshot = {
			slug,
			...form,
			kind: territory.kind,
			territory: local
				? `${territory.territoryKind} ${territory.territoryCode} ${territory.territoryName}`
				: `departement ${form.departmentCode}`
		};
		await recordEvent(tx, actorOf(user), {
			schemeId: id,
			entityType: 'scheme',
			entityId: id,
			action: 'create',
			changes: creationChanges(snapshot)
		});
		return { ok: true, slug };
	});
}

export async function getSchemeSettings(db: Db, slug: string) {
	const row = await q.findSchemeBySlug(db, slug);
	if (!row) return null;
	return {
		snapshot: schemeSnapshot(row),
		version: row.version,
		maxDepth: await q.maxNodeDepth(db, row.id)
	};
}

/**
 * Saves the scheme's settings if nobody saved since `expectedVersion`. The slug stays: links to
 * the scheme keep working. Fewer level labels than the tree's depth is refused.
 */
export async function updateScheme(
	db: Db,
	user: CurrentUser,
	slug: string,
	form: SchemeForm,
	expectedVersion: number
): Promise<SchemeResult> {
	return transact<SchemeResult>(db, async (tx) => {
		const row = await loadSchemeForEdit(tx, user, slug);
		if ('reason' in row) return row;
		const before = schemeSnapshot(row);
		if (row.version !== expectedVersion) return conflict(before, row.version);
		const depth = await q.maxNodeDepth(tx, row.id);
		if (form.levelLabels.length < depth) {
			return invalid(
				'levelLabels',
				`Le plan compte des niveaux jusqu’à la profondeur ${depth} : gardez au moins ${depth} libellés, ou déplacez et supprimez d’abord les niveaux les plus profonds.`
			);
		}
		const changes = diffFields(before, form);
		if (Object.keys(changes).length === 0) return { ok: true, slug };
		await updateVersioned(tx, 'scheme', row, schemeColumns(form));
		await recordEvent(tx, actorOf(user), {
			schemeId: row.id,
			entityType: 'scheme',
			entityId: row.id,
			action: 'update',
			changes
		});
		return { ok: true, slug };
	});
}

// ——— Structure (nodes and where fiches sit) ———

export type StructureFiche = {
	id: number;
	number: string;
	slug: string;
	title: string;
	state: FicheState;
	version: number;
};
export type StructureNode = {
	id: number;
	parentId: number | null;
	depth: number;
	code: string;
	title: string;
	version: number;
	levelLabel: string;
	/** "Axe stratégique 1 › Axe 1.2 › Objectif 1": unambiguous in a select. */
	path: string;
	/** Depth of the deepest node of its subtree, itself included. */
	subtreeDepth: number;
	fiches: StructureFiche[];
	children: StructureNode[];
};

type NodeRow = Awaited<ReturnType<typeof q.listSchemeNodes>>[number];

function nodeSnapshot(n: Pick<NodeRow, 'parent_id' | 'depth' | 'position' | 'code' | 'title'>) {
	return {
		parentId: n.parent_id,
		depth: n.depth,
		position: n.position,
		code: n.code,
		title: n.title
	};
}

/** "Axe 1.1", or "Objectif 1" when the code already starts with the level label. */
function nodeName(levelLabel: string, code: string): string {
	return code.toLocaleLowerCase('fr').startsWith(levelLabel.toLocaleLowerCase('fr'))
		? code
		: `${levelLabel} ${code}`.trim();
}

/** The scheme's tree with every node's fiches, versions and paths: what the structure editor shows. */
export async function getStructure(db: Db, slug: string) {
	const row = await q.findSchemeBySlug(db, slug);
	if (!row) return null;
	const labels = levelLabelsOf(row);
	const [nodes, fiches] = await Promise.all([
		q.listSchemeNodes(db, row.id),
		q.listSchemeFiches(db, row.id)
	]);
	const build = (parentId: number | null, parentPath: string): StructureNode[] =>
		nodes
			.filter((n) => n.parent_id === parentId)
			.sort((a, b) => a.position - b.position || a.id - b.id)
			.map((n) => {
				const levelLabel = labels[n.depth - 1] ?? `Niveau ${n.depth}`;
				const name = nodeName(levelLabel, n.code);
				const path = parentPath ? `${parentPath} › ${name}` : name;
				const children = build(n.id, path);
				return {
					id: n.id,
					parentId: n.parent_id,
					depth: n.depth,
					code: n.code,
					title: n.title,
					version: n.version,
					levelLabel,
					path,
					subtreeDepth: Math.max(n.depth, ...children.map((c) => c.subtreeDepth)),
					fiches: fiches
						.filter((f) => f.node_id === n.id)
						.map((f) => ({
							id: f.id,
							number: f.number,
							slug: f.slug,
							title: f.title,
							state: f.state,
							version: f.version
						})),
					children
				};
			});
	const tree = build(null, '');
	const flat: StructureNode[] = [];
	const walk = (list: StructureNode[]) => list.forEach((n) => (flat.push(n), walk(n.children)));
	walk(tree);
	return {
		scheme: {
			slug: row.slug,
			title: row.title,
			startYear: row.start_year,
			endYear: row.end_year,
			levelLabels: labels
		},
		tree,
		nodes: flat,
		/** Every fiche in natural number order. */
		fiches: fiches.map((f) => ({
			id: f.id,
			number: f.number,
			slug: f.slug,
			title: f.title,
			state: f.state
		})),
		ficheCount: fiches.length
	};
}

export type NodeSnapshot = ReturnType<typeof nodeSnapshot>;
export type NodeResult = { ok: true; nodeId: number } | Refused | Conflict<NodeSnapshot>;

/** Renumbers siblings 0…n-1 in the given order (see renumber.ts). */
function renumberNodes(
	tx: Tx,
	actor: AuditActor,
	schemeId: number,
	ordered: { id: number; position: number; version: number }[]
): Promise<void> {
	return renumber(tx, actor, schemeId, 'plan_node', ordered);
}

/** The scheme of the route, if this user runs it (its coordination or a platform administrator). */
async function loadSchemeForEdit(tx: Tx, user: CurrentUser, slug: string) {
	const row = await q.findSchemeBySlug(tx, slug);
	if (!row || !can(user, 'scheme.read', schemeResource(row))) return notFound(SCHEME_NOT_FOUND);
	return can(user, 'scheme.configure', schemeResource(row)) ? row : FORBIDDEN;
}

const NODE_NOT_FOUND = 'Ce niveau n’existe plus dans ce schéma.';

function tooDeep(labels: string[]): string {
	return `Le plan compte ${labels.length} niveau${labels.length > 1 ? 'x' : ''} (${labels.join(' / ')}) : impossible d’aller plus profond. Ajoutez un libellé de niveau dans les paramètres du schéma si besoin.`;
}

/** Adds a node at the end of its parent's children (or of the first level when parentId is null). */
export async function createNode(
	db: Db,
	user: CurrentUser,
	schemeSlug: string,
	parentId: number | null,
	form: NodeForm
): Promise<NodeResult> {
	return transact<NodeResult>(db, async (tx) => {
		const scheme = await loadSchemeForEdit(tx, user, schemeSlug);
		if ('ok' in scheme) return scheme;
		const labels = levelLabelsOf(scheme);
		let depth = 1;
		if (parentId !== null) {
			const parent = await q.findNodeInScheme(tx, scheme.id, parentId);
			if (!parent) return invalid('parentId', 'Le niveau parent n’appartient pas à ce schéma.');
			depth = parent.depth + 1;
		}
		if (depth > labels.length) return invalid('code', tooDeep(labels));
		const position = await q.nextNodePosition(tx, scheme.id, parentId);
		const values = { parent_id: parentId, depth, position, code: form.code, title: form.title };
		const { id } = await tx
			.insertInto('plan_node')
			.values({ scheme_id: scheme.id, ...values })
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordEvent(tx, actorOf(user), {
			schemeId: scheme.id,
			entityType: 'plan_node',
			entityId: id,
			action: 'create',
			changes: creationChanges(nodeSnapshot(values))
		});
		return { ok: true, nodeId: id };
	});
}

/**
 * The scheme (administrators only) and its node, still at the version the form was based on.
 */
async function loadNodeForEdit(
	tx: Tx,
	user: CurrentUser,
	schemeSlug: string,
	nodeId: number,
	expectedVersion: number
) {
	const scheme = await loadSchemeForEdit(tx, user, schemeSlug);
	if ('ok' in scheme) return scheme;
	const node = await q.findNodeInScheme(tx, scheme.id, nodeId);
	if (!node) return notFound(NODE_NOT_FOUND);
	if (node.version !== expectedVersion) return conflict(nodeSnapshot(node), node.version);
	return { scheme, node };
}

export async function updateNode(
	db: Db,
	user: CurrentUser,
	schemeSlug: string,
	nodeId: number,
	form: NodeForm,
	expectedVersion: number
): Promise<NodeResult> {
	return transact<NodeResult>(db, async (tx) => {
		const found = await loadNodeForEdit(tx, user, schemeSlug, nodeId, expectedVersion);
		if ('ok' in found) return found;
		const { scheme, node } = found;
		const changes = diffFields(nodeSnapshot(node), { code: form.code, title: form.title });
		if (Object.keys(changes).length === 0) return { ok: true, nodeId };
		await updateVersioned(tx, 'plan_node', node, { code: form.code, title: form.title });
		await recordEvent(tx, actorOf(user), {
			schemeId: scheme.id,
			entityType: 'plan_node',
			entityId: node.id,
			action: 'update',
			changes
		});
		return { ok: true, nodeId };
	});
}

/** Moves a node one step up or down among its siblings. */
export async function reorderNode(
	db: Db,
	user: CurrentUser,
	schemeSlug: string,
	nodeId: number,
	direction: 'up' | 'down',
	expectedVersion: number
): Promise<NodeResult> {
	return transact<NodeResult>(db, async (tx) => {
		const found = await loadNodeForEdit(tx, user, schemeSlug, nodeId, expectedVersion);
		if ('ok' in found) return found;
		const { scheme, node } = found;
		const siblings = await q.listSiblings(tx, scheme.id, node.parent_id);
		const ordered = stepMove(
			siblings,
			siblings.findIndex((s) => s.id === node.id),
			direction
		);
		if (!ordered)
			return invalid(
				'position',
				direction === 'up' ? 'Ce niveau est déjà le premier.' : 'Ce niveau est déjà le dernier.'
			);
		await renumberNodes(tx, actorOf(user), scheme.id, ordered);
		return { ok: true, nodeId };
	});
}

/**
 * Moves a node (with its sub-nodes and fiches) under another parent, at the end; null = first
 * level. Refused under itself or its descendants, and beyond the number of levels.
 */
export async function moveNode(
	db: Db,
	user: CurrentUser,
	schemeSlug: string,
	nodeId: number,
	newParentId: number | null,
	expectedVersion: number
): Promise<NodeResult> {
	return transact<NodeResult>(db, async (tx) => {
		const found = await loadNodeForEdit(tx, user, schemeSlug, nodeId, expectedVersion);
		if ('ok' in found) return found;
		const { scheme, node } = found;
		if (node.parent_id === newParentId) return { ok: true, nodeId };
		const all = await q.listSchemeNodes(tx, scheme.id);
		const subtree = new Set<number>([node.id]);
		for (const n of all) if (n.parent_id !== null && subtree.has(n.parent_id)) subtree.add(n.id); // parents come first (by depth)
		if (newParentId !== null && subtree.has(newParentId))
			return invalid(
				'parentId',
				'Impossible de placer un niveau sous lui-même ou sous l’un de ses sous-niveaux.'
			);
		const parent = newParentId === null ? null : all.find((n) => n.id === newParentId);
		if (parent === undefined)
			return invalid('parentId', 'Le niveau choisi n’appartient pas à ce schéma.');
		const labels = levelLabelsOf(scheme);
		const newDepth = (parent?.depth ?? 0) + 1;
		const delta = newDepth - node.depth;
		const deepest = Math.max(...all.filter((n) => subtree.has(n.id)).map((n) => n.depth));
		if (deepest + delta > labels.length) return invalid('parentId', tooDeep(labels));

		const actor = actorOf(user);
		const position = await q.nextNodePosition(tx, scheme.id, newParentId);
		await updateVersioned(tx, 'plan_node', node, {
			parent_id: newParentId,
			depth: newDepth,
			position
		});
		await recordEvent(tx, actor, {
			schemeId: scheme.id,
			entityType: 'plan_node',
			entityId: node.id,
			action: 'move',
			changes: diffFields(nodeSnapshot(node), { parentId: newParentId, depth: newDepth, position })
		});
		if (delta !== 0) {
			for (const d of all.filter((n) => subtree.has(n.id) && n.id !== node.id)) {
				await updateVersioned(tx, 'plan_node', d, { depth: d.depth + delta });
				await recordEvent(tx, actor, {
					schemeId: scheme.id,
					entityType: 'plan_node',
					entityId: d.id,
					action: 'move',
					changes: { depth: { old: d.depth, new: d.depth + delta } }
				});
			}
		}
		// Close the gap the node leaves among its former siblings.
		await renumberNodes(tx, actor, scheme.id, await q.listSiblings(tx, scheme.id, node.parent_id));
		return { ok: true, nodeId };
	});
}

/** Deletes an empty node: one with neither sub-nodes nor fiches. */
export async function deleteNode(
	db: Db,
	user: CurrentUser,
	schemeSlug: string,
	nodeId: number,
	expectedVersion: number
): Promise<NodeResult> {
	return transact<NodeResult>(db, async (tx) => {
		const found = await loadNodeForEdit(tx, user, schemeSlug, nodeId, expectedVersion);
		if ('ok' in found) return found;
		const { scheme, node } = found;
		const children = await q.countChildNodes(tx, node.id);
		if (children > 0)
			return invalid(
				'delete',
				`Ce niveau contient ${children} sous-niveau${children > 1 ? 'x' : ''} : déplacez-les ou supprimez-les d’abord.`
			);
		const fiches = await q.countNodeFiches(tx, node.id);
		if (fiches > 0)
			return invalid(
				'delete',
				`Ce niveau porte ${fiches} fiche${fiches > 1 ? 's' : ''} action : déplacez-les d’abord vers un autre niveau.`
			);
		assertOneRow(
			await tx
				.deleteFrom('plan_node')
				.where('id', '=', node.id)
				.where('version', '=', expectedVersion)
				.executeTakeFirst(),
			'plan_node'
		);
		const actor = actorOf(user);
		await recordEvent(tx, actor, {
			schemeId: scheme.id,
			entityType: 'plan_node',
			entityId: node.id,
			action: 'delete',
			changes: deletionChanges(nodeSnapshot(node))
		});
		await renumberNodes(tx, actor, scheme.id, await q.listSiblings(tx, scheme.id, node.parent_id));
		return { ok: true, nodeId };
	});
}

// ——— Fiches ———

export type FicheMoveResult = { ok: true } | Refused | Conflict<{ nodeId: number }>;

/** Attaches a fiche to another node of the same scheme. */
export async function moveFiche(
	db: Db,
	user: CurrentUser,
	schemeSlug: string,
	ficheId: number,
	nodeId: number,
	expectedVersion: number
): Promise<FicheMoveResult> {
	return transact<FicheMoveResult>(db, async (tx) => {
		const scheme = await loadSchemeForEdit(tx, user, schemeSlug);
		if ('ok' in scheme) return scheme;
		const fiche = await q.findFicheByIdInScheme(tx, scheme.id, ficheId);
		if (!fiche) return notFound('Cette fiche n’existe plus dans ce schéma.');
		if (fiche.version !== expectedVersion)
			return conflict({ nodeId: fiche.node_id }, fiche.version);
		const node = await q.findNodeInScheme(tx, scheme.id, nodeId);
		if (!node) return invalid('nodeId', 'Le niveau choisi n’appartient pas à ce schéma.');
		if (node.id === fiche.node_id) return { ok: true };
		await updateVersioned(tx, 'fiche', fiche, {
			node_id: node.id,
			updated_at: new Date().toISOString()
		});
		await recordEvent(tx, actorOf(user), {
			schemeId: scheme.id,
			entityType: 'fiche',
			entityId: fiche.id,
			action: 'move',
			changes: { nodeId: { old: fiche.node_id, new: node.id } } satisfies Changes
		});
		return { ok: true };
	});
}

/**
 * Inserts a new fiche ("à élaborer") under a node of the scheme, with its pilots matched to
 * organisations, its search text and its creation event. Runs inside the caller's transaction;
 * `refuse` rolls that transaction back.
 */
export async function insertNewFiche(
	tx: Tx,
	actor: AuditActor,
	schemeId: number,
	form: FicheCreateForm,
	refuse: (result: Invalid) => never
): Promise<{ id: number; slug: string }> {
	const node = await q.findNodeInScheme(tx, schemeId, form.nodeId);
	if (!node) refuse(invalid('nodeId', 'Le niveau choisi n’appartient pas à ce schéma.'));
	const slug = slugify(form.number);
	const clash = await q.findFicheBySlugInScheme(tx, schemeId, slug);
	if (clash) refuse(invalid('number', `La fiche n°${clash.number} existe déjà dans ce schéma.`));
	const { id } = await tx
		.insertInto('fiche')
		.values({
			scheme_id: schemeId,
			node_id: form.nodeId,
			number: form.number,
			number_sort: ficheNumberSortKey(form.number),
			slug,
			title: form.title,
			state: 'a_elaborer'
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await replaceActors(tx, id, 'pilot', form.pilots);
	await refreshFicheSearch(tx, id);
	await recordEvent(tx, actor, {
		schemeId,
		entityType: 'fiche',
		entityId: id,
		action: 'create',
		changes: creationChanges((await loadFicheSnapshot(tx, id))!)
	});
	return { id, slug };
}

export type FicheCreateResult = { ok: true; slug: string } | Refused;

export async function createFiche(
	db: Db,
	user: CurrentUser,
	schemeSlug: string,
	form: FicheCreateForm
): Promise<FicheCreateResult> {
	return transact<FicheCreateResult>(db, async (tx, refuse) => {
		const scheme = await loadSchemeForEdit(tx, user, schemeSlug);
		if ('ok' in scheme) return scheme;
		const { slug } = await insertNewFiche(tx, actorOf(user), scheme.id, form, refuse);
		return { ok: true, slug };
	});
}
