import SQLite from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, signIn, signInContext } from '../support/auth';
import { launchBrowser } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';

// A plan longer than the dashboard's first view: the weather table shows its first 20 fiches with
// a plain link to the others, and a fiche past them stays in view while it is being adjusted.

const SCHEME = 'haute-vienne-2017-2021';
const DASHBOARD = `/schemas/${SCHEME}/tableau-de-bord`;
const ADDED = ['42', '43', '44', '45', '46'];

let server: RunningServer;
let browser: Browser;
let total: number;

const rows = (page: Page) => page.locator('table.meteo-table tbody tr[data-fiche]');

beforeAll(async () => {
	server = await startServer();
	browser = await launchBrowser();
	// The coordinator adds five fiches through the real form: 25 fiches in the plan.
	const cookie = await signIn(server.url, DEMO.admin);
	const sqlite = new SQLite(server.databasePath, { readonly: true, fileMustExist: true });
	const node = sqlite
		.prepare(
			`select plan_node.id from plan_node join scheme on scheme.id = plan_node.scheme_id
			 where scheme.slug = ? order by plan_node.id desc limit 1`
		)
		.get(SCHEME) as { id: number };
	for (const number of ADDED) {
		const response = await fetch(`${server.url}/schemas/${SCHEME}/fiches/nouvelle`, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				cookie,
				Origin: server.url,
				Accept: 'text/html',
				'Content-Type': 'application/x-www-form-urlencoded'
			},
			body: new URLSearchParams({
				number,
				title: `Fiche ajoutée ${number}`,
				nodeId: String(node.id),
				pilots: 'CAF 87'
			})
		});
		expect(response.status).toBe(303);
	}
	total = (
		sqlite
			.prepare(
				'select count(*) as n from fiche join scheme on scheme.id = fiche.scheme_id where scheme.slug = ?'
			)
			.get(SCHEME) as { n: number }
	).n;
	sqlite.close();
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

async function context(email: string, javaScriptEnabled = true): Promise<BrowserContext> {
	const created = await browser.newContext({ javaScriptEnabled, locale: 'fr-FR' });
	await signInContext(created, server.url, email);
	return created;
}

describe('a plan longer than the first view', () => {
	it('shows the first 20 fiches and the others by a plain link, filters kept', async () => {
		expect(total).toBeGreaterThan(20);
		const reader = await context(DEMO.reader, false);
		const page = await reader.newPage();
		await page.goto(`${server.url}${DASHBOARD}?periode=2018`);
		expect(await rows(page).count()).toBe(20);
		// The count of fiches still says the whole plan.
		expect(await page.getByTestId('fiche-count').textContent()).toContain(String(total));
		const more = page.getByRole('link', { name: `Afficher les ${total - 20} autres` });
		await more.click();
		await page.waitForURL((url) => url.searchParams.getAll('tout').includes('meteo'));
		expect(new URL(page.url()).searchParams.get('periode')).toBe('2018');
		expect(await rows(page).count()).toBe(total);
		expect(await rows(page).last().getAttribute('data-fiche')).toBe('46');
		await page.getByRole('link', { name: 'Afficher seulement les 20 premiers' }).click();
		await page.waitForURL((url) => !url.searchParams.has('tout'));
		expect(await rows(page).count()).toBe(20);
		await reader.close();
	});

	it('keeps a fiche past the first 20 in view while the coordination adjusts its weather', async () => {
		// Without JavaScript every step is a full page: the row must come back with each of them.
		const admin = await context(DEMO.admin, false);
		const page = await admin.newPage();
		await page.goto(`${server.url}${DASHBOARD}?periode=2018&tout=meteo`);
		const row = page.locator('tr[data-fiche="46"]');
		await row.getByRole('link', { name: 'Ajuster la météo de la fiche 46' }).click();
		await page.waitForURL((url) => url.searchParams.get('ajuster') === '46');
		await row.locator('select[name="meteo"]').selectOption('at_risk');
		// No reason: refused, and the row with its message is still there.
		await row.getByRole('button', { name: 'Enregistrer la météo' }).click();
		await expect
			.poll(() => row.locator('textarea[name="reason"]').getAttribute('aria-invalid'))
			.toBe('true');
		await row.locator('textarea[name="reason"]').fill('Fiche ajoutée en cours d’année.');
		await row.getByRole('button', { name: 'Enregistrer la météo' }).click();
		await page.waitForURL((url) => url.searchParams.get('ajuste') === '46');
		await expect
			.poll(() => row.locator('td[data-effective]').getAttribute('data-effective'))
			.toBe('at_risk');
		expect(await row.locator('.override-computed [data-meteo]').getAttribute('data-meteo')).toBe(
			'not_assessed'
		);
		await admin.close();
	});
});
