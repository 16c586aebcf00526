import { z } from 'zod';
import { planDocumentSchema, type PlanDocument } from '$lib/domain/plan-document';
import { PENDING_FILE_TTL_MS, pendingFileStore } from './pending-file-store';
import type { CellLocation } from './plan-import';

// The checked plan waits between the preview and the confirmation of a plan import, for the user
// who uploaded it and an hour at most (see pending-file-store.ts).

export const PENDING_IMPORT_TTL_MS = PENDING_FILE_TTL_MS;

export type PendingImport = {
	userId: number;
	fileName: string;
	doc: PlanDocument;
	slugCell: CellLocation;
	expiresAt: number;
};

const storedImport = z.object({
	userId: z.number().int(),
	fileName: z.string(),
	doc: planDocumentSchema,
	slugCell: z.object({
		sheet: z.string(),
		row: z.number().nullable(),
		column: z.string().nullable()
	}),
	expiresAt: z.number()
});

const store = pendingFileStore<PendingImport>('pilotage-sdsf-imports', (raw) => {
	const parsed = storedImport.safeParse(raw);
	return parsed.success ? parsed.data : null;
});

export const isImportToken = store.isToken;
export const purgeExpiredImports = store.purgeExpired;
export const discardPendingImport = store.discard;

/** Keeps a checked plan for confirmation; returns the token for the hidden field. */
export function savePendingImport(
	userId: number,
	fileName: string,
	doc: PlanDocument,
	slugCell: CellLocation
): Promise<string> {
	return store.save({ userId, fileName, doc, slugCell });
}

/** The pending import of this user for this token; null when unknown, expired or someone else's. */
export const loadPendingImport = store.load;
