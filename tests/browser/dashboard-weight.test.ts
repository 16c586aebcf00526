import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, signIn, signInContext } from '../support/auth';
import { launchBrowser } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';

// Weight of the dashboard's first load: the JavaScript a browser downloads, measured as the gzip
// size of the built files (node:zlib, default level). Budget: 150 kB, chart.js included.

const SCHEME = 'haute-vienne-2017-2021';
const DASHBOARD = `/schemas/${SCHEME}/tableau-de-bord?periode=2018`;
const BUDGET = 150 * 1000;
const CLIENT = resolve(process.env.BUILD_DIR ?? 'build', 'client');

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

/** The built file behind a URL of the server, as bytes. */
function builtFile(url: string): Buffer {
	return readFileSync(resolve(CLIENT, `.${new URL(url).pathname}`));
}
const gzipSize = (urls: Iterable<string>) =>
	[...urls].reduce((sum, url) => sum + gzipSync(builtFile(url)).length, 0);
const kB = (bytes: number) =>
	`${(bytes / 1000).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} kB`;

/** Every script a page loads in a real browser (static imports, preloads and dynamic imports). */
async function loadedScripts(path: string): Promise<string[]> {
	const context = await browser.newContext();
	await signInContext(context, server.url, DEMO.reader);
	const page = await context.newPage();
	const scripts = new Set<string>();
	page.on('response', (response) => {
		const url = response.url();
		if (url.startsWith(server.url) && new URL(url).pathname.endsWith('.js')) scripts.add(url);
	});
	await page.goto(`${server.url}${path}`, { waitUntil: 'networkidle' });
	if (path.includes('tableau-de-bord'))
		await page.locator('canvas[data-chart-drawn]').first().waitFor({ state: 'attached' });
	await context.close();
	return [...scripts];
}

/** chart.js itself (an error message only its core holds). */
const isChartJs = (url: string) =>
	builtFile(url).toString('utf8').includes('Canvas is already in use');

describe('dashboard first-load JavaScript', () => {
	it('stays under 150 kB gzipped, chart.js included', async () => {
		// What the page announces as modulepreload (SvelteKit sends them in the Link header; HTML links
		// are read too), without a browser.
		const cookie = await signIn(server.url, DEMO.reader);
		const pageUrl = `${server.url}${DASHBOARD}`;
		const response = await fetch(pageUrl, { headers: { Cookie: cookie } });
		const html = await response.text();
		const announced = [
			...[
				...(response.headers.get('link') ?? '').matchAll(/<([^>]+)>;[^,]*rel="modulepreload"/g)
			].map((m) => m[1]),
			...[...html.matchAll(/<link[^>]+rel="modulepreload"[^>]*>/g)].map(
				(m) => /href="([^"]+)"/.exec(m[0])![1]
			)
		];
		const preloaded = new Set(announced.map((href) => new URL(href, pageUrl).href));
		expect(preloaded.size).toBeGreaterThan(0);

		// What the browser really downloads: the preloads plus the chart module fetched on mount.
		const loaded = await loadedScripts(DASHBOARD);
		for (const url of preloaded) expect(loaded).toContain(url);
		// chart.js comes with the dynamically imported chart module, never with the first preloads.
		const chartChunks = loaded.filter(isChartJs);
		expect(chartChunks.length).toBeGreaterThan(0);
		for (const url of chartChunks) expect(preloaded.has(url)).toBe(false);

		const initial = gzipSize(preloaded);
		const total = gzipSize(loaded);
		const charts = gzipSize(chartChunks);
		console.info(
			`Tableau de bord, JavaScript au premier chargement (gzip) : ${kB(total)} en ${loaded.length} fichiers ` +
				`(modulepreload : ${kB(initial)} en ${preloaded.size} fichiers ; module des graphiques chart.js chargé au montage : ${kB(charts)}).`
		);
		expect(total).toBeLessThan(BUDGET);
	});

	it('does not load chart.js on a page without charts', async () => {
		const loaded = await loadedScripts(`/schemas/${SCHEME}`);
		expect(loaded.length).toBeGreaterThan(0);
		expect(loaded.filter(isChartJs)).toEqual([]);
	});
});
