import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, signIn, signInContext } from '../support/auth';
import { launchBrowser, watchConsole } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';

const SLUG = 'haute-vienne-2017-2021';
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

async function contextFor(email: string): Promise<BrowserContext> {
	const context = await browser.newContext({ locale: 'fr-FR' });
	await signInContext(context, server.url, email);
	return context;
}

const fiche = (n: string) => `${server.url}/schemas/${SLUG}/fiches/${n}`;

async function ficheJson(n: string) {
	const cookie = await signIn(server.url, DEMO.reader);
	const response = await fetch(`${server.url}/api/schemes/${SLUG}/fiches/${n}`, {
		headers: { Cookie: cookie }
	});
	return (await response.json()).fiche;
}

describe('editing the plan in the browser', () => {
	it('lets the CAF 87 pilot change the state of fiche 35 and add a step, with history', async () => {
		const context = await contextFor(DEMO.cafPilot);
		const page = await context.newPage();
		const errors = watchConsole(page);
		await page.goto(fiche('35'));
		await page.getByRole('link', { name: 'Modifier la fiche' }).click();
		await page.waitForURL(`${fiche('35')}/modifier`);
		await page.getByLabel('État').selectOption('en_cours');
		const steps = page.getByLabel('Déclinaison opérationnelle');
		await steps.fill(`${await steps.inputValue()}\n• Relayer la campagne auprès des RPE`);
		await page.getByRole('button', { name: 'Enregistrer' }).click();
		await page.waitForURL((url) => url.pathname === `/schemas/${SLUG}/fiches/35`);
		await expect(page.getByRole('status').first().textContent()).resolves.toContain(
			'Modifications enregistrées'
		);
		await expect(page.locator('.fiche-header').textContent()).resolves.toContain('En cours');
		await expect(page.locator('#s-declinaison + .row__content').textContent()).resolves.toContain(
			'Relayer la campagne auprès des RPE'
		);
		const history = page.locator('section.history');
		await expect(history.textContent()).resolves.toMatch(
			/CAF 87 — Marie Dupont\s+a passé l’état de\s+à lancer\s+à\s+en cours/
		);
		const saved = await ficheJson('35');
		expect(saved.state).toBe('en_cours');
		expect(saved.steps.at(-1)).toEqual({ text: 'Relayer la campagne auprès des RPE', marker: '•' });
		expect(errors).toEqual([]);
		await context.close();
	});

	it('does not let the Ville de Limoges pilot edit fiche 35', async () => {
		const context = await contextFor(DEMO.limogesPilot);
		const page = await context.newPage();
		await page.goto(fiche('35'));
		expect(await page.getByRole('link', { name: 'Modifier la fiche' }).count()).toBe(0);
		const response = await page.goto(`${fiche('35')}/modifier`);
		expect(response?.status()).toBe(403);
		// A forged post is refused too, and nothing changes.
		const before = await ficheJson('35');
		const post = await page.request.post(`${fiche('35')}/modifier`, {
			headers: { Origin: server.url, Accept: 'text/html' },
			form: { version: String(before.version), state: 'abandonnee' }
		});
		expect(post.status()).toBe(403);
		expect((await ficheJson('35')).state).toBe(before.state);
		// Its own fiche 11 bis is editable.
		await page.goto(fiche('11-bis'));
		expect(await page.getByRole('link', { name: 'Modifier la fiche' }).count()).toBe(1);
		await context.close();
	});

	it('shows the versions and overwrites nothing when two people save the same fiche', async () => {
		const first = await contextFor(DEMO.cafPilot);
		const second = await contextFor(DEMO.admin);
		const [a, b] = [await first.newPage(), await second.newPage()];
		await a.goto(`${fiche('10')}/modifier`);
		await b.goto(`${fiche('10')}/modifier`);
		await a.getByLabel('Échéancier').fill('2017/2019');
		await a.getByRole('button', { name: 'Enregistrer' }).click();
		await a.waitForURL((url) => url.pathname === `/schemas/${SLUG}/fiches/10`);
		await b.getByLabel('Échéancier').fill('2018');
		await b.getByRole('button', { name: 'Enregistrer' }).click();
		const conflict = b.getByRole('alert').filter({ hasText: 'Quelqu’un a enregistré cette fiche' });
		await conflict.waitFor();
		const row = conflict.getByRole('row', { name: /Échéancier/ });
		await expect(row.textContent()).resolves.toMatch(/2017\/2019[\s\S]*2018/);
		expect((await ficheJson('10')).schedule).toBe('2017/2019');
		// The saved text is kept unless one chooses one's own, field by field.
		await row.getByLabel('La mienne').check();
		expect(await b.getByLabel('Échéancier').inputValue()).toBe('2018');
		await b.getByRole('button', { name: 'Enregistrer' }).click();
		await b.waitForURL((url) => url.pathname === `/schemas/${SLUG}/fiches/10`);
		expect((await ficheJson('10')).schedule).toBe('2018');
		await first.close();
		await second.close();
	});

	it('renders a stored script in a title as text', async () => {
		const cookie = await signIn(server.url, DEMO.admin);
		const current = await ficheJson('14');
		const title = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2">';
		const response = await fetch(`${server.url}/api/schemes/${SLUG}/fiches/14`, {
			method: 'PATCH',
			headers: {
				Cookie: cookie,
				'Content-Type': 'application/json',
				'If-Match': `"${current.version}"`,
				Origin: server.url
			},
			body: JSON.stringify({ title })
		});
		expect(response.status).toBe(200);
		const context = await contextFor(DEMO.reader);
		const page: Page = await context.newPage();
		await page.goto(fiche('14'));
		await expect(page.locator('.fiche-title').textContent()).resolves.toBe(title);
		expect(
			await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)
		).toBeUndefined();
		expect(await page.locator('.fiche-title img').count()).toBe(0);
		await context.close();
	});

	it('lets the administrator record an amendment adding fiche 41 under axe 6.3', async () => {
		const context = await contextFor(DEMO.admin);
		const page = await context.newPage();
		const errors = watchConsole(page);
		// Wait for hydration so the enhanced form keeps what is typed.
		await page.goto(`${server.url}/schemas/${SLUG}/avenants/nouveau`, { waitUntil: 'networkidle' });
		await page.getByLabel('Date de signature').fill('2019-03-15');
		await page.getByLabel('Intitulé de l’avenant').fill('Avenant n°1 au plan d’actions');
		await page.getByLabel('Numéro').fill('41');
		await page
			.getByLabel('Intitulé', { exact: true })
			.fill('Développer les relais petite enfance en zone rurale');
		const select = page.getByLabel('Place dans le plan');
		const option = await select
			.locator('option', { hasText: /6\.3.*Objectif 1/ })
			.getAttribute('value');
		await select.selectOption(option!);
		await page.getByLabel('Pilote(s)').fill('Caisse d’Allocations Familiales 87');
		await page.getByRole('button', { name: 'Enregistrer l’avenant' }).click();
		// The form is enhanced: the success page arrives by client-side navigation.
		await expect.poll(() => page.url(), { timeout: 15_000 }).toContain('/avenants?cree=1');
		await expect(page.locator('main').textContent()).resolves.toContain(
			'Avenant « Avenant n°1 au plan d’actions » enregistré'
		);
		await page.goto(fiche('41'));
		await expect(page.locator('.fiche-title').textContent()).resolves.toBe(
			'Développer les relais petite enfance en zone rurale'
		);
		await expect(page.locator('.fiche-header').textContent()).resolves.toContain(
			'Ajoutée par l’avenant'
		);
		const path = (await ficheJson('41')).path.map((p: { code: string }) => p.code);
		expect(path).toEqual(['6', '6.3', 'Objectif 1']);
		expect(errors).toEqual([]);
		await context.close();
	});
});
