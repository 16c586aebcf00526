import { beforeEach, describe, expect, it } from 'vitest';
import { userEditSchema, userInputSchema } from '$lib/domain/account-forms';
import { fieldErrors } from '$lib/domain/fiche-edit';
import type { UserRole } from '$lib/domain/permissions';
import type { Db } from '../db/database';
import { listEntityEvents, replayEvents, SYSTEM_ACTOR } from '../audit/audit.service';
import type { CurrentUser } from '../auth/auth.service';
import { createTestDb } from '../testing/test-db';
import {
	acceptInvitation,
	createUser,
	findInvitation,
	getUserAccount,
	inviteUser,
	listUserHistory,
	resendInvitation,
	updateUser
} from './users.service';

let db: Db;
let admin: CurrentUser;
let orgId: number;

async function makeUser(
	email: string,
	role: UserRole,
	organisationId: number | null = null
): Promise<CurrentUser> {
	const result = await createUser(db, SYSTEM_ACTOR, {
		email,
		name: `Nom ${email.split('@')[0]}`,
		role,
		organisationId
	});
	if (!result.ok) throw new Error(result.message);
	return {
		id: result.userId,
		email,
		name: `Nom ${email.split('@')[0]}`,
		role,
		organisationId,
		organisationShortName: null,
		via: 'session'
	};
}

async function openSession(userId: number, tokenHash: string) {
	await db
		.insertInto('user_session')
		.values({
			user_id: userId,
			token_hash: tokenHash,
			expires_at: new Date(Date.now() + 3600_000).toISOString()
		})
		.execute();
}

const sessionsOf = async (userId: number) =>
	(await db.selectFrom('user_session').select('id').where('user_id', '=', userId).execute()).length;

beforeEach(async () => {
	db = await createTestDb();
	orgId = (
		await db
			.insertInto('organisation')
			.values({
				slug: 'caf-87',
				name: 'Caisse d’allocations familiales de la Haute-Vienne',
				short_name: 'CAF 87',
				type: 'caf'
			})
			.returning('id')
			.executeTakeFirstOrThrow()
	).id;
	admin = await makeUser('admin@example.fr', 'administrateur');
});

describe('invitations', () => {
	it('creates a pending account and a one-time link, then lets its owner choose a password', async () => {
		const invited = await inviteUser(
			db,
			admin,
			userInputSchema.parse({
				email: ' Marie.Dupont@CAF.fr ',
				name: 'Marie Dupont',
				role: 'pilote',
				organisationId: String(orgId)
			})
		);
		if (!invited.ok) throw new Error('not invited');
		const account = await getUserAccount(db, invited.userId);
		expect(account).toMatchObject({
			email: 'marie.dupont@caf.fr',
			role: 'pilote',
			organisation_short_name: 'CAF 87',
			state: 'invitation'
		});
		expect(account).not.toHaveProperty('password_hash');
		expect(await findInvitation(db, invited.token)).toMatchObject({ name: 'Marie Dupont' });

		expect(await acceptInvitation(db, invited.token, 'court')).toMatchObject({
			ok: false,
			field: 'password'
		});
		expect(await acceptInvitation(db, invited.token, 'Une phrase de passe solide')).toEqual({
			ok: true,
			userId: invited.userId
		});
		expect((await getUserAccount(db, invited.userId))!.state).toBe('actif');
		expect(await acceptInvitation(db, invited.token, 'Une autre phrase solide')).toMatchObject({
			ok: false,
			field: 'token'
		});

		const history = await listUserHistory(db, invited.userId);
		expect(history.map((h) => h.action)).toEqual([
			'Mot de passe choisi (invitation acceptée)',
			'Invitation envoyée',
			'Création du compte'
		]);
		expect(history[2].changes).toContainEqual({ field: 'Rôle', old: '—', new: 'Pilote' });
		expect(history[2].changes).toContainEqual({ field: 'Organisation', old: '—', new: 'CAF 87' });
		expect(history[2].actor).toBe('Nom admin');
	});

	it('refuses a taken address and writes nothing', async () => {
		const before = await db.selectFrom('audit_event').select('id').execute();
		const result = await inviteUser(
			db,
			admin,
			userInputSchema.parse({
				email: 'ADMIN@example.fr',
				name: 'Doublon',
				role: 'lecteur',
				organisationId: ''
			})
		);
		expect(result).toEqual({
			ok: false,
			reason: 'invalid',
			field: 'email',
			message: 'Un compte existe déjà avec cette adresse.'
		});
		expect(await db.selectFrom('audit_event').select('id').execute()).toHaveLength(before.length);
		expect(await db.selectFrom('invitation').select('id').execute()).toHaveLength(0);
	});

	it('is reserved to administrators', async () => {
		const reader = await makeUser('lecteur@example.fr', 'lecteur');
		const input = userInputSchema.parse({
			email: 'x@example.fr',
			name: 'X',
			role: 'lecteur',
			organisationId: ''
		});
		expect(await inviteUser(db, reader, input)).toEqual({ ok: false, reason: 'forbidden' });
		expect(
			await db
				.selectFrom('app_user')
				.select('id')
				.where('email', '=', 'x@example.fr')
				.executeTakeFirst()
		).toBeUndefined();
	});

	it('resends a link for a pending account only, and the earlier link stops working', async () => {
		const invited = await inviteUser(
			db,
			admin,
			userInputSchema.parse({
				email: 'luc@example.fr',
				name: 'Luc',
				role: 'lecteur',
				organisationId: ''
			})
		);
		if (!invited.ok) throw new Error('not invited');
		const again = await resendInvitation(db, admin, invited.userId);
		if (!again.ok) throw new Error('not resent');
		expect(again.token).not.toBe(invited.token);
		expect(await findInvitation(db, invited.token)).toBeNull();
		expect(await findInvitation(db, again.token)).toMatchObject({ email: 'luc@example.fr' });
		const active = await createUser(
			db,
			SYSTEM_ACTOR,
			{ email: 'actif@example.fr', name: 'Actif', role: 'lecteur', organisationId: null },
			'Une phrase de passe solide'
		);
		if (!active.ok) throw new Error(active.message);
		expect(await resendInvitation(db, admin, active.userId)).toEqual({
			ok: false,
			reason: 'not_pending'
		});
		expect(await resendInvitation(db, admin, 9999)).toEqual({ ok: false, reason: 'not_found' });
	});
});

describe('account edit by an administrator', () => {
	it('saves with the version it was based on, ends sessions when rights change and records old → new', async () => {
		const pilot = await makeUser('pilote@example.fr', 'pilote', orgId);
		await openSession(pilot.id, 'hash-1');
		const result = await updateUser(
			db,
			admin,
			pilot.id,
			{ name: 'Marie Martin', role: 'lecteur', organisationId: null, disabled: false },
			1
		);
		expect(result).toEqual({ ok: true, version: 2 });
		expect(await sessionsOf(pilot.id)).toBe(0);
		const events = await listEntityEvents(db, 'user', pilot.id);
		expect(replayEvents(events)).toEqual({
			email: 'pilote@example.fr',
			name: 'Marie Martin',
			role: 'lecteur',
			organisationId: null,
			disabled: false
		});
		const history = await listUserHistory(db, pilot.id);
		expect(history[0].changes).toEqual([
			{ field: 'Nom', old: 'Nom pilote', new: 'Marie Martin' },
			{ field: 'Rôle', old: 'Pilote', new: 'Lecteur (comité de pilotage)' },
			{ field: 'Organisation', old: 'CAF 87', new: '—' }
		]);
	});

	it('disables an account: its sessions end and the state says so', async () => {
		const reader = await makeUser('lecteur@example.fr', 'lecteur');
		await openSession(reader.id, 'hash-2');
		expect(
			await updateUser(
				db,
				admin,
				reader.id,
				{ name: reader.name, role: 'lecteur', organisationId: null, disabled: true },
				1
			)
		).toMatchObject({ ok: true });
		expect(await sessionsOf(reader.id)).toBe(0);
		expect((await getUserAccount(db, reader.id))!.state).toBe('desactive');
		expect((await listUserHistory(db, reader.id))[0].changes).toEqual([
			{ field: 'Compte désactivé', old: 'Non', new: 'Oui' }
		]);
	});

	it('answers a conflict on a stale version and writes nothing', async () => {
		const reader = await makeUser('lecteur@example.fr', 'lecteur');
		await updateUser(
			db,
			admin,
			reader.id,
			{ name: 'Premier', role: 'lecteur', organisationId: null, disabled: false },
			1
		);
		const events = (await listEntityEvents(db, 'user', reader.id)).length;
		const stale = await updateUser(
			db,
			admin,
			reader.id,
			{ name: 'Second', role: 'lecteur', organisationId: null, disabled: false },
			1
		);
		expect(stale).toEqual({ ok: false, reason: 'conflict', currentVersion: 2 });
		expect((await getUserAccount(db, reader.id))!.name).toBe('Premier');
		expect(await listEntityEvents(db, 'user', reader.id)).toHaveLength(events);
	});

	it('refuses non-administrators and an administrator removing their own rights', async () => {
		const pilot = await makeUser('pilote@example.fr', 'pilote', orgId);
		expect(
			await updateUser(
				db,
				pilot,
				pilot.id,
				{ name: 'X', role: 'administrateur', organisationId: orgId, disabled: false },
				1
			)
		).toEqual({ ok: false, reason: 'forbidden' });
		expect(
			await updateUser(
				db,
				admin,
				admin.id,
				{ name: admin.name, role: 'administrateur', organisationId: null, disabled: true },
				1
			)
		).toMatchObject({ ok: false, field: 'disabled' });
		expect(
			await updateUser(
				db,
				admin,
				admin.id,
				{ name: admin.name, role: 'lecteur', organisationId: null, disabled: false },
				1
			)
		).toMatchObject({ ok: false, field: 'role' });
		expect(
			await updateUser(
				db,
				admin,
				pilot.id,
				{ name: 'X', role: 'pilote', organisationId: 4242, disabled: false },
				1
			)
		).toMatchObject({ ok: false, field: 'organisationId' });
		expect((await getUserAccount(db, pilot.id))!).toMatchObject({ role: 'pilote', version: 1 });
	});
});

describe('account form schemas', () => {
	it('explain each problem in French next to its field', () => {
		const invite = userInputSchema.safeParse({
			email: 'pas-une-adresse',
			name: '',
			role: 'chef',
			organisationId: ''
		});
		expect(fieldErrors(invite.error!)).toEqual({
			email: 'Adresse e-mail invalide (exemple : prenom.nom@caf.fr).',
			name: 'Le nom est requis.',
			role: 'Choisissez un rôle dans la liste.'
		});
		const pilot = userEditSchema.safeParse({
			name: 'Paul',
			role: 'pilote',
			organisationId: '',
			version: '3'
		});
		expect(fieldErrors(pilot.error!)).toEqual({
			organisationId: 'Un pilote appartient à une organisation : choisissez-la.'
		});
		expect(
			userEditSchema.parse({
				name: 'Paul',
				role: 'lecteur',
				organisationId: '',
				disabled: 'on',
				version: '3'
			})
		).toEqual({
			name: 'Paul',
			role: 'lecteur',
			organisationId: null,
			disabled: true,
			version: 3
		});
	});
});
