import AxeBuilder from '@axe-core/playwright';
import { expect } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with the flags this closed network needs. */
export function launchBrowser(): Promise<Browser> {
	return chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--disable-dev-shm-usage'
		]
	});
}

/** Collects console errors and page errors so a test can assert there were none. */
export function watchConsole(page: Page): string[] {
	const errors: string[] = [];
	page.on('console', (message) => {
		if (message.type() === 'error') errors.push(message.text());
	});
	page.on('pageerror', (error) => errors.push(error.message));
	return errors;
}

/** Opens a page, watching its console from the start, once the network has settled. */
export async function openPage(
	context: BrowserContext,
	url: string
): Promise<{ page: Page; errors: string[]; status: number }> {
	const page = await context.newPage();
	const errors = watchConsole(page);
	const response = await page.goto(url, { waitUntil: 'networkidle' });
	return { page, errors, status: response?.status() ?? 0 };
}

/** A selector's first match as read: its text with blanks collapsed. */
export const textOf = async (page: Page, selector: string) =>
	((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

/**
 * No serious or critical axe-core violation (WCAG 2.1 A and AA rules) on the page as it is, and
 * no sideways scrolling of the whole page (wide tables scroll on their own).
 */
export async function expectAccessible(page: Page): Promise<void> {
	const [scrollWidth, clientWidth] = await page.evaluate(() => [
		document.documentElement.scrollWidth,
		document.documentElement.clientWidth
	]);
	expect(scrollWidth, 'largeur de la page').toBeLessThanOrEqual(clientWidth);
	const results = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
		.analyze();
	const blocking = results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => ({ rule: v.id, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
	expect(blocking).toEqual([]);
	expect(results.passes.length).toBeGreaterThan(10);
}
