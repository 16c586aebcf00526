import { TOKEN_SCOPE_LABELS, type Actor, type TokenScope } from '$lib/domain/policy';
import type { Db } from '../db/database';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { actorOf, recordEvent } from '../audit/audit.service';
import { createApiToken, type CurrentUser } from './auth.service';

/** A personal API token as its owner sees it: never the secret, which only its hash stores. */
export type TokenSummary = {
	id: number;
	name: string;
	prefix: string;
	createdAt: string;
	lastUsedAt: string | null;
	revokedAt: string | null;
	/** What the token is limited to, in words: « Lecture seule — SDSF Haute-Vienne ». */
	reach: string;
};

/** The signed-in user's own tokens, newest first. */
export async function listTokens(db: Db, user: CurrentUser): Promise<TokenSummary[]> {
	const rows = await db
		.selectFrom('api_token')
		.leftJoin('scheme', 'scheme.id', 'api_token.scheme_id')
		.select([
			'api_token.id',
			'api_token.name',
			'api_token.prefix',
			'api_token.created_at',
			'api_token.last_used_at',
			'api_token.revoked_at',
			'api_token.scope',
			'scheme.title as scheme_title'
		])
		.where('api_token.user_id', '=', user.id)
		.orderBy('api_token.id', 'desc')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		name: r.name,
		prefix: r.prefix,
		createdAt: r.created_at,
		lastUsedAt: r.last_used_at,
		revokedAt: r.revoked_at,
		reach: `${TOKEN_SCOPE_LABELS[r.scope as TokenScope]} — ${r.scheme_title ?? 'tous vos schémas'}`
	}));
}

/**
 * The scheme a token may be narrowed to: one its owner belongs to (any, for a platform
 * administrator). Null otherwise: a token never reaches further than its owner.
 */
export async function findOwnScheme(
	db: Db,
	owner: Pick<Actor, 'platformAdmin' | 'memberships'>,
	slug: string
): Promise<number | null> {
	const scheme = await db
		.selectFrom('scheme')
		.select('id')
		.where('slug', '=', slug)
		.executeTakeFirst();
	if (!scheme) return null;
	return owner.platformAdmin || owner.memberships.some((m) => m.schemeId === scheme.id)
		? scheme.id
		: null;
}

export type CreateTokenResult =
	| { ok: true; id: number; name: string; prefix: string; token: string }
	| { ok: false; reason: 'forbidden' | 'not_found' };

/**
 * Creates a personal token for the signed-in user. The clear token is returned once, to be shown
 * once; a request authenticated by a token may not mint more tokens.
 */
export async function createToken(
	db: Db,
	user: CurrentUser,
	name: string,
	narrowing: { schemeSlug: string; scope: TokenScope } = { schemeSlug: '', scope: 'all' }
): Promise<CreateTokenResult> {
	if (user.via !== 'session') return { ok: false, reason: 'forbidden' };
	let schemeId: number | null = null;
	if (narrowing.schemeSlug) {
		schemeId = await findOwnScheme(db, user, narrowing.schemeSlug);
		if (schemeId === null) return { ok: false, reason: 'not_found' };
	}
	const created = await createApiToken(db, user.id, name, actorOf(user), {
		schemeId,
		scope: narrowing.scope
	});
	return { ok: true, id: created.id, name, prefix: created.prefix, token: created.token };
}

export type RevokeTokenResult =
	{ ok: true; name: string } | { ok: false; reason: 'not_found' | 'already_revoked' };

/** Revokes one of the user's own tokens: another user's token is "not found", never touched. */
export async function revokeToken(
	db: Db,
	user: CurrentUser,
	tokenId: number
): Promise<RevokeTokenResult> {
	return db.transaction().execute(async (tx) => {
		const token = await tx
			.selectFrom('api_token')
			.select(['id', 'name', 'revoked_at'])
			.where('id', '=', tokenId)
			.where('user_id', '=', user.id)
			.executeTakeFirst();
		if (!token) return { ok: false, reason: 'not_found' } as const;
		if (token.revoked_at) return { ok: false, reason: 'already_revoked' } as const;
		const revokedAt = new Date().toISOString();
		await tx
			.updateTable('api_token')
			.set({ revoked_at: revokedAt })
			.where('id', '=', tokenId)
			.where('user_id', '=', user.id)
			.where('revoked_at', 'is', null)
			.execute();
		await recordEvent(tx, actorOf(user), {
			schemeId: null,
			entityType: 'api_token',
			entityId: tokenId,
			action: 'revoke',
			changes: { revokedAt: { old: null, new: revokedAt } }
		});
		return { ok: true, name: token.name } as const;
	});
}

/**
 * Revokes every active API token of an account, in the caller's transaction: a new password
 * (changed or reset) means the old one may have leaked, and a token is as good as the password
 * that let someone create it. Returns how many were revoked.
 */
export async function revokeAllTokens(
	tx: Db | Transaction<Database>,
	userId: number,
	at: string = new Date().toISOString()
): Promise<number> {
	const result = await tx
		.updateTable('api_token')
		.set({ revoked_at: at })
		.where('user_id', '=', userId)
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows);
}
