import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, signInContext } from '../support/auth';
import { expectAccessible, launchBrowser, openPage } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';

// Issue 14's smaller points on the dashboard and the review pack, at 390 px and 1 366 px: chart
// axes carry titles (with units) and category labels that fit their slot (full text in the
// tooltip and in the table); the review pack has an « Imprimer » button, a sommaire numbered like
// its sections (the printed page reference) and small tables that never split across pages.

const SCHEME = 'haute-vienne-2017-2021';
const SHOTS = 'test-results/screenshots';
const WIDTHS = [
	{ name: 'telephone', width: 390, height: 844 },
	{ name: 'bureau', width: 1366, height: 900 }
] as const;

type Axes = {
	orientation: 'horizontal' | 'vertical';
	category: string;
	value: string;
	rotation: number;
	ticks: string[][];
};

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
	mkdirSync(SHOTS, { recursive: true });
	server = await startServer();
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

describe.each(WIDTHS)('dashboard and review pack at $width px', ({ name, width, height }) => {
	let reader: BrowserContext;
	beforeAll(async () => {
		reader = await browser.newContext({
			viewport: { width, height },
			locale: 'fr-FR',
			timezoneId: 'Europe/Paris'
		});
		await signInContext(reader, server.url, DEMO.reader);
	});
	afterAll(async () => reader?.close());

	const axesOf = async (page: Page, id: string): Promise<Axes> => {
		const canvas = page.locator(`figure[data-chart-id="${id}"] canvas[data-chart-axes]`);
		await canvas.waitFor({ state: 'attached' });
		return JSON.parse((await canvas.getAttribute('data-chart-axes')) ?? '{}');
	};
	const tableLabels = (page: Page, id: string) =>
		page
			.locator(`#${id}-tableau tbody th[scope="row"]`)
			.evaluateAll((cells) => cells.map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim()));

	it('titles both axes of every chart, with units, and no tick label runs out of its slot', async () => {
		const { page, errors } = await openPage(
			reader,
			`${server.url}/schemas/${SCHEME}/tableau-de-bord`
		);
		await expectAccessible(page);
		const expected: Record<string, { category: string; value: string }> = {
			'graphique-etats': { category: 'Axe stratégique', value: 'Nombre de fiches' },
			'graphique-meteo': { category: 'Axe stratégique', value: 'Nombre de fiches' },
			'graphique-saisie': { category: 'Organisation pilote', value: 'Nombre de chiffres' },
			'graphique-financements': { category: 'Axe', value: 'Montant (€)' }
		};
		for (const [id, titles] of Object.entries(expected)) {
			if (!(await page.locator(`figure[data-chart-id="${id}"]`).count())) continue;
			const axes = await axesOf(page, id);
			expect(axes, id).toMatchObject(titles);
			// Labels are never turned sideways (where they were clipped): they wrap instead.
			expect(axes.rotation, id).toBe(0);
			const labels = await tableLabels(page, id);
			expect(axes.ticks, id).toHaveLength(labels.length);
			for (const [i, lines] of axes.ticks.entries()) {
				const shown = lines.join(' ').replace(/…$/, '');
				// What the tick shows is the start of the full label, which the table gives whole.
				expect(labels[i].startsWith(shown.replace(/…/g, '').trim().split(' ')[0]), id).toBe(true);
				if (!lines.join(' ').includes('…')) expect(lines.join(' '), id).toBe(labels[i]);
			}
		}
		// An axis is named by its title, not by « Axe stratégique 3 » alone.
		const axisLabels = await tableLabels(page, 'graphique-etats');
		for (const label of axisLabels) expect(label).toMatch(/^Axe stratégique \d+ — \S/);
		// Many organisations on a phone: the bars lie down so that their names read across.
		const entry = await axesOf(page, 'graphique-saisie');
		expect(entry.orientation).toBe(width < 640 ? 'horizontal' : 'vertical');
		expect(await tableLabels(page, 'graphique-saisie')).toContain(
			'Fédération des CAF du Centre-Ouest'
		);
		await page
			.locator('figure[data-chart-id="graphique-saisie"]')
			.screenshot({ path: `${SHOTS}/${name}-${width}-graphique-saisie.png` });
		await page
			.locator('figure[data-chart-id="graphique-etats"]')
			.screenshot({ path: `${SHOTS}/${name}-${width}-graphique-etats.png` });
		expect(errors).toEqual([]);
		await page.close();
	});

	it('the review pack prints from a button, its sommaire numbered like its sections', async () => {
		const { page, errors } = await openPage(reader, `${server.url}/schemas/${SCHEME}/revue/2018`);
		await expectAccessible(page);
		await expect(page.getByRole('button', { name: 'Imprimer' }).isVisible()).resolves.toBe(true);
		await page.screenshot({ path: `${SHOTS}/${name}-${width}-revue.png` });

		const entries = await page.locator('[data-section="contents"] .toc > li').evaluateAll((items) =>
			items.map((li) => ({
				number: li.getAttribute('data-toc-number'),
				text: (li.querySelector(':scope > a')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
				href: li.querySelector(':scope > a')?.getAttribute('href') ?? ''
			}))
		);
		expect(entries.length).toBeGreaterThan(2);
		expect(entries[0].text).toBe('1. Vue d’ensemble');
		for (const [i, entry] of entries.entries()) {
			expect(entry.number).toBe(String(i + 1));
			expect(entry.text.startsWith(`${i + 1}. `)).toBe(true);
			// The link leads to a heading that shows the same number.
			const heading = await page.evaluate((href) => {
				const target = document.querySelector(href);
				const h2 = target?.matches('h2') ? target : target?.querySelector('h2');
				return {
					number: h2?.getAttribute('data-section-number') ?? null,
					text: (h2?.textContent ?? '').replace(/\s+/g, ' ').trim()
				};
			}, entry.href);
			expect(heading.number, entry.href).toBe(String(i + 1));
			expect(heading.text.startsWith(`${i + 1}. `), entry.href).toBe(true);
		}

		await page.emulateMedia({ media: 'print' });
		const breaks = await page.evaluate(() =>
			[
				'.overview',
				'.axis table.small',
				'.axis .grid',
				'article.fiche table',
				'article.fiche .milestones'
			].map((selector) => ({
				selector,
				values: [
					...new Set(
						[...document.querySelectorAll(selector)].map((e) => getComputedStyle(e).breakInside)
					)
				]
			}))
		);
		for (const { selector, values } of breaks) {
			if (values.length) expect(values, selector).toEqual(['avoid']);
		}
		expect(breaks.find((b) => b.selector === '.axis table.small')?.values).toEqual(['avoid']);
		expect(errors).toEqual([]);
		await page.close();
	});
});
