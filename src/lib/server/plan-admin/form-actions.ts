import { error, fail } from '@sveltejs/kit';
import type { AdminFormState } from '$lib/components/admin/form-state';
import { readFormData } from '../http/forms';
import type { Conflict, Forbidden, Invalid, NotFound } from './results';

/** The posted form as strings (files are never expected here), and the raw FormData for lists. */
export async function readForm(request: Request) {
	const formData = await readFormData(request);
	const values: Record<string, string> = {};
	for (const [key, value] of formData)
		if (typeof value === 'string' && !(key in values)) values[key] = value;
	return { values, formData };
}

/** An id posted by a hidden field or a select; null when absent or not a positive integer. */
export function idOf(value: string | undefined): number | null {
	return value && /^\d{1,12}$/.test(value) ? Number(value) : null;
}

/** The version a form was based on; null when missing (a tampered or outdated form). */
export function versionOf(value: string | undefined): number | null {
	const id = idOf(value);
	return id && id > 0 ? id : null;
}

/** A service refusal as the page's answer: 403, or a 404/400/409 the page shows next to the form. */
export function failFrom(
	result: Forbidden | NotFound | Invalid | Conflict<object>,
	context: AdminFormState = {}
) {
	switch (result.reason) {
		case 'forbidden':
			error(403, { message: 'Action réservée à la coordination du schéma.' });
		// eslint-disable-next-line no-fallthrough -- error() throws
		case 'not_found':
			return fail(404, { ...context, errors: { _form: result.message } } satisfies AdminFormState);
		case 'invalid':
			return fail(400, {
				...context,
				errors: { [result.field]: result.message }
			} satisfies AdminFormState);
		case 'conflict':
			return fail(409, {
				...context,
				conflict: {
					current: result.current as Record<string, unknown>,
					currentVersion: result.currentVersion
				}
			} satisfies AdminFormState);
	}
}

/** A form posted without its version or ids: someone edited the page's HTML, or it is very old. */
export function failMalformed(context: AdminFormState = {}) {
	return fail(400, {
		...context,
		errors: { _form: 'Formulaire incomplet : rechargez la page et recommencez.' }
	} satisfies AdminFormState);
}
