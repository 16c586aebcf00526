import { sql } from 'kysely';
import { withRacingWriter } from '../testing/racing-writer';
import { beforeEach, describe, expect, it } from 'vitest';
import { ficheCreateSchema, schemeFormSchema } from '$lib/domain/structure-forms';
import { listEntityEvents, replayEvents } from '../audit/audit.service';
import type { CurrentUser } from '../auth/auth.service';
import type { Db } from '../db/database';
import { searchFicheIds } from '../plan/plan-search.queries';
import {
	createFiche,
	createNode,
	createScheme,
	deleteNode,
	getSchemeSettings,
	getStructure,
	moveFiche,
	moveNode,
	reorderNode,
	updateNode,
	updateScheme
} from './structure.service';
import {
	createPlanAdminDb,
	eventsSince,
	ficheBySlug,
	lastEventId,
	nodeByCode
} from './test-helpers';
import { addMembership } from '../testing/test-users';
import { transact } from '../db/transact';

let db: Db;
let schemeId: number;
let slug: string;
let admin: CurrentUser;
let pilot: CurrentUser;
let platformAdmin: CurrentUser;

beforeEach(async () => {
	({ db, schemeId, slug, admin, pilot, platformAdmin } = await createPlanAdminDb());
});

/** Scheme B (« corse-du-sud-2020-2025 »), created by the platform, with `admin` coordinating it too. */
async function secondScheme() {
	await createScheme(db, platformAdmin, schemeForm());
	admin = await addMembership(db, admin, 'corse-du-sud-2020-2025', 'coordinateur');
}

const schemeForm = (patch: Record<string, string> = {}) =>
	schemeFormSchema.parse({
		departmentCode: '2A',
		departmentName: 'Corse-du-Sud',
		title: 'Schéma départemental des services aux familles',
		subtitle: '',
		description: '',
		startYear: '2020',
		endYear: '2025',
		state: 'en_preparation',
		levelLabels: 'Axe\nOrientation\nObjectif opérationnel',
		...patch
	});

async function siblingsOf(parentCode: string | null) {
	const parent = parentCode ? await nodeByCode(db, schemeId, parentCode) : null;
	return db
		.selectFrom('plan_node')
		.select(['code', 'position', 'depth', 'version'])
		.where('scheme_id', '=', schemeId)
		.where('parent_id', parent ? '=' : 'is', parent?.id ?? null)
		.orderBy('position')
		.execute();
}

describe('schemes', () => {
	it('creates a scheme with a slug from the department and years, unique, and records it', async () => {
		const since = await lastEventId(db);
		const first = await createScheme(db, platformAdmin, schemeForm({ visibility: 'public' }));
		const second = await createScheme(db, platformAdmin, schemeForm());
		expect(first).toEqual({ ok: true, slug: 'corse-du-sud-2020-2025' });
		expect(second).toEqual({ ok: true, slug: 'corse-du-sud-2020-2025-2' });
		const settings = await getSchemeSettings(db, 'corse-du-sud-2020-2025');
		expect(settings?.snapshot).toMatchObject({
			visibility: 'public',
			levelLabels: ['Axe', 'Orientation', 'Objectif opérationnel']
		});
		const events = await eventsSince(db, since);
		expect(events.map((e) => [e.entity_type, e.action, e.user_id])).toEqual([
			['scheme', 'create', platformAdmin.id],
			['scheme', 'create', platformAdmin.id]
		]);
		expect(events[0].changes.title).toEqual({
			old: null,
			new: 'Schéma départemental des services aux familles'
		});
	});

	it('refuses a pilot, and a scheme coordinator: creating schemes is for the platform', async () => {
		expect(await createScheme(db, pilot, schemeForm())).toEqual({ ok: false, reason: 'forbidden' });
		expect(await createScheme(db, admin, schemeForm())).toEqual({ ok: false, reason: 'forbidden' });
		expect(await db.selectFrom('scheme').select('id').execute()).toHaveLength(1);
	});

	it('keeps a coordinator to their own schemes: another private one is not found, a public one refused', async () => {
		await createScheme(db, platformAdmin, schemeForm({ visibility: 'private' }));
		await createScheme(db, platformAdmin, schemeForm({ visibility: 'public' }));
		const since = await lastEventId(db);
		const intruder = { code: '1', title: 'Intrus' };
		expect(await createNode(db, admin, 'corse-du-sud-2020-2025', null, intruder)).toMatchObject({
			ok: false,
			reason: 'not_found'
		});
		expect(await createNode(db, admin, 'corse-du-sud-2020-2025-2', null, intruder)).toMatchObject({
			ok: false,
			reason: 'forbidden'
		});
		expect(await eventsSince(db, since)).toHaveLength(0);
	});

	it('saves settings with old → new in the history, and keeps the slug', async () => {
		const since = await lastEventId(db);
		const result = await updateScheme(
			db,
			admin,
			slug,
			schemeForm({ title: 'Nouveau titre', state: 'en_cours' }),
			1
		);
		expect(result).toEqual({ ok: true, slug });
		const row = await db
			.selectFrom('scheme')
			.selectAll()
			.where('id', '=', schemeId)
			.executeTakeFirstOrThrow();
		expect(row).toMatchObject({ title: 'Nouveau titre', state: 'en_cours', version: 2, slug });
		const [event] = await eventsSince(db, since);
		expect(event).toMatchObject({ entity_type: 'scheme', entity_id: schemeId, action: 'update' });
		expect(event.changes).toEqual({
			title: { old: 'Schéma de test', new: 'Nouveau titre' },
			state: { old: 'en_preparation', new: 'en_cours' }
		});
		// The history replays to the current settings.
		const replayed = replayEvents(await listEntityEvents(db, 'scheme', schemeId));
		expect(replayed).toMatchObject({ title: 'Nouveau titre', state: 'en_cours', slug });
	});

	it('writes nothing on a stale version and returns the current settings', async () => {
		await updateScheme(db, admin, slug, schemeForm({ title: 'Premier' }), 1);
		const since = await lastEventId(db);
		const result = await updateScheme(db, admin, slug, schemeForm({ title: 'Second' }), 1);
		expect(result).toMatchObject({
			ok: false,
			reason: 'conflict',
			currentVersion: 2,
			current: { title: 'Premier' }
		});
		const row = await db
			.selectFrom('scheme')
			.selectAll()
			.where('id', '=', schemeId)
			.executeTakeFirstOrThrow();
		expect(row).toMatchObject({ title: 'Premier', version: 2 });
		expect(await eventsSince(db, since)).toHaveLength(0);
	});

	it('refuses fewer level labels than the depth of the tree', async () => {
		const result = await updateScheme(
			db,
			admin,
			slug,
			schemeForm({ levelLabels: 'Axe\nOrientation' }),
			1
		);
		expect(result).toMatchObject({ ok: false, reason: 'invalid', field: 'levelLabels' });
		expect((result as { message: string }).message).toContain('profondeur 3');
		const row = await db
			.selectFrom('scheme')
			.select(['level_labels', 'version'])
			.where('id', '=', schemeId)
			.executeTakeFirstOrThrow();
		expect(JSON.parse(row.level_labels)).toHaveLength(3);
		expect(row.version).toBe(1);
	});
});

describe('nodes', () => {
	it('adds a child at the end of its parent, within the number of levels', async () => {
		const parent = await nodeByCode(db, schemeId, '1.1');
		const since = await lastEventId(db);
		const result = await createNode(db, admin, slug, parent.id, {
			code: 'Objectif 2',
			title: 'Former'
		});
		expect(result.ok).toBe(true);
		expect((await siblingsOf('1.1')).map((n) => [n.code, n.position, n.depth])).toEqual([
			['Objectif 1', 0, 3],
			['Objectif 2', 1, 3]
		]);
		const [event] = await eventsSince(db, since);
		expect(event).toMatchObject({ entity_type: 'plan_node', action: 'create' });
		expect(event.changes).toMatchObject({
			code: { old: null, new: 'Objectif 2' },
			parentId: { old: null, new: parent.id }
		});
	});

	it('refuses a child deeper than the level labels', async () => {
		const deepest = await nodeByCode(db, schemeId, 'Objectif 1');
		const result = await createNode(db, admin, slug, deepest.id, {
			code: 'X',
			title: 'Trop profond'
		});
		expect(result).toMatchObject({ ok: false, reason: 'invalid' });
		expect((result as { message: string }).message).toContain('3 niveaux');
		expect(
			await db.selectFrom('plan_node').select('id').where('code', '=', 'X').execute()
		).toHaveLength(0);
	});

	it('refuses a parent from another scheme', async () => {
		await secondScheme();
		const structure = await getStructure(db, slug);
		const otherSlug = 'corse-du-sud-2020-2025';
		const created = await createNode(db, admin, otherSlug, structure!.nodes[0].id, {
			code: '1',
			title: 'Intrus'
		});
		expect(created).toMatchObject({ ok: false, reason: 'invalid', field: 'parentId' });
	});

	it('renames with a version check and records old → new', async () => {
		const node = await nodeByCode(db, schemeId, '1.1');
		const since = await lastEventId(db);
		expect(
			await updateNode(db, admin, slug, node.id, { code: '1.1', title: 'Crèches' }, node.version)
		).toEqual({ ok: true, nodeId: node.id });
		const stale = await updateNode(
			db,
			admin,
			slug,
			node.id,
			{ code: '1.1', title: 'Autre' },
			node.version
		);
		expect(stale).toMatchObject({
			ok: false,
			reason: 'conflict',
			current: { title: 'Crèches' },
			currentVersion: node.version + 1
		});
		const events = await eventsSince(db, since);
		expect(events).toHaveLength(1);
		expect(events[0].changes).toEqual({ title: { old: 'Orientation crèches', new: 'Crèches' } });
		expect((await nodeByCode(db, schemeId, '1.1')).title).toBe('Crèches');
	});

	it('moves a node up and down among its siblings', async () => {
		const axis2 = await nodeByCode(db, schemeId, '2');
		const since = await lastEventId(db);
		expect((await reorderNode(db, admin, slug, axis2.id, 'up', axis2.version)).ok).toBe(true);
		expect((await siblingsOf(null)).map((n) => n.code)).toEqual(['2', '1']);
		const events = await eventsSince(db, since);
		const axis1 = await nodeByCode(db, schemeId, '1');
		expect(events.map((e) => [e.entity_id, e.action, e.changes.position])).toEqual([
			[axis2.id, 'move', { old: 1, new: 0 }],
			[axis1.id, 'move', { old: 0, new: 1 }]
		]);
		const moved = await nodeByCode(db, schemeId, '2');
		const edge = await reorderNode(db, admin, slug, moved.id, 'up', moved.version);
		expect(edge).toMatchObject({
			ok: false,
			reason: 'invalid',
			message: 'Ce niveau est déjà le premier.'
		});
		expect((await reorderNode(db, admin, slug, moved.id, 'down', moved.version)).ok).toBe(true);
		expect((await siblingsOf(null)).map((n) => n.code)).toEqual(['1', '2']);
	});

	it('refuses a reorder based on a stale version, writing nothing', async () => {
		const axis2 = await nodeByCode(db, schemeId, '2');
		await updateNode(
			db,
			admin,
			slug,
			axis2.id,
			{ code: '2', title: 'Informer les familles' },
			axis2.version
		);
		const since = await lastEventId(db);
		const result = await reorderNode(db, admin, slug, axis2.id, 'up', axis2.version);
		expect(result).toMatchObject({ ok: false, reason: 'conflict' });
		expect((await siblingsOf(null)).map((n) => n.code)).toEqual(['1', '2']);
		expect(await eventsSince(db, since)).toHaveLength(0);
	});

	it('moves a subtree to another parent, updating depths and closing the gap', async () => {
		const orientation = await nodeByCode(db, schemeId, '1.1');
		const since = await lastEventId(db);
		const result = await moveNode(db, admin, slug, orientation.id, null, orientation.version);
		expect(result.ok).toBe(true);
		expect((await siblingsOf(null)).map((n) => [n.code, n.position, n.depth])).toEqual([
			['1', 0, 1],
			['2', 1, 1],
			['1.1', 2, 1]
		]);
		expect((await nodeByCode(db, schemeId, 'Objectif 1')).depth).toBe(2);
		const events = await eventsSince(db, since);
		expect(events[0]).toMatchObject({
			entity_type: 'plan_node',
			entity_id: orientation.id,
			action: 'move'
		});
		expect(events[0].changes).toMatchObject({
			parentId: { old: (await nodeByCode(db, schemeId, '1')).id, new: null },
			depth: { old: 2, new: 1 },
			position: { old: 0, new: 2 }
		});
		expect(events[1].changes).toEqual({ depth: { old: 3, new: 2 } });
		// The fiches travel with their node.
		const structure = await getStructure(db, slug);
		const moved = structure!.tree.find((n) => n.code === '1.1')!;
		expect(moved.children[0].fiches.map((f) => f.number)).toEqual(['2', '11', '11 bis']);
	});

	it('refuses moving a node under itself or a descendant', async () => {
		const axis = await nodeByCode(db, schemeId, '1');
		const objective = await nodeByCode(db, schemeId, 'Objectif 1');
		for (const target of [axis.id, objective.id]) {
			const result = await moveNode(db, admin, slug, axis.id, target, axis.version);
			expect(result).toMatchObject({ ok: false, reason: 'invalid', field: 'parentId' });
			expect((result as { message: string }).message).toContain('sous lui-même');
		}
		expect((await nodeByCode(db, schemeId, '1')).parent_id).toBeNull();
	});

	it('refuses a move that would put a sub-node beyond the last level', async () => {
		const axis2 = await nodeByCode(db, schemeId, '2');
		const orientation = await nodeByCode(db, schemeId, '1.1');
		// 1.1 has a child: under axis 2's new child it would reach depth 4 with 3 labels.
		const created = await createNode(db, admin, slug, axis2.id, {
			code: '2.1',
			title: 'Orientation'
		});
		if (!created.ok) throw new Error('setup');
		const result = await moveNode(
			db,
			admin,
			slug,
			orientation.id,
			created.nodeId,
			orientation.version
		);
		expect(result).toMatchObject({ ok: false, reason: 'invalid', field: 'parentId' });
		expect((await nodeByCode(db, schemeId, '1.1')).depth).toBe(2);
	});

	it('refuses a rename or a delete when another writer moved the node in between, then answers the conflict', async () => {
		const node = await nodeByCode(db, schemeId, '1.1');
		const since = await lastEventId(db);
		const renaming = withRacingWriter(db, 'plan_node');
		const renamed = await updateNode(
			renaming.db,
			admin,
			slug,
			node.id,
			{ code: '1.1', title: 'Écrasé ?' },
			node.version
		);
		expect(renaming.raced()).toBe(true);
		expect(renamed).toMatchObject({
			ok: false,
			reason: 'conflict',
			currentVersion: node.version + 1
		});
		const created = await createNode(db, admin, slug, null, { code: '3', title: 'Vide' });
		if (!created.ok) throw new Error('setup');
		const deleting = withRacingWriter(db, 'plan_node');
		const deleted = await deleteNode(deleting.db, admin, slug, created.nodeId, 1);
		expect(deleting.raced()).toBe(true);
		expect(deleted).toMatchObject({ ok: false, reason: 'conflict' });
		expect((await siblingsOf(null)).map((n) => n.code)).toEqual(['1', '2', '3']);
		expect((await nodeByCode(db, schemeId, '1.1')).title).not.toBe('Écrasé ?');
		expect((await eventsSince(db, since)).map((e) => e.action)).toEqual(['create']);
	});

	it('deletes only empty nodes', async () => {
		const orientation = await nodeByCode(db, schemeId, '1.1');
		const objective = await nodeByCode(db, schemeId, 'Objectif 1');
		expect(await deleteNode(db, admin, slug, orientation.id, orientation.version)).toMatchObject({
			ok: false,
			message: 'Ce niveau contient 1 sous-niveau : déplacez-les ou supprimez-les d’abord.'
		});
		expect(await deleteNode(db, admin, slug, objective.id, objective.version)).toMatchObject({
			ok: false,
			message: 'Ce niveau porte 3 fiches action : déplacez-les d’abord vers un autre niveau.'
		});
		const created = await createNode(db, admin, slug, null, { code: '3', title: 'Vide' });
		if (!created.ok) throw new Error('setup');
		const since = await lastEventId(db);
		expect((await deleteNode(db, admin, slug, created.nodeId, 1)).ok).toBe(true);
		expect((await siblingsOf(null)).map((n) => n.code)).toEqual(['1', '2']);
		const [event] = await eventsSince(db, since);
		expect(event).toMatchObject({ action: 'delete', entity_id: created.nodeId });
		expect(event.changes.title).toEqual({ old: 'Vide', new: null });
	});

	it('rolls the whole move back when a later write fails', async () => {
		await sql`create trigger fail_depth_event before insert on audit_event
			when new.entity_type = 'plan_node' and new.changes not like '%parentId%'
			begin select raise(abort, 'panne simulée'); end`.execute(db);
		const orientation = await nodeByCode(db, schemeId, '1.1');
		const since = await lastEventId(db);
		await expect(
			moveNode(db, admin, slug, orientation.id, null, orientation.version)
		).rejects.toThrow('panne simulée');
		expect(await nodeByCode(db, schemeId, '1.1')).toMatchObject({
			depth: 2,
			version: orientation.version
		});
		expect((await nodeByCode(db, schemeId, 'Objectif 1')).depth).toBe(3);
		expect(await eventsSince(db, since)).toHaveLength(0);
	});
});

describe('fiches', () => {
	const ficheForm = (patch: Record<string, string>) =>
		ficheCreateSchema.parse({
			number: '3',
			title: 'Nouvelle action',
			nodeId: '0',
			pilots: '',
			...patch
		});

	it('creates a fiche "à élaborer" with matched pilots, search text and a creation event', async () => {
		const node = await nodeByCode(db, schemeId, 'Objectif 1');
		const since = await lastEventId(db);
		const result = await createFiche(
			db,
			admin,
			slug,
			ficheForm({ number: '3 bis', nodeId: String(node.id), pilots: 'Caf\nMairie de Sartène' })
		);
		expect(result).toEqual({ ok: true, slug: '3-bis' });
		const fiche = (await ficheBySlug(db, schemeId, '3-bis'))!;
		expect(fiche).toMatchObject({
			state: 'a_elaborer',
			node_id: node.id,
			number: '3 bis',
			version: 1
		});
		const pilots = await db
			.selectFrom('fiche_actor')
			.selectAll()
			.where('fiche_id', '=', fiche.id)
			.orderBy('position')
			.execute();
		expect(pilots.map((p) => [p.label, p.organisation_id !== null])).toEqual([
			['Caf', true],
			['Mairie de Sartène', false]
		]);
		expect(await searchFicheIds(db, schemeId, 'nouvelle action')).toEqual([fiche.id]);
		const [event] = await eventsSince(db, since);
		expect(event).toMatchObject({ entity_type: 'fiche', entity_id: fiche.id, action: 'create' });
		expect(event.changes).toMatchObject({
			number: { old: null, new: '3 bis' },
			pilots: { old: null, new: ['Caf', 'Mairie de Sartène'] }
		});
		// Natural order: 2 < 3 bis < 11.
		const structure = await getStructure(db, slug);
		expect(structure!.nodes.find((n) => n.id === node.id)!.fiches.map((f) => f.number)).toEqual([
			'2',
			'3 bis',
			'11',
			'11 bis'
		]);
	});

	it('refuses a number already used in the scheme, however written', async () => {
		const node = await nodeByCode(db, schemeId, 'Objectif 1');
		const result = await createFiche(
			db,
			admin,
			slug,
			ficheForm({ number: '11 BIS', nodeId: String(node.id) })
		);
		expect(result).toEqual({
			ok: false,
			reason: 'invalid',
			field: 'number',
			message: 'La fiche n°11 bis existe déjà dans ce schéma.'
		});
		expect(
			await db.selectFrom('fiche').select('id').where('scheme_id', '=', schemeId).execute()
		).toHaveLength(4);
	});

	it('refuses a node of another scheme', async () => {
		await secondScheme();
		const node = await nodeByCode(db, schemeId, 'Objectif 1');
		const result = await createFiche(
			db,
			admin,
			'corse-du-sud-2020-2025',
			ficheForm({ nodeId: String(node.id) })
		);
		expect(result).toMatchObject({ ok: false, reason: 'invalid', field: 'nodeId' });
		expect(await db.selectFrom('fiche').select('id').execute()).toHaveLength(4);
	});

	it('moves a fiche to another node with a "move" event, refusing stale versions', async () => {
		const fiche = (await ficheBySlug(db, schemeId, '10'))!;
		const target = await nodeByCode(db, schemeId, 'Objectif 1');
		const since = await lastEventId(db);
		expect(await moveFiche(db, admin, slug, fiche.id, target.id, fiche.version)).toEqual({
			ok: true
		});
		expect(await ficheBySlug(db, schemeId, '10')).toMatchObject({
			node_id: target.id,
			version: fiche.version + 1
		});
		const [event] = await eventsSince(db, since);
		expect(event).toMatchObject({ entity_type: 'fiche', entity_id: fiche.id, action: 'move' });
		expect(event.changes).toEqual({ nodeId: { old: fiche.node_id, new: target.id } });
		const stale = await moveFiche(db, admin, slug, fiche.id, fiche.node_id, fiche.version);
		expect(stale).toMatchObject({ ok: false, reason: 'conflict', current: { nodeId: target.id } });
		expect((await ficheBySlug(db, schemeId, '10'))!.node_id).toBe(target.id);
	});

	it('never moves a fiche to a node of another scheme, nor a fiche of another scheme', async () => {
		await secondScheme();
		const created = await createNode(db, admin, 'corse-du-sud-2020-2025', null, {
			code: '1',
			title: 'Autre'
		});
		if (!created.ok) throw new Error('setup');
		const fiche = (await ficheBySlug(db, schemeId, '10'))!;
		expect(await moveFiche(db, admin, slug, fiche.id, created.nodeId, fiche.version)).toMatchObject(
			{ ok: false, field: 'nodeId' }
		);
		expect(
			await moveFiche(db, admin, 'corse-du-sud-2020-2025', fiche.id, created.nodeId, fiche.version)
		).toMatchObject({
			ok: false,
			reason: 'not_found'
		});
		expect((await ficheBySlug(db, schemeId, '10'))!.node_id).toBe(fiche.node_id);
	});

	it('refuses a pilot every structure change', async () => {
		const node = await nodeByCode(db, schemeId, '2');
		const fiche = (await ficheBySlug(db, schemeId, '10'))!;
		const since = await lastEventId(db);
		const results = [
			await createNode(db, pilot, slug, null, { code: '9', title: 'X' }),
			await updateNode(db, pilot, slug, node.id, { code: '9', title: 'X' }, node.version),
			await reorderNode(db, pilot, slug, node.id, 'up', node.version),
			await moveNode(db, pilot, slug, node.id, null, node.version),
			await deleteNode(db, pilot, slug, node.id, node.version),
			await moveFiche(db, pilot, slug, fiche.id, node.id, fiche.version),
			await createFiche(db, pilot, slug, ficheForm({ nodeId: String(node.id) })),
			await updateScheme(db, pilot, slug, schemeForm(), 1)
		];
		for (const result of results) expect(result).toEqual({ ok: false, reason: 'forbidden' });
		expect(await eventsSince(db, since)).toHaveLength(0);
	});
});

describe('transact', () => {
	it('rolls back what was written before a refusal', async () => {
		const result = await transact<{ ok: boolean }>(db, async (tx, refuse) => {
			await tx
				.updateTable('scheme')
				.set({ title: 'Écrit puis annulé' })
				.where('id', '=', schemeId)
				.execute();
			return refuse({ ok: false });
		});
		expect(result).toEqual({ ok: false });
		const row = await db
			.selectFrom('scheme')
			.select('title')
			.where('id', '=', schemeId)
			.executeTakeFirstOrThrow();
		expect(row.title).toBe('Schéma de test');
	});
});
