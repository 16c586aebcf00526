import { beforeEach, describe, expect, it } from 'vitest';
import { withRacingWriter } from '../testing/racing-writer';
import {
	memberEditSchema,
	memberInviteSchema,
	userEditSchema,
	userInputSchema
} from '$lib/domain/account-forms';
import { fieldErrors } from '$lib/domain/fiche-edit';
import type { MembershipRole } from '$lib/domain/policy';
import type { Db } from '../db/database';
import { listEntityEvents, replayEvents, SYSTEM_ACTOR } from '../audit/audit.service';
import { loadCurrentUser, type CurrentUser } from '../auth/auth.service';
import { createTestDb } from '../testing/test-db';
import { reloadUser } from '../testing/test-users';
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

/** An account created as the command line does (platform administrator or not, no membership). */
async function makeUser(
	email: string,
	platformAdmin = false,
	organisationId: number | null = null
): Promise<CurrentUser> {
	const result = await createUser(db, SYSTEM_ACTOR, {
		email,
		name: `Nom ${email.split('@')[0]}`,
		platformAdmin,
		organisationId
	});
	if (!result.ok) throw new Error(result.message);
	return (await loadCurrentUser(db, result.userId))!;
}

/** A bare scheme, for memberships. */
async function insertScheme(slug: string): Promise<number> {
	const { id } = await db
		.insertInto('scheme')
		.values({
			slug,
			department_code: '87',
			department_name: 'Haute-Vienne',
			title: slug,
			start_year: 2022,
			end_year: 2026,
			state: 'en_cours',
			level_labels: '["Axe"]'
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return id;
}

async function join(user: CurrentUser, schemeId: number, role: MembershipRole) {
	await db
		.insertInto('membership')
		.values({
			user_id: user.id,
			scheme_id: schemeId,
			role,
			organisation_id: role === 'pilote' ? orgId : null
		})
		.execute();
	return reloadUser(db, user);
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
	admin = await makeUser('admin@example.fr', true);
});

describe('invitations', () => {
	it('creates a pending account and a one-time link, then lets its owner choose a password', async () => {
		const invited = await inviteUser(
			db,
			admin,
			userInputSchema.parse({
				email: ' Marie.Dupont@CAF.fr ',
				name: 'Marie Dupont',
				organisationId: String(orgId)
			})
		);
		if (!invited.ok) throw new Error('not invited');
		const account = await getUserAccount(db, invited.userId);
		expect(account).toMatchObject({
			email: 'marie.dupont@caf.fr',
			platform_admin: 0,
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
		expect(history[2].changes).toContainEqual({
			field: 'Administration de la plateforme',
			old: '—',
			new: 'non'
		});
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

	it('is reserved to platform administrators, not to a scheme’s coordination', async () => {
		const reader = await makeUser('lecteur@example.fr');
		const coordinator = await join(
			await makeUser('coordination@example.fr'),
			await insertScheme('a'),
			'coordinateur'
		);
		const input = userInputSchema.parse({
			email: 'x@example.fr',
			name: 'X',
			organisationId: ''
		});
		expect(await inviteUser(db, reader, input)).toEqual({ ok: false, reason: 'forbidden' });
		expect(await inviteUser(db, coordinator, input)).toEqual({ ok: false, reason: 'forbidden' });
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
			{ email: 'actif@example.fr', name: 'Actif', platformAdmin: false, organisationId: null },
			'Une phrase de passe solide'
		);
		if (!active.ok) throw new Error(active.message);
		expect(await resendInvitation(db, admin, active.userId)).toEqual({
			ok: false,
			reason: 'not_pending'
		});
		expect(await resendInvitation(db, admin, 9999)).toEqual({ ok: false, reason: 'not_found' });
	});

	it('lets a scheme’s coordination resend the link of its own members only', async () => {
		const [a, b] = [await insertScheme('a'), await insertScheme('b')];
		const coordinator = await join(await makeUser('coordination@example.fr'), a, 'coordinateur');
		const pilotOfA = await join(await makeUser('pilote.a@example.fr'), a, 'pilote');
		const readerOfB = await join(await makeUser('lecteur.b@example.fr'), b, 'lecteur');
		const stranger = await makeUser('personne@example.fr');
		const resent = await resendInvitation(db, coordinator, pilotOfA.id);
		expect(resent).toMatchObject({ ok: true, email: 'pilote.a@example.fr' });
		expect(await findInvitation(db, (resent as { token: string }).token)).not.toBeNull();
		expect(await resendInvitation(db, coordinator, readerOfB.id)).toEqual({
			ok: false,
			reason: 'not_found'
		});
		expect(await resendInvitation(db, coordinator, stranger.id)).toEqual({
			ok: false,
			reason: 'not_found'
		});
		// A pilot of the scheme is not its coordination.
		expect(await resendInvitation(db, pilotOfA, coordinator.id)).toEqual({
			ok: false,
			reason: 'not_found'
		});
		expect(await db.selectFrom('invitation').select('id').execute()).toHaveLength(1);
	});
});

describe('account edit by an administrator', () => {
	it('saves with the version it was based on, ends sessions when rights change and records old → new', async () => {
		const pilot = await makeUser('pilote@example.fr', false, orgId);
		await openSession(pilot.id, 'hash-1');
		const result = await updateUser(
			db,
			admin,
			pilot.id,
			{ name: 'Marie Martin', platformAdmin: true, organisationId: null, disabled: false },
			1
		);
		expect(result).toEqual({ ok: true, version: 2 });
		expect(await sessionsOf(pilot.id)).toBe(0);
		const events = await listEntityEvents(db, 'user', pilot.id);
		expect(replayEvents(events)).toEqual({
			email: 'pilote@example.fr',
			name: 'Marie Martin',
			platformAdmin: true,
			organisationId: null,
			disabled: false
		});
		const history = await listUserHistory(db, pilot.id);
		expect(history[0].changes).toEqual([
			{ field: 'Nom', old: 'Nom pilote', new: 'Marie Martin' },
			{ field: 'Administration de la plateforme', old: 'non', new: 'oui' },
			{ field: 'Organisation', old: 'CAF 87', new: '—' }
		]);
	});

	it('disables an account: its sessions end and the state says so', async () => {
		const reader = await makeUser('lecteur@example.fr');
		await openSession(reader.id, 'hash-2');
		expect(
			await updateUser(
				db,
				admin,
				reader.id,
				{ name: reader.name, platformAdmin: false, organisationId: null, disabled: true },
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
		const reader = await makeUser('lecteur@example.fr');
		await updateUser(
			db,
			admin,
			reader.id,
			{ name: 'Premier', platformAdmin: false, organisationId: null, disabled: false },
			1
		);
		const events = (await listEntityEvents(db, 'user', reader.id)).length;
		const stale = await updateUser(
			db,
			admin,
			reader.id,
			{ name: 'Second', platformAdmin: false, organisationId: null, disabled: false },
			1
		);
		expect(stale).toEqual({ ok: false, reason: 'conflict', currentVersion: 2 });
		expect((await getUserAccount(db, reader.id))!.name).toBe('Premier');
		expect(await listEntityEvents(db, 'user', reader.id)).toHaveLength(events);
	});

	it('refuses the write when another writer moved the account in between, then answers the conflict', async () => {
		const reader = await makeUser('lecteur.course@example.fr');
		const racing = withRacingWriter(db, 'app_user');
		const result = await updateUser(
			racing.db,
			admin,
			reader.id,
			{ name: 'Écrasé ?', platformAdmin: false, organisationId: null, disabled: false },
			1
		);
		expect(racing.raced()).toBe(true);
		expect(result).toEqual({ ok: false, reason: 'conflict', currentVersion: 2 });
		expect((await getUserAccount(db, reader.id))!.name).not.toBe('Écrasé ?');
	});

	it('refuses non-administrators and an administrator removing their own rights', async () => {
		const pilot = await makeUser('pilote@example.fr', false, orgId);
		const coordinator = await join(
			await makeUser('coordination@example.fr'),
			await insertScheme('a'),
			'coordinateur'
		);
		expect(
			await updateUser(
				db,
				coordinator,
				pilot.id,
				{ name: 'X', platformAdmin: false, organisationId: orgId, disabled: false },
				1
			)
		).toEqual({ ok: false, reason: 'forbidden' });
		expect(
			await updateUser(
				db,
				pilot,
				pilot.id,
				{ name: 'X', platformAdmin: true, organisationId: orgId, disabled: false },
				1
			)
		).toEqual({ ok: false, reason: 'forbidden' });
		expect(
			await updateUser(
				db,
				admin,
				admin.id,
				{ name: admin.name, platformAdmin: true, organisationId: null, disabled: true },
				1
			)
		).toMatchObject({ ok: false, field: 'disabled' });
		expect(
			await updateUser(
				db,
				admin,
				admin.id,
				{ name: admin.name, platformAdmin: false, organisationId: null, disabled: false },
				1
			)
		).toMatchObject({ ok: false, field: 'platformAdmin' });
		expect(
			await updateUser(
				db,
				admin,
				pilot.id,
				{ name: 'X', platformAdmin: false, organisationId: 4242, disabled: false },
				1
			)
		).toMatchObject({ ok: false, field: 'organisationId' });
		expect((await getUserAccount(db, pilot.id))!).toMatchObject({
			platform_admin: 0,
			organisation_id: orgId,
			version: 1
		});
		expect((await getUserAccount(db, admin.id))!).toMatchObject({ platform_admin: 1, version: 1 });
	});
});

describe('account form schemas', () => {
	it('explain each problem in French next to its field', () => {
		const invite = userInputSchema.safeParse({
			email: 'pas-une-adresse',
			name: '',
			organisationId: ''
		});
		expect(fieldErrors(invite.error!)).toEqual({
			email: 'Adresse e-mail invalide (exemple : prenom.nom@caf.fr).',
			name: 'Le nom est requis.'
		});
		// Roles are per scheme now: the member forms check them.
		const member = memberInviteSchema.safeParse({
			email: 'paul@example.fr',
			role: 'chef',
			organisationId: ''
		});
		expect(fieldErrors(member.error!)).toEqual({ role: 'Choisissez un rôle dans la liste.' });
		const pilot = memberEditSchema.safeParse({
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
				organisationId: '',
				disabled: 'on',
				version: '3'
			})
		).toEqual({
			name: 'Paul',
			organisationId: null,
			platformAdmin: false,
			disabled: true,
			version: 3
		});
	});
});
