import type { BrowserContext } from 'playwright-core';

export const DEMO_PASSWORD = 'Pilotage-SDSF-demo';

export const DEMO = {
	/** Administrateur de la plateforme: territories, schemes, organisations, every account. */
	platformAdmin: 'admin@demo.sdsf.fr',
	/** Coordination of the Haute-Vienne scheme (the « administrator » of one scheme). */
	admin: 'coordination@demo.sdsf.fr',
	cafPilot: 'pilote.caf87@demo.sdsf.fr',
	cdPilot: 'pilote.cd87@demo.sdsf.fr',
	limogesPilot: 'pilote.limoges@demo.sdsf.fr',
	reader: 'lecteur@demo.sdsf.fr'
} as const;

/** Signs in through the real form and returns the session cookie as a Cookie header value. */
export async function signIn(
	baseUrl: string,
	email: string,
	password = DEMO_PASSWORD
): Promise<string> {
	const response = await fetch(`${baseUrl}/connexion`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			Origin: baseUrl,
			Accept: 'text/html',
			'Content-Type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({ email, password })
	});
	const cookie = response.headers.getSetCookie().find((c) => c.startsWith('sdsf_session='));
	if (response.status !== 303 || !cookie) {
		throw new Error(`Connexion de ${email} refusée (HTTP ${response.status}).`);
	}
	return cookie.split(';')[0];
}

/** Puts a signed-in session into a browser context. */
export async function signInContext(
	context: BrowserContext,
	baseUrl: string,
	email: string
): Promise<void> {
	const [name, value] = (await signIn(baseUrl, email)).split('=');
	await context.addCookies([{ name, value, url: baseUrl, httpOnly: true, sameSite: 'Lax' }]);
}
