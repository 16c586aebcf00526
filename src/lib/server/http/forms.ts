import { error, fail } from '@sveltejs/kit';

const FORM_CONTENT_TYPE = /^(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;

/**
 * The one way a form action reads its body: a body that is not a form (`text/plain`, JSON…) is a
 * 415 and a form that cannot be parsed (broken multipart) a 400, never a 500. A body over
 * BODY_SIZE_LIMIT keeps adapter-node's 413.
 */
export async function readFormData(request: Request): Promise<FormData> {
	if (!FORM_CONTENT_TYPE.test((request.headers.get('content-type') ?? '').trim()))
		error(415, {
			message: 'Formulaire illisible',
			hint: 'Ce formulaire s’envoie depuis sa page (type de contenu non pris en charge).'
		});
	try {
		return await request.formData();
	} catch (failure) {
		if ((failure as { status?: number } | null)?.status === 413) throw failure;
		error(400, {
			message: 'Formulaire illisible',
			hint: 'Le formulaire reçu est mal formé : rechargez la page et recommencez.'
		});
	}
}

/** The posted form's fields as strings, the last value of a repeated name kept (files are never expected). */
export async function readFormStrings(request: Request): Promise<Record<string, string>> {
	const entries = Object.fromEntries(await readFormData(request));
	return Object.fromEntries(
		Object.entries(entries).filter((e): e is [string, string] => typeof e[1] === 'string')
	);
}

/** A field whose saved value changed meanwhile: what the user sent beside what is saved. */
export type ConflictRow = { label: string; mine: string; saved: string };

/** The admin account forms' refusal in one shape, so the page reads `conflict` whatever happened. */
export function failAccountForm(
	status: number,
	values: Record<string, string>,
	errors: Record<string, string>,
	conflict: ConflictRow[] | null = null
) {
	return fail(status, { values, errors, conflict });
}
