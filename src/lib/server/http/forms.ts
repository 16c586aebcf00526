import { fail } from '@sveltejs/kit';

/** The posted form's fields as strings, the last value of a repeated name kept (files are never expected). */
export async function readFormStrings(request: Request): Promise<Record<string, string>> {
	const entries = Object.fromEntries(await request.formData());
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
