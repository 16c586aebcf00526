import { beforeEach, describe, expect, it } from 'vitest';
import type { MemberInvite } from '$lib/domain/account-forms';
import type { MembershipRole } from '$lib/domain/policy';
import { SYSTEM_ACTOR } from '../audit/audit.service';
import { loadCurrentUser, type CurrentUser } from '../auth/auth.service';
import type { Db } from '../db/database';
import { importPlanDocument } from '../plan/plan-import.service';
import { fixturePlan } from '../plan/plan.fixture';
import { createTestDb } from '../testing/test-db';
import { insertTestUser, reloadUser } from '../testing/test-users';
import { createUser, findInvitation } from '../users/users.service';
import {
	inviteMember,
	listMembers,
	listMembershipsOf,
	removeMember,
	updateMember,
	type MemberScheme
} from './members.service';

// Scheme A is the fixture plan (Corse-du-Sud, 2A); scheme B is another, in Haute-Vienne (87).
// The fixture's organisations are national; one organisation belongs to 2A and one to 87.

let db: Db;
let a: MemberScheme;
let b: MemberScheme;
let coordinatorA: CurrentUser;
let coordinatorB: CurrentUser;
let pilotA: CurrentUser;
let readerA: CurrentUser;
const orgs = { national: 0, local: 0, elsewhere: 0 };

async function territory(code: string, name: string): Promise<number> {
	const found = await db
		.selectFrom('territory')
		.select('id')
		.where('kind', '=', 'departement')
		.where('code', '=', code)
		.executeTakeFirst();
	if (found) return found.id;
	return (
		await db
			.insertInto('territory')
			.values({ kind: 'departement', code, name })
			.returning('id')
			.executeTakeFirstOrThrow()
	).id;
}

async function organisation(slug: string, shortName: string, territoryId: number | null) {
	return (
		await db
			.insertInto('organisation')
			.values({
				slug,
				name: shortName,
				short_name: shortName,
				type: 'autre',
				territory_id: territoryId
			})
			.returning('id')
			.executeTakeFirstOrThrow()
	).id;
}

async function memberScheme(slug: string): Promise<MemberScheme> {
	const row = await db
		.selectFrom('scheme')
		.select(['id', 'slug', 'visibility', 'territory_id'])
		.where('slug', '=', slug)
		.executeTakeFirstOrThrow();
	return {
		schemeId: row.id,
		slug: row.slug,
		visibility: row.visibility,
		territoryId: row.territory_id
	};
}

const invite = (patch: Partial<MemberInvite> = {}): MemberInvite => ({
	email: 'nina.nouvelle@example.fr',
	name: 'Nina Nouvelle',
	role: 'lecteur',
	organisationId: null,
	...patch
});

const membershipOf = (userId: number, schemeId: number) =>
	db
		.selectFrom('membership')
		.selectAll()
		.where('user_id', '=', userId)
		.where('scheme_id', '=', schemeId)
		.executeTakeFirst();

const eventsOf = (userId: number) =>
	db
		.selectFrom('audit_event')
		.select(['scheme_id', 'action', 'user_id', 'changes'])
		.where('entity_type', '=', 'user')
		.where('entity_id', '=', userId)
		.orderBy('id')
		.execute();

const count = async (table: 'app_user' | 'membership' | 'invitation' | 'audit_event') =>
	Number(
		(
			await db
				.selectFrom(table)
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.executeTakeFirstOrThrow()
		).n
	);
const counts = async () =>
	Promise.all([count('app_user'), count('membership'), count('invitation'), count('audit_event')]);

const person = (email: string, name: string, schemeId: number, role: MembershipRole) =>
	insertTestUser(db, {
		email,
		name,
		organisation: role === 'pilote' ? orgs.national : null,
		memberships: [{ schemeId, role }]
	});

beforeEach(async () => {
	db = await createTestDb();
	await importPlanDocument(db, fixturePlan);
	a = await memberScheme(fixturePlan.scheme.slug);
	const t87 = await territory('87', 'Haute-Vienne');
	await db
		.insertInto('scheme')
		.values({
			slug: 'haute-vienne-2022-2026',
			department_code: '87',
			department_name: 'Haute-Vienne',
			title: 'Schéma B',
			start_year: 2022,
			end_year: 2026,
			state: 'en_cours',
			level_labels: '["Axe"]',
			territory_id: t87
		})
		.execute();
	b = await memberScheme('haute-vienne-2022-2026');
	expect(a.territoryId).not.toBeNull();
	orgs.national = (
		await db
			.selectFrom('organisation')
			.select('id')
			.where('slug', '=', 'caf-2a')
			.executeTakeFirstOrThrow()
	).id;
	orgs.local = await organisation('mairie-locale', 'Mairie locale', a.territoryId);
	orgs.elsewhere = await organisation('caf-87', 'CAF 87', t87);
	coordinatorA = await person(
		'coord.a@example.fr',
		'Claire Coordination',
		a.schemeId,
		'coordinateur'
	);
	coordinatorB = await person(
		'coord.b@example.fr',
		'Bruno Coordination',
		b.schemeId,
		'coordinateur'
	);
	pilotA = await person('pilote.a@example.fr', 'Paul Pilote', a.schemeId, 'pilote');
	readerA = await person('lecteur.a@example.fr', 'Luc Lecteur', a.schemeId, 'lecteur');
});

describe('scheme members', () => {
	it('lists the members of the scheme only, by name, with role, organisation and state', async () => {
		const listed = await listMembers(db, coordinatorA, a);
		if (!listed.ok) throw new Error('refused');
		expect(listed.members.map((m) => [m.name, m.role, m.roleLabel, m.organisation])).toEqual([
			['Claire Coordination', 'coordinateur', 'Coordination du schéma', null],
			['Luc Lecteur', 'lecteur', 'Lecteur (membre du comité)', null],
			['Paul Pilote', 'pilote', 'Pilote', 'CAF 2A']
		]);
		// Inserted without a password: waiting for their invitation.
		expect(listed.members[0]).toMatchObject({ stateLabel: 'Invitation en attente', version: 1 });
	});

	it('invites a new account: one-time link, membership and history in the scheme', async () => {
		const invited = await inviteMember(
			db,
			coordinatorA,
			a,
			invite({ email: ' Nina.Nouvelle@Example.FR ', role: 'pilote', organisationId: orgs.local })
		);
		expect(invited).toMatchObject({ ok: true, name: 'Nina Nouvelle', created: true });
		if (!invited.ok || !invited.token) throw new Error('not invited');
		expect(await findInvitation(db, invited.token)).toMatchObject({
			user_id: invited.userId,
			email: 'nina.nouvelle@example.fr'
		});
		expect(await membershipOf(invited.userId, a.schemeId)).toMatchObject({
			role: 'pilote',
			organisation_id: orgs.local,
			version: 1
		});
		const events = await eventsOf(invited.userId);
		expect(events.map((e) => [e.action, e.scheme_id, e.user_id])).toEqual([
			['create', a.schemeId, coordinatorA.id],
			['membership_add', a.schemeId, coordinatorA.id],
			['invite', a.schemeId, coordinatorA.id]
		]);
		expect(JSON.parse(events[1].changes)).toEqual({
			scheme: { old: null, new: a.slug },
			role: { old: null, new: 'pilote' },
			organisationId: { old: null, new: orgs.local }
		});
		// The new member now has the rights of a pilot there, and none in scheme B.
		const nina = (await loadCurrentUser(db, invited.userId))!;
		expect(nina.memberships).toEqual([
			{ schemeId: a.schemeId, role: 'pilote', organisationId: orgs.local }
		]);
	});

	it('adds an existing account as it is: no new account, no link', async () => {
		const created = await createUser(db, SYSTEM_ACTOR, {
			email: 'deja@example.fr',
			name: 'Déjà Là',
			organisationId: null,
			platformAdmin: false
		});
		if (!created.ok) throw new Error(created.message);
		const before = await count('invitation');
		const added = await inviteMember(
			db,
			coordinatorA,
			a,
			invite({ email: 'DEJA@example.fr', name: '', role: 'lecteur' })
		);
		expect(added).toEqual({
			ok: true,
			userId: created.userId,
			name: 'Déjà Là',
			token: null,
			created: false
		});
		expect(await count('invitation')).toBe(before);
		expect(await membershipOf(created.userId, a.schemeId)).toMatchObject({ role: 'lecteur' });
		expect((await eventsOf(created.userId)).map((e) => [e.action, e.scheme_id])).toEqual([
			['create', null],
			['membership_add', a.schemeId]
		]);
		// A member of B joins A as well, keeping B.
		const alsoB = await inviteMember(
			db,
			coordinatorA,
			a,
			invite({ email: 'coord.b@example.fr', role: 'lecteur' })
		);
		expect(alsoB).toMatchObject({ ok: true, created: false });
		expect((await reloadUser(db, coordinatorB)).memberships.map((m) => m.schemeId)).toEqual([
			a.schemeId,
			b.schemeId
		]);
	});

	it('refuses a member already in the scheme, a disabled account and a new address without a name', async () => {
		const before = await counts();
		expect(
			await inviteMember(db, coordinatorA, a, invite({ email: 'lecteur.a@example.fr' }))
		).toMatchObject({ ok: false, reason: 'invalid', field: 'email' });
		await db
			.updateTable('app_user')
			.set({ disabled_at: '2026-01-01T00:00:00.000Z' })
			.where('id', '=', coordinatorB.id)
			.execute();
		expect(
			await inviteMember(db, coordinatorA, a, invite({ email: 'coord.b@example.fr' }))
		).toMatchObject({ ok: false, reason: 'invalid', field: 'email' });
		expect(await inviteMember(db, coordinatorA, a, invite({ name: '' }))).toMatchObject({
			ok: false,
			reason: 'invalid',
			field: 'name'
		});
		expect(await counts()).toEqual(before);
	});

	it('refuses an organisation outside the scheme’s territory, for an invitation and a change', async () => {
		const before = await counts();
		expect(
			await inviteMember(
				db,
				coordinatorA,
				a,
				invite({ role: 'pilote', organisationId: orgs.elsewhere })
			)
		).toMatchObject({ ok: false, reason: 'invalid', field: 'organisationId' });
		expect(await counts()).toEqual(before);
		const pilot = (await membershipOf(pilotA.id, a.schemeId))!;
		expect(
			await updateMember(db, coordinatorA, a, pilot.id, {
				role: 'pilote',
				organisationId: orgs.elsewhere,
				version: pilot.version
			})
		).toMatchObject({ ok: false, reason: 'invalid', field: 'organisationId' });
		expect(await membershipOf(pilotA.id, a.schemeId)).toMatchObject({
			organisation_id: orgs.national,
			version: 1
		});
		// The same organisation is fine in its own territory's scheme.
		expect(
			await inviteMember(
				db,
				coordinatorB,
				b,
				invite({ role: 'pilote', organisationId: orgs.elsewhere })
			)
		).toMatchObject({ ok: true, created: true });
	});

	it('keeps the coordination of scheme B, and A’s pilots and readers, out of A’s members', async () => {
		const pilot = (await membershipOf(pilotA.id, a.schemeId))!;
		const before = await counts();
		for (const user of [coordinatorB, pilotA, readerA]) {
			expect(await listMembers(db, user, a)).toMatchObject({ ok: false, reason: 'forbidden' });
			expect(await inviteMember(db, user, a, invite())).toMatchObject({
				ok: false,
				reason: 'forbidden'
			});
			expect(
				await updateMember(db, user, a, pilot.id, {
					role: 'lecteur',
					organisationId: null,
					version: pilot.version
				})
			).toMatchObject({ ok: false, reason: 'forbidden' });
			expect(await removeMember(db, user, a, pilot.id)).toMatchObject({
				ok: false,
				reason: 'forbidden'
			});
		}
		expect(await counts()).toEqual(before);
		expect(await membershipOf(pilotA.id, a.schemeId)).toEqual(pilot);
	});

	it('never reaches a membership of another scheme through its own', async () => {
		const ofB = (await membershipOf(coordinatorB.id, b.schemeId))!;
		expect(
			await updateMember(db, coordinatorA, a, ofB.id, {
				role: 'lecteur',
				organisationId: null,
				version: ofB.version
			})
		).toMatchObject({ ok: false, reason: 'not_found' });
		expect(await removeMember(db, coordinatorA, a, ofB.id)).toMatchObject({
			ok: false,
			reason: 'not_found'
		});
		expect(await membershipOf(coordinatorB.id, b.schemeId)).toEqual(ofB);
	});

	it('changes a role on the current version only, and records it in the scheme', async () => {
		const reader = (await membershipOf(readerA.id, a.schemeId))!;
		const saved = await updateMember(db, coordinatorA, a, reader.id, {
			role: 'pilote',
			organisationId: orgs.local,
			version: reader.version
		});
		expect(saved).toEqual({ ok: true, version: reader.version + 1 });
		const events = await counts();
		const stale = await updateMember(db, coordinatorA, a, reader.id, {
			role: 'coordinateur',
			organisationId: null,
			version: reader.version
		});
		expect(stale).toMatchObject({ ok: false, reason: 'conflict' });
		expect(await counts()).toEqual(events);
		expect(await membershipOf(readerA.id, a.schemeId)).toMatchObject({
			role: 'pilote',
			organisation_id: orgs.local,
			version: reader.version + 1
		});
		const last = (await eventsOf(readerA.id)).at(-1)!;
		expect(last).toMatchObject({
			action: 'membership_update',
			scheme_id: a.schemeId,
			user_id: coordinatorA.id
		});
		expect(JSON.parse(last.changes)).toEqual({
			scheme: { old: a.slug, new: a.slug },
			role: { old: 'lecteur', new: 'pilote' },
			organisationId: { old: null, new: orgs.local }
		});
		// The person's rights follow at their next request.
		expect((await reloadUser(db, readerA)).memberships).toEqual([
			{ schemeId: a.schemeId, role: 'pilote', organisationId: orgs.local }
		]);
	});

	it('removes a member from the scheme, not their account, and records it', async () => {
		const reader = (await membershipOf(readerA.id, a.schemeId))!;
		expect(await removeMember(db, coordinatorA, a, reader.id)).toEqual({
			ok: true,
			name: 'Luc Lecteur'
		});
		expect(await membershipOf(readerA.id, a.schemeId)).toBeUndefined();
		expect(
			await db.selectFrom('app_user').select('id').where('id', '=', readerA.id).execute()
		).toHaveLength(1);
		const last = (await eventsOf(readerA.id)).at(-1)!;
		expect(last).toMatchObject({ action: 'membership_remove', scheme_id: a.schemeId });
		expect(JSON.parse(last.changes)).toEqual({
			scheme: { old: a.slug, new: null },
			role: { old: 'lecteur', new: null },
			organisationId: { old: null, new: null }
		});
		expect(await removeMember(db, coordinatorA, a, reader.id)).toMatchObject({
			ok: false,
			reason: 'not_found'
		});
		expect(await listMembershipsOf(db, readerA.id)).toEqual([]);
	});

	it('does not let a coordinator remove themselves or change their own role', async () => {
		const own = (await membershipOf(coordinatorA.id, a.schemeId))!;
		const before = await counts();
		expect(await removeMember(db, coordinatorA, a, own.id)).toMatchObject({
			ok: false,
			reason: 'invalid'
		});
		expect(
			await updateMember(db, coordinatorA, a, own.id, {
				role: 'lecteur',
				organisationId: null,
				version: own.version
			})
		).toMatchObject({ ok: false, reason: 'invalid', field: 'role' });
		expect(await counts()).toEqual(before);
		expect(await membershipOf(coordinatorA.id, a.schemeId)).toEqual(own);
		// Another coordinator of the scheme may.
		const second = await inviteMember(
			db,
			coordinatorA,
			a,
			invite({ email: 'coord.b@example.fr', role: 'coordinateur' })
		);
		if (!second.ok) throw new Error('not added');
		const colleague = await reloadUser(db, coordinatorB);
		expect(
			await updateMember(db, colleague, a, own.id, {
				role: 'lecteur',
				organisationId: null,
				version: own.version
			})
		).toEqual({ ok: true, version: own.version + 1 });
	});

	it('lets the platform administration manage any scheme’s members', async () => {
		const admin = await insertTestUser(db, {
			email: 'plateforme@example.fr',
			name: 'Plateforme',
			platformAdmin: true
		});
		expect(await listMembers(db, admin, b)).toMatchObject({ ok: true });
		expect(await inviteMember(db, admin, b, invite())).toMatchObject({ ok: true, created: true });
	});
});
