import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { MAX_FIGURE_COMMENT, MAX_FIGURE_TEXT, type EntryRow } from '$lib/domain/figures';
import type { PendingFigures } from './figures-import';

// Between the preview and the confirmation, the checked rows wait in a private temporary file
// named after a hash of a random token the page carries in a hidden field; only the user who
// uploaded the file may confirm it, for the same scheme and period, within the hour. The file is
// never uploaded twice. (The plan import keeps its own store: excel/import-store.ts.)

export const PENDING_FIGURES_TTL_MS = 60 * 60 * 1000;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

// A grid row as saved (entryRowSchema's output: the comment already trimmed, or null).
const storedRow = z.object({
	key: z.string().regex(/^\d+(-\d+)?$/),
	value: z.string().max(MAX_FIGURE_TEXT + 100),
	notAvailable: z.boolean(),
	comment: z.string().max(MAX_FIGURE_COMMENT).nullable(),
	version: z.number().int().positive().nullable()
}) satisfies z.ZodType<EntryRow>;

const pendingSchema = z.object({
	userId: z.number().int(),
	fileName: z.string(),
	expiresAt: z.number(),
	pending: z.object({
		scheme: z.string(),
		period: z.string(),
		sheets: z.array(z.object({ fiche: z.string(), rows: z.array(storedRow) }))
	})
});
export type StoredFigures = z.output<typeof pendingSchema>;

function folder(): string {
	return join(process.env.IMPORT_TEMP_DIR || tmpdir(), 'pilotage-sdsf-figures');
}

function fileFor(token: string): string {
	return join(folder(), `${createHash('sha256').update(token).digest('hex')}.json`);
}

export function isFiguresToken(value: unknown): value is string {
	return typeof value === 'string' && TOKEN_PATTERN.test(value);
}

/** Deletes pending imports past their expiry (called on each new upload). */
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
					if ((await stat(path)).mtimeMs + PENDING_FIGURES_TTL_MS < now)
						await rm(path, { force: true });
				} catch {
					// Already gone.
				}
			})
	);
}

/** Keeps checked rows for confirmation; returns the token for the hidden field. */
export async function savePendingFigures(
	userId: number,
	fileName: string,
	pending: PendingFigures
): Promise<string> {
	await purgeExpired();
	await mkdir(folder(), { recursive: true, mode: 0o700 });
	const token = randomBytes(32).toString('base64url');
	const stored: StoredFigures = {
		userId,
		fileName,
		expiresAt: Date.now() + PENDING_FIGURES_TTL_MS,
		pending
	};
	await writeFile(fileFor(token), JSON.stringify(stored), { mode: 0o600, flag: 'wx' });
	return token;
}

/** This user's pending rows for this token; null when unknown, expired or someone else's. */
export async function loadPendingFigures(
	userId: number,
	token: unknown
): Promise<StoredFigures | null> {
	if (!isFiguresToken(token)) return null;
	let raw: unknown;
	try {
		raw = JSON.parse(await readFile(fileFor(token), 'utf8'));
	} catch {
		return null;
	}
	// The file is ours, but it is read back as data, never trusted as it is.
	const parsed = pendingSchema.safeParse(raw);
	if (!parsed.success || parsed.data.userId !== userId) return null;
	if (parsed.data.expiresAt < Date.now()) {
		await discardPendingFigures(token);
		return null;
	}
	return parsed.data;
}

export async function discardPendingFigures(token: string): Promise<void> {
	if (!isFiguresToken(token)) return;
	await rm(fileFor(token), { force: true });
}
