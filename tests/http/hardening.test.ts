import { openRawDb } from '../support/database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, DEMO_PASSWORD, signIn } from '../support/auth';
import { postForm } from '../support/http';
import { listMutatingRoutes } from '../support/routes';
import { startServer, type RunningServer } from '../support/server';
import { createTokens } from '../support/tokens';

// Security edges found by the review (issue 15), each through HTTP against the built server.

const SCHEME = 'haute-vienne-2017-2021';
let server: RunningServer;
let admin: string;
let token: string;

beforeAll(async () => {
	server = await startServer();
	admin = await signIn(server.url, DEMO.platformAdmin);
	({ admin: token } = await createTokens(server, { admin: DEMO.platformAdmin }));
});
afterAll(async () => server?.stop());

const signInWith = (retour: string) =>
	fetch(`${server.url}/connexion?retour=${retour}`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			Origin: server.url,
			Accept: 'text/html',
			'Content-Type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({ email: DEMO.reader, password: DEMO_PASSWORD })
	});

describe('the return address after sign-in', () => {
	it('stays on this site: a tab, a newline or a backslash cannot turn it into another origin', async () => {
		for (const retour of [
			'/%09/evil.example',
			'/%0A/evil.example',
			'%09//evil.example',
			'/%5Cevil.example',
			'//evil.example',
			'https://evil.example/'
		]) {
			const response = await signInWith(retour);
			expect(response.status, retour).toBe(303);
			const location = response.headers.get('location')!;
			// WHATWG URL parsing drops tabs and newlines as Chromium does.
			expect(new URL(location, server.url).origin, `${retour} → ${location}`).toBe(server.url);
			expect(location, retour).toBe('/');
		}
		const kept = await signInWith(encodeURIComponent('/schemas/haute-vienne-2017-2021/plan?axe=2'));
		expect(kept.headers.get('location')).toBe('/schemas/haute-vienne-2017-2021/plan?axe=2');
	});

	it('answers a control character with the home page, not a 500', async () => {
		const injected = await signInWith('/%0D%0ASet-Cookie:%20x=1');
		expect(injected.status).toBe(303);
		expect(injected.headers.get('location')).toBe('/');
		expect(injected.headers.getSetCookie().some((c) => c.startsWith('x='))).toBe(false);
		const page = await fetch(`${server.url}/connexion?retour=/%00%0D%0A`);
		expect(page.status).toBe(200);
		const signedIn = await fetch(`${server.url}/connexion?retour=/%0D%0Aprofil`, {
			redirect: 'manual',
			headers: { cookie: admin }
		});
		expect(signedIn.status).toBe(303);
		expect(signedIn.headers.get('location')).toBe('/');
	});
});

describe('downloads', () => {
	it('gives a new scheme an ASCII slug, and every download an RFC 6266 file name', async () => {
		const created = await postForm(
			server.url,
			'/schemas/nouveau',
			{
				departmentCode: '2B',
				departmentName: 'Łódź',
				title: 'Schéma de Łódź',
				subtitle: '',
				description: '',
				startYear: '2020',
				endYear: '2024',
				state: 'en_preparation',
				levelLabels: 'Axe\nObjectif',
				visibility: 'public'
			},
			admin
		);
		expect(created.status).toBe(303);
		expect(created.headers.get('location')).toBe('/schemas/lodz-2020-2024/plan?cree=1');
		const csv = await fetch(`${server.url}/schemas/lodz-2020-2024/donnees.csv`, {
			headers: { cookie: admin }
		});
		expect(csv.status).toBe(200);
		expect(csv.headers.get('content-disposition')).toBe(
			`attachment; filename="donnees-lodz-2020-2024.csv"; filename*=UTF-8''donnees-lodz-2020-2024.csv`
		);

		// A slug saved before slugs were ASCII still downloads: the header carries it encoded.
		const sqlite = await openRawDb(server);
		await sqlite.run(`update scheme set slug = 'łódź-2020-2024' where slug = 'lodz-2020-2024'`);
		await sqlite.close();
		const legacy = encodeURIComponent('łódź-2020-2024');
		for (const [path, name] of [
			['donnees.csv', 'donnees-łódź-2020-2024.csv'],
			['export/plan.xlsx', null]
		] as const) {
			const response = await fetch(`${server.url}/schemas/${legacy}/${path}`, {
				headers: { cookie: admin }
			});
			expect(response.status, path).toBe(200);
			const disposition = response.headers.get('content-disposition')!;
			expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
			if (name) expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent(name)}`);
		}
	});
});

describe('form actions', () => {
	/** Every form action of src/routes, with the demo's ids; signing out last. */
	const actions = listMutatingRoutes()
		.filter((r) => r.action && !r.route.startsWith('/api/'))
		.map((r) => {
			const path = r.route
				.replace('[scheme]', SCHEME)
				.replace('[fiche]', '35')
				.replace('[period]', '2019')
				.replace('[slug]', 'caf-87')
				.replace('[token]', 'jeton-inconnu')
				.replace(/\[\w+\]/g, '1');
			return r.action === 'default' ? path : `${path}?/${r.action}`;
		})
		.sort((a, b) => Number(a.startsWith('/deconnexion')) - Number(b.startsWith('/deconnexion')));

	it('answers 415 to a text/plain body and 400 to a broken multipart body, never 500', async () => {
		expect(actions.length).toBeGreaterThan(20);
		// Its own session: the sign-out action may end it.
		const cookie = await signIn(server.url, DEMO.platformAdmin);
		const statuses: Record<string, [number, number]> = {};
		for (const path of actions) {
			const send = (contentType: string, body: string) =>
				fetch(`${server.url}${path}`, {
					method: 'POST',
					redirect: 'manual',
					headers: {
						origin: server.url,
						accept: 'text/html',
						'content-type': contentType,
						cookie
					},
					body
				});
			const plain = await send('text/plain', 'email=a@b.fr');
			const broken = await send('multipart/form-data; boundary=abc', '--abc\r\nnot a part');
			statuses[path] = [plain.status, broken.status];
		}
		for (const [path, [plain, broken]] of Object.entries(statuses)) {
			expect(plain, `${path} text/plain`).toBeGreaterThanOrEqual(300);
			expect(plain, `${path} text/plain`).toBeLessThan(500);
			expect(broken, `${path} multipart`).toBeGreaterThanOrEqual(300);
			expect(broken, `${path} multipart`).toBeLessThan(500);
		}
		// Most actions read the form first: the one form reader answers them.
		const read = Object.values(statuses).filter(([plain]) => plain === 415).length;
		expect(read).toBeGreaterThan(actions.length / 2);
		expect(statuses['/schemas/nouveau']).toEqual([415, 400]);
		expect(statuses['/connexion']).toEqual([415, 400]);
	});
});

describe('API writes', () => {
	const FICHE = () => `${server.url}/api/schemes/${SCHEME}/fiches/35`;

	it('enforces the 1 MB limit on the bytes read, even when the body is chunked', async () => {
		const chunk = new TextEncoder().encode('a'.repeat(64 * 1024));
		let sent = 0;
		const body = new ReadableStream<Uint8Array>({
			pull(controller) {
				if (sent === 0) controller.enqueue(new TextEncoder().encode('{"title":"'));
				if (sent >= 32) {
					controller.enqueue(new TextEncoder().encode('"}'));
					controller.close();
					return;
				}
				sent++;
				controller.enqueue(chunk);
			}
		});
		const response = await fetch(FICHE(), {
			method: 'PATCH',
			headers: {
				Authorization: `Bearer ${token}`,
				'Content-Type': 'application/json',
				'If-Match': '"1"'
			},
			body,
			duplex: 'half'
		} as RequestInit);
		expect(response.headers.get('content-length')).not.toBeNull();
		expect(response.status).toBe(413);
		expect((await response.json()).error.code).toBe('payload_too_large');
		// Under the limit, the endpoint still gets the body (here: no If-Match, so 428).
		const small = await fetch(FICHE(), {
			method: 'PATCH',
			headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
			body: JSON.stringify({ title: 'Titre' })
		});
		expect(small.status).toBe(428);
		// The fiche PATCH speaks the figures API's contract: 428 is precondition_required.
		expect((await small.json()).error.code).toBe('precondition_required');
	});

	it('refuses a cookie-authenticated write from another origin or not in JSON', async () => {
		const patch = (headers: Record<string, string>) =>
			fetch(FICHE(), { method: 'PATCH', headers, body: JSON.stringify({ title: 'Titre' }) });
		const json = { 'Content-Type': 'application/json', cookie: admin };
		const foreign = await patch({ ...json, Origin: 'https://evil.example' });
		expect(foreign.status).toBe(403);
		expect((await foreign.json()).error.code).toBe('forbidden');
		expect((await patch(json)).status).toBe(403);
		const plain = await patch({ 'Content-Type': 'text/plain', cookie: admin, Origin: server.url });
		expect(plain.status).toBe(415);
		expect((await plain.json()).error.code).toBe('unsupported_media_type');
		// Same origin and JSON: the endpoint answers (no If-Match: 428).
		expect((await patch({ ...json, Origin: server.url })).status).toBe(428);
		// A personal token needs no Origin.
		expect(
			(await patch({ 'Content-Type': 'application/json', Authorization: `Bearer ${token}` })).status
		).toBe(428);
	});
});

describe('personal API tokens', () => {
	it('work on /api/ only, never on a page, a download or a form action', async () => {
		const bearer = { Authorization: `Bearer ${token}` };
		expect((await fetch(`${server.url}/api/schemes/${SCHEME}`, { headers: bearer })).status).toBe(
			200
		);
		for (const path of ['/profil', `/schemas/${SCHEME}/donnees.csv`, '/admin/utilisateurs']) {
			const page = await fetch(`${server.url}${path}`, { headers: bearer, redirect: 'manual' });
			expect(page.status).toBe(401);
			expect((await page.json()).error.message).toContain('ne valent que pour l’API');
		}
		const action = await fetch(`${server.url}/profil?/createToken`, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				...bearer,
				Origin: server.url,
				'Content-Type': 'application/x-www-form-urlencoded'
			},
			body: 'name=Pirate'
		});
		expect(action.status).toBe(401);
	});

	it('are revoked by a password change, which the profile says beforehand', async () => {
		const { reader: readerToken } = await createTokens(server, {
			reader: DEMO.reader
		});
		const api = () =>
			fetch(`${server.url}/api/schemes/${SCHEME}`, {
				headers: { Authorization: `Bearer ${readerToken}` }
			});
		expect((await api()).status).toBe(200);
		const reader = await signIn(server.url, DEMO.reader);
		const profile = await (
			await fetch(`${server.url}/profil`, { headers: { cookie: reader } })
		).text();
		expect(profile).toContain('jeton d’accès à l’API est révoqué');
		const changed = await postForm(
			server.url,
			'/profil?/password',
			{
				current: DEMO_PASSWORD,
				password: 'Accueil-petite-enfance-87-2026',
				confirmation: 'Accueil-petite-enfance-87-2026'
			},
			reader
		);
		expect(changed.status).toBe(303);
		expect((await api()).status).toBe(401);
	});
});

describe('a body the server refuses before reading it', () => {
	it('does not leave its keep-alive connection stuck: the next request on it is answered', async () => {
		const { Agent, request } = await import('node:http');
		// One socket, kept alive: the second request must travel on the connection of the first.
		const agent = new Agent({ keepAlive: true, maxSockets: 1 });
		const send = (method: string, path: string, body?: Buffer) =>
			new Promise<{ status: number; connection: string | undefined }>((done, failed) => {
				const req = request(
					`${server.url}${path}`,
					{
						method,
						agent,
						headers: {
							origin: server.url,
							cookie: '',
							...(body
								? {
										'content-type': 'multipart/form-data; boundary=x',
										'content-length': String(body.length)
									}
								: {})
						}
					},
					(res) => {
						res.resume();
						res.on('end', () =>
							done({ status: res.statusCode ?? 0, connection: res.headers.connection })
						);
					}
				);
				req.setTimeout(10_000, () => req.destroy(new Error(`${method} ${path}: no answer`)));
				req.on('error', failed);
				req.end(body);
			});
		try {
			// An anonymous upload of 2 MB to an action only platform administrators may use.
			const upload = Buffer.concat([
				Buffer.from(
					'--x\r\nContent-Disposition: form-data; name="fichier"; filename="a.xlsx"\r\n\r\n'
				),
				Buffer.alloc(2 * 1024 * 1024, 97),
				Buffer.from('\r\n--x--\r\n')
			]);
			const refused = await send('POST', '/import?/televerser', upload);
			expect(refused.status).toBe(200); // SvelteKit's JSON answer to an action: a redirect
			const next = await send('GET', '/healthz');
			expect(next.status).toBe(200);
		} finally {
			agent.destroy();
		}
	});
});
