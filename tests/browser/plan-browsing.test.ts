import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchOrganisation } from '../../src/lib/domain/organisation-matching';
import type { FicheInput, PlanNodeInput } from '../../src/lib/domain/plan-document';
import { foldText } from '../../src/lib/domain/text';
import { hauteViennePlan } from '../../seeds/haute-vienne-2017-2021';
import { DEMO, signInContext } from '../support/auth';
import { launchBrowser, openPage } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';

// What the pages must show, computed from the seed rather than copied by hand.
const plan = hauteViennePlan;
const SLUG = plan.scheme.slug;
const collect = (nodes: PlanNodeInput[]): FicheInput[] =>
	nodes.flatMap((node) => [...(node.fiches ?? []), ...collect(node.children ?? [])]);
const allFiches = collect(plan.tree);
const organisations = (plan.organisations ?? []).map((o) => ({
	id: o.key,
	name: o.name,
	shortName: o.shortName,
	aliases: o.aliases ?? []
}));
const limoges = organisations.find((o) => o.name === 'Ville de Limoges')!;
const pilotedBy = (key: string) =>
	allFiches
		.filter((fiche) =>
			(fiche.pilots ?? []).some(
				(pilot) =>
					pilot.org === key ||
					(!pilot.org &&
						!pilot.freeText &&
						matchOrganisation(pilot.label, organisations)?.id === key)
			)
		)
		.map((fiche) => fiche.number);
const fiche = (number: string) => allFiches.find((f) => f.number === number)!;
/** Fiche numbers whose whole seed text mentions a word, ignoring accents and case. */
const mentioning = (word: string) =>
	allFiches
		.filter((f) => foldText(JSON.stringify(f)).includes(foldText(word)))
		.map((f) => f.number);

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
	server = await startServer();
	browser = await launchBrowser();
	context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
	// The demo plan is private: a committee member reads it.
	await signInContext(context, server.url, DEMO.reader);
});
afterAll(async () => {
	await context?.close();
	await browser?.close();
	await server?.stop();
});

const open = (path: string) => openPage(context, `${server.url}${path}`);

/** Where a link leads (hrefs may be written relative to the page). */
const pathOf = (link: Locator) => link.evaluate((a) => (a as HTMLAnchorElement).pathname);

/** The fiche numbers listed on an overview page, in page order. */
const listedNumbers = (page: Page) =>
	page
		.locator('[data-fiche-number]')
		.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-fiche-number')));

describe('scheme overview', () => {
	it('shows the 6 strategic axes and the 20 fiches of the seed, in booklet order', async () => {
		const { page, errors, status } = await open(`/schemas/${SLUG}`);
		expect(status).toBe(200);
		expect(await page.title()).toContain(plan.scheme.title);
		await expect(page.locator('h1').textContent()).resolves.toContain(plan.scheme.title);

		expect(plan.tree).toHaveLength(6);
		const axes = page.locator('section[id^="axe-"]');
		expect(await axes.count()).toBe(6);
		expect(await axes.first().locator('h3').textContent()).toMatch(
			new RegExp(`Axe stratégique 1\\s*—?\\s*${plan.tree[0].title.slice(0, 20)}`)
		);

		expect(allFiches).toHaveLength(20);
		expect(await listedNumbers(page)).toEqual(allFiches.map((f) => f.number));
		await expect(page.getByRole('status').textContent()).resolves.toContain('20 fiches');

		// The counts table: one row per axis, and a total equal to the number of fiches.
		const table = page.locator('table');
		expect(await table.locator('tbody tr').count()).toBe(6);
		const totals = await table.locator('tfoot td').allTextContents();
		expect(totals.at(-1)?.trim()).toBe('20');
		expect(errors).toEqual([]);
		await page.close();
	});

	it('filters on the pilot "Ville de Limoges": URL, list and fiche 11 bis', async () => {
		const expected = pilotedBy(limoges.id);
		expect(expected).toContain('11 bis');
		expect(expected.length).toBeLessThan(allFiches.length);

		const { page, errors } = await open(`/schemas/${SLUG}`);
		await page.getByLabel('Pilote', { exact: true }).selectOption({ label: limoges.shortName });
		// With JavaScript the form applies itself on change, through a normal GET navigation.
		await page.waitForURL((url) => url.searchParams.get('pilote') === limoges.id);
		await page.waitForFunction(
			(n) => document.querySelectorAll('[data-fiche-number]').length === n,
			expected.length
		);
		expect(await listedNumbers(page)).toEqual(expected);
		await expect(page.getByRole('status').textContent()).resolves.toMatch(
			new RegExp(`^${expected.length} fiches? correspond`)
		);
		expect(await page.getByLabel('Pilote', { exact: true }).inputValue()).toBe(limoges.id);
		await expect(
			pathOf(page.getByRole('link', { name: 'Réinitialiser les filtres' }))
		).resolves.toBe(`/schemas/${SLUG}`);

		// Open fiche 11 bis from the filtered list.
		await page.getByRole('link', { name: fiche('11 bis').title }).click();
		await page.waitForURL(`**/schemas/${SLUG}/fiches/11-bis`);
		await expect(page.locator('h1').textContent()).resolves.toContain('Action n°11 bis');
		expect(await page.title()).toMatch(/^Action n°11 bis — .+ \| Pilotage SDSF$/);

		const pilots = page.locator('section[aria-labelledby="s-pilotes"]');
		const pilotLink = pilots.getByRole('link', { name: 'Ville de Limoges' });
		expect(await pathOf(pilotLink)).toBe(`/organisations/${limoges.id}`);

		const indicators = page.locator('section[aria-labelledby="s-indicateurs"]');
		await expect(indicators.textContent()).resolves.toContain(
			'Nombre de binôme enseignant/ étudiant ESPE par école'
		);
		expect(await indicators.getByRole('heading', { name: 'De réalisation' }).count()).toBe(1);
		expect(await indicators.getByRole('heading', { name: 'De résultat' }).count()).toBe(1);
		expect(errors).toEqual([]);
		await page.close();
	});

	it('filters without JavaScript too (plain GET form)', async () => {
		const noScript = await browser.newContext({ javaScriptEnabled: false });
		await signInContext(noScript, server.url, DEMO.reader);
		const page = await noScript.newPage();
		await page.goto(`${server.url}/schemas/${SLUG}`);
		await page.getByLabel('Pilote', { exact: true }).selectOption(limoges.id);
		await page.getByRole('button', { name: 'Appliquer les filtres' }).click();
		await page.waitForURL((url) => url.searchParams.get('pilote') === limoges.id);
		expect(await listedNumbers(page)).toEqual(pilotedBy(limoges.id));
		await noScript.close();
	});

	it('searches "assistants maternels" from the search box', async () => {
		const { page, errors } = await open(`/schemas/${SLUG}`);
		const box = page.getByLabel('Rechercher dans les fiches');
		await box.fill('assistants maternels');
		await box.press('Enter');
		await page.waitForURL((url) => url.searchParams.get('q') === 'assistants maternels');
		await page.waitForFunction(
			(n) => document.querySelectorAll('[data-fiche-number]').length < n,
			allFiches.length
		);
		const numbers = await listedNumbers(page);
		expect(numbers).toEqual(expect.arrayContaining(['1', '2']));
		for (const number of numbers) expect(mentioning('assistant')).toContain(number);
		expect(await box.inputValue()).toBe('assistants maternels');
		expect(errors).toEqual([]);
		await page.close();
	});

	it('finds "crèche" when typing "creche" (accents ignored)', async () => {
		const withAccent = mentioning('crèche');
		expect(withAccent.length).toBeGreaterThan(0);
		const { page, errors } = await open(`/schemas/${SLUG}?q=creche`);
		const numbers = await listedNumbers(page);
		expect(numbers.length).toBeGreaterThan(0);
		for (const number of numbers) expect(withAccent).toContain(number);
		expect(errors).toEqual([]);
		await page.close();
	});

	it('shows a helpful empty state when nothing matches', async () => {
		const { page, errors } = await open(`/schemas/${SLUG}?q=zzzyxwv`);
		expect(await listedNumbers(page)).toEqual([]);
		await expect(page.getByRole('status').textContent()).resolves.toContain(
			'Aucune fiche ne correspond'
		);
		expect(
			await page.getByRole('heading', { name: 'Aucune fiche ne correspond à ces filtres' }).count()
		).toBe(1);
		expect(errors).toEqual([]);
		await page.close();
	});
});

describe('fiche page', () => {
	it('prints fiche 35 as a clean A4 sheet', async () => {
		const { page, errors } = await open(`/schemas/${SLUG}/fiches/35`);
		// The print button is a JavaScript enhancement, visible on screen.
		expect(await page.getByRole('button', { name: 'Imprimer' }).isVisible()).toBe(true);

		await page.emulateMedia({ media: 'print' });
		expect(await page.locator('header.site-header').isVisible()).toBe(false);
		expect(await page.locator('nav').first().isVisible()).toBe(false);
		expect(await page.locator('footer').isVisible()).toBe(false);
		expect(await page.getByRole('button', { name: 'Imprimer' }).isVisible()).toBe(false);
		const title = page.locator('h1');
		expect(await title.isVisible()).toBe(true);
		await expect(title.textContent()).resolves.toContain(fiche('35').title);
		// The scheme title stays on top of the printed sheet (the breadcrumb is hidden).
		const schemeTitle = page
			.getByText(plan.scheme.title, { exact: true })
			.filter({ visible: true });
		expect(await schemeTitle.count()).toBe(1);

		const pdf = await page.pdf({ format: 'A4' });
		expect(pdf.length).toBeGreaterThan(5_000);
		expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');
		expect(errors).toEqual([]);
		await page.close();
	});

	it('reads a blank fiche (8) as blank', async () => {
		expect(fiche('8').state).toBe('a_elaborer');
		const { page, errors } = await open(`/schemas/${SLUG}/fiches/8`);
		await expect(page.locator('main').textContent()).resolves.toContain(
			'Fiche à élaborer : le livret la laisse vierge.'
		);
		expect(await page.getByText('Non renseigné').count()).toBeGreaterThan(2);
		expect(errors).toEqual([]);
		await page.close();
	});

	it('answers 404 for an unknown fiche, with a link back to the scheme', async () => {
		const { page, errors, status } = await open(`/schemas/${SLUG}/fiches/999`);
		expect(status).toBe(404);
		await expect(page.locator('h1').textContent()).resolves.toContain('introuvable');
		const back = page.getByRole('link', { name: 'Retour au schéma' });
		expect(await pathOf(back)).toBe(`/schemas/${SLUG}`);
		await back.click();
		await page.waitForURL(`**/schemas/${SLUG}`);
		expect(await listedNumbers(page)).toHaveLength(allFiches.length);
		// The only error allowed is the browser noting the 404 of the document itself.
		expect(errors.filter((e) => !/status of 404/.test(e))).toEqual([]);
		await page.close();
	});
});

describe('private demo scheme', () => {
	it('sends an anonymous visitor to the sign-in page and back', async () => {
		const anonymous = await browser.newContext();
		const page = await anonymous.newPage();
		await page.goto(`${server.url}/schemas/${SLUG}/fiches/11-bis`);
		expect(new URL(page.url()).pathname).toBe('/connexion');
		await page.getByLabel('Adresse e-mail').fill(DEMO.reader);
		await page.getByLabel('Mot de passe').fill('Pilotage-SDSF-demo');
		await page.getByRole('button', { name: 'Se connecter' }).click();
		await page.waitForURL(`${server.url}/schemas/${SLUG}/fiches/11-bis`);
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
			'11 bis'
		);
		await anonymous.close();
	});
});
