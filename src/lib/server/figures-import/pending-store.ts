import { z } from 'zod';
import { MAX_FIGURE_COMMENT, MAX_FIGURE_TEXT, type EntryRow } from '$lib/domain/figures';
import { pendingFileStore } from '../excel/pending-file-store';
import type { PendingFigures } from './figures-import';

// The checked rows wait between the preview and the confirmation of a figures import, for the
// user who uploaded the file and an hour at most (see excel/pending-file-store.ts); the page then
// checks they are for the same scheme and period.

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

const store = pendingFileStore<StoredFigures>('pilotage-sdsf-figures', (raw) => {
	const parsed = pendingSchema.safeParse(raw);
	return parsed.success ? parsed.data : null;
});

export const isFiguresToken = store.isToken;
export const discardPendingFigures = store.discard;

/** Keeps checked rows for confirmation; returns the token for the hidden field. */
export function savePendingFigures(
	userId: number,
	fileName: string,
	pending: PendingFigures
): Promise<string> {
	return store.save({ userId, fileName, pending });
}

/** This user's pending rows for this token; null when unknown, expired or someone else's. */
export const loadPendingFigures = store.load;
