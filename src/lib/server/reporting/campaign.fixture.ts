import type { MembershipRole } from '$lib/domain/policy';
import { loadCurrentUser, type CurrentUser } from '../auth/auth.service';
import type { Db } from '../db/database';
import { SCHEME } from './reporting.fixture';

// Test support for the campaign and the notices: accounts holding a membership in the booklet's
// scheme, read back as a request sees them (memberships included), on a bookletDb().

export async function memberOf(
	db: Db,
	input: { name: string; role: MembershipRole; organisation?: string | null; scheme?: string }
): Promise<CurrentUser> {
	const organisationId = input.organisation
		? (
				await db
					.selectFrom('organisation')
					.select('id')
					.where('slug', '=', input.organisation)
					.executeTakeFirstOrThrow()
			).id
		: null;
	const scheme = await db
		.selectFrom('scheme')
		.select('id')
		.where('slug', '=', input.scheme ?? SCHEME)
		.executeTakeFirstOrThrow();
	const { id } = await db
		.insertInto('app_user')
		.values({
			email: `${input.name.toLowerCase().replace(/\W/g, '')}@test.fr`,
			name: input.name,
			role: 'lecteur', // legacy column (0002): rights come from memberships
			organisation_id: organisationId
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await db
		.insertInto('membership')
		.values({
			user_id: id,
			scheme_id: scheme.id,
			role: input.role,
			organisation_id: input.role === 'pilote' ? organisationId : null
		})
		.execute();
	const user = await loadCurrentUser(db, id);
	if (!user) throw new Error(`account ${id} not found after insert`);
	return user;
}

/** Coordination, two pilots (CAF 87, Conseil départemental 87) and a reader of the booklet's scheme. */
export async function campaignUsers(db: Db) {
	return {
		coordinator: await memberOf(db, { name: 'Claire Coordination', role: 'coordinateur' }),
		cafPilot: await memberOf(db, { name: 'Marie Dupont', role: 'pilote', organisation: 'caf-87' }),
		cdPilot: await memberOf(db, { name: 'Paul Martin', role: 'pilote', organisation: 'cd-87' }),
		reader: await memberOf(db, { name: 'Luc Lecteur', role: 'lecteur' })
	};
}
