import { openRawDb, type DatabaseTarget } from '../support/database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, signIn } from '../support/auth';
import { postForm, unmarkedHtml as html } from '../support/http';
import { startServer, type RunningServer } from '../support/server';
import { linksOf, startSmtp, type ReceivedMail, type TestSmtp } from '../support/smtp';

// Notification mails against the built server and a real SMTP server: a figure sent back through
// the review API reaches the fiche's pilot with the reason and RFC 8058 headers; the one-click
// unsubscribe works without an Origin (as mail providers post it) while every other cross-site
// form post is still refused; the profile's « Avis par courriel » form keeps the choice.

const SCHEME = 'haute-vienne-2017-2021';

type FigureRow = { id: number; version: number; status: string };

/** A fiche of CAF 87 with submitted 2019 figures in the demo, and all its 2019 figures. */
async function submittedFicheOfCaf(
	target: DatabaseTarget
): Promise<{ fiche: string; figures: FigureRow[] }> {
	const sqlite = await openRawDb(target);
	try {
		const row = await sqlite.get<{ slug: string } | undefined>(
			`select fiche.slug from figure
			 join indicator on indicator.id = figure.indicator_id
			 join fiche on fiche.id = indicator.fiche_id
			 join scheme on scheme.id = fiche.scheme_id
			 join reporting_period p on p.id = figure.period_id
			 join fiche_actor a on a.fiche_id = fiche.id and a.role = 'pilot'
			 join organisation o on o.id = a.organisation_id
			 where scheme.slug = ? and p.code = '2019' and figure.status = 'soumis' and o.slug = 'caf-87'
			 order by fiche.number_sort limit 1`,
			SCHEME
		);
		if (!row) throw new Error('no submitted fiche of CAF 87 in the demo');
		const figures = await sqlite.all<FigureRow>(
			`select figure.id, figure.version, figure.status from figure
			 join indicator on indicator.id = figure.indicator_id
			 join fiche on fiche.id = indicator.fiche_id
			 join scheme on scheme.id = fiche.scheme_id
			 join reporting_period p on p.id = figure.period_id
			 where scheme.slug = ? and fiche.slug = ? and p.code = '2019'`,
			SCHEME,
			row.slug
		);
		return { fiche: row.slug, figures: figures.map((f) => ({ ...f, id: Number(f.id) })) };
	} finally {
		await sqlite.close();
	}
}

async function preferenceOf(target: DatabaseTarget, email: string) {
	const sqlite = await openRawDb(target);
	try {
		return await sqlite.get<{ sent_back: number; reminder: number; digest: string } | undefined>(
			`select p.sent_back, p.reminder, p.digest from notification_preference p
			 join app_user u on u.id = p.user_id where u.email = ?`,
			email
		);
	} finally {
		await sqlite.close();
	}
}

describe('notification mails', () => {
	let smtp: TestSmtp;
	let server: RunningServer;
	let sentBack: ReceivedMail;

	beforeAll(async () => {
		smtp = await startSmtp();
		server = await startServer({
			env: {
				SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
				MAIL_FROM: 'Pilotage SDSF <ne-pas-repondre@sdsf.test>',
				MAIL_TICK_SECONDS: '1',
				MAIL_RETRY_SECONDS: '1'
			}
		});
	});
	afterAll(async () => {
		await server?.stop();
		await smtp?.close();
	});

	it('sends a figure sent back through the API to the fiche’s pilot, with the reason and one-click headers', async () => {
		const coordinator = await signIn(server.url, DEMO.admin);
		const { fiche, figures } = await submittedFicheOfCaf(server);
		const target = figures.find((f) => f.status === 'soumis')!;
		const response = await fetch(
			`${server.url}/api/schemes/${SCHEME}/fiches/${fiche}/periods/2019/review`,
			{
				method: 'POST',
				headers: { cookie: coordinator, origin: server.url, 'content-type': 'application/json' },
				body: JSON.stringify({
					comments: { [target.id]: 'Chiffre à vérifier avec le bilan CAF.' },
					versions: Object.fromEntries(figures.map((f) => [String(f.id), f.version]))
				})
			}
		);
		expect(response.status).toBe(200);
		expect(await response.json()).toMatchObject({ sentBack: 1 });

		sentBack = await smtp.waitFor((m) => m.envelopeTo.includes(DEMO.cafPilot));
		expect(sentBack.subject).toMatch(/^Un chiffre renvoyé : fiche \S+ — Année 2019$/);
		expect(sentBack.text).toContain('Motif : Chiffre à vérifier avec le bilan CAF.');
		expect(sentBack.headers['list-unsubscribe']).toMatch(
			new RegExp(`^<${server.url}/desabonnement/[\\w-]{43}\\?avis=sent_back>$`)
		);
		expect(sentBack.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
		expect(linksOf(sentBack.text)).toContain(
			`${server.url}/schemas/${SCHEME}/saisie/2019/${fiche}`
		);
		// Only the pilots of that fiche's organisation: not the CD 87 pilot, not the reader.
		await new Promise((ok) => setTimeout(ok, 1500));
		const others = smtp.messages.filter(
			(m) => m.subject === sentBack.subject && !m.envelopeTo.includes(DEMO.cafPilot)
		);
		expect(others.flatMap((m) => m.envelopeTo)).not.toContain(DEMO.cdPilot);
		expect(others.flatMap((m) => m.envelopeTo)).not.toContain(DEMO.reader);
		// The unsubscribe key is a link token: never in the log.
		const key = /desabonnement\/([\w-]+)/.exec(sentBack.headers['list-unsubscribe'])![1];
		expect(server.output()).not.toContain(key);
	});

	it('unsubscribes in one click without an Origin (RFC 8058), after a GET that changes nothing', async () => {
		const link = /^<(.+)>$/.exec(sentBack.headers['list-unsubscribe'])![1];
		const page = await fetch(link);
		expect(page.status).toBe(200);
		expect(await html(page)).toContain('reçoit les avis « Chiffres renvoyés pour correction »');
		expect((await preferenceOf(server, DEMO.cafPilot))?.sent_back).toBe(1);

		// What a mail provider sends: no cookie, no Origin.
		const oneClick = await fetch(link, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'List-Unsubscribe=One-Click'
		});
		expect(oneClick.status).toBe(200);
		expect(await preferenceOf(server, DEMO.cafPilot)).toMatchObject({
			sent_back: 0,
			reminder: 1
		});
		const after = await html(fetch(link));
		expect(after).toContain('ne reçoit pas les avis « Chiffres renvoyés pour correction »');

		// An unknown key, or a topic that does not exist: 404, nothing revealed.
		const unknown = link.replace(/desabonnement\/[\w-]+/, 'desabonnement/inconnu');
		expect((await fetch(unknown)).status).toBe(404);
		expect(
			(
				await fetch(unknown, {
					method: 'POST',
					headers: { 'content-type': 'application/x-www-form-urlencoded' },
					body: 'List-Unsubscribe=One-Click'
				})
			).status
		).toBe(404);
		expect((await fetch(link.replace('avis=sent_back', 'avis=nimporte'))).status).toBe(404);
	});

	it('still refuses every other cross-site form post', async () => {
		for (const headers of [{ origin: 'https://evil.example' }, {}] as Record<string, string>[]) {
			const response = await fetch(`${server.url}/mot-de-passe-oublie`, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
				body: 'email=lecteur%40demo.sdsf.fr'
			});
			expect(response.status).toBe(403);
			expect(await response.text()).toBe('Cross-site POST form submissions are forbidden');
		}
		const json = await fetch(`${server.url}/connexion`, {
			method: 'POST',
			headers: {
				'content-type': 'multipart/form-data; boundary=x',
				origin: 'https://evil.example',
				accept: 'application/json'
			},
			body: '--x--'
		});
		expect(json.status).toBe(403);
		expect(await json.json()).toEqual({
			message: 'Cross-site POST form submissions are forbidden'
		});
	});

	it('keeps the choices of « Avis par courriel » on the profile, and names a bad field in French', async () => {
		const pilot = await signIn(server.url, DEMO.cdPilot);
		const profile = await html(fetch(`${server.url}/profil`, { headers: { cookie: pilot } }));
		expect(profile).toContain('Avis par courriel');
		expect(profile).toMatch(/id="notice-reminder"[^>]*checked/);

		const saved = await postForm(
			server.url,
			'/profil?/notifications',
			{ notices: 'period_opened', digest: 'never' },
			pilot
		);
		expect(saved.status).toBe(200);
		expect(await html(saved)).toContain('Vos choix d’avis sont enregistrés.');
		expect(await preferenceOf(server, DEMO.cdPilot)).toMatchObject({
			sent_back: 0,
			reminder: 0,
			digest: 'never'
		});

		const bad = await postForm(server.url, '/profil?/notifications', { digest: 'toutes' }, pilot);
		expect(bad.status).toBe(400);
		expect(await html(bad)).toContain('Choisissez une fréquence dans la liste.');
		expect((await preferenceOf(server, DEMO.cdPilot))?.digest).toBe('never');
	});

	it('lets the coordination set the reminder days on the campaign page, with a French message', async () => {
		const coordinator = await signIn(server.url, DEMO.admin);
		const path = `/schemas/${SCHEME}/saisie/2019?/rappels`;
		const bad = await postForm(server.url, path, { reminderDays: '7, demain' }, coordinator);
		expect(bad.status).toBe(400);
		expect(await html(bad)).toContain('« demain » n’est pas un nombre de jours');
		const ok = await postForm(server.url, path, { reminderDays: '10 3 1' }, coordinator);
		expect(ok.status).toBe(200);
		expect(await html(ok)).toContain('10 jours, 3 jours et 1 jour avant la clôture');
		const pilot = await signIn(server.url, DEMO.cafPilot);
		expect((await postForm(server.url, path, { reminderDays: '2' }, pilot)).status).toBe(403);
	});
});
