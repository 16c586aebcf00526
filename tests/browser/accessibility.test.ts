import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, signInContext } from '../support/auth';
import { launchBrowser } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';

// Automated accessibility check (axe-core, WCAG 2.1 A and AA rules) of the main pages, signed in:
// no serious or critical violation. Manual checks (keyboard, screen reader) remain necessary.

const SCHEME = 'haute-vienne-2017-2021';
const PAGES: {
	name: string;
	path: string;
	as: 'reader' | 'admin';
	ready?: string;
	open?: string;
}[] = [
	{ name: 'vue d’ensemble du schéma', path: `/schemas/${SCHEME}`, as: 'reader' },
	{ name: 'fiche action', path: `/schemas/${SCHEME}/fiches/11-bis`, as: 'reader' },
	{
		name: 'tableau de bord',
		path: `/schemas/${SCHEME}/tableau-de-bord?periode=2018`,
		as: 'reader',
		ready: 'canvas[data-chart-drawn]'
	},
	{
		name: 'tableau de bord (coordination, formulaires d’ajustement)',
		// One override form open, and a chart's data table unfolded, so axe reads them too.
		path: `/schemas/${SCHEME}/tableau-de-bord?periode=2018&ajuster=1`,
		as: 'admin',
		ready: 'canvas[data-chart-drawn]',
		open: 'figure[data-chart-id] details summary'
	},
	{ name: 'dossier de revue du comité', path: `/schemas/${SCHEME}/revue/2018`, as: 'reader' }
];

let server: RunningServer;
let browser: Browser;
const contexts: Record<'reader' | 'admin', BrowserContext | null> = { reader: null, admin: null };

beforeAll(async () => {
	server = await startServer();
	browser = await launchBrowser();
	for (const role of ['reader', 'admin'] as const) {
		const context = await browser.newContext({
			viewport: { width: 1280, height: 900 },
			locale: 'fr-FR'
		});
		await signInContext(context, server.url, role === 'admin' ? DEMO.admin : DEMO.reader);
		contexts[role] = context;
	}
});
afterAll(async () => {
	await contexts.reader?.close();
	await contexts.admin?.close();
	await browser?.close();
	await server?.stop();
});

describe('accessibility (axe-core), signed in', () => {
	for (const target of PAGES) {
		it(`${target.name}: no serious or critical violation`, async () => {
			const page = await contexts[target.as]!.newPage();
			const response = await page.goto(`${server.url}${target.path}`, { waitUntil: 'networkidle' });
			expect(response?.status()).toBe(200);
			if (target.ready) await page.locator(target.ready).first().waitFor({ state: 'attached' });
			if (target.open) {
				for (const selector of target.open.split(', '))
					await page.locator(selector).first().click();
			}
			const results = await new AxeBuilder({ page })
				.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
				.analyze();
			const blocking = results.violations
				.filter((v) => v.impact === 'serious' || v.impact === 'critical')
				.map((v) => ({
					rule: v.id,
					impact: v.impact,
					help: v.help,
					nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' '))
				}));
			expect(blocking).toEqual([]);
			// The rules did run (a page axe could not read would pass trivially).
			expect(results.passes.length).toBeGreaterThan(10);
			await page.close();
		});
	}
});
