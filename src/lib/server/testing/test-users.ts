import type { MembershipRole } from '$lib/domain/policy';
import { loadCurrentUser, type CurrentUser } from '../auth/auth.service';
import type { Db } from '../db/database';

// Test support: accounts and their memberships written straight to the database, then read back
// the way a request would see them (so the policy is fed exactly what production feeds it).

/** An organisation's id from its slug (or the id itself); null stays null. */
export async function organisationIdOf(
	db: Db,
	organisation: string | number | null | undefined
): Promise<number | null> {
	if (organisation === null || organisation === undefined) return null;
	if (typeof organisation === 'number') return organisation;
	const row = await db
		.selectFrom('organisation')
		.select('id')
		.where('slug', '=', organisation)
		.executeTakeFirstOrThrow();
	return row.id;
}

export type TestMembership = {
	schemeId: number;
	role: MembershipRole;
	/** A pilot's organisation (slug or id); defaults to the account's organisation for pilots. */
	organisation?: string | number | null;
};

/** Inserts an account with its memberships and returns it as the signed-in user. */
export async function insertTestUser(
	db: Db,
	input: {
		email: string;
		name: string;
		/** The organisation the person works for (slug or id). */
		organisation?: string | number | null;
		platformAdmin?: boolean;
		memberships?: TestMembership[];
	}
): Promise<CurrentUser> {
	const organisationId = await organisationIdOf(db, input.organisation);
	const { id } = await db
		.insertInto('app_user')
		.values({
			email: input.email,
			name: input.name,
			role: 'lecteur', // legacy column (0002): rights come from memberships
			platform_admin: input.platformAdmin ? 1 : 0,
			organisation_id: organisationId
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	for (const m of input.memberships ?? []) {
		const own =
			m.organisation !== undefined
				? await organisationIdOf(db, m.organisation)
				: m.role === 'pilote'
					? organisationId
					: null;
		await db
			.insertInto('membership')
			.values({ user_id: id, scheme_id: m.schemeId, role: m.role, organisation_id: own })
			.execute();
	}
	const user = await loadCurrentUser(db, id);
	if (!user) throw new Error(`account ${id} not found after insert`);
	return user;
}

/** The same account with its memberships as they are now in the database. */
export async function reloadUser(db: Db, user: CurrentUser): Promise<CurrentUser> {
	const fresh = await loadCurrentUser(db, user.id);
	if (!fresh) throw new Error(`account ${user.id} not found`);
	return { ...fresh, via: user.via, token: user.token ?? null };
}

/** Gives `user` a membership in the scheme of `schemeSlug` and returns them as they are now. */
export async function addMembership(
	db: Db,
	user: CurrentUser,
	schemeSlug: string,
	role: MembershipRole,
	organisation: string | number | null = role === 'pilote' ? user.organisationId : null
): Promise<CurrentUser> {
	const scheme = await db
		.selectFrom('scheme')
		.select('id')
		.where('slug', '=', schemeSlug)
		.executeTakeFirstOrThrow();
	await db
		.insertInto('membership')
		.values({
			user_id: user.id,
			scheme_id: scheme.id,
			role,
			organisation_id: await organisationIdOf(db, organisation)
		})
		.execute();
	return reloadUser(db, user);
}

/** The ids of every scheme in the database (for fixtures whose people belong to all of them). */
export async function allSchemeIds(db: Db): Promise<number[]> {
	const rows = await db.selectFrom('scheme').select('id').orderBy('id').execute();
	return rows.map((r) => r.id);
}
