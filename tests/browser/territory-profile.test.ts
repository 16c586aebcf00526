import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, signInContext } from '../support/auth';
import { expectAccessible, launchBrowser, openPage, textOf } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';

// A committee member (lecteur) opens the territory beside the demo plan in a real browser, at a
// desktop and a phone width: the coverage chart is drawn and its table alternative opens and reads
// the same figures; the EPCIs sort; the page passes axe.

const PROFILE = '/schemas/haute-vienne-2017-2021/territoire';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
	server = await startServer();
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

describe('territory profile', () => {
	for (const width of [1366, 390]) {
		it(`a reader reads the table alternative of the coverage chart at ${width} px`, async () => {
			const context = await browser.newContext({
				viewport: { width, height: 900 },
				locale: 'fr-FR'
			});
			try {
				await signInContext(context, server.url, DEMO.reader);
				const { page, errors, status } = await openPage(context, `${server.url}${PROFILE}`);
				expect(status).toBe(200);
				expect(await textOf(page, 'h1')).toBe('Territoire : Haute-Vienne (Département 87)');
				expect(await textOf(page, '[role="note"]')).toContain('Valeurs fictives de démonstration');
				// Once chart.js has drawn the canvas, the table folds behind its toggle.
				const figure = page.locator('figure[data-chart-id="graphique-couverture"]');
				await figure.locator('canvas[data-chart-drawn]').waitFor({ state: 'attached' });
				const table = page.locator('#graphique-couverture-tableau');
				expect(await table.isVisible()).toBe(false);
				await figure.locator('summary').click();
				expect(await table.isVisible()).toBe(true);
				const rows = await table
					.locator('tbody tr')
					.evaluateAll((trs) =>
						trs.map((tr) =>
							[...tr.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim())
						)
					);
				expect(rows).toEqual([
					['2021', '56,8', '—'],
					['2022', '57,6', '59,5'],
					['2023', '58,3', '60,9']
				]);
				expect(
					await table
						.locator('thead th')
						.evaluateAll((ths) => ths.map((th) => (th.textContent ?? '').trim()))
				).toEqual(['Année', 'Haute-Vienne', 'France entière hors Mayotte']);

				// The EPCIs by coverage, highest first, then lowest first: « non diffusé » stays last.
				const sortable = page.locator('table.sortable');
				const byValue = sortable.getByRole('button', { name: 'Taux de couverture' });
				const values = () =>
					sortable
						.locator('tbody td.num')
						.evaluateAll((tds) => tds.map((td) => (td.textContent ?? '').trim()));
				await byValue.click();
				expect(await values()).toEqual(['106,9', '67,8', '60,4', '49,3', '46,2', 'non diffusé']);
				expect(await sortable.locator('th[aria-sort="descending"]').count()).toBe(1);
				await byValue.click();
				expect(await values()).toEqual(['46,2', '49,3', '60,4', '67,8', '106,9', 'non diffusé']);

				await expectAccessible(page);
				expect(errors).toEqual([]);
			} finally {
				await context.close();
			}
		});
	}

	it('the coordination’s import, funding and funders’ pages pass axe at 390 px', async () => {
		const context = await browser.newContext({
			viewport: { width: 390, height: 900 },
			locale: 'fr-FR'
		});
		try {
			await signInContext(context, server.url, DEMO.admin);
			for (const path of [
				`${PROFILE}/import`,
				'/schemas/haute-vienne-2017-2021/fiches/35/financements',
				'/schemas/haute-vienne-2017-2021/financements'
			]) {
				const { page, errors, status } = await openPage(context, `${server.url}${path}`);
				expect(status, path).toBe(200);
				await expectAccessible(page);
				expect(errors, path).toEqual([]);
				await page.close();
			}
		} finally {
			await context.close();
		}
	});
});
