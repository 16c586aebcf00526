/**
 * A form post as a browser on the site sends it: the Origin header passes the CSRF check, and
 * Accept: text/html gets the page (a redirect or the re-rendered form) rather than action JSON.
 * A field given a list is sent once per value (checkboxes).
 */
export function postForm(
	baseUrl: string,
	path: string,
	fields: Record<string, string | string[]>,
	cookie?: string | null
): Promise<Response> {
	const body = new URLSearchParams();
	for (const [name, value] of Object.entries(fields)) {
		for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
	}
	return fetch(`${baseUrl}${path}`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin: baseUrl,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded',
			...(cookie ? { cookie } : {})
		},
		body
	});
}

/** The HTML of a response without Svelte's hydration markers, so patterns read as the markup. */
export async function unmarkedHtml(response: Response | Promise<Response>): Promise<string> {
	return (await (await response).text()).replace(/<!--[\s\S]*?-->/g, '');
}

/** HTML without hydration comments, scoping classes and blanks between tags, entities decoded. */
export async function flatHtml(response: Response): Promise<string> {
	return (await response.text())
		.replace(/<!--[\s\S]*?-->/g, '')
		.replace(/>\s+</g, '><')
		.replace(/ class="svelte-[\w-]+"/g, '')
		.replace(/ svelte-[\w-]+"/g, '"')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&amp;/g, '&');
}
