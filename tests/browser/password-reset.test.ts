import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, watchConsole, expectAccessible, textOf } from '../support/browser';
import { DEMO_PASSWORD, signInContext } from '../support/auth';
import { startServer, type RunningServer } from '../support/server';
import { linksOf, startSmtp, type TestSmtp } from '../support/smtp';

// « Mot de passe oublié » in Chromium against the built server and a real SMTP server, at a
// desktop and a phone width: from the sign-in page, ask for a link; read the mail the SMTP
// server received; open its link in the browser; choose a new password; sign in with it. Each
// page passes axe-core (WCAG 2.1 A and AA, no serious or critical violation), and so do the
// administrator's « Courriels envoyés » list and a mail's page.

const ACCOUNTS: Record<number, { email: string; name: string }> = {
	1366: { email: 'pilote.cd87@demo.sdsf.fr', name: 'Paul Martin' },
	390: { email: 'lecteur@demo.sdsf.fr', name: '' }
};
const NEW_PASSWORD = 'Lieux-accueil-enfants-parents-87';

let server: RunningServer;
let smtp: TestSmtp;
let browser: Browser;

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
	describe(`password reset at ${width} px`, () => {
		const account = ACCOUNTS[width];
		let context: BrowserContext;
		let page: Page;
		let errors: string[];
		let link = '';

		beforeAll(async () => {
			context = await browser.newContext({
				viewport: { width, height: 900 },
				locale: 'fr-FR',
				isMobile: width < 600
			});
			page = await context.newPage();
			errors = watchConsole(page);
		});
		afterAll(async () => {
			await context?.close();
		});

		it('asks for a link from the sign-in page', async () => {
			await page.goto(`${server.url}/connexion`, { waitUntil: 'networkidle' });
			await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
			await page.waitForURL('**/mot-de-passe-oublie');
			await page.waitForLoadState('networkidle');
			expect(await textOf(page, 'h1')).toBe('Mot de passe oublié');
			await expectAccessible(page);
			await page.getByLabel('Adresse e-mail').fill(account.email);
			await page.getByRole('button', { name: 'Recevoir un lien' }).click();
			await page.getByRole('status').waitFor();
			expect(await textOf(page, '[role="status"]')).toContain(
				`Si un compte actif correspond à l’adresse ${account.email}`
			);
			await expectAccessible(page);
		});

		it('opens the link of the mail the SMTP server received and chooses a new password', async () => {
			const mail = await smtp.waitFor((m) => m.envelopeTo.includes(account.email));
			link = linksOf(mail.text).find((l) => l.includes('/mot-de-passe-oublie/'))!;
			expect(link.startsWith(`${server.url}/mot-de-passe-oublie/`)).toBe(true);
			await page.goto(link, { waitUntil: 'networkidle' });
			expect(await textOf(page, 'h1')).toBe('Choisir un nouveau mot de passe');
			expect(await textOf(page, 'main')).toContain(account.email);
			await expectAccessible(page);
			// A mismatch is told next to the field, then fixed.
			await page.getByLabel('Nouveau mot de passe', { exact: true }).fill(NEW_PASSWORD);
			await page.getByLabel('Confirmation du nouveau mot de passe').fill('autre chose');
			await page.getByRole('button', { name: 'Enregistrer le nouveau mot de passe' }).click();
			await page
				.getByText('Les deux saisies du mot de passe ne correspondent pas.')
				.first()
				.waitFor();
			await expectAccessible(page);
			await page.getByLabel('Nouveau mot de passe', { exact: true }).fill(NEW_PASSWORD);
			await page.getByLabel('Confirmation du nouveau mot de passe').fill(NEW_PASSWORD);
			await page.getByRole('button', { name: 'Enregistrer le nouveau mot de passe' }).click();
			await page.waitForURL('**/connexion?info=mot-de-passe-reinitialise');
			expect(await textOf(page, '.notice')).toContain('Nouveau mot de passe enregistré');
		});

		it('signs in with the new password, not the old one; the link is spent', async () => {
			await page.waitForLoadState('networkidle');
			await page.getByLabel('Adresse e-mail').fill(account.email);
			await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
			await page.getByRole('button', { name: 'Se connecter' }).click();
			await page.getByRole('alert').waitFor();
			expect(await textOf(page, '[role="alert"]')).toContain(
				'Adresse e-mail ou mot de passe incorrect.'
			);
			await page.getByLabel('Mot de passe').fill(NEW_PASSWORD);
			await page.getByRole('button', { name: 'Se connecter' }).click();
			// A pilot lands on « Ma saisie », the others on the home page.
			await page.waitForURL(
				account.email.startsWith('pilote.') ? `${server.url}/ma-saisie` : `${server.url}/`
			);
			await page.waitForLoadState('networkidle');
			expect(await textOf(page, 'header')).toContain('Se déconnecter');
			const again = await page.goto(link);
			expect(again?.status()).toBe(404);
			expect(await textOf(page, 'main')).toContain('Ce lien est invalide, déjà utilisé ou expiré');
			// Only the answers asked for on purpose: the refused forms (400) and the spent link (404).
			expect(
				errors.filter((e) => !/status of (400 \(Bad Request\)|404 \(Not Found\))/.test(e))
			).toEqual([]);
		});

		it('shows the platform administrator the mails on « Courriels envoyés », links masked once relayed', async () => {
			const admin = await browser.newContext({
				viewport: { width, height: 900 },
				locale: 'fr-FR',
				isMobile: width < 600
			});
			await signInContext(admin, server.url, 'admin@demo.sdsf.fr');
			const adminPage = await admin.newPage();
			const adminErrors = watchConsole(adminPage);
			await adminPage.goto(`${server.url}/admin`, { waitUntil: 'networkidle' });
			await adminPage.getByRole('link', { name: 'Courriels envoyés' }).click();
			await adminPage.waitForURL('**/admin/courriels');
			await adminPage.waitForLoadState('networkidle');
			expect(await textOf(adminPage, 'h1')).toBe('Courriels envoyés');
			const row = adminPage.locator('tr', { hasText: account.email }).first();
			expect(await row.textContent()).toContain('Envoyé');
			await expectAccessible(adminPage);
			await row.getByRole('link').click();
			await adminPage.waitForURL('**/admin/courriels/*');
			await adminPage.waitForLoadState('networkidle');
			expect(await textOf(adminPage, 'pre')).toContain('/mot-de-passe-oublie/[masqué]');
			await expectAccessible(adminPage);
			expect(adminErrors).toEqual([]);
			await admin.close();
		});
	});
}
