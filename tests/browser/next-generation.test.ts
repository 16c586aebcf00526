import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInContext } from '../support/auth';
import { expectAccessible, launchBrowser, textOf, watchConsole } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';

// Issue 18 in a real browser against the built server (demo mode), at a desktop and a phone
// width, each on its own scheme: the coordination opens « Préparer le schéma suivant », is told in
// French what is wrong with a bad year, drops one fiche, creates the next scheme, reads the
// end-of-scheme bilan of the old one and compares the two generations.

const CASES = [
	{
		width: 1366,
		scheme: 'haute-vienne-2017-2021',
		next: 'haute-vienne-2022-2026',
		coordinator: 'coordination@demo.sdsf.fr'
	},
	{
		width: 390,
		scheme: 'correze-2022-2026',
		next: 'correze-2027-2031',
		coordinator: 'coordination.correze@demo.sdsf.fr'
	}
];

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

for (const c of CASES) {
	describe(`the next generation at ${c.width} px`, () => {
		let context: BrowserContext;
		let page: Page;
		let errors: string[];

		beforeAll(async () => {
			context = await browser.newContext({
				locale: 'fr-FR',
				viewport: { width: c.width, height: 900 }
			});
			await signInContext(context, server.url, c.coordinator);
			page = await context.newPage();
			errors = watchConsole(page);
		});
		afterAll(async () => {
			await context?.close();
		});

		it('prepares the next scheme from the scheme page, after a bad year', async () => {
			await page.goto(`${server.url}/schemas/${c.scheme}`, { waitUntil: 'networkidle' });
			await page.getByRole('link', { name: 'Préparer le schéma suivant' }).click();
			await page.waitForURL(`**/schemas/${c.scheme}/schema-suivant`);
			await page.waitForLoadState('networkidle');
			expect(await textOf(page, 'h1')).toBe('Préparer le schéma suivant');
			await expectAccessible(page);

			await page.getByLabel('Première année').fill('20');
			await page.getByRole('button', { name: 'Créer le schéma suivant' }).click();
			await page.getByText('Année trop ancienne.').first().waitFor();
			await expectAccessible(page);
			// That refusal was the 400 Chromium logs; nothing else may be.
			expect(errors.filter((e) => !e.includes('status of 400 (Bad Request)'))).toEqual([]);
			errors.length = 0;

			const startYear = c.next.split('-').at(-2)!;
			const endYear = c.next.split('-').at(-1)!;
			await page.getByLabel('Première année').fill(startYear);
			await page.getByLabel('Dernière année').fill(endYear);
			const boxes = page.locator('input[name="fiches"]');
			const total = await boxes.count();
			expect(total).toBeGreaterThan(1);
			await boxes.first().uncheck();
			await page.getByRole('button', { name: 'Créer le schéma suivant' }).click();
			await page.waitForURL(`**/schemas/${c.next}/plan?suivant=1`);
			await page.waitForLoadState('networkidle');

			await page.goto(`${server.url}/schemas/${c.next}/comparer`, { waitUntil: 'networkidle' });
			expect(await textOf(page, 'h2#abandonnees')).toMatch(/\(1\)$/);
			expect(await textOf(page, 'h2#nouvelles')).toBe('Nouvelles fiches (0)');
			expect(await textOf(page, 'h2#reprises')).toBe(
				`Fiches reprises telles quelles (${total - 1})`
			);
			await expectAccessible(page);
		});

		it('reads the end-of-scheme bilan of the old scheme and edits one row', async () => {
			await page.goto(`${server.url}/schemas/${c.scheme}/bilan`, { waitUntil: 'networkidle' });
			expect(await textOf(page, 'h1')).toMatch(/^Bilan du schéma \d{4}–\d{4}$/);
			await expectAccessible(page);
			await page
				.getByRole('link', { name: /^Modifier le bilan de l’action/ })
				.first()
				.click();
			await page.waitForLoadState('networkidle');
			await page.getByLabel('Perspectives / évolutions').fill('Reprendre l’action avec les EPCI.');
			await expectAccessible(page);
			await page.getByRole('button', { name: 'Enregistrer le bilan' }).click();
			await page.waitForURL(`**/schemas/${c.scheme}/bilan?enregistre=*`);
			await page.getByText('Reprendre l’action avec les EPCI.').first().waitFor();
			expect(await textOf(page, '[role="status"]')).toMatch(
				/^Bilan de l’action n°.+ enregistré\.$/
			);
			expect(errors).toEqual([]);
		});
	});
}
