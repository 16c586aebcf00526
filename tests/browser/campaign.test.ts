import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, signInContext } from '../support/auth';
import { launchBrowser, watchConsole, expectAccessible, textOf } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';

// Issue 13 (items 6 and 7) in a real browser against the built server (demo mode), at a desktop
// and a phone width: the coordination filters the 2019 campaign (the filter goes into the URL),
// reminds an organisation (once: the button then waits an hour), and the CAF 87 pilot reads the
// notice of the figure sent back to them on the home page and follows its link to the grid.

const SCHEME = 'haute-vienne-2017-2021';
const CAMPAIGN = `/schemas/${SCHEME}/saisie/2019`;

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
	server = await startServer();
	browser = await launchBrowser();
}, 90_000);
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

// Each width reminds its own organisation: a second reminder within the hour is refused.
for (const [width, organisation, shortName] of [
	[1366, 'cd-87', 'CD 87'],
	[390, 'ville-limoges', 'Ville de Limoges']
] as const) {
	describe(`campaign and notices at ${width} px`, () => {
		let contexts: BrowserContext[] = [];
		const open = async (email: string) => {
			const context = await browser.newContext({
				viewport: { width, height: 900 },
				locale: 'fr-FR',
				isMobile: width < 600
			});
			contexts.push(context);
			await signInContext(context, server.url, email);
			const page = await context.newPage();
			return { page, errors: watchConsole(page) };
		};
		afterAll(async () => {
			for (const context of contexts) await context.close();
			contexts = [];
		});

		it('the coordination filters the campaign, reminds an organisation once, and the page stays readable', async () => {
			const { page, errors } = await open(DEMO.admin);
			await page.goto(`${server.url}${CAMPAIGN}`, { waitUntil: 'networkidle' });
			expect(await textOf(page, 'h1')).toBe('Campagne de saisie — Année 2019');
			await expectAccessible(page);

			const filters = page.getByRole('navigation', { name: 'Filtrer les fiches' });
			await filters.getByRole('link', { name: /^À valider/ }).click();
			await page.waitForURL(`**${CAMPAIGN}?filtre=a-valider`);
			expect(
				await filters.getByRole('link', { name: /^À valider/ }).getAttribute('aria-current')
			).toBe('page');
			expect(
				await page
					.locator('tr[data-fiche]')
					.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-fiche')))
			).toEqual(['10', '20']);
			await filters.getByRole('link', { name: /^Toutes les fiches/ }).click();
			await page.waitForURL(`**${CAMPAIGN}`);

			const group = page.locator(`tbody[data-organisation="${organisation}"]`);
			expect(
				await textOf(page, `tbody[data-organisation="${organisation}"] tr.organisation`)
			).toContain('Aucune relance.');
			await group.getByRole('button', { name: `Relancer ${shortName}` }).click();
			await expect
				.poll(() => textOf(page, '[role="status"]'))
				.toBe(`Relance enregistrée pour ${shortName} : 1 courriel part vers ses pilotes.`);
			const head = await textOf(page, `tbody[data-organisation="${organisation}"] tr.organisation`);
			expect(head).toMatch(
				/Dernière relance le \d\d\/\d\d\/\d{4} à \d\d:\d\d par Claire Coordination\./
			);
			expect(head).toContain('Nouvelle relance possible à partir de');
			expect(await group.getByRole('button', { name: /^Relancer/ }).count()).toBe(0);
			await expectAccessible(page);
			// The organisation's heading stays in view when the table scrolls sideways on a phone.
			const wrapper = page.locator('.table-wrapper');
			await wrapper.evaluate((e) => (e.scrollLeft = e.scrollWidth));
			const box = await group.locator('.organisation__name').boundingBox();
			expect(box!.x).toBeGreaterThanOrEqual(0);
			expect(box!.x + box!.width).toBeLessThanOrEqual(width);
			expect(errors).toEqual([]);
		});

		it('the CAF 87 pilot reads the notice of the figure sent back on the home page and opens the grid', async () => {
			const { page, errors } = await open(DEMO.cafPilot);
			await page.goto(`${server.url}/`, { waitUntil: 'networkidle' });
			const notices = page.getByRole('region', { name: 'À faire' });
			expect(await textOf(page, '[data-notice="sent_back"]')).toContain(
				'1 chiffre vous a été renvoyé : fiche 10.'
			);
			await expectAccessible(page);
			await notices.getByRole('link', { name: 'fiche 10' }).click();
			await page.waitForURL(`**${CAMPAIGN}/10`);
			expect(await textOf(page, 'h1')).toContain('10');
			expect(errors).toEqual([]);
		});
	});
}
