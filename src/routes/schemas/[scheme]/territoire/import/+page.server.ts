import { fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { authorizeUser, currentScheme } from '$lib/server/auth/guards';
import { readFormData } from '$lib/server/http/forms';
import { describeSummary } from '$lib/server/territory-data/summary';
import { listImports } from '$lib/server/territory-data/territory-data.queries';
import { importCoverageFile } from '$lib/server/territory-data/territory-data.service';
import {
	discardPendingContext,
	loadPendingContext,
	MAX_CONTEXT_FILE_BYTES,
	readUploadedFile,
	savePendingContext
} from '$lib/server/territory-data/upload';
import type { Actions, PageServerLoad } from './$types';

// Import of a CNAF coverage or places file beside the scheme: upload, read the preview (what would
// be created, revised, left unchanged), confirm; all or nothing. Coordination and platform
// administrators only. The data is public and shared by every scheme of the platform.

export const load: PageServerLoad = async (event) => {
	authorizeUser(event, 'territory.import');
	const imports = await listImports(getDb());
	const scheme = currentScheme(event);
	return {
		schemeSlug: scheme.slug,
		schemeTitle: scheme.title,
		maxFileMegabytes: MAX_CONTEXT_FILE_BYTES / (1024 * 1024),
		imported: event.url.searchParams.get('importe') === '1',
		imports
	};
};

const PREVIEW_REVISIONS = 50;

export const actions: Actions = {
	televerser: async (event) => {
		const user = authorizeUser(event, 'territory.import');
		const upload = await readUploadedFile(event);
		if (!upload.ok) return fail(upload.status, { fileError: upload.message, fileName: null });
		const result = await importCoverageFile(getDb(), upload.bytes, {
			fileName: upload.fileName,
			userId: user.id,
			dryRun: true
		});
		if (!result.ok) return fail(400, { fileError: result.message, fileName: upload.fileName });
		const { summary } = result;
		const token =
			summary.outcome === 'imported'
				? await savePendingContext(user.id, upload.fileName, upload.bytes)
				: null;
		return {
			fileName: upload.fileName,
			token,
			lines: describeSummary(summary, true),
			revisions: summary.revisions.slice(0, PREVIEW_REVISIONS),
			revisedCount: summary.values.revised
		};
	},

	confirmer: async (event) => {
		const user = authorizeUser(event, 'territory.import');
		const form = Object.fromEntries(await readFormData(event.request));
		const stored = await loadPendingContext(user.id, form.jeton);
		if (!stored)
			return fail(410, {
				confirmError:
					'Cet aperçu a expiré ou n’est plus disponible : téléversez le fichier à nouveau.'
			});
		const result = await importCoverageFile(getDb(), stored.bytes, {
			fileName: stored.fileName,
			userId: user.id
		});
		await discardPendingContext(String(form.jeton));
		if (!result.ok) return fail(400, { confirmError: result.message });
		redirect(303, `${event.url.pathname}?importe=1`);
	}
};
