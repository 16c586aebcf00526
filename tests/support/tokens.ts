import { createApiToken } from '../../src/lib/server/auth/auth.service';
import { openTargetDb, type DatabaseTarget } from './database';

/**
 * Personal API tokens for demo accounts, written straight into the server's database (its SQLite
 * file — WAL lets a second process write while the server runs — or its PostgreSQL database).
 */
export async function createTokens<K extends string>(
	target: DatabaseTarget | string,
	emails: Record<K, string>
): Promise<Record<K, string>> {
	const db = openTargetDb(target);
	try {
		const tokens = {} as Record<K, string>;
		for (const [key, email] of Object.entries(emails) as [K, string][]) {
			const user = await db
				.selectFrom('app_user')
				.select('id')
				.where('email', '=', email)
				.executeTakeFirstOrThrow();
			tokens[key] = (await createApiToken(db, user.id, `Test ${key}`)).token;
		}
		return tokens;
	} finally {
		await db.destroy();
	}
}
