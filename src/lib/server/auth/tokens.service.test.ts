import { beforeEach, describe, expect, it } from 'vitest';
import type { UserRole } from '$lib/domain/permissions';
import type { Db } from '../db/database';
import { listEntityEvents, SYSTEM_ACTOR } from '../audit/audit.service';
import { createTestDb } from '../testing/test-db';
import { createUser } from '../users/users.service';
import { resolveApiToken, type CurrentUser } from './auth.service';
import { hashToken } from './crypto';
import { createToken, listTokens, revokeToken } from './tokens.service';

let db: Db;
let alice: CurrentUser;
let bob: CurrentUser;

async function makeUser(email: string, role: UserRole): Promise<CurrentUser> {
	const result = await createUser(db, SYSTEM_ACTOR, {
		email,
		name: email.split('@')[0],
		role,
		organisationId: null
	});
	if (!result.ok) throw new Error(result.message);
	return {
		id: result.userId,
		email,
		name: email.split('@')[0],
		role,
		organisationId: null,
		organisationShortName: null,
		via: 'session'
	};
}

beforeEach(async () => {
	db = await createTestDb();
	alice = await makeUser('alice@example.fr', 'lecteur');
	bob = await makeUser('bob@example.fr', 'administrateur');
});

describe('personal API tokens', () => {
	it('creates a token shown once, stores only its hash and records the creation', async () => {
		const created = await createToken(db, alice, 'Tableau de bord');
		if (!created.ok) throw new Error('token not created');
		expect(created.token).toMatch(/^sdsf_[A-Za-z0-9_-]{43}$/);
		expect(created.prefix).toBe(created.token.slice(0, 11));
		const row = await db
			.selectFrom('api_token')
			.selectAll()
			.where('id', '=', created.id)
			.executeTakeFirstOrThrow();
		expect(row.token_hash).toBe(hashToken(created.token));
		expect(Object.values(row)).not.toContain(created.token);
		expect(await resolveApiToken(db, created.token)).toMatchObject({ id: alice.id, via: 'token' });
		const events = await listEntityEvents(db, 'api_token', created.id);
		expect(events).toHaveLength(1);
		expect(events[0]).toMatchObject({ action: 'create', user_id: alice.id, actor: 'alice' });
		expect(JSON.parse(events[0].changes)).toEqual({
			userId: { old: null, new: alice.id },
			name: { old: null, new: 'Tableau de bord' },
			prefix: { old: null, new: created.prefix }
		});
	});

	it('lists only the user’s own tokens, newest first, without secrets', async () => {
		await createToken(db, alice, 'Premier');
		await createToken(db, bob, 'Celui de Bob');
		await createToken(db, alice, 'Second');
		const list = await listTokens(db, alice);
		expect(list.map((t) => t.name)).toEqual(['Second', 'Premier']);
		expect(list[0]).toEqual({
			id: expect.any(Number),
			name: 'Second',
			prefix: expect.stringMatching(/^sdsf_.{6}$/),
			createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
			lastUsedAt: null,
			revokedAt: null
		});
	});

	it('does not let a token mint more tokens', async () => {
		expect(await createToken(db, { ...alice, via: 'token' }, 'Rebond')).toEqual({
			ok: false,
			reason: 'forbidden'
		});
		expect(await listTokens(db, alice)).toEqual([]);
	});

	it('revokes one’s own token: it stops working at once, and is recorded', async () => {
		const created = await createToken(db, alice, 'À révoquer');
		if (!created.ok) throw new Error('token not created');
		expect(await revokeToken(db, alice, created.id)).toEqual({ ok: true, name: 'À révoquer' });
		expect(await resolveApiToken(db, created.token)).toBeNull();
		expect((await listTokens(db, alice))[0].revokedAt).toMatch(/^\d{4}-/);
		expect(await revokeToken(db, alice, created.id)).toEqual({
			ok: false,
			reason: 'already_revoked'
		});
		const events = await listEntityEvents(db, 'api_token', created.id);
		expect(events.map((e) => e.action)).toEqual(['create', 'revoke']);
	});

	it('never revokes another user’s token, even for an administrator', async () => {
		const created = await createToken(db, alice, 'Le mien');
		if (!created.ok) throw new Error('token not created');
		expect(await revokeToken(db, bob, created.id)).toEqual({ ok: false, reason: 'not_found' });
		expect(await revokeToken(db, alice, created.id + 1000)).toEqual({
			ok: false,
			reason: 'not_found'
		});
		expect(await resolveApiToken(db, created.token)).toMatchObject({ id: alice.id });
		expect(await listEntityEvents(db, 'api_token', created.id)).toHaveLength(1);
	});
});
