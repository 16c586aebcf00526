import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server';
import { postForm, unmarkedHtml as html } from '../support/http';

// Accounts through HTTP against the built server (`npx vite build` first), in demo mode.

const DEMO_PASSWORD = 'Pilotage-SDSF-demo';
const SCHEME = 'haute-vienne-2017-2021';

let server: RunningServer;

beforeAll(async () => {
	server = await startServer();
});
afterAll(async () => server?.stop());

function get(path: string, cookie?: string | null) {
	return fetch(`${server.url}${path}`, {
		redirect: 'manual',
		headers: cookie ? { cookie } : {}
	});
}

const post = (path: string, fields: Record<string, string>, cookie?: string | null) =>
	postForm(server.url, path, fields, cookie);

function sessionSetCookie(response: Response): string | null {
	return response.headers.getSetCookie().find((c) => c.startsWith('sdsf_session=')) ?? null;
}

/** Signs in; `cookie` is what a browser would send back ("sdsf_session=…"), null on failure. */
async function signIn(email: string, password = DEMO_PASSWORD) {
	const response = await post('/connexion', { email, password });
	const setCookie = sessionSetCookie(response);
	const cookie = response.status === 303 && setCookie ? setCookie.split(';')[0] : null;
	return { response, setCookie, cookie };
}

async function signedIn(email: string, password = DEMO_PASSWORD): Promise<string> {
	const { cookie, response } = await signIn(email, password);
	expect(response.status, `sign-in of ${email}`).toBe(303);
	return cookie!;
}

/** Anonymous (or dead session): the private page sends to the sign-in page. */
async function expectSignInRedirect(path: string, cookie: string | null) {
	const response = await get(path, cookie);
	expect(response.status).toBe(303);
	expect(response.headers.get('location')).toBe(`/connexion?retour=${encodeURIComponent(path)}`);
}

function hiddenValue(html: string, name: string): string {
	const input = new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)?.[0];
	const value = input && /value="([^"]*)"/.exec(input)?.[1];
	if (value === undefined || value === null) throw new Error(`no hidden input ${name}`);
	return value;
}

/** The value of the option labelled `label` in the select whose id is `id`. */
function optionValue(html: string, id: string, label: string): string {
	const select = new RegExp(`<select[^>]*id="${id}"[\\s\\S]*?</select>`).exec(html)?.[0] ?? '';
	const option = [...select.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)].find((m) =>
		m[2].startsWith(label)
	);
	if (!option) throw new Error(`no option ${label} in #${id}`);
	return option[1];
}

async function userIdByName(adminCookie: string, name: string): Promise<string> {
	const list = await html(get('/admin/utilisateurs', adminCookie));
	const id = new RegExp(`href="[^"]*/admin/utilisateurs/(\\d+)">${name}<`).exec(list)?.[1];
	if (!id) throw new Error(`no user ${name}`);
	return id;
}

describe('sessions', () => {
	it('sets a new HttpOnly, SameSite=Lax cookie at each sign-in (not Secure over http)', async () => {
		const first = await signIn('pilote.cd87@demo.sdsf.fr');
		const second = await signIn('pilote.cd87@demo.sdsf.fr');
		for (const { response, setCookie } of [first, second]) {
			expect(response.status).toBe(303);
			expect(setCookie).toMatch(/; HttpOnly/i);
			expect(setCookie).toMatch(/; SameSite=Lax/i);
			expect(setCookie).toMatch(/; Path=\//i);
			expect(setCookie).not.toMatch(/; Secure/i);
		}
		expect(first.cookie).toMatch(/^sdsf_session=.{40,}$/);
		expect(first.cookie).not.toBe(second.cookie);
		for (const cookie of [first.cookie, second.cookie]) {
			const profile = await get('/profil', cookie);
			expect(profile.status).toBe(200);
			expect(await html(profile)).toContain('Paul Martin');
		}
	});

	it('ends the session at sign-out: replaying the old cookie is anonymous', async () => {
		const cookie = await signedIn('pilote.cd87@demo.sdsf.fr');
		expect((await get('/profil', cookie)).status).toBe(200);
		const out = await post('/deconnexion', {}, cookie);
		expect(out.status).toBe(303);
		expect(out.headers.get('location')).toBe('/connexion');
		await expectSignInRedirect('/profil', cookie);
	});

	it('answers an unknown e-mail and a wrong password the same way', async () => {
		const normalise = (html: string, email: string) =>
			html.replaceAll(email, '<email>').replace(/nonce="[^"]*"/g, 'nonce=""');
		const unknown = await signIn('personne@demo.sdsf.fr', 'Un mot de passe quelconque');
		const wrong = await signIn('lecteur@demo.sdsf.fr', 'Un mot de passe quelconque');
		expect(unknown.response.status).toBe(400);
		expect(wrong.response.status).toBe(400);
		expect(unknown.setCookie).toBeNull();
		expect(wrong.setCookie).toBeNull();
		const [a, b] = [await unknown.response.text(), await wrong.response.text()];
		expect(a).toContain('Adresse e-mail ou mot de passe incorrect.');
		expect(normalise(a, 'personne@demo.sdsf.fr')).toBe(normalise(b, 'lecteur@demo.sdsf.fr'));
	});

	it('makes a 6th attempt after 5 failures wait (429 saying when), then lets the right password in', async () => {
		const email = 'pilote.caf87@demo.sdsf.fr';
		for (let i = 0; i < 5; i++) {
			const { response } = await signIn(email, `Mauvais mot de passe ${i}`);
			expect(response.status).toBe(400);
		}
		// Right away, even the right password waits: 2^0 = 1 second after the 5th failure.
		const early = await signIn(email);
		expect(early.response.status).toBe(429);
		expect(early.setCookie).toBeNull();
		expect(early.response.headers.get('retry-after')).toBe('1');
		const message = await early.response.text();
		expect(message).toContain(
			'Trop de tentatives de connexion manquées : réessayez dans 1 seconde.'
		);
		expect(message).toMatch(/href="\.?\/mot-de-passe-oublie"/);
		await new Promise((ok) => setTimeout(ok, 1100));
		// Once waited, a 6th failure doubles the wait (2 s), and a refused attempt does not count.
		expect((await signIn(email, 'Encore un mauvais')).response.status).toBe(400);
		const waiting = await signIn(email);
		expect(waiting.response.status).toBe(429);
		expect(await waiting.response.text()).toContain('réessayez dans 2 secondes');
		await new Promise((ok) => setTimeout(ok, 2100));
		// No lockout: the owner gets in as soon as the delay has passed, and the count starts over.
		const late = await signIn(email);
		expect(late.response.status).toBe(303);
		expect(late.cookie).not.toBeNull();
		expect((await signIn(email, 'Mauvais après succès')).response.status).toBe(400);
		expect((await signIn(email)).response.status).toBe(303);
	});
});

describe('administration rights', () => {
	it('refuses admin actions to a pilot and a reader (403) and sends anonymous visitors to sign in', async () => {
		const pilot = await signedIn('pilote.cd87@demo.sdsf.fr');
		const reader = await signedIn('lecteur@demo.sdsf.fr');
		const invite = {
			email: 'intrus@demo.sdsf.fr',
			name: 'Intrus',
			platformAdmin: 'on',
			organisationId: ''
		};
		const organisation = { name: 'Organisation pirate', shortName: 'Pirate', type: 'autre' };
		expect((await post('/admin/utilisateurs?/invite', invite, pilot)).status).toBe(403);
		expect((await post('/admin/utilisateurs?/invite', invite, reader)).status).toBe(403);
		expect((await post('/admin/organisations?/create', organisation, pilot)).status).toBe(403);
		expect((await post('/admin/organisations?/create', organisation, reader)).status).toBe(403);
		// A scheme's coordination is not the platform: the account pages are refused to it too.
		const coordination = await signedIn('coordination@demo.sdsf.fr');
		expect((await post('/admin/utilisateurs?/invite', invite, coordination)).status).toBe(403);
		expect((await get('/admin/utilisateurs', coordination)).status).toBe(403);
		const admin = await signedIn('admin@demo.sdsf.fr');
		const readerId = await userIdByName(admin, 'Luc Lecteur');
		const promote = {
			name: 'Luc Lecteur',
			platformAdmin: 'on',
			organisationId: '',
			version: '1'
		};
		expect((await post(`/admin/utilisateurs/${readerId}?/update`, promote, reader)).status).toBe(
			403
		);
		expect((await get('/admin', pilot)).status).toBe(403);
		expect((await get('/admin/utilisateurs', reader)).status).toBe(403);

		const anonymous = await post('/admin/utilisateurs?/invite', invite);
		expect(anonymous.status).toBe(303);
		expect(anonymous.headers.get('location')).toMatch(/^\/connexion\?retour=/);

		const users = await html(get('/admin/utilisateurs', admin));
		expect(users).not.toContain('intrus@demo.sdsf.fr');
		const readerPage = await html(get(`/admin/utilisateurs/${readerId}`, admin));
		expect(hiddenValue(readerPage, 'version')).toBe('1');
		expect(await html(get('/admin/organisations', admin))).not.toContain('Pirate');
	});
});

describe('account administration', () => {
	it('disabling an account through the admin form kills its open session', async () => {
		const victim = await signedIn('pilote.limoges@demo.sdsf.fr');
		expect((await get('/profil', victim)).status).toBe(200);
		const admin = await signedIn('admin@demo.sdsf.fr');
		const id = await userIdByName(admin, 'Sophie Bernard');
		const page = await html(get(`/admin/utilisateurs/${id}`, admin));
		const response = await post(
			`/admin/utilisateurs/${id}?/update`,
			{
				name: 'Sophie Bernard',
				organisationId: optionValue(page, 'organisation', 'Ville de Limoges'),
				disabled: 'on',
				version: hiddenValue(page, 'version')
			},
			admin
		);
		expect(response.status).toBe(200);
		expect(await html(response)).toContain('Modifications enregistrées.');
		await expectSignInRedirect('/profil', victim);
		expect((await signIn('pilote.limoges@demo.sdsf.fr')).response.status).toBe(400);
		const after = await html(get(`/admin/utilisateurs/${id}`, admin));
		expect(after).toContain('Désactivé');
		expect(after).toMatch(/Compte désactivé<\/th>\s*<td>Non<\/td>\s*<td>Oui<\/td>/);
	});

	it('shows the saved values and writes nothing when the edit is based on an old version', async () => {
		const admin = await signedIn('admin@demo.sdsf.fr');
		const id = await userIdByName(admin, 'Paul Martin');
		const page = await html(get(`/admin/utilisateurs/${id}`, admin));
		const version = hiddenValue(page, 'version');
		const organisationId = optionValue(page, 'organisation', 'CD 87');
		const base = { organisationId, version };
		const first = await post(
			`/admin/utilisateurs/${id}?/update`,
			{ ...base, name: 'Paul Martin-Durand' },
			admin
		);
		expect(first.status).toBe(200);
		const stale = await post(
			`/admin/utilisateurs/${id}?/update`,
			{ ...base, name: 'Paul Ancien' },
			admin
		);
		expect(stale.status).toBe(409);
		const conflict = await html(stale);
		expect(conflict).toContain('Modification concurrente : rien n’a été enregistré');
		expect(conflict).toContain('Paul Ancien');
		expect(conflict).toContain('Paul Martin-Durand');
		expect(hiddenValue(conflict, 'version')).toBe(String(Number(version) + 1));
		const list = await html(get('/admin/utilisateurs', admin));
		expect(list).toContain('Paul Martin-Durand');
		expect(list).not.toContain('Paul Ancien');
	});

	it('invites a user end to end: link on the page (never in the log), password chosen, sign-in', async () => {
		const admin = await signedIn('admin@demo.sdsf.fr');
		const page = await html(get('/admin/utilisateurs', admin));
		const fields = {
			email: 'Nina.Nouvelle@demo',
			name: 'Nina Nouvelle',
			organisationId: ''
		};
		const badEmail = await post('/admin/utilisateurs?/invite', fields, admin);
		expect(badEmail.status).toBe(400);
		const badHtml = await html(badEmail);
		expect(badHtml).toContain('Adresse e-mail invalide (exemple : prenom.nom@caf.fr).');
		expect(badHtml).toMatch(/aria-describedby="[^"]*invite-email-error"/);
		fields.email = 'Nina.Nouvelle@demo.sdsf.fr';

		fields.organisationId = optionValue(page, 'invite-organisation', 'CAF 87');
		const invited = await post('/admin/utilisateurs?/invite', fields, admin);
		expect(invited.status).toBe(200);
		const invitedHtml = await html(invited);
		const link = new RegExp(`${server.url}/invitation/[A-Za-z0-9_-]{43}`).exec(invitedHtml)?.[0];
		expect(link).toBeDefined();
		// The link is a credential: shown to the administrator, never written to the server's log.
		const token = link!.split('/').at(-1)!;
		// The log line may land just after the response.
		await expect.poll(() => server.output(), { timeout: 2000 }).toMatch(/"msg":"invitation créée"/);
		expect(server.output()).not.toContain(token);
		const pending = await html(get('/admin/utilisateurs', admin));
		expect(pending).toMatch(/Nina Nouvelle<\/a><\/th>[\s\S]*?Invitation en attente/);

		const path = new URL(link!).pathname;
		const welcome = await get(path);
		expect(welcome.status).toBe(200);
		const welcomeHtml = await html(welcome);
		expect(welcomeHtml).toContain('Nina Nouvelle');
		expect(welcomeHtml).toContain('nina.nouvelle@demo.sdsf.fr');

		const mismatch = await post(path, {
			password: 'Trois pommes vertes',
			confirmation: 'Trois pommes rouges'
		});
		expect(mismatch.status).toBe(400);
		const mismatchHtml = await html(mismatch);
		expect(mismatchHtml).toContain('Les deux saisies du mot de passe ne correspondent pas.');
		expect(mismatchHtml).not.toContain('Trois pommes');
		const weak = await post(path, { password: 'court', confirmation: 'court' });
		expect(await html(weak)).toContain('Le mot de passe doit compter au moins 12 caractères.');

		const accepted = await post(path, {
			password: 'Trois pommes vertes',
			confirmation: 'Trois pommes vertes'
		});
		expect(accepted.status).toBe(303);
		expect(accepted.headers.get('location')).toBe('/connexion?info=invitation-acceptee');
		const cookie = await signedIn('nina.nouvelle@demo.sdsf.fr', 'Trois pommes vertes');
		const profile = await html(get('/profil', cookie));
		expect(profile).toContain('Nina Nouvelle');
		expect(profile).toContain('CAF 87');

		const reused = await get(path);
		expect(reused.status).toBe(404);
		expect(await html(reused)).toContain('invalide, déjà utilisé ou expiré');
		// Visiting and posting the link logged the requests with the token masked.
		expect(server.output()).toContain('"path":"/invitation/[masqué]"');
		expect(server.output()).not.toContain(token);
	});
});

describe('organisation administration', () => {
	it('creates an organisation, refuses a spelling another one owns, and detects a stale save', async () => {
		const admin = await signedIn('admin@demo.sdsf.fr');
		const created = await post(
			'/admin/organisations?/create',
			{
				name: 'Relais petite enfance de Saint-Junien',
				shortName: 'RPE Saint-Junien',
				type: 'commune_epci',
				aliases: 'RPE de Saint-Junien\nRelais assistants maternels de Saint-Junien'
			},
			admin
		);
		expect(created.status).toBe(303);
		expect(created.headers.get('location')).toBe('/admin/organisations/rpe-saint-junien?creee=1');
		const page = await html(get('/admin/organisations/rpe-saint-junien?creee=1', admin));
		expect(page).toContain('Organisation créée.');
		const version = hiddenValue(page, 'version');

		const clash = await post(
			'/admin/organisations/rpe-saint-junien?/update',
			{
				name: 'Relais petite enfance de Saint-Junien',
				shortName: 'CAF 87',
				type: 'commune_epci',
				aliases: '',
				version
			},
			admin
		);
		expect(clash.status).toBe(400);
		const clashHtml = await html(clash);
		expect(clashHtml).toMatch(/« CAF 87 » désigne déjà l’organisation « [^»]+ » \(CAF 87\)\./);
		expect(clashHtml).toMatch(
			/id="org-short-name"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="org-short-name"/
		);

		const fields = {
			name: 'Relais petite enfance de Saint-Junien',
			type: 'commune_epci',
			aliases: 'RAM Saint-Junien',
			version
		};
		const saved = await post(
			'/admin/organisations/rpe-saint-junien?/update',
			{ ...fields, shortName: 'RPE Ouest' },
			admin
		);
		expect(saved.status).toBe(200);
		expect(await html(saved)).toContain('Modifications enregistrées.');
		const stale = await post(
			'/admin/organisations/rpe-saint-junien?/update',
			{ ...fields, shortName: 'RPE Centre' },
			admin
		);
		expect(stale.status).toBe(409);
		const staleHtml = await html(stale);
		expect(staleHtml).toContain('Modification concurrente');
		const list = await html(get('/admin/organisations', admin));
		expect(list).toContain('RPE Ouest');
		expect(list).not.toContain('RPE Centre');
	});
});

describe('profile: password and API tokens', () => {
	it('creates a token shown once, usable as Bearer, then revoked (401)', async () => {
		const admin = await signedIn('admin@demo.sdsf.fr');
		const unnamed = await post('/profil?/createToken', { name: '  ' }, admin);
		expect(unnamed.status).toBe(400);
		expect(await html(unnamed)).toContain('Donnez un nom au jeton');

		const created = await post('/profil?/createToken', { name: 'Tableau de bord' }, admin);
		expect(created.status).toBe(200);
		const token = /sdsf_[A-Za-z0-9_-]{43}/.exec(await html(created))?.[0];
		expect(token).toBeDefined();
		const profile = await html(get('/profil', admin));
		expect(profile).not.toContain(token!);
		expect(profile).toContain(`${token!.slice(0, 11)}…`);

		const bearer = { authorization: `Bearer ${token}` };
		const api = await fetch(`${server.url}/api/schemes/${SCHEME}`, { headers: bearer });
		expect(api.status).toBe(200);
		expect((await api.json()).scheme.slug).toBe(SCHEME);

		const revoked = await post(
			'/profil?/revokeToken',
			{ tokenId: hiddenValue(profile, 'tokenId') },
			admin
		);
		expect(revoked.status).toBe(200);
		expect(await html(revoked)).toContain('Le jeton « Tableau de bord » est révoqué');
		for (const headers of [bearer, { authorization: 'Bearer sdsf_nimportequoi' }]) {
			const refused = await fetch(`${server.url}/api/schemes/${SCHEME}`, { headers });
			expect(refused.status).toBe(401);
			expect(refused.headers.get('content-type')).toContain('application/json');
			expect((await refused.json()).error.code).toBe('unauthorized');
		}
	});

	it('works behind a proxy that adds its own Authorization (Basic): only Bearer sdsf_… is a token', async () => {
		const pilot = await signedIn('pilote.cd87@demo.sdsf.fr');
		const proxy = { authorization: 'Basic aW50cmFuZXQ6c2VjcmV0' };
		const page = await fetch(`${server.url}/profil`, {
			headers: { ...proxy, cookie: pilot },
			redirect: 'manual'
		});
		expect(page.status).toBe(200);
		expect(page.headers.get('content-type')).toContain('text/html');
		expect(await page.text()).toContain('pilote.cd87@demo.sdsf.fr');
		// A form posted through the proxy still works on the session.
		const form = await fetch(`${server.url}/profil?/createToken`, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				...proxy,
				cookie: pilot,
				origin: server.url,
				accept: 'text/html',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: new URLSearchParams({ name: 'Derrière le proxy' })
		});
		expect(form.status).toBe(200);
		expect(await form.text()).toMatch(/sdsf_[A-Za-z0-9_-]{43}/);
		// Without a session the request is anonymous (the sign-in page), not a JSON 401.
		for (const authorization of ['Basic aW50cmFuZXQ6c2VjcmV0', 'Bearer eyJhbGciOi.autre.service']) {
			const anonymous = await fetch(`${server.url}/profil`, {
				headers: { authorization },
				redirect: 'manual'
			});
			expect(anonymous.status, authorization).toBe(303);
			expect(anonymous.headers.get('location'), authorization).toMatch(/^\/connexion/);
		}
	});

	it('only revokes one’s own tokens', async () => {
		const admin = await signedIn('admin@demo.sdsf.fr');
		await post('/profil?/createToken', { name: 'Jeton de la coordination' }, admin);
		const tokenId = hiddenValue(await html(get('/profil', admin)), 'tokenId');
		const pilot = await signedIn('pilote.cd87@demo.sdsf.fr');
		const attempt = await post('/profil?/revokeToken', { tokenId }, pilot);
		expect(attempt.status).toBe(404);
		const still = await html(get('/profil', admin));
		expect(still).toMatch(/Jeton de la coordination<\/th>[\s\S]*?<td>Actif<\/td>/);
	});

	it('changing the password ends every session of the account', async () => {
		const here = await signedIn('lecteur@demo.sdsf.fr');
		const elsewhere = await signedIn('lecteur@demo.sdsf.fr');
		const wrong = await post(
			'/profil?/password',
			{
				current: 'pas le bon',
				password: 'Nouvelle phrase secrète',
				confirmation: 'Nouvelle phrase secrète'
			},
			here
		);
		expect(wrong.status).toBe(400);
		const wrongHtml = await html(wrong);
		expect(wrongHtml).toContain('Mot de passe actuel incorrect.');
		expect(wrongHtml).not.toContain('Nouvelle phrase secrète');

		const changed = await post(
			'/profil?/password',
			{
				current: DEMO_PASSWORD,
				password: 'Nouvelle phrase secrète',
				confirmation: 'Nouvelle phrase secrète'
			},
			here
		);
		expect(changed.status).toBe(303);
		expect(changed.headers.get('location')).toBe('/connexion?info=mot-de-passe-modifie');
		await expectSignInRedirect('/profil', elsewhere);
		await expectSignInRedirect('/profil', here);
		expect((await signIn('lecteur@demo.sdsf.fr')).response.status).toBe(400);
		await signedIn('lecteur@demo.sdsf.fr', 'Nouvelle phrase secrète');
	});
});
