import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { amendmentFormSchema } from '$lib/domain/structure-forms';
import type { CurrentUser } from '../auth/auth.service';
import type { Db } from '../db/database';
import {
	createAmendment,
	listAmendments,
	listFicheAmendments,
	listFicheAmendmentsBySlug
} from './amendments.service';
import { createScheme } from './structure.service';
import { schemeFormSchema } from '$lib/domain/structure-forms';
import {
	createPlanAdminDb,
	eventsSince,
	ficheBySlug,
	lastEventId,
	nodeByCode
} from './test-helpers';
import { addMembership } from '../testing/test-users';

let db: Db;
let schemeId: number;
let slug: string;
let admin: CurrentUser;
let pilot: CurrentUser;
let platformAdmin: CurrentUser;

beforeEach(async () => {
	({ db, schemeId, slug, admin, pilot, platformAdmin } = await createPlanAdminDb());
});

const form = (patch: Record<string, string | string[]> = {}) =>
	amendmentFormSchema.parse({
		signedOn: '15/03/2022',
		title: 'Avenant n°1',
		description: 'Révision à mi-parcours.',
		newFicheNumber: '',
		newFicheTitle: '',
		newFicheNodeId: '',
		newFichePilots: '',
		changes: [],
		ends: [],
		...patch
	});

async function countAll() {
	const [fiches, amendments, links] = await Promise.all([
		db.selectFrom('fiche').select('id').execute(),
		db.selectFrom('amendment').select('id').execute(),
		db.selectFrom('amendment_fiche').selectAll().execute()
	]);
	return { fiches: fiches.length, amendments: amendments.length, links: links.length };
}

describe('amendments', () => {
	it('adds a new fiche, changes and ends others, in one recorded amendment', async () => {
		const node = await nodeByCode(db, schemeId, 'Objectif 1');
		const changed = (await ficheBySlug(db, schemeId, '11'))!;
		const ended = (await ficheBySlug(db, schemeId, '10'))!;
		const since = await lastEventId(db);
		const result = await createAmendment(
			db,
			admin,
			slug,
			form({
				newFicheNumber: '12',
				newFicheTitle: 'Soutenir les familles monoparentales',
				newFicheNodeId: String(node.id),
				newFichePilots: 'CAF 2A',
				changes: [String(changed.id)],
				ends: [String(ended.id)]
			})
		);
		expect(result).toMatchObject({ ok: true, newFicheSlug: '12' });
		const created = (await ficheBySlug(db, schemeId, '12'))!;
		expect(created).toMatchObject({
			state: 'a_elaborer',
			node_id: node.id,
			title: 'Soutenir les familles monoparentales'
		});
		// Ending a fiche leaves its state to the coordinator.
		expect((await ficheBySlug(db, schemeId, '10'))!.state).toBe('realisee');

		const list = await listAmendments(db, slug);
		expect(list!.amendments).toEqual([
			{
				id: expect.any(Number),
				signedOn: '2022-03-15',
				title: 'Avenant n°1',
				description: 'Révision à mi-parcours.',
				fiches: [
					{ number: '10', slug: '10', title: 'Site internet', state: 'realisee', effect: 'ends' },
					{
						number: '11',
						slug: '11',
						title: 'Relais petite enfance',
						state: 'en_cours',
						effect: 'changes'
					},
					{
						number: '12',
						slug: '12',
						title: 'Soutenir les familles monoparentales',
						state: 'a_elaborer',
						effect: 'adds'
					}
				]
			}
		]);
		expect(await listFicheAmendmentsBySlug(db, { scheme: slug, fiche: '10' })).toEqual([
			{ title: 'Avenant n°1', signedOn: '2022-03-15', effect: 'ends' }
		]);
		expect(await listFicheAmendmentsBySlug(db, { scheme: slug, fiche: '99' })).toBeNull();
		expect(await listFicheAmendments(db, created.id)).toEqual([
			{ title: 'Avenant n°1', signedOn: '2022-03-15', effect: 'adds' }
		]);

		const events = await eventsSince(db, since);
		expect(events.map((e) => [e.entity_type, e.action])).toEqual([
			['fiche', 'create'],
			['amendment', 'create']
		]);
		expect(events[0].changes.pilots).toEqual({ old: null, new: ['CAF 2A'] });
		expect(events[1].changes.fiches).toEqual({
			old: null,
			new: [
				{ number: '12', effect: 'adds' },
				{ number: '11', effect: 'changes' },
				{ number: '10', effect: 'ends' }
			]
		});
	});

	it('records an amendment that names no fiche', async () => {
		const result = await createAmendment(db, admin, slug, form({ title: 'Prolongation' }));
		expect(result.ok).toBe(true);
		expect(
			(await listAmendments(db, slug))!.amendments.map((a) => [a.title, a.fiches.length])
		).toEqual([['Prolongation', 0]]);
	});

	it('refuses a new fiche whose number exists, under the new-fiche field, writing nothing', async () => {
		const node = await nodeByCode(db, schemeId, 'Objectif 1');
		const before = await countAll();
		const since = await lastEventId(db);
		const result = await createAmendment(
			db,
			admin,
			slug,
			form({ newFicheNumber: '11 bis', newFicheTitle: 'Doublon', newFicheNodeId: String(node.id) })
		);
		expect(result).toEqual({
			ok: false,
			reason: 'invalid',
			field: 'newFicheNumber',
			message: 'La fiche n°11 bis existe déjà dans ce schéma.'
		});
		expect(await countAll()).toEqual(before);
		expect(await eventsSince(db, since)).toHaveLength(0);
	});

	it('refuses fiches and nodes of another scheme', async () => {
		await createScheme(
			db,
			platformAdmin,
			schemeFormSchema.parse({
				departmentCode: '87',
				departmentName: 'Haute-Vienne',
				title: 'Autre',
				startYear: '2022',
				endYear: '2026',
				state: 'en_cours',
				levelLabels: 'Axe'
			})
		);
		// The coordinator of both schemes: the refusal is about the fiche and node, not the rights.
		admin = await addMembership(db, admin, 'haute-vienne-2022-2026', 'coordinateur');
		const fiche = (await ficheBySlug(db, schemeId, '10'))!;
		const node = await nodeByCode(db, schemeId, 'Objectif 1');
		const before = await countAll();
		expect(
			await createAmendment(db, admin, 'haute-vienne-2022-2026', form({ ends: [String(fiche.id)] }))
		).toMatchObject({
			ok: false,
			field: 'changes'
		});
		expect(
			await createAmendment(
				db,
				admin,
				'haute-vienne-2022-2026',
				form({ newFicheNumber: '1', newFicheTitle: 'Intrus', newFicheNodeId: String(node.id) })
			)
		).toMatchObject({ ok: false, field: 'newFicheNodeId' });
		expect(await countAll()).toEqual(before);
	});

	it('rolls back the new fiche when recording the amendment fails', async () => {
		await sql`create trigger fail_amendment before insert on amendment
			begin select raise(abort, 'panne simulée'); end`.execute(db);
		const node = await nodeByCode(db, schemeId, 'Objectif 1');
		const before = await countAll();
		const since = await lastEventId(db);
		await expect(
			createAmendment(
				db,
				admin,
				slug,
				form({ newFicheNumber: '41', newFicheTitle: 'Nouvelle', newFicheNodeId: String(node.id) })
			)
		).rejects.toThrow('panne simulée');
		expect(await ficheBySlug(db, schemeId, '41')).toBeUndefined();
		expect(await countAll()).toEqual(before);
		expect(await eventsSince(db, since)).toHaveLength(0);
	});

	it('refuses a pilot', async () => {
		const before = await countAll();
		expect(await createAmendment(db, pilot, slug, form())).toEqual({
			ok: false,
			reason: 'forbidden'
		});
		expect(await countAll()).toEqual(before);
	});
});
