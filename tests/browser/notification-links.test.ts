import SQLite from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, DEMO_PASSWORD, signIn } from '../support/auth';
import { expectAccessible, launchBrowser, textOf, watchConsole } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';
import { linksOf, startSmtp, type TestSmtp } from '../support/smtp';

// A notice's link, end to end in Chromium at a desktop and a phone width: the coordination sends
// a figure back through the API; the pilot's mail reaches the SMTP server started here; its link,
// opened in a browser that is not signed in, goes through the sign-in page and lands on the
// fiche's entry grid, where the reason is shown. Each page passes axe-core.

const SCHEME = 'haute-vienne-2017-2021';
// The demo's two fiches of CAF 87 with submitted 2019 figures.
const FICHE_BY_WIDTH: Record<number, string> = { 1366: '10', 390: '20' };

let server: RunningServer;
let smtp: TestSmtp;
let browser: Browser;

function figuresOf(fiche: string) {
	const sqlite = new SQLite(server.databasePath, { readonly: true });
	try {
		return sqlite
			.prepare(
				`select figure.id, figure.version, figure.status from figure
				 join indicator on indicator.id = figure.indicator_id
				 join fiche on fiche.id = indicator.fiche_id
				 join scheme on scheme.id = fiche.scheme_id
				 join reporting_period p on p.id = figure.period_id
				 where scheme.slug = ? and fiche.slug = ? and p.code = '2019'`
			)
			.all(SCHEME, fiche) as { id: number; version: number; status: string }[];
	} finally {
		sqlite.close();
	}
}

beforeAll(async () => {
	smtp = await startSmtp();
	server = await startServer({
		env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_TICK_SECONDS: '1' }
	});
	browser = await launchBrowser();
}, 90_000);
afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await smtp?.close();
});

for (const width of [1366, 390]) {
	describe(`a sent-back figure's mail at ${width} px`, () => {
		const fiche = FICHE_BY_WIDTH[width];
		const reason = `Valeur à revoir (${width} px) : le total ne correspond pas au bilan.`;

		it('leads the pilot from the mail to the grid, through the sign-in page, with the reason', async () => {
			const figures = figuresOf(fiche);
			const target = figures.find((f) => f.status === 'soumis');
			expect(target).toBeDefined();
			const coordinator = await signIn(server.url, DEMO.admin);
			const review = await fetch(
				`${server.url}/api/schemes/${SCHEME}/fiches/${fiche}/periods/2019/review`,
				{
					method: 'POST',
					headers: { cookie: coordinator, origin: server.url, 'content-type': 'application/json' },
					body: JSON.stringify({
						comments: { [target!.id]: reason },
						versions: Object.fromEntries(figures.map((f) => [String(f.id), f.version]))
					})
				}
			);
			expect(review.status).toBe(200);

			const mail = await smtp.waitFor(
				(m) => m.envelopeTo.includes(DEMO.cafPilot) && m.text.includes(reason)
			);
			const link = linksOf(mail.text).find((l) => l.includes(`/saisie/2019/${fiche}`))!;
			expect(link).toBe(`${server.url}/schemas/${SCHEME}/saisie/2019/${fiche}`);

			const context = await browser.newContext({
				viewport: { width, height: 900 },
				locale: 'fr-FR',
				isMobile: width < 600
			});
			try {
				const page = await context.newPage();
				const errors = watchConsole(page);
				await page.goto(link, { waitUntil: 'networkidle' });
				expect(new URL(page.url()).pathname).toBe('/connexion');
				await expectAccessible(page);
				await page.locator('#email').fill(DEMO.cafPilot);
				await page.locator('#password').fill(DEMO_PASSWORD);
				await page.getByRole('button', { name: 'Se connecter' }).click();
				await page.waitForURL(`**/schemas/${SCHEME}/saisie/2019/${fiche}`);
				await page.waitForLoadState('networkidle');
				expect(await textOf(page, 'main')).toContain(reason);
				expect(await textOf(page, 'main')).toContain('Renvoy');
				await expectAccessible(page);
				expect(errors).toEqual([]);
			} finally {
				await context.close();
			}
		});
	});
}
