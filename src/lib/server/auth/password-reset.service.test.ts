import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reloadConfig } from '../config';
import type { Db } from '../db/database';
import { createTestDb } from '../testing/test-db';
import { SYSTEM_ACTOR, createUser, inviteUser, listUserHistory } from '../users/users.service';
import { loadCurrentUser, signIn } from './auth.service';
import { hashToken } from './crypto';
import {
	completePasswordReset,
	findPasswordReset,
	RESET_LIFETIME_MS,
	RESET_MAX_PER_HOUR,
	requestPasswordReset
} from './password-reset.service';
import { accountKey, delayAfter, recordFailure, throttleSettings, waitFor } from './throttle';

const PASSWORD = 'Ancien-mot-de-passe-solide';
const NEW_PASSWORD = 'Nouveau-mot-de-passe-solide';
const ORIGIN = 'https://sdsf.exemple.fr';

let db: Db;
let userId: number;

beforeAll(() => {
	process.env.LOG_LEVEL = 'silent';
	reloadConfig();
});

beforeEach(async () => {
	db = await createTestDb();
	const created = await createUser(
		db,
		SYSTEM_ACTOR,
		{
			email: 'Marie.Curie@exemple.fr',
			name: 'Marie Curie',
			organisationId: null,
			platformAdmin: false
		},
		PASSWORD
	);
	if (!created.ok) throw new Error(created.message);
	userId = created.userId;
});

const mails = () => db.selectFrom('mail').selectAll().orderBy('id').execute();
const linkOf = (text: string) => /https:\/\/\S+\/mot-de-passe-oublie\/(\S+)/.exec(text)?.[1] ?? '';

async function requestLink(email = 'marie.curie@exemple.fr') {
	await requestPasswordReset(db, email, { minDurationMs: 0, origin: ORIGIN });
	const last = (await mails()).at(-1);
	return { mail: last, token: last ? linkOf(last.text_body) : '' };
}

describe('requestPasswordReset', () => {
	it('queues a French mail with an absolute single-use link, storing only the token’s hash', async () => {
		const { mail, token } = await requestLink(' MARIE.curie@Exemple.fr ');
		expect(mail).toMatchObject({
			kind: 'password_reset',
			to_address: 'marie.curie@exemple.fr',
			user_id: userId,
			status: 'queued',
			subject: 'Réinitialisation de votre mot de passe Pilotage SDSF'
		});
		expect(mail!.text_body).toContain('Bonjour Marie Curie,');
		expect(mail!.text_body).toContain(`${ORIGIN}/mot-de-passe-oublie/`);
		expect(mail!.html_body).toContain(`href="${ORIGIN}/mot-de-passe-oublie/${token}"`);
		// 256 bits in base64url.
		expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
		const reset = await db.selectFrom('password_reset').selectAll().executeTakeFirstOrThrow();
		expect(reset.token_hash).toBe(hashToken(token));
		expect(JSON.stringify(reset)).not.toContain(token);
		expect(Date.parse(reset.expires_at) - Date.parse(reset.created_at)).toBe(RESET_LIFETIME_MS);
		expect(mail!.idempotency_key).toBe(`password_reset:${reset.id}`);
	});

	it('queues nothing for an unknown address, a disabled account or one still invited, and takes as long', async () => {
		const admin = await loadCurrentUser(db, userId);
		await db.updateTable('app_user').set({ platform_admin: 1 }).where('id', '=', userId).execute();
		const invited = await inviteUser(
			db,
			{ ...admin!, platformAdmin: true },
			{
				email: 'invite@exemple.fr',
				name: 'Invitée',
				organisationId: null,
				platformAdmin: false
			}
		);
		expect(invited.ok).toBe(true);
		const before = (await mails()).length;
		const timed = async (email: string) => {
			const started = Date.now();
			await requestPasswordReset(db, email, { minDurationMs: 150, origin: ORIGIN });
			return Date.now() - started;
		};
		const unknown = await timed('personne@exemple.fr');
		expect(await timed('invite@exemple.fr')).toBeGreaterThanOrEqual(149);
		const known = await timed('marie.curie@exemple.fr');
		expect(unknown).toBeGreaterThanOrEqual(149);
		expect(known).toBeGreaterThanOrEqual(149);
		expect(Math.abs(known - unknown)).toBeLessThan(100);
		expect((await mails()).length).toBe(before + 1);
		await db
			.updateTable('app_user')
			.set({ disabled_at: new Date().toISOString() })
			.where('id', '=', userId)
			.execute();
		await requestLink();
		expect((await mails()).length).toBe(before + 1);
	});

	it('sends at most 3 links an hour per account', async () => {
		for (let i = 0; i < RESET_MAX_PER_HOUR + 2; i++) await requestLink();
		expect(await mails()).toHaveLength(RESET_MAX_PER_HOUR);
	});
});

describe('completePasswordReset', () => {
	it('sets the password, ends every session, clears the sign-in delays and spends every link', async () => {
		const first = await requestLink();
		const second = await requestLink();
		const session = await signIn(db, {
			email: 'marie.curie@exemple.fr',
			password: PASSWORD,
			address: '10.0.0.1'
		});
		expect(session.ok).toBe(true);
		const now = Date.now();
		await recordFailure(
			db,
			Array.from({ length: 12 }, () => accountKey('marie.curie@exemple.fr')),
			now
		);
		expect(await waitFor(db, accountKey('marie.curie@exemple.fr'), 5, now)).toBeGreaterThan(60_000);

		expect(await findPasswordReset(db, second.token)).toMatchObject({
			userId,
			name: 'Marie Curie'
		});
		const weak = await completePasswordReset(db, second.token, 'court');
		expect(weak).toMatchObject({ ok: false, field: 'password' });
		expect(await completePasswordReset(db, second.token, NEW_PASSWORD)).toEqual({
			ok: true,
			userId
		});

		expect(
			await db.selectFrom('user_session').selectAll().where('user_id', '=', userId).execute()
		).toEqual([]);
		expect(await waitFor(db, accountKey('marie.curie@exemple.fr'), 5, Date.now())).toBe(0);
		const signedIn = await signIn(db, {
			email: 'marie.curie@exemple.fr',
			password: NEW_PASSWORD,
			address: '10.0.0.1'
		});
		expect(signedIn.ok).toBe(true);
		const old = await signIn(db, {
			email: 'marie.curie@exemple.fr',
			password: PASSWORD,
			address: '10.0.0.1'
		});
		expect(old.ok).toBe(false);
		// Single use, and the account's earlier link is spent too.
		expect(
			await completePasswordReset(db, second.token, 'Encore-un-autre-mot-de-passe')
		).toMatchObject({ ok: false, field: 'token' });
		expect(await findPasswordReset(db, first.token)).toBeNull();
		expect((await listUserHistory(db, userId)).map((e) => e.action)).toContain(
			'Mot de passe réinitialisé (lien « Mot de passe oublié »)'
		);
	});

	it('refuses an expired link and an unknown one', async () => {
		const { token } = await requestLink();
		const later = new Date(Date.now() + RESET_LIFETIME_MS + 1000);
		expect(await findPasswordReset(db, token, later)).toBeNull();
		expect(await completePasswordReset(db, token, NEW_PASSWORD, later)).toMatchObject({
			ok: false,
			field: 'token'
		});
		expect(await completePasswordReset(db, 'inconnu', NEW_PASSWORD)).toMatchObject({
			ok: false,
			field: 'token'
		});
	});
});

describe('sign-in delays', () => {
	it('waits 2^(n − 5) seconds after the 5th failure and beyond, at most 15 minutes', () => {
		const free = throttleSettings.freeFailuresPerAccount;
		expect([0, 4, 5, 6, 7, 10, 14, 15, 40].map((n) => delayAfter(n, free))).toEqual([
			0, 0, 1000, 2000, 4000, 32_000, 512_000, 900_000, 900_000
		]);
	});

	it('counts from the last failure, and a correct password after the wait works', async () => {
		const key = accountKey('marie.curie@exemple.fr');
		const t0 = Date.now();
		await recordFailure(
			db,
			Array.from({ length: 7 }, () => key),
			t0
		);
		expect(await waitFor(db, key, 5, t0 + 1000)).toBe(3000);
		expect(await waitFor(db, key, 5, t0 + 4000)).toBe(0);
		// Failures older than 24 hours are forgotten.
		expect(await waitFor(db, key, 5, t0 + throttleSettings.memoryMs + 1)).toBe(0);
		const attempt = () =>
			signIn(db, { email: 'marie.curie@exemple.fr', password: PASSWORD, address: '10.0.0.2' });
		// The wait (4 s after the 7th failure) is over: the right password gets in, and clears them.
		await db.deleteFrom('login_failure').execute();
		await recordFailure(
			db,
			Array.from({ length: 7 }, () => key),
			Date.now() - 5000
		);
		expect((await attempt()).ok).toBe(true);
		expect(await waitFor(db, key, 5, Date.now())).toBe(0);
		// Still waiting: refused without checking the password, and not counted as a failure.
		await recordFailure(
			db,
			Array.from({ length: 7 }, () => key),
			Date.now()
		);
		const result = await attempt();
		expect(result).toMatchObject({ ok: false, reason: 'throttled', retryAfterSeconds: 4 });
		expect(
			await db.selectFrom('login_failure').selectAll().where('key', '=', key).execute()
		).toHaveLength(7);
	});
});
