import { beforeEach, describe, expect, it } from 'vitest';
import { withRacingWriter } from '../testing/racing-writer';
import type { MembershipRole } from '$lib/domain/policy';
import type { CurrentUser } from '../auth/auth.service';
import { listEntityEvents, replayEvents } from '../audit/audit.service';
import type { Db } from '../db/database';
import { createTestDb } from '../testing/test-db';
import { findFicheInScheme, loadFicheSnapshot, updateFiche } from './fiche-edit.service';
import { fixturePlan } from './plan.fixture';
import { importPlanDocument } from './plan-import.service';
import { getSchemeOverview } from './plan.service';

let db: Db;
let users: Record<'admin' | 'cafPilot' | 'cityPilot' | 'reader', CurrentUser>;
const where = { scheme: 'test-2020-2025', fiche: '11-bis' };

beforeEach(async () => {
	db = await createTestDb();
	const { schemeId } = await importPlanDocument(db, fixturePlan);
	const org = async (slug: string) =>
		(
			await db
				.selectFrom('organisation')
				.select('id')
				.where('slug', '=', slug)
				.executeTakeFirstOrThrow()
		).id;
	// Each person holds `role` in the fixture's scheme (a pilot for their organisation).
	const user = (
		id: number,
		role: MembershipRole,
		organisationId: number | null,
		name: string
	): CurrentUser => ({
		id,
		platformAdmin: false,
		memberships: [{ schemeId, role, organisationId: role === 'pilote' ? organisationId : null }],
		token: null,
		organisationId,
		name,
		email: `${id}@test.fr`,
		organisationShortName: null,
		via: 'session'
	});
	const caf = await org('caf-2a');
	users = {
		admin: user(1, 'coordinateur', caf, 'Admin'),
		cafPilot: user(2, 'pilote', caf, 'Marie D.'),
		// An organisation that pilots no fiche of the fixture.
		cityPilot: user(3, 'pilote', 999, 'Autre'),
		reader: user(4, 'lecteur', null, 'Lecteur')
	};
});

const version = async () => (await findFicheInScheme(db, where.scheme, where.fiche))!.version;

describe('fiche editing', () => {
	it('lets a pilot of the fiche change its state, steps and partners, and bumps the version', async () => {
		const result = await updateFiche(
			db,
			users.cafPilot,
			where,
			{
				state: 'en_cours',
				steps: [{ text: 'Nouvelle étape', marker: '1)' }],
				partners: ['Familles', 'Ville d’Ajaccio']
			},
			1
		);
		expect(result).toMatchObject({ ok: true, version: 2 });
		const snapshot = await loadFicheSnapshot(
			db,
			(await findFicheInScheme(db, where.scheme, where.fiche))!.id
		);
		expect(snapshot).toMatchObject({
			state: 'en_cours',
			steps: [{ text: 'Nouvelle étape', marker: '1)' }],
			partners: ['Familles', 'Ville d’Ajaccio']
		});
		const overview = await getSchemeOverview(db, where.scheme, { q: 'nouvelle etape' });
		expect(overview!.matchCount).toBe(1);
		const byPartner = await getSchemeOverview(db, where.scheme, { partner: 'ville-ajaccio' });
		expect(byPartner!.matchCount).toBe(1);
	});

	it('refuses pilots of other organisations and readers, writing nothing', async () => {
		for (const user of [users.cityPilot, users.reader]) {
			expect(await updateFiche(db, user, where, { state: 'realisee' }, 1)).toEqual({
				ok: false,
				reason: 'forbidden'
			});
		}
		expect(await version()).toBe(1);
	});

	it('keeps number, title and pilots for the coordinator', async () => {
		expect(await updateFiche(db, users.cafPilot, where, { title: 'Autre titre' }, 1)).toEqual({
			ok: false,
			reason: 'forbidden'
		});
		const result = await updateFiche(
			db,
			users.admin,
			where,
			{ title: 'Autre titre', number: '12 ter' },
			1
		);
		expect(result).toMatchObject({ ok: true, slug: '12-ter' });
		expect(
			await updateFiche(db, users.admin, { ...where, fiche: '12-ter' }, { number: '11' }, 2)
		).toMatchObject({
			ok: false,
			reason: 'invalid',
			field: 'number'
		});
	});

	it('refuses the write when another writer moved the fiche in between, then answers the conflict', async () => {
		const racing = withRacingWriter(db, 'fiche');
		const result = await updateFiche(racing.db, users.admin, where, { state: 'suspendue' }, 1);
		expect(racing.raced()).toBe(true);
		expect(result).toMatchObject({ ok: false, reason: 'conflict', currentVersion: 2 });
		const fiche = (await findFicheInScheme(db, where.scheme, where.fiche))!;
		expect((await loadFicheSnapshot(db, fiche.id))?.state).not.toBe('suspendue');
	});

	it('overwrites nothing when the version is stale', async () => {
		await updateFiche(db, users.cafPilot, where, { state: 'en_cours' }, 1);
		const stale = await updateFiche(
			db,
			users.admin,
			where,
			{ state: 'suspendue', context: 'écrasé ?' },
			1
		);
		expect(stale).toMatchObject({
			ok: false,
			reason: 'conflict',
			currentVersion: 2,
			current: { state: 'en_cours' }
		});
		const snapshot = await loadFicheSnapshot(
			db,
			(await findFicheInScheme(db, where.scheme, where.fiche))!.id
		);
		expect(snapshot).toMatchObject({
			state: 'en_cours',
			context: 'Premier paragraphe.\n\nSecond paragraphe.'
		});
	});

	it('records who changed what, old → new, and the history replays to the current fiche', async () => {
		await updateFiche(db, users.cafPilot, where, { state: 'en_cours' }, 1);
		await updateFiche(db, users.admin, where, { context: 'Nouveau contexte', pilots: ['Caf'] }, 2);
		await updateFiche(
			db,
			users.cafPilot,
			where,
			{ state: 'realisee', resultsQualitative: [{ text: 'Mieux', marker: '•' }] },
			3
		);
		const id = (await findFicheInScheme(db, where.scheme, where.fiche))!.id;
		const events = await listEntityEvents(db, 'fiche', id);
		expect(events.map((e) => [e.action, e.actor])).toEqual([
			['create', 'Chargement initial'],
			['update', 'Marie D.'],
			['update', 'Admin'],
			['update', 'Marie D.']
		]);
		expect(JSON.parse(events[1].changes)).toEqual({ state: { old: 'a_lancer', new: 'en_cours' } });
		expect(replayEvents(events)).toEqual(await loadFicheSnapshot(db, id));
	});

	it('refuses to alter or erase the history', async () => {
		await expect(db.updateTable('audit_event').set({ actor: 'x' }).execute()).rejects.toThrow(
			/append-only/
		);
		await expect(db.deleteFrom('audit_event').execute()).rejects.toThrow(/append-only/);
	});
});
