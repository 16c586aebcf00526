import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, DEMO_PASSWORD, signInContext } from '../support/auth';
import { launchBrowser, openPage, watchConsole } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';

// The reporting journey of issue 5, in a real browser against the built server (demo mode):
// the CAF 87 pilot fills fiche 35 for 2019 (left empty by the demo seed), the coordination sends
// a figure back, the pilot corrects it, the coordination validates and closes 2019.

const SCHEME = 'haute-vienne-2017-2021';
const GRID_35 = `/schemas/${SCHEME}/saisie/2019/35`;
const NUMERIC = ['nombre', 'pourcentage', 'montant'];
const french = (n: number) => new Intl.NumberFormat('fr-FR').format(n);

let server: RunningServer;
let browser: Browser;
let pilot: BrowserContext;
let admin: BrowserContext;

beforeAll(async () => {
	server = await startServer();
	browser = await launchBrowser();
	pilot = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'fr-FR' });
	admin = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'fr-FR' });
	await signInContext(admin, server.url, DEMO.admin);
});
afterAll(async () => {
	await pilot?.close();
	await admin?.close();
	await browser?.close();
	await server?.stop();
});

const open = (context: BrowserContext, path: string) => openPage(context, `${server.url}${path}`);

const lines = (page: Page) => page.locator('tr[data-line]');
const text = async (locator: Locator) =>
	((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();

/** The previous period's number shown on a line ("24 042 (2018)" → 24042), null when none. */
async function previousOf(line: Locator): Promise<number | null> {
	const shown = (await text(line.locator('td.previous'))).replace(/\(\d{4}\)/, '');
	const digits = shown.replace(/[^\d,]/g, '').replace(',', '.');
	return digits ? Number(digits) : null;
}

/** The grid lines of fiche 35 split by unit, as the page lists them. */
async function readLines(page: Page) {
	const all = lines(page);
	const count = await all.count();
	const numeric: { line: Locator; previous: number | null; key: string }[] = [];
	const yesNo: Locator[] = [];
	for (let i = 0; i < count; i++) {
		const line = all.nth(i);
		const unit = await line.getAttribute('data-unit');
		if (unit && NUMERIC.includes(unit)) {
			numeric.push({
				line,
				previous: await previousOf(line),
				key: (await line.getAttribute('data-line'))!
			});
		} else if (unit === 'oui_non') yesNo.push(line);
	}
	return { count, numeric, yesNo };
}

/** Id of the focused element. */
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

describe('entry grid without JavaScript', () => {
	it('saves a draft by a plain form post, and explains a refused value next to the field', async () => {
		const noScript = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR' });
		const page = await noScript.newPage();
		const errors = watchConsole(page);
		await page.goto(
			`${server.url}/connexion?retour=${encodeURIComponent(`/schemas/${SCHEME}/saisie/2019/14`)}`
		);
		await page.getByLabel('Adresse e-mail').fill(DEMO.cafPilot);
		await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
		await page.getByRole('button', { name: 'Se connecter' }).click();
		await page.waitForURL(`**/schemas/${SCHEME}/saisie/2019/14`);

		const line = page.locator('tr[data-unit="nombre"]').first();
		const key = await line.getAttribute('data-line');
		const value = line.locator('[data-entry-value]');
		const name = await value.getAttribute('aria-label');
		expect(name).toMatch(/^Valeur — .+/);

		// A decimal where a whole number is expected: refused, said next to the field and on top.
		await value.fill('12,5');
		await Promise.all([
			page.waitForNavigation(),
			page.getByRole('button', { name: 'Enregistrer le brouillon' }).click()
		]);
		const refused = page.locator(`tr[data-line="${key}"] [data-entry-value]`);
		expect(await refused.getAttribute('aria-invalid')).toBe('true');
		expect(await refused.inputValue()).toBe('12,5');
		const described = (await refused.getAttribute('aria-describedby')) ?? '';
		const errorId = described.split(' ').find((id) => id.endsWith('-error'))!;
		expect(await text(page.locator(`#${errorId}`))).toContain('Un nombre entier est attendu');
		const summaryLink = page.getByRole('alert').getByRole('link', { name: name! });
		expect(await summaryLink.getAttribute('href')).toBe(`#${await refused.getAttribute('id')}`);

		// French writing with a thousands space is read.
		await refused.fill('1 234');
		await Promise.all([
			page.waitForNavigation(),
			page.getByRole('button', { name: 'Enregistrer le brouillon' }).click()
		]);
		expect(await text(page.getByRole('status').filter({ hasText: 'Brouillon enregistré' }))).toBe(
			'Brouillon enregistré (1 ligne modifiée).'
		);
		const saved = page.locator(`tr[data-line="${key}"]`);
		expect((await saved.locator('[data-entry-value]').inputValue()).replace(/\s/g, ' ')).toBe(
			'1 234'
		);
		expect(await text(saved.locator('td.status'))).toContain('Brouillon');

		// Reloaded from the server: the draft is stored.
		await page.goto(`${server.url}/schemas/${SCHEME}/saisie/2019/14`);
		expect(
			(await page.locator(`tr[data-line="${key}"] [data-entry-value]`).inputValue()).replace(
				/\s/g,
				' '
			)
		).toBe('1 234');
		// The refused post answers 400 on purpose (Chromium logs that response); nothing else.
		const expected400 = /status of 400 \(Bad Request\)/;
		expect(errors.filter((e) => expected400.test(e))).toHaveLength(1);
		expect(errors.filter((e) => !expected400.test(e))).toEqual([]);
		await noScript.close();
	});
});

describe('reporting journey: fiche 35, 2019', () => {
	let commentKey = '';
	let sentBackKey = '';

	it('the CAF 87 pilot finds fiche 35 in "Ma saisie" and fills it; a comment is demanded', async () => {
		const page = await pilot.newPage();
		const errors = watchConsole(page);
		await page.goto(`${server.url}/connexion?retour=/ma-saisie`);
		await page.getByLabel('Adresse e-mail').fill(DEMO.cafPilot);
		await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
		await page.getByRole('button', { name: 'Se connecter' }).click();
		await page.waitForURL('**/ma-saisie');
		await page.waitForLoadState('networkidle');

		expect(await text(page.locator('h1'))).toBe('Ma saisie');
		expect(await text(page.locator('.closing').first())).toMatch(
			/^Clôture de la saisie le \d{2}\/\d{2}\/\d{4}/
		);
		const row = page.locator('tr[data-fiche="35"]');
		expect(await text(row)).toContain('À saisir');
		await row.getByRole('link', { name: /Action n°35/ }).click();
		await page.waitForURL(`**${GRID_35}`);
		await page.waitForLoadState('networkidle');
		expect(await text(page.locator('h1'))).toContain('Action n°35 — Année 2019');

		const { count, numeric, yesNo } = await readLines(page);
		expect(count).toBe(numeric.length + yesNo.length);
		expect(numeric.length).toBeGreaterThanOrEqual(2);

		for (const line of yesNo) await line.locator('select[data-entry-value]').selectOption('oui');

		// One value far from 2018 (and from any target), the others close to 2018.
		const [far, ...steady] = numeric;
		commentKey = far.key;
		sentBackKey = steady[0].key;
		const farValue = far.previous === null ? 10 : Math.round(far.previous * 3) + 5;
		await far.line.locator('[data-entry-value]').fill(french(farValue));
		for (const line of steady) {
			await line.line.locator('[data-entry-value]').fill(french(line.previous ?? 10));
		}

		// Enter moves down to the next line's value, without sending the form.
		const farInput = far.line.locator('[data-entry-value]');
		const order = await page
			.locator('[data-entry-value]')
			.evaluateAll((fields) => fields.map((f) => f.id));
		const farId = (await farInput.getAttribute('id'))!;
		await farInput.focus();
		await farInput.press('Enter');
		expect(await focusedId(page)).toBe(order[order.indexOf(farId) + 1]);
		expect(page.url()).toContain(GRID_35);
		expect(page.url()).not.toContain('?/');

		// The rule shows as the value is typed…
		expect(await text(far.line.locator('.rule'))).toMatch(/^Commentaire requis/);
		for (const line of steady) expect(await line.line.locator('.rule').count()).toBe(0);

		// …and submitting without the comment is refused on that field.
		await page.getByRole('button', { name: 'Soumettre au coordinateur' }).click();
		const comment = far.line.locator(`textarea[name="comment.${far.key}"]`);
		await page.waitForFunction(
			(name) =>
				document.querySelector(`textarea[name="${name}"]`)?.getAttribute('aria-invalid') === 'true',
			`comment.${far.key}`
		);
		expect(await text(far.line.locator('.field-error'))).toMatch(/^Commentaire requis/);
		expect(await text(page.getByRole('alert').first())).toContain('Commentaire');
		expect(await text(page.locator('dl.facts'))).not.toContain('Soumise');

		await comment.fill('Nouvelle campagne de communication nationale en 2019.');
		await page.getByRole('button', { name: 'Soumettre au coordinateur' }).click();
		await page.getByText(`${count} chiffres soumis au coordinateur.`).waitFor();
		expect(await text(page.locator('dl.facts'))).toContain('Soumise');
		for (let i = 0; i < count; i++)
			expect(await text(lines(page).nth(i).locator('td.status'))).toContain('Soumis');
		expect(await page.locator('[data-entry-value]').count()).toBe(0);
		expect(errors).toEqual([]);
		await page.close();
	});

	it('the coordination sends one figure back with a comment and validates the others', async () => {
		const { page, errors } = await open(admin, GRID_35);
		const line = page.locator(`tr[data-line="${sentBackKey}"]`);
		const review = line.getByLabel(/^Raison du renvoi — /);
		await review.fill('Ce nombre semble stable : merci de vérifier la source.');
		await line.getByRole('button', { name: /^Renvoyer — / }).click();
		await page.getByText('Revue enregistrée : 1 chiffre renvoyé pour correction.').waitFor();
		const total = await lines(page).count();
		await page.getByRole('button', { name: `Tout valider (${total - 1})` }).click();
		await page
			.getByRole('dialog')
			.getByRole('button', { name: `Valider les ${total - 1} chiffres` })
			.click();
		await page.getByText(`Revue enregistrée : ${total - 1} chiffres validés.`).waitFor();
		expect(await text(line.locator('td.status'))).toContain('Renvoyé pour correction');
		expect(await text(page.locator(`tr[data-line="${commentKey}"] td.status`))).toContain('Validé');
		expect(errors).toEqual([]);
		await page.close();
	});

	it('the pilot sees the comment, corrects the figure and resubmits', async () => {
		const { page, errors } = await open(pilot, GRID_35);
		const line = page.locator(`tr[data-line="${sentBackKey}"]`);
		expect(await text(line.locator('[role="note"]'))).toBe(
			'Commentaire de la coordination : Ce nombre semble stable : merci de vérifier la source.'
		);
		// Only the sent-back line can be changed.
		expect(await page.locator('[data-entry-value]').count()).toBe(1);
		const previous = (await previousOf(line)) ?? 10;
		await line.locator('[data-entry-value]').fill(french(previous + 1));
		await page.getByRole('button', { name: 'Soumettre au coordinateur' }).click();
		await page.getByText('1 chiffre soumis au coordinateur.').waitFor();
		expect(await text(line.locator('td.status'))).toContain('Soumis');

		// The history tells who did what, with the previous values.
		await line.locator('summary').click();
		const history = await text(line.locator('details'));
		expect(history).toMatch(/CAF 87 — .+ a saisi \d/);
		expect(history).toMatch(/a renvoyé le chiffre pour correction \(« Ce nombre semble stable/);
		expect(history).toMatch(
			new RegExp(`a modifié la valeur ${french(previous).replace(/\s/g, '\\s')} → `)
		);
		expect(history).toMatch(/le \d{2}\/\d{2}\/\d{4} à \d{2}:\d{2}/);
		expect(errors).toEqual([]);
		await page.close();
	});

	it('the coordination validates the fiche and closes 2019', async () => {
		const grid = await open(admin, GRID_35);
		await grid.page.getByRole('button', { name: 'Tout valider (1)' }).click();
		await grid.page.getByRole('dialog').getByRole('button', { name: 'Valider le chiffre' }).click();
		await grid.page.getByText('Revue enregistrée : 1 chiffre validé.').waitFor();
		expect(await text(grid.page.locator('dl.facts'))).toContain('Validée');
		const statuses = await grid.page.locator('tr[data-line] td.status .tag').allTextContents();
		expect(statuses.every((s) => s.trim() === 'Validé')).toBe(true);
		expect(grid.errors).toEqual([]);
		await grid.page.close();

		const { page, errors } = await open(admin, `/schemas/${SCHEME}/periodes`);
		await page
			.locator('#gerer-2019')
			.getByRole('button', { name: /^Clore la saisie/ })
			.click();
		const confirm = page.getByRole('dialog', { name: /^Clore la saisie/ });
		expect(await text(confirm)).toContain('les pilotes ne pourront plus saisir');
		await confirm.getByRole('button', { name: 'Clore la saisie' }).click();
		await page.getByText('Période désormais « Close ».').waitFor();
		expect(await text(page.locator('tr[data-period="2019"]'))).toContain('Close');
		expect(errors).toEqual([]);
		await page.close();
	});

	it('the pilot can no longer edit fiche 35 for 2019', async () => {
		const { page, errors } = await open(pilot, GRID_35);
		expect(await text(page.locator('.lock'))).toContain('Saisie verrouillée');
		expect(await page.locator('[data-entry-value]').count()).toBe(0);
		expect(await page.locator('[form="entry-form"]').count()).toBe(0);
		expect(await page.getByRole('button', { name: 'Enregistrer le brouillon' }).count()).toBe(0);
		expect(await page.getByRole('button', { name: 'Soumettre au coordinateur' }).count()).toBe(0);

		// A forged post is refused by the server too.
		const response = await page.request.post(`${server.url}${GRID_35}?/saveDraft`, {
			headers: { Origin: server.url, 'x-sveltekit-action': 'true' },
			form: { [`value.${commentKey}`]: '1', [`version.${commentKey}`]: '' }
		});
		const body = await response.json();
		expect(body.type).toBe('failure');
		expect(body.status).toBe(423);

		// "Ma saisie" has no open period left.
		await page.goto(`${server.url}/ma-saisie`);
		expect(await text(page.locator('.notice'))).toContain('Aucune période de saisie n’est ouverte');
		expect(errors).toEqual([]);
		await page.close();
	});
});
