import { fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { requirePlatformAdmin } from '$lib/server/auth/guards';
import {
	discardPendingImport,
	loadPendingImport,
	savePendingImport
} from '$lib/server/excel/import-store';
import {
	confirmPlanImport,
	parsePlanWorkbook,
	previewPlanImport
} from '$lib/server/excel/plan-import';
import { MESSAGES, UPLOAD_LIMITS, type CellProblem } from '$lib/server/excel/xlsx-upload';
import type { Actions, PageServerLoad } from './$types';
import { readFormData } from '$lib/server/http/forms';

// Room for the multipart envelope around a file of the maximum size.
const MULTIPART_SLACK = 64 * 1024;

export const load: PageServerLoad = async (event) => {
	requirePlatformAdmin(event);
	return {
		limits: {
			maxFileMegabytes: UPLOAD_LIMITS.maxFileBytes / (1024 * 1024),
			maxRowsPerSheet: UPLOAD_LIMITS.maxRowsPerSheet
		}
	};
};

type UploadProblem = {
	fileName: string | null;
	fileError: string;
	problems: CellProblem[];
	problemCount: number;
};
const uploadFailure = (status: number, data: Partial<UploadProblem> & { fileError: string }) =>
	fail(status, { fileName: null, problems: [], problemCount: 0, ...data } satisfies UploadProblem);

export const actions: Actions = {
	televerser: async (event) => {
		const user = requirePlatformAdmin(event);
		// Refuse an oversized upload before reading a byte of it.
		const declared = Number(event.request.headers.get('content-length') ?? 0);
		if (declared > UPLOAD_LIMITS.maxFileBytes + MULTIPART_SLACK) {
			return uploadFailure(413, { fileError: MESSAGES.tooLarge(UPLOAD_LIMITS.maxFileBytes) });
		}
		let form: FormData;
		try {
			form = await event.request.formData();
		} catch (error) {
			const tooLarge =
				(error as { status?: number })?.status === 413 || /size|limit/i.test(String(error));
			return uploadFailure(tooLarge ? 413 : 400, {
				fileError: tooLarge
					? MESSAGES.tooLarge(UPLOAD_LIMITS.maxFileBytes)
					: 'L’envoi du fichier a échoué : recommencez.'
			});
		}
		const file = form.get('fichier');
		if (!(file instanceof File) || file.size === 0) {
			return uploadFailure(400, { fileError: 'Choisissez le classeur .xlsx à importer.' });
		}
		const fileName = file.name.slice(0, 200);
		if (file.size > UPLOAD_LIMITS.maxFileBytes) {
			return uploadFailure(413, {
				fileName,
				fileError: MESSAGES.tooLarge(UPLOAD_LIMITS.maxFileBytes)
			});
		}
		const parsed = await parsePlanWorkbook(Buffer.from(await file.arrayBuffer()));
		if (!parsed.ok) {
			return uploadFailure(parsed.status, {
				fileName,
				fileError: parsed.message,
				problems: parsed.problems,
				problemCount: parsed.problemCount
			});
		}
		const db = getDb();
		const preview = await previewPlanImport(db, parsed.doc, parsed.slugCell);
		if (preview.slugTaken) {
			const message = `Un schéma porte déjà l’identifiant « ${parsed.doc.scheme.slug} » : l’import crée toujours un nouveau schéma. Changez l’identifiant dans la feuille « Schéma » puis téléversez le fichier à nouveau.`;
			return uploadFailure(409, {
				fileName,
				fileError: message,
				problems: [{ ...parsed.slugCell, message }],
				problemCount: 1
			});
		}
		const token = await savePendingImport(user.id, fileName, parsed.doc, parsed.slugCell);
		return { fileName, token, preview };
	},

	confirmer: async (event) => {
		const user = requirePlatformAdmin(event);
		const form = Object.fromEntries(await readFormData(event.request));
		const pending = await loadPendingImport(user.id, form.jeton);
		if (!pending) {
			return fail(410, {
				confirmError:
					'Cet aperçu a expiré ou n’est plus disponible : téléversez le fichier à nouveau.'
			});
		}
		const result = await confirmPlanImport(getDb(), user, pending.doc);
		await discardPendingImport(String(form.jeton));
		if (!result.ok) {
			return fail(result.reason === 'forbidden' ? 403 : 409, {
				confirmError:
					result.reason === 'forbidden'
						? 'Seul un administrateur peut importer un plan.'
						: `Un schéma « ${pending.doc.scheme.slug} » a été créé entre-temps : rien n’a été importé. Changez l’identifiant dans le fichier puis téléversez-le à nouveau.`
			});
		}
		redirect(303, `/schemas/${encodeURIComponent(result.slug)}?importe=1`);
	}
};
