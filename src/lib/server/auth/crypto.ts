import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

// OWASP's Argon2id minimum: 19 MiB, 2 passes, 1 lane.
// The package's default algorithm is Argon2id.
const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
	return hash(password.normalize('NFC'), ARGON2_OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
	try {
		return await verify(stored, password.normalize('NFC'));
	} catch {
		return false;
	}
}

let dummyHash: Promise<string> | null = null;
/** Spends the same time as a real check, so an unknown e-mail cannot be told from a wrong password. */
export async function burnPasswordCheck(password: string): Promise<void> {
	dummyHash ??= hashPassword('mot de passe fictif pour égaliser les temps');
	await verifyPassword(await dummyHash, password);
}

/** 256 random bits, URL-safe. Only its SHA-256 is ever stored. */
export function newToken(prefix = ''): string {
	return prefix + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}
