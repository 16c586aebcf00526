import type { Cookies } from '@sveltejs/kit';
import { SESSION_COOKIE } from '../auth/auth.service';

/** The session cookie: HttpOnly, SameSite=Lax, Secure when the site is served over https. */
export function setSessionCookie(cookies: Cookies, url: URL, token: string, expiresAt: Date): void {
	cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		expires: expiresAt
	});
}

export function clearSessionCookie(cookies: Cookies): void {
	cookies.delete(SESSION_COOKIE, { path: '/' });
}

const RETURN_BASE = 'http://retour.invalid';
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const REFUSED = /[\u0000-\u001f\u007f-\u009f\\]/;

/**
 * Only a path of this site may be a return address, so the sign-in page cannot send anyone
 * elsewhere: no control character or backslash (browsers drop tabs and newlines, so `/\t/evil`
 * becomes `//evil`), and what `URL` makes of it must stay on the same origin. Anything else: `/`.
 */
export function safeReturnPath(value: string | null | undefined): string {
	if (!value || !value.startsWith('/') || REFUSED.test(value)) return '/';
	let url: URL;
	try {
		url = new URL(value, RETURN_BASE);
	} catch {
		return '/';
	}
	if (url.origin !== RETURN_BASE || !url.pathname.startsWith('/') || url.pathname.startsWith('//'))
		return '/';
	return url.pathname + url.search + url.hash;
}
