import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

type Q = Kysely<Database>;

const userColumns = [
	'app_user.id',
	'app_user.email',
	'app_user.name',
	'app_user.platform_admin',
	'app_user.organisation_id',
	'app_user.password_hash',
	'app_user.disabled_at',
	'app_user.version',
	'organisation.short_name as organisation_short_name'
] as const;

export function findUserByEmail(db: Q, email: string) {
	return db
		.selectFrom('app_user')
		.leftJoin('organisation', 'organisation.id', 'app_user.organisation_id')
		.select(userColumns)
		.where('app_user.email', '=', email)
		.executeTakeFirst();
}

export function findUserById(db: Q, id: number) {
	return db
		.selectFrom('app_user')
		.leftJoin('organisation', 'organisation.id', 'app_user.organisation_id')
		.select(userColumns)
		.where('app_user.id', '=', id)
		.executeTakeFirst();
}

export function findSessionWithUser(db: Q, tokenHash: string) {
	return db
		.selectFrom('user_session')
		.innerJoin('app_user', 'app_user.id', 'user_session.user_id')
		.leftJoin('organisation', 'organisation.id', 'app_user.organisation_id')
		.select([
			...userColumns,
			'user_session.id as session_id',
			'user_session.last_seen_at',
			'user_session.expires_at'
		])
		.where('user_session.token_hash', '=', tokenHash)
		.executeTakeFirst();
}

export function findApiTokenWithUser(db: Q, tokenHash: string) {
	return db
		.selectFrom('api_token')
		.innerJoin('app_user', 'app_user.id', 'api_token.user_id')
		.leftJoin('organisation', 'organisation.id', 'app_user.organisation_id')
		.select([
			...userColumns,
			'api_token.id as token_id',
			'api_token.revoked_at',
			'api_token.scheme_id as token_scheme_id',
			'api_token.scope as token_scope',
			'api_token.last_used_at'
		])
		.where('api_token.token_hash', '=', tokenHash)
		.executeTakeFirst();
}

export function deleteSessionsOfUser(db: Q, userId: number) {
	return db.deleteFrom('user_session').where('user_id', '=', userId).execute();
}

/** A person's memberships, as the policy reads them. */
export function listMemberships(db: Q, userId: number) {
	return db
		.selectFrom('membership')
		.select([
			'membership.scheme_id as schemeId',
			'membership.role',
			'membership.organisation_id as organisationId'
		])
		.where('membership.user_id', '=', userId)
		.orderBy('membership.scheme_id')
		.execute();
}
