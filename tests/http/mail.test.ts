import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, DEMO_PASSWORD, signIn } from '../support/auth';
import { postForm, unmarkedHtml as html } from '../support/http';
import { startServer, type RunningServer } from '../support/server';
import { openRawDb, testDatabase, type DatabaseTarget } from '../support/database';
import {
	freeSmtpPort,
	linksOf,
	startSmtp,
	type ReceivedMail,
	type TestSmtp
} from '../support/smtp';

// E-mail against the built server (`npm run build` first) and a real SMTP server started here
// on 127.0.0.1 (smtp-server), which receives what the app's nodemailer sends: password reset end
// to end, the same answer for an unknown address, invitation mails, a refused recipient, the
// relay down then back, and a kill -9 between the commit and the send.

const SCHEME = 'haute-vienne-2017-2021';
const SCHEME_TITLE = 'Schéma départemental des services aux familles de la Haute-Vienne';
const NEW_PASSWORD = 'Relais-assistantes-maternelles-87';
const LOGIN = { user: 'sdsf', pass: 'secret-du-relais' };
const FROM = 'Pilotage SDSF <ne-pas-repondre@sdsf.test>';

const execFileAsync = promisify(execFile);
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

/** The settings of an app that sends through `port` and ticks every second. */
const mailEnv = (port: number, extra: Record<string, string> = {}) => ({
	SMTP_URL: `smtp://${LOGIN.user}:${LOGIN.pass}@127.0.0.1:${port}`,
	MAIL_FROM: FROM,
	MAIL_TICK_SECONDS: '1',
	MAIL_RETRY_SECONDS: '1',
	...extra
});

/**
 * The security mails of the outbox (invitation, password reset). The scheduled notices (the
 * coordinators' Monday digest…) depend on the day the test runs: notifications.test.ts has them.
 */
async function mailRows(target: DatabaseTarget) {
	const sqlite = await openRawDb(target);
	try {
		return (await sqlite.all(
			`select id, kind, to_address, status, attempts, last_error from mail
			 where kind in ('invitation', 'password_reset') order by id`
		)) as {
			id: number;
			kind: string;
			to_address: string;
			status: string;
			attempts: number;
			last_error: string | null;
		}[];
	} finally {
		await sqlite.close();
	}
}

type Maybe<T> = T | null | undefined | false;

async function until<T>(
	what: string,
	probe: () => Maybe<T> | Promise<Maybe<T>>,
	timeoutMs = 20_000
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`Délai dépassé : ${what}`);
		await sleep(100);
	}
}

const to = (address: string) => (m: ReceivedMail) => m.envelopeTo.includes(address);
const tokenLink = (mail: ReceivedMail, path: string) => {
	const link = linksOf(mail.text).find((l) => l.includes(path));
	if (!link) throw new Error(`pas de lien ${path} dans :\n${mail.text}`);
	return link;
};

describe('with a working SMTP relay', () => {
	let smtp: TestSmtp;
	let server: RunningServer;
	const get = (path: string, cookie?: string | null) =>
		fetch(`${server.url}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
	const post = (path: string, fields: Record<string, string>, cookie?: string | null) =>
		postForm(server.url, path, fields, cookie);

	beforeAll(async () => {
		smtp = await startSmtp({
			login: LOGIN,
			refuse: (address) => address.startsWith('refuse')
		});
		server = await startServer({ env: mailEnv(smtp.port) });
	});
	afterAll(async () => {
		await server?.stop();
		await smtp?.close();
	});

	it('resets a password end to end: mail, link, new password, old sessions closed', async () => {
		const email = DEMO.cdPilot;
		const oldSession = await signIn(server.url, email);
		expect((await get('/profil', oldSession)).status).toBe(200);

		const page = await html(get('/connexion'));
		expect(page).toMatch(/href="\.?\/mot-de-passe-oublie">Mot de passe oublié \?</);
		const asked = await post('/mot-de-passe-oublie', { email });
		expect(asked.status).toBe(200);
		expect(await html(asked)).toContain('Si un compte actif correspond à l’adresse');

		const mail = await smtp.waitFor(to(email));
		expect(mail.user).toBe(LOGIN.user);
		expect(mail.envelopeFrom).toBe('ne-pas-repondre@sdsf.test');
		expect(mail.headers.from).toBe('Pilotage SDSF <ne-pas-repondre@sdsf.test>');
		expect(mail.headers.to).toBe(email);
		expect(mail.subject).toBe('Réinitialisation de votre mot de passe Pilotage SDSF');
		expect(mail.headers['message-id']).toMatch(/^<[0-9a-f]{40}@sdsf\.test>$/);
		expect(mail.headers['auto-submitted']).toBe('auto-generated');
		expect(mail.headers['x-pilotage-idempotency-key']).toMatch(/^password_reset:\d+$/);
		// A security mail: no unsubscribe.
		expect(mail.headers['list-unsubscribe']).toBeUndefined();
		expect(mail.text).toContain('Bonjour Paul Martin,');
		expect(mail.text).toContain('(1 heure)');
		const link = tokenLink(mail, '/mot-de-passe-oublie/');
		expect(link).toMatch(new RegExp(`^${server.url}/mot-de-passe-oublie/[A-Za-z0-9_-]{43}$`));
		expect(mail.html).toContain(`href="${link}"`);
		expect(mail.html).toContain('<html lang="fr">');

		const path = new URL(link).pathname;
		const form = await get(path);
		expect(form.status).toBe(200);
		expect(form.headers.get('cache-control')).toBe('no-store');
		expect(await html(form)).toContain('Choisir un nouveau mot de passe');
		const mismatch = await post(path, { password: NEW_PASSWORD, confirmation: 'autre chose' });
		expect(mismatch.status).toBe(400);
		expect(await html(mismatch)).toContain('ne correspondent pas');
		const done = await post(path, { password: NEW_PASSWORD, confirmation: NEW_PASSWORD });
		expect(done.status).toBe(303);
		expect(done.headers.get('location')).toBe('/connexion?info=mot-de-passe-reinitialise');

		// Every session of the account ended; the old password is gone; the new one works.
		const profile = await get('/profil', oldSession);
		expect(profile.status).toBe(303);
		expect(profile.headers.get('location')).toMatch(/^\/connexion/);
		await expect(signIn(server.url, email, DEMO_PASSWORD)).rejects.toThrow('HTTP 400');
		const fresh = await signIn(server.url, email, NEW_PASSWORD);
		expect((await get('/profil', fresh)).status).toBe(200);
		// Single use.
		expect((await get(path)).status).toBe(404);
		// Neither the token nor the link is in the server's log.
		expect(server.output()).not.toContain(path.split('/').pop()!);
		expect(server.output()).toContain('/mot-de-passe-oublie/[masqué]');
	});

	it('unlocks sign-in: a reset clears the account’s delays at once', async () => {
		const email = DEMO.limogesPilot;
		for (let i = 0; i < 12; i++) await post('/connexion', { email, password: `Faux ${i}` });
		const locked = await post('/connexion', { email, password: DEMO_PASSWORD });
		expect(locked.status).toBe(429);
		await post('/mot-de-passe-oublie', { email });
		const path = new URL(tokenLink(await smtp.waitFor(to(email)), '/mot-de-passe-oublie/'))
			.pathname;
		expect((await post(path, { password: NEW_PASSWORD, confirmation: NEW_PASSWORD })).status).toBe(
			303
		);
		expect((await post('/connexion', { email, password: NEW_PASSWORD })).status).toBe(303);
	});

	it('answers an unknown address exactly as a known one, in about the same time, and mails only the known one', async () => {
		const timed = async (email: string) => {
			const started = performance.now();
			const response = await post('/mot-de-passe-oublie', { email });
			const body = (await html(response))
				.replaceAll(email, '<adresse>')
				.replace(/nonce="[^"]*"/g, 'nonce=""');
			return { status: response.status, body, ms: performance.now() - started };
		};
		// Warm both paths once, then measure.
		await timed('personne.inconnue@demo.sdsf.fr');
		const unknown = await timed('personne.inconnue@demo.sdsf.fr');
		const known = await timed(DEMO.reader);
		expect(unknown.status).toBe(200);
		expect(known.status).toBe(200);
		expect(unknown.body).toBe(known.body);
		expect(unknown.ms).toBeGreaterThanOrEqual(390);
		expect(known.ms).toBeGreaterThanOrEqual(390);
		expect(Math.abs(unknown.ms - known.ms)).toBeLessThan(200);
		await smtp.waitFor(to(DEMO.reader));
		await sleep(1500);
		expect(smtp.messages.some(to('personne.inconnue@demo.sdsf.fr'))).toBe(false);
	});

	it('mails the invitation of a new account, with the link the page shows once', async () => {
		const admin = await signIn(server.url, DEMO.platformAdmin);
		const email = 'nouvelle.personne@exemple.fr';
		const answer = await post(
			'/admin/utilisateurs?/invite',
			{ email, name: 'Nouvelle Personne', organisationId: '' },
			admin
		);
		expect(answer.status).toBe(200);
		const page = await html(answer);
		expect(page).toContain('Un courriel d’invitation part vers Nouvelle Personne');
		const shown = /id="invitation-link"[^>]*value="([^"]+)"/.exec(page)?.[1];
		expect(shown).toMatch(/\/invitation\//);

		const mail = await smtp.waitFor(to(email));
		expect(mail.subject).toBe('Invitation à Pilotage SDSF');
		expect(mail.headers['list-unsubscribe']).toBeUndefined();
		expect(mail.text).toContain('Bonjour Nouvelle Personne,');
		expect(mail.text).toContain('(7 jours)');
		const link = tokenLink(mail, '/invitation/');
		expect(link).toBe(shown);
		expect(link.startsWith(`${server.url}/invitation/`)).toBe(true);
		expect((await get(new URL(link).pathname)).status).toBe(200);
	});

	it('mails a scheme invitation naming the scheme, the role and the organisation', async () => {
		const coordination = await signIn(server.url, DEMO.admin);
		const sqlite = await openRawDb(server);
		const caf87 = (
			(await sqlite.get(`select id from organisation where slug = 'caf-87'`)) as { id: number }
		).id;
		await sqlite.close();
		const email = 'pilote.nouvelle@caf87.example.fr';
		const answer = await post(
			`/schemas/${SCHEME}/membres?/invite`,
			{ email, name: 'Pilote Nouvelle', role: 'pilote', organisationId: String(caf87) },
			coordination
		);
		expect(answer.status).toBe(200);
		const mail = await smtp.waitFor(to(email));
		expect(mail.subject).toBe(`Invitation : ${SCHEME_TITLE} sur Pilotage SDSF`);
		expect(mail.text.replace(/\s+/g, ' ')).toContain(
			`pour le schéma « ${SCHEME_TITLE} », avec le rôle « Pilote » pour CAF 87`
		);
		expect(mail.text).toContain('CAF 87 — ');
		expect(tokenLink(mail, '/invitation/').startsWith(`${server.url}/invitation/`)).toBe(true);
	});

	it('marks a refused recipient failed at once, with the SMTP answer, on « Courriels envoyés »', async () => {
		const admin = await signIn(server.url, DEMO.platformAdmin);
		const email = 'refuse.moi@exemple.fr';
		const answer = await post(
			'/admin/utilisateurs?/invite',
			{ email, name: 'Adresse Refusée', organisationId: '' },
			admin
		);
		// The action itself succeeded: the mail is the outbox's business.
		expect(answer.status).toBe(200);
		const row = await until('refus enregistré', async () =>
			(await mailRows(server)).find((r) => r.to_address === email && r.status === 'failed')
		);
		expect(row.attempts).toBe(1);
		expect(row.last_error).toMatch(/^RCPT TO : 550/);
		expect(row.last_error).toContain('Destinataire inconnu');

		const list = await html(get('/admin/courriels', admin));
		const line = new RegExp(`<tr data-mail="${row.id}" data-status="failed">[\\s\\S]*?</tr>`).exec(
			list
		)?.[0];
		expect(line).toContain(email);
		expect(line).toContain('Échec');
		expect(line).toContain('550');
		expect(list).toContain('Les courriels partent par le relais <code>smtp://127.0.0.1:');
		expect(list).not.toContain(LOGIN.pass);
		const detail = await html(get(`/admin/courriels/${row.id}`, admin));
		expect(detail).toContain('Dernière réponse du relais');
		expect(detail).toContain('Bonjour Adresse Refusée,');
		// Handed to a relay: the link of a security mail is not shown again.
		expect(detail).toContain('/invitation/[masqué]');
		// Other callers: the page is the platform's.
		const coordination = await signIn(server.url, DEMO.admin);
		expect((await get('/admin/courriels', coordination)).status).toBe(403);
		expect((await get(`/admin/courriels/${row.id}`, coordination)).status).toBe(403);
	});
});

describe('with the relay down, and a kill -9 between commit and send', () => {
	const folder = mkdtempSync(join(tmpdir(), 'sdsf-mail-'));
	let database: Awaited<ReturnType<typeof testDatabase>>;
	let port: number;
	let server: RunningServer | null = null;
	let smtp: TestSmtp | null = null;

	beforeAll(async () => {
		port = await freeSmtpPort();
		database = await testDatabase(join(folder, 'sdsf.db'));
	});
	afterAll(async () => {
		await server?.stop();
		await smtp?.close();
		await database?.drop();
		rmSync(folder, { recursive: true, force: true });
	});

	it('keeps a mail committed before a SIGKILL and sends it exactly once after the restart', async () => {
		// The tick is off: the reset is committed, its mail stays queued.
		smtp = await startSmtp({ login: LOGIN });
		server = await startServer({
			database,
			env: mailEnv(smtp.port, { MAIL_TICK_SECONDS: '0' })
		});
		const asked = await postForm(server.url, '/mot-de-passe-oublie', { email: DEMO.cafPilot });
		expect(asked.status).toBe(200);
		expect(await mailRows(database)).toMatchObject([
			{ kind: 'password_reset', to_address: DEMO.cafPilot, status: 'queued', attempts: 0 }
		]);
		server.process.kill('SIGKILL');
		await new Promise((ok) => server!.process.once('exit', ok));
		expect(smtp.messages).toHaveLength(0);

		server = await startServer({ database, env: mailEnv(smtp.port) });
		const mail = await smtp.waitFor(to(DEMO.cafPilot));
		expect(mail.subject).toBe('Réinitialisation de votre mot de passe Pilotage SDSF');
		// Several ticks later, still once.
		await sleep(3000);
		expect(smtp.messages.filter(to(DEMO.cafPilot))).toHaveLength(1);
		expect(await mailRows(database)).toMatchObject([{ status: 'sent', attempts: 1 }]);
		await server.stop();
		server = null;
		await smtp.close();
		smtp = null;
	});

	it('lets the user act while the relay is down, and sends once it is back', async () => {
		server = await startServer({ database, env: mailEnv(port) });
		const admin = await signIn(server.url, DEMO.platformAdmin);
		const email = 'pendant.la.panne@exemple.fr';
		const invite = await postForm(
			server.url,
			'/admin/utilisateurs?/invite',
			{ email, name: 'Pendant la Panne', organisationId: '' },
			admin
		);
		expect(invite.status).toBe(200);
		const reset = await postForm(server.url, '/mot-de-passe-oublie', { email: DEMO.reader });
		expect(reset.status).toBe(200);
		// Attempts fail and are retried with back-off; the answer of the relay (none) is kept.
		const failing = await until('essais en échec', async () => {
			const rows = (await mailRows(database)).filter((r) => r.status === 'queued');
			return rows.length === 2 && rows.every((r) => r.attempts >= 1) && rows;
		});
		expect(failing[0].last_error).toContain('ECONNREFUSED');

		smtp = await startSmtp({ port, login: LOGIN });
		await smtp.waitFor(to(email), 30_000);
		await smtp.waitFor(to(DEMO.reader), 30_000);
		await sleep(2500);
		expect(smtp.messages.filter(to(email))).toHaveLength(1);
		expect(smtp.messages.filter(to(DEMO.reader))).toHaveLength(1);
		const rows = await mailRows(database);
		expect(rows.filter((r) => r.status === 'sent')).toHaveLength(3);
		expect(rows.every((r) => r.status === 'sent')).toBe(true);
	});

	it('npm run mail:tick sends what is due once, for a server that does not tick', async () => {
		await server!.stop();
		server = await startServer({ database, env: mailEnv(port, { MAIL_TICK_SECONDS: '0' }) });
		const email = DEMO.cdPilot;
		expect((await postForm(server.url, '/mot-de-passe-oublie', { email })).status).toBe(200);
		await sleep(500);
		expect(smtp!.messages.some(to(email))).toBe(false);
		const tick = () =>
			execFileAsync(
				process.execPath,
				[resolve(process.env.BUILD_DIR ?? 'build', 'cli', 'mail-tick.js')],
				{
					env: { ...process.env, ...database.env, ...mailEnv(port) }
				}
			);
		const first = await tick();
		// The reset, and whatever notice of the day the server's tasks queued (the tick is off).
		expect(first.stdout).toMatch(
			new RegExp(`Courriels : [1-9]\\d* envoyé\\(s\\) par smtp://127\\.0\\.0\\.1:${port}`)
		);
		expect(first.stdout).not.toContain(LOGIN.pass);
		await smtp!.waitFor(to(email));
		expect((await tick()).stdout).toContain('Courriels : 0 envoyé(s)');
		expect(smtp!.messages.filter(to(email))).toHaveLength(1);
	});
});

describe('without SMTP_URL', () => {
	let server: RunningServer;
	beforeAll(async () => {
		server = await startServer({ env: { MAIL_TICK_SECONDS: '1' } });
	});
	afterAll(async () => server?.stop());

	it('keeps the mails for the platform administrators, links shown, and says so on the pages', async () => {
		const admin = await signIn(server.url, DEMO.platformAdmin);
		const answer = await postForm(
			server.url,
			'/admin/utilisateurs?/invite',
			{ email: 'sans.relais@exemple.fr', name: 'Sans Relais', organisationId: '' },
			admin
		);
		const page = await html(answer);
		expect(page).toContain('Aucun relais de messagerie n’est configuré');
		const shown = /id="invitation-link"[^>]*value="([^"]+)"/.exec(page)?.[1];
		const row = await until('courriel gardé', async () =>
			(await mailRows(server)).find((r) => r.status === 'kept')
		);
		const get = (path: string) =>
			fetch(`${server.url}${path}`, { redirect: 'manual', headers: { cookie: admin } });
		const list = await html(get('/admin/courriels'));
		expect(list).toContain('Aucun relais de messagerie n’est configuré');
		expect(list).toContain('Gardé (sans relais SMTP)');
		expect(list).toContain('sans.relais@exemple.fr');
		const detail = await html(get(`/admin/courriels/${row.id}`));
		expect(detail).toContain(shown!);
	});
});
