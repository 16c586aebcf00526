import { beforeEach, describe, expect, it } from 'vitest';
import { can, PLATFORM } from '$lib/domain/policy';
import type { Db } from '../db/database';
import { listEntityEvents, SYSTEM_ACTOR } from '../audit/audit.service';
import { createTestDb } from '../testing/test-db';
import { reloadUser } from '../testing/test-users';
import { createUser } from '../users/users.service';
import { loadCurrentUser, resolveApiToken, type CurrentUser } from './auth.service';
import { hashToken } from './crypto';
import { createToken, listTokens, revokeToken } from './tokens.service';

let db: Db;
let alice: CurrentUser;
let bob: CurrentUser;
let schemeA: number;
let schemeB: number;

async function makeUser(email: string, platformAdmin = false): Promise<CurrentUser> {
	const result = await createUser(db, SYSTEM_ACTOR, {
		email,
		name: email.split('@')[0],
		platformAdmin,
		organisationId: null
	});
	if (!result.ok) throw new Error(result.message);
	return (await loadCurrentUser(db, result.userId))!;
}

async function insertScheme(slug: string, title: string): Promise<number> {
	const { id } = await db
		.insertInto('scheme')
		.values({
			slug,
			department_code: '87',
			department_name: 'Haute-Vienne',
			title,
			start_year: 2022,
			end_year: 2026,
			state: 'en_cours',
			level_labels: '["Axe"]'
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return id;
}

beforeEach(async () => {
	db = await createTestDb();
	schemeA = await insertScheme('schema-a', 'Schéma A');
	schemeB = await insertScheme('schema-b', 'Schéma B');
	// Alice reads scheme A and coordinates nothing; Bob administers the platform.
	alice = await makeUser('alice@example.fr');
	await db
		.insertInto('membership')
		.values({ user_id: alice.id, scheme_id: schemeA, role: 'lecteur' })
		.execute();
	alice = await reloadUser(db, alice);
	bob = await makeUser('bob@example.fr', true);
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
			prefix: { old: null, new: created.prefix },
			schemeId: { old: null, new: null },
			scope: { old: null, new: 'all' }
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
			revokedAt: null,
			reach: 'Tous les droits du compte — tous vos schémas'
		});
	});

	it('narrows a token to one scheme of its owner and a scope, and says so in the list', async () => {
		const created = await createToken(db, alice, 'Lecture A', {
			schemeSlug: 'schema-a',
			scope: 'read'
		});
		if (!created.ok) throw new Error('token not created');
		expect(await resolveApiToken(db, created.token)).toMatchObject({
			id: alice.id,
			via: 'token',
			token: { schemeId: schemeA, scope: 'read' }
		});
		await createToken(db, alice, 'Chiffres', { schemeSlug: '', scope: 'figures' });
		expect((await listTokens(db, alice)).map((t) => [t.name, t.reach])).toEqual([
			['Chiffres', 'Lecture et saisie des chiffres — tous vos schémas'],
			['Lecture A', 'Lecture seule — Schéma A']
		]);
		const [event] = await listEntityEvents(db, 'api_token', created.id);
		expect(JSON.parse(event.changes)).toMatchObject({
			schemeId: { old: null, new: schemeA },
			scope: { old: null, new: 'read' }
		});
	});

	it('never narrows a token to a scheme its owner is not a member of, nor an unknown one', async () => {
		for (const schemeSlug of ['schema-b', 'inconnu'])
			expect(await createToken(db, alice, 'Trop loin', { schemeSlug, scope: 'all' })).toEqual({
				ok: false,
				reason: 'not_found'
			});
		expect(await db.selectFrom('api_token').select('id').execute()).toEqual([]);
		// The platform administrator reaches every scheme, so may narrow to any.
		expect(
			await createToken(db, bob, 'Schéma B', { schemeSlug: 'schema-b', scope: 'read' })
		).toMatchObject({ ok: true });
	});

	it('gives the request no more than the token allows, whatever its owner may do', async () => {
		const created = await createToken(db, bob, 'Saisie A', {
			schemeSlug: 'schema-a',
			scope: 'figures'
		});
		if (!created.ok) throw new Error('token not created');
		const actor = (await resolveApiToken(db, created.token))!;
		const a = { schemeId: schemeA, visibility: 'private' } as const;
		const b = { schemeId: schemeB, visibility: 'private' } as const;
		expect(can(actor, 'scheme.read', a)).toBe(true);
		expect(can(actor, 'scheme.report', a)).toBe(true);
		expect(can(actor, 'scheme.configure', a)).toBe(false);
		expect(can(actor, 'scheme.read', b)).toBe(false);
		expect(can(actor, 'platform.manage', PLATFORM)).toBe(false);
		expect(can(bob, 'platform.manage', PLATFORM)).toBe(true);
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
