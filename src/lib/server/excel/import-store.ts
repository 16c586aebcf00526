import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planDocumentSchema, type PlanDocument } from '$lib/domain/plan-document';
import type { CellLocation } from './plan-import';

// Between the preview and the confirmation, the checked plan waits in a private temporary file,
// named after a hash of a random token the page carries in a hidden field; only the user who
// uploaded it may confirm it, and it expires after an hour. Nothing is re-uploaded.

export const PENDING_IMPORT_TTL_MS = 60 * 60 * 1000;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export type PendingImport = {
	userId: number;
	fileName: string;
	doc: PlanDocument;
	slugCell: CellLocation;
	expiresAt: number;
};

function folder(): string {
	return join(process.env.IMPORT_TEMP_DIR || tmpdir(), 'pilotage-sdsf-imports');
}

function fileFor(token: string): string {
	return join(folder(), `${createHash('sha256').update(token).digest('hex')}.json`);
}

export function isImportToken(value: unknown): value is string {
	return typeof value === 'string' && TOKEN_PATTERN.test(value);
}

/** Deletes pending imports past their expiry (called on each new upload). */
export async function purgeExpiredImports(now = Date.now()): Promise<void> {
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
					if ((await stat(path)).mtimeMs + PENDING_IMPORT_TTL_MS < now)
						await rm(path, { force: true });
				} catch {
					// Already gone.
				}
			})
	);
}

/** Keeps a checked plan for confirmation; returns the token for the hidden field. */
export async function savePendingImport(
	userId: number,
	fileName: string,
	doc: PlanDocument,
	slugCell: CellLocation
): Promise<string> {
	await purgeExpiredImports();
	await mkdir(folder(), { recursive: true, mode: 0o700 });
	const token = randomBytes(32).toString('base64url');
	const pending: PendingImport = {
		userId,
		fileName,
		doc,
		slugCell,
		expiresAt: Date.now() + PENDING_IMPORT_TTL_MS
	};
	await writeFile(fileFor(token), JSON.stringify(pending), { mode: 0o600, flag: 'wx' });
	return token;
}

/** The pending import of this user for this token; null when unknown, expired or someone else's. */
export async function loadPendingImport(
	userId: number,
	token: unknown
): Promise<PendingImport | null> {
	if (!isImportToken(token)) return null;
	let pending: PendingImport;
	try {
		pending = JSON.parse(await readFile(fileFor(token), 'utf8')) as PendingImport;
	} catch {
		return null;
	}
	if (pending.userId !== userId) return null;
	if (pending.expiresAt < Date.now()) {
		await discardPendingImport(token);
		return null;
	}
	// The file is ours, but it is read back as data, never trusted as it is.
	const doc = planDocumentSchema.safeParse(pending.doc);
	if (!doc.success) return null;
	return { ...pending, doc: doc.data };
}

export async function discardPendingImport(token: string): Promise<void> {
	if (!isImportToken(token)) return;
	await rm(fileFor(token), { force: true });
}
