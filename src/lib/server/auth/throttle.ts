import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';

// Sign-in throttling by progressive delays, per account and per client address (no lockout).
// The first failures are free; after that each attempt must wait 2^(n − free) seconds after the
// last failure (n failures so far), at most 15 minutes. An attempt refused while waiting is not a
// failure and does not lengthen the wait, so someone hammering an account gets one try per 15
// minutes at worst, and its owner can always get in: by waiting (the right password works as soon
// as the wait is over) or at once with « Mot de passe oublié ? », whose new password clears the
// account's failures. Failures older than 24 hours are forgotten.

type Q = Kysely<Database> | Transaction<Database>;

export const throttleSettings = {
	/** Failures without any wait, per account (address key `account:…`). */
	freeFailuresPerAccount: 5,
	/** Per client address (`address:…`): higher, several people may share one (NAT, proxy). */
	freeFailuresPerAddress: 30,
	maxDelayMs: 15 * 60_000,
	memoryMs: 24 * 3600_000
};

export const accountKey = (normalisedEmail: string) => `account:${normalisedEmail}`;
export const addressKey = (address: string) => `address:${address}`;

/** The wait after the last of `failures` failures: 0, then 1 s, 2 s, 4 s… at most maxDelayMs. */
export function delayAfter(failures: number, free: number): number {
	if (failures < free) return 0;
	const exponent = Math.min(failures - free, 30);
	return Math.min(1000 * 2 ** exponent, throttleSettings.maxDelayMs);
}

async function recentFailures(db: Q, key: string, since: string) {
	const row = await db
		.selectFrom('login_failure')
		.select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.max('at').as('last')])
		.where('key', '=', key)
		.where('at', '>=', since)
		.executeTakeFirstOrThrow();
	return { count: Number(row.count), last: row.last as string | null };
}

/** Milliseconds still to wait before the next attempt on `key` (0: go ahead). */
export async function waitFor(db: Q, key: string, free: number, now: number): Promise<number> {
	const { count, last } = await recentFailures(
		db,
		key,
		new Date(now - throttleSettings.memoryMs).toISOString()
	);
	const delay = delayAfter(count, free);
	if (!delay || !last) return 0;
	return Math.max(0, Date.parse(last) + delay - now);
}

export async function recordFailure(db: Q, keys: string[], now: number): Promise<void> {
	const at = new Date(now).toISOString();
	await db
		.insertInto('login_failure')
		.values(keys.map((key) => ({ key, at })))
		.execute();
}

/** Clears an account's failures (correct password, new password by reset). */
export async function clearFailures(db: Q, key: string): Promise<void> {
	await db.deleteFrom('login_failure').where('key', '=', key).execute();
}

/** Housekeeping (scheduler): failures past the memory window count for nothing any more. */
export async function purgeOldFailures(db: Q, now: Date): Promise<void> {
	await db
		.deleteFrom('login_failure')
		.where('at', '<', new Date(now.getTime() - throttleSettings.memoryMs).toISOString())
		.execute();
}
