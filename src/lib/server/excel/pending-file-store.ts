import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { config } from '../config';

// Between an upload's preview and its confirmation, what was checked waits in a private temporary
// file named after a hash of a random token the page carries in a hidden field (so the token never
// appears on disk); only the user who uploaded it may read it back, within the hour. Nothing is
// re-uploaded. The plan import and the figures import each keep one such store, in its own folder.

export const PENDING_FILE_TTL_MS = 60 * 60 * 1000;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** What every stored file carries besides its payload. */
export type PendingEnvelope = { userId: number; fileName: string; expiresAt: number };

export type PendingFileStore<T extends PendingEnvelope> = {
	isToken(value: unknown): value is string;
	/** Deletes files past their expiry (called on each new save). */
	purgeExpired(now?: number): Promise<void>;
	/** Keeps a record for confirmation; returns the token for the hidden field. */
	save(record: Omit<T, 'expiresAt'>): Promise<string>;
	/** This user's record for this token; null when unknown, expired, unreadable or someone else's. */
	load(userId: number, token: unknown): Promise<T | null>;
	discard(token: string): Promise<void>;
};

/**
 * A store under IMPORT_TEMP_DIR (default: the system's temporary folder)/`folderName`. `parse`
 * checks a file read back: it is ours, but it is read as data, never trusted as it is.
 */
export function pendingFileStore<T extends PendingEnvelope>(
	folderName: string,
	parse: (raw: unknown) => T | null
): PendingFileStore<T> {
	const folder = () => join(config().IMPORT_TEMP_DIR || tmpdir(), folderName);
	const fileFor = (token: string) =>
		join(folder(), `${createHash('sha256').update(token).digest('hex')}.json`);
	const isToken = (value: unknown): value is string =>
		typeof value === 'string' && TOKEN_PATTERN.test(value);

	async function purgeExpired(now = Date.now()): Promise<void> {
		let names: string[];
		try {
			names = await readdir(folder());
		} catch {
			return;
		}
		await Promise.all(
			names
				.filter((n) => n.endsWith('.json'))
				.map(async (name) => {
					const path = join(folder(), name);
					try {
						if ((await stat(path)).mtimeMs + PENDING_FILE_TTL_MS < now)
							await rm(path, { force: true });
					} catch {
						// Already gone.
					}
				})
		);
	}

	async function discard(token: string): Promise<void> {
		if (!isToken(token)) return;
		await rm(fileFor(token), { force: true });
	}

	return {
		isToken,
		purgeExpired,
		discard,
		async save(record) {
			await purgeExpired();
			await mkdir(folder(), { recursive: true, mode: 0o700 });
			const token = randomBytes(32).toString('base64url');
			const stored = { ...record, expiresAt: Date.now() + PENDING_FILE_TTL_MS };
			await writeFile(fileFor(token), JSON.stringify(stored), { mode: 0o600, flag: 'wx' });
			return token;
		},
		async load(userId, token) {
			if (!isToken(token)) return null;
			let raw: unknown;
			try {
				raw = JSON.parse(await readFile(fileFor(token), 'utf8'));
			} catch {
				return null;
			}
			const stored = parse(raw);
			if (!stored || stored.userId !== userId) return null;
			if (stored.expiresAt < Date.now()) {
				await discard(token);
				return null;
			}
			return stored;
		}
	};
}
