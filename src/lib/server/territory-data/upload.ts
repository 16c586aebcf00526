import { z } from 'zod';
import type { RequestEvent } from '@sveltejs/kit';
import { pendingFileStore } from '../excel/pending-file-store';

// The upload of a coverage file: bounded before a byte is read, then kept between the preview and
// the confirmation (the file itself, base64, in the private pending store: the confirmation
// imports exactly what was previewed, and a second preview is never needed).

export const MAX_CONTEXT_FILE_BYTES = 10 * 1024 * 1024;
/** Room for the multipart envelope around a file of the maximum size. */
const MULTIPART_SLACK = 64 * 1024;

const tooLarge = () =>
	`Le fichier dépasse ${MAX_CONTEXT_FILE_BYTES / (1024 * 1024)} Mo : importez un fichier par échelle et par année.`;

export type UploadRead =
	| { ok: true; fileName: string; bytes: Uint8Array }
	| { ok: false; status: number; message: string };

/** The `fichier` field of a multipart form, or why it cannot be read. */
export async function readUploadedFile(event: RequestEvent): Promise<UploadRead> {
	const declared = Number(event.request.headers.get('content-length') ?? 0);
	if (declared > MAX_CONTEXT_FILE_BYTES + MULTIPART_SLACK)
		return { ok: false, status: 413, message: tooLarge() };
	let form: FormData;
	try {
		form = await event.request.formData();
	} catch (failure) {
		const large =
			(failure as { status?: number })?.status === 413 || /size|limit/i.test(String(failure));
		return large
			? { ok: false, status: 413, message: tooLarge() }
			: { ok: false, status: 400, message: 'L’envoi du fichier a échoué : recommencez.' };
	}
	const file = form.get('fichier');
	if (!(file instanceof File) || file.size === 0)
		return { ok: false, status: 400, message: 'Choisissez le fichier CSV à importer.' };
	if (file.size > MAX_CONTEXT_FILE_BYTES) return { ok: false, status: 413, message: tooLarge() };
	return {
		ok: true,
		fileName: file.name.slice(0, 200) || 'fichier.csv',
		bytes: new Uint8Array(await file.arrayBuffer())
	};
}

const pendingSchema = z.object({
	userId: z.number().int(),
	fileName: z.string(),
	expiresAt: z.number(),
	content: z.string().max(Math.ceil((MAX_CONTEXT_FILE_BYTES * 4) / 3) + 4)
});
type PendingContext = z.output<typeof pendingSchema>;

const store = pendingFileStore<PendingContext>('pilotage-sdsf-territory', (raw) => {
	const parsed = pendingSchema.safeParse(raw);
	return parsed.success ? parsed.data : null;
});

export function savePendingContext(userId: number, fileName: string, bytes: Uint8Array) {
	return store.save({ userId, fileName, content: Buffer.from(bytes).toString('base64') });
}

export async function loadPendingContext(userId: number, token: unknown) {
	const stored = await store.load(userId, token);
	return stored
		? { fileName: stored.fileName, bytes: new Uint8Array(Buffer.from(stored.content, 'base64')) }
		: null;
}

export const discardPendingContext = store.discard;
