import { can } from '$lib/domain/policy';
import { error, fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { currentScheme, requireUser } from '$lib/server/auth/guards';
import { UPLOAD_LIMITS, MESSAGES } from '$lib/server/excel/xlsx-upload';
import type { CellProblem } from '$lib/server/excel/xlsx-upload';
import {
	checkFiguresUpload,
	confirmFiguresImport,
	type FiguresPreview
} from '$lib/server/figures-import/figures-import';
import {
	discardPendingFigures,
	loadPendingFigures,
	savePendingFigures
} from '$lib/server/figures-import/pending-store';
import { ENTRY_RESERVED, loadImportContext } from '$lib/server/figures-import/template';
import type { Actions, PageServerLoad } from './$types';
import { readFormData } from '$lib/server/http/forms';

// Entry by spreadsheet for one period: download the template, upload it filled in, read every
// problem or the preview of what changes, confirm. Scheme and period come from the route only.

/** Room for the multipart envelope around a file of the maximum size. */
const MULTIPART_SLACK = 64 * 1024;
/** Preview lines sent to the page; the counts always cover the whole file. */
const PREVIEW_SHOWN = 500;

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const where = { scheme: event.params.scheme, period: event.params.period.toUpperCase() };
	const context = await loadImportContext(getDb(), user, where);
	const count = (name: string) => {
		const n = Number(event.url.searchParams.get(name));
		return Number.isInteger(n) && n >= 0 && event.url.searchParams.has(name) ? n : null;
	};
	const base = {
		imported: count('importe'),
		/** Fiches submitted to the coordinator with the import. */
		submittedFiches: count('soumis'),
		limits: {
			maxFileMegabytes: UPLOAD_LIMITS.maxFileBytes / (1024 * 1024),
			maxRowsPerSheet: UPLOAD_LIMITS.maxRowsPerSheet
		}
	};
	if (!context.ok) {
		if (context.reason !== 'locked')
			error(context.reason === 'not_found' ? 404 : 403, { message: context.message });
		return { ...base, locked: context.message, scheme: null, period: null, fiches: [] };
	}
	return {
		...base,
		locked: null,
		scheme: { slug: context.scheme.slug, title: context.scheme.title },
		period: {
			code: context.period.code,
			label: context.period.label,
			closesOn: context.period.closesOn,
			late: context.period.late
		},
		fiches: context.sheets.map((s) => ({
			number: s.fiche.number,
			slug: s.fiche.slug,
			title: s.fiche.title,
			lines: s.lines.length,
			editable: s.lines.filter((l) => l.editable).length,
			entered: s.lines.filter((l) => l.figure && l.figure.value.kind !== 'empty').length
		}))
	};
};

type UploadFailure = {
	fileName: string | null;
	fileError: string;
	problems: CellProblem[];
	problemCount: number;
};
const uploadFailure = (status: number, data: Partial<UploadFailure> & { fileError: string }) =>
	fail(status, { fileName: null, problems: [], problemCount: 0, ...data } satisfies UploadFailure);

export const actions: Actions = {
	televerser: async (event) => {
		const user = requireUser(event);
		// Rights first: a reader learns nothing about the file checks.
		if (!can(user, 'scheme.report', currentScheme(event)))
			return uploadFailure(403, { fileError: ENTRY_RESERVED });
		const where = { scheme: event.params.scheme, period: event.params.period.toUpperCase() };
		// Refuse an oversized upload before reading a byte of it.
		const declared = Number(event.request.headers.get('content-length') ?? 0);
		if (declared > UPLOAD_LIMITS.maxFileBytes + MULTIPART_SLACK)
			return uploadFailure(413, { fileError: MESSAGES.tooLarge(UPLOAD_LIMITS.maxFileBytes) });
		let form: FormData;
		try {
			form = await event.request.formData();
		} catch (failure) {
			const tooLarge =
				(failure as { status?: number })?.status === 413 || /size|limit/i.test(String(failure));
			return uploadFailure(tooLarge ? 413 : 400, {
				fileError: tooLarge
					? MESSAGES.tooLarge(UPLOAD_LIMITS.maxFileBytes)
					: 'L’envoi du fichier a échoué : recommencez.'
			});
		}
		const file = form.get('fichier');
		if (!(file instanceof File) || file.size === 0)
			return uploadFailure(400, { fileError: 'Choisissez le fichier .xlsx rempli à téléverser.' });
		const fileName = file.name.slice(0, 200);
		if (file.size > UPLOAD_LIMITS.maxFileBytes)
			return uploadFailure(413, {
				fileName,
				fileError: MESSAGES.tooLarge(UPLOAD_LIMITS.maxFileBytes)
			});
		const checked = await checkFiguresUpload(
			getDb(),
			user,
			where,
			Buffer.from(await file.arrayBuffer())
		);
		if (!checked.ok)
			return uploadFailure(checked.status, {
				fileName,
				fileError: checked.message,
				problems: checked.problems,
				problemCount: checked.problemCount
			});
		const { preview, pending } = checked;
		const changes = preview.counts.new + preview.counts.changed;
		const token = changes > 0 ? await savePendingFigures(user.id, fileName, pending) : null;
		const shown: FiguresPreview = { ...preview, lines: preview.lines.slice(0, PREVIEW_SHOWN) };
		return {
			fileName,
			token,
			preview: shown,
			hiddenLines: preview.lines.length - shown.lines.length
		};
	},

	confirmer: async (event) => {
		const user = requireUser(event);
		if (!can(user, 'scheme.report', currentScheme(event)))
			return fail(403, { confirmError: ENTRY_RESERVED });
		const where = { scheme: event.params.scheme, period: event.params.period.toUpperCase() };
		const form = Object.fromEntries(await readFormData(event.request));
		const stored = await loadPendingFigures(user.id, form.jeton);
		if (!stored)
			return fail(410, {
				confirmError:
					'Cet aperçu a expiré ou n’est plus disponible : téléversez le fichier à nouveau.'
			});
		const submit = form.soumettre === 'oui';
		const result = await confirmFiguresImport(getDb(), user, where, stored.pending, { submit });
		await discardPendingFigures(String(form.jeton));
		if (!result.ok) {
			const status = { not_found: 404, forbidden: 403, locked: 423, invalid: 400, conflict: 409 }[
				result.reason
			];
			return fail(status, { confirmError: result.message });
		}
		redirect(
			303,
			`${event.url.pathname}?importe=${result.saved}${submit ? `&soumis=${result.fiches.length}` : ''}`
		);
	}
};
