/** The posted form's fields as strings, the last value of a repeated name kept (files are never expected). */
export async function readFormStrings(request: Request): Promise<Record<string, string>> {
	const entries = Object.fromEntries(await request.formData());
	return Object.fromEntries(
		Object.entries(entries).filter((e): e is [string, string] => typeof e[1] === 'string')
	);
}
