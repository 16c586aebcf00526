import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, signIn, signInContext } from '../support/auth';
import { expectAccessible, launchBrowser, openPage, textOf } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';

// The journeys of issue 14 at a desk (1 366 px) and on a phone (390 px), each width on its own
// server: the CAF 87 pilot enters and submits fiche 35 for 2019, withdraws the submission and
// submits again; the coordination sends one figure back, validates one alone, undoes it, validates
// the rest with « Tout valider », then closes 2019 after a confirmation. Every main page of these
// journeys, for each role, is checked with axe and must not be wider than the screen; screenshots
// of the key screens go to test-results/screenshots/ (git-ignored, kept as CI artefacts).

const SCHEME = 'haute-vienne-2017-2021';
const GRID_35 = `/schemas/${SCHEME}/saisie/2019/35`;
const SHOTS = 'test-results/screenshots';
const WIDTHS = [
	{ name: 'telephone', width: 390, height: 844 },
	{ name: 'bureau', width: 1366, height: 900 }
] as const;

const french = (n: number) => new Intl.NumberFormat('fr-FR').format(n);
const text = async (locator: Locator) =>
	((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();

// JOURNEY_WIDTH=390 runs one width only (while working on it).
const widths = WIDTHS.filter(
	(w) => !process.env.JOURNEY_WIDTH || String(w.width) === process.env.JOURNEY_WIDTH
);

describe.each(widths)('journeys at $width px', ({ name, width, height }) => {
	let server: RunningServer;
	let browser: Browser;
	const contexts: Record<'pilot' | 'coord' | 'reader' | 'anonymous', BrowserContext> = {} as never;

	beforeAll(async () => {
		mkdirSync(SHOTS, { recursive: true });
		server = await startServer();
		browser = await launchBrowser();
		for (const role of ['pilot', 'coord', 'reader', 'anonymous'] as const) {
			contexts[role] = await browser.newContext({
				viewport: { width, height },
				locale: 'fr-FR',
				timezoneId: 'Europe/Paris'
			});
		}
		await signInContext(contexts.pilot, server.url, DEMO.cafPilot);
		await signInContext(contexts.coord, server.url, DEMO.admin);
		await signInContext(contexts.reader, server.url, DEMO.reader);
	});
	afterAll(async () => {
		await browser?.close();
		await server?.stop();
	});

	const shoot = (page: Page, screen: string) =>
		page.screenshot({ path: `${SHOTS}/${name}-${width}-${screen}.png`, fullPage: true });

	/** Opens a page, checks it (axe, width), screenshots it and returns it. */
	async function visit(role: keyof typeof contexts, path: string, screen: string) {
		const { page, errors, status } = await openPage(contexts[role], `${server.url}${path}`);
		expect(status, `${role} ${path}`).toBe(200);
		const [scrollWidth, innerWidth] = await page.evaluate(() => [
			document.documentElement.scrollWidth,
			window.innerWidth
		]);
		if (scrollWidth > innerWidth) await shoot(page, `${role}-${screen}-trop-large`);
		expect(scrollWidth, `largeur de ${path} pour ${role}`).toBeLessThanOrEqual(innerWidth);
		// The page's title keeps a margin from the screen's edges (a page without its container
		// is flush against them on a phone).
		const title = (await page.locator('main h1').first().boundingBox())!;
		expect(title.x, `marge gauche du titre de ${path}`).toBeGreaterThanOrEqual(8);
		expect(title.x + title.width, `marge droite du titre de ${path}`).toBeLessThanOrEqual(
			innerWidth - 8
		);
		await expectAccessible(page);
		await shoot(page, `${role}-${screen}`);
		return { page, errors };
	}

	const lines = (page: Page) => page.locator('tr[data-line]');

	const MAIN_PAGES: Record<keyof typeof contexts, [string, string][]> = {
		anonymous: [
			['/', 'accueil'],
			['/connexion', 'connexion'],
			[`/schemas/${SCHEME}/does-not-exist`, '404']
		],
		pilot: [
			['/ma-saisie', 'ma-saisie'],
			[`/schemas/${SCHEME}`, 'schema'],
			[`/schemas/${SCHEME}/fiches/35`, 'fiche'],
			[GRID_35, 'saisie-vide']
		],
		reader: [
			[`/schemas/${SCHEME}`, 'schema'],
			[`/schemas/${SCHEME}/tableau-de-bord`, 'tableau-de-bord'],
			[`/schemas/${SCHEME}/saisie/2018/35`, 'saisie-lecture'],
			[`/schemas/${SCHEME}/territoire`, 'territoire'],
			[`/schemas/${SCHEME}/bilan`, 'bilan'],
			[`/schemas/${SCHEME}/financements`, 'financements']
		],
		coord: [
			[`/schemas/${SCHEME}/periodes`, 'periodes'],
			[`/schemas/${SCHEME}/saisie/2019`, 'campagne'],
			[`/schemas/${SCHEME}/comites`, 'comites'],
			[`/schemas/${SCHEME}/fiches/35/modifier`, 'fiche-modifier'],
			[`/schemas/${SCHEME}/bilan/1`, 'bilan-fiche'],
			[`/schemas/${SCHEME}/schema-suivant`, 'schema-suivant'],
			[`/schemas/${SCHEME}/fiches/35/financements`, 'fiche-financements']
		]
	};

	it.each(['anonymous', 'pilot', 'reader', 'coord'] as const)(
		'every main page fits the screen and passes axe, for %s',
		async (role) => {
			for (const [path, screen] of MAIN_PAGES[role]) {
				if (screen === '404') {
					const { page, status } = await openPage(contexts[role], `${server.url}${path}`);
					expect(status).toBe(404);
					expect(await textOf(page, 'h1')).not.toContain('Not Found');
					await expectAccessible(page);
					await shoot(page, `${role}-${screen}`);
					await page.close();
					continue;
				}
				const { page, errors } = await visit(role, path, screen);
				expect(errors, `${role} ${path}`).toEqual([]);
				await page.close();
			}
		},
		180_000
	);

	it('the pilot enters and submits fiche 35, then withdraws the submission and submits again', async () => {
		const { page, errors } = await visit('pilot', GRID_35, 'saisie');
		const count = await lines(page).count();
		expect(count).toBeGreaterThan(2);
		for (let i = 0; i < count; i++) {
			const line = lines(page).nth(i);
			const unit = await line.getAttribute('data-unit');
			const input = line.locator('[data-entry-value]');
			if (unit === 'oui_non') await input.selectOption('oui');
			else if (unit === 'texte') await input.fill('Action menée.');
			else {
				const shown = (await text(line.locator('td.previous'))).replace(/\(\d{4}\)/, '');
				const digits = shown.replace(/[^\d,]/g, '').replace(',', '.');
				await input.fill(french(digits ? Number(digits) : 10));
			}
		}
		// The value inputs are on screen, their tap targets large enough.
		const box = await lines(page).first().locator('[data-entry-value]').boundingBox();
		expect(box!.x + box!.width).toBeLessThanOrEqual(width);
		expect(box!.height).toBeGreaterThanOrEqual(44);
		// A target missed asks for a comment: give one wherever the rule shows.
		const rules = page.locator('tr[data-line]:has(.rule) textarea[name^="comment."]');
		for (let i = 0; i < (await rules.count()); i++)
			await rules.nth(i).fill('Écart expliqué par la reprise du service.');
		await expectAccessible(page);
		await shoot(page, 'pilot-saisie-remplie');

		await page.getByRole('button', { name: 'Soumettre au coordinateur' }).click();
		await page.getByText(`${count} chiffres soumis au coordinateur.`).waitFor();
		await expectAccessible(page);
		await shoot(page, 'pilot-soumis');

		// Withdraw: back to drafts, editable again.
		await page.getByRole('button', { name: 'Retirer la soumission' }).click();
		await page
			.getByText(`Soumission retirée : ${count} chiffres de nouveau en brouillon.`)
			.waitFor();
		expect(await page.locator('[data-entry-value]').count()).toBe(count);
		await expectAccessible(page);
		await shoot(page, 'pilot-retire');

		await page.getByRole('button', { name: 'Soumettre au coordinateur' }).click();
		await page.getByText(`${count} chiffres soumis au coordinateur.`).waitFor();
		expect(errors).toEqual([]);
		await page.close();
	});

	it('the coordination reviews figure by figure, undoes a validation, then validates the rest', async () => {
		const { page, errors } = await visit('coord', GRID_35, 'revue');
		const count = await lines(page).count();
		const [first, second] = [lines(page).nth(0), lines(page).nth(1)];
		const secondKey = (await second.getAttribute('data-line'))!;

		// A send-back without a reason is refused on that figure, focus on the summary.
		await second.getByRole('button', { name: /^Renvoyer — / }).click();
		await page.getByText('Indiquez au pilote la raison du renvoi.').first().waitFor();
		await shoot(page, 'coord-renvoi-sans-raison');
		expect(await page.evaluate(() => document.activeElement?.className ?? '')).toContain(
			'error-summary'
		);
		await second.getByLabel(/^Raison du renvoi — /).fill('Source à préciser, merci.');
		await second.getByRole('button', { name: /^Renvoyer — / }).click();
		await page.getByText('Revue enregistrée : 1 chiffre renvoyé pour correction.').waitFor();
		const sentBack = page.locator(`tr[data-line="${secondKey}"]`);
		expect(await text(sentBack.locator('td.status'))).toContain('Renvoyé pour correction');

		await first.getByRole('button', { name: /^Valider — / }).click();
		await page.getByText('Revue enregistrée : 1 chiffre validé.').waitFor();
		expect(await text(first.locator('td.status'))).toContain('Validé');
		await shoot(page, 'coord-un-valide');

		await first.getByRole('button', { name: /^Annuler la validation — / }).click();
		await page.getByText('Revue enregistrée : 1 validation annulée.').waitFor();
		expect(await text(first.locator('td.status'))).toContain('Soumis');
		await first.locator('summary').click();
		expect(await text(first.locator('details'))).toContain('a annulé la validation du chiffre');

		const rest = count - 1;
		await page.getByRole('button', { name: `Tout valider (${rest})` }).click();
		const dialog = page.getByRole('dialog');
		expect(await text(dialog)).toContain(`Les ${rest} chiffres soumis`);
		await expectAccessible(page);
		await shoot(page, 'coord-tout-valider');
		await dialog.getByRole('button', { name: 'Annuler' }).click();
		expect(await dialog.isVisible()).toBe(false);
		await page.getByRole('button', { name: `Tout valider (${rest})` }).click();
		await dialog.getByRole('button', { name: `Valider les ${rest} chiffres` }).click();
		await page.getByText(`Revue enregistrée : ${rest} chiffres validés.`).waitFor();
		await expectAccessible(page);
		await shoot(page, 'coord-revue-faite');
		// The refused send-back answered 400 on purpose (Chromium logs that response).
		expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
		await page.close();

		// The pilot reads the reason on the card / line.
		const pilot = await visit('pilot', GRID_35, 'renvoye');
		expect(await text(pilot.page.locator(`tr[data-line="${secondKey}"] [role="note"]`))).toContain(
			'Source à préciser, merci.'
		);
		await pilot.page.close();
	});

	it('two people edit fiche 35: untouched fields merge, a field both changed is chosen', async () => {
		const edit = `/schemas/${SCHEME}/fiches/35/modifier`;
		const mine = await visit('pilot', edit, 'fiche-modifier');
		const theirs = await visit('coord', edit, 'fiche-modifier-autre');
		// They change the schedule and the target public, and save first.
		await theirs.page.getByLabel('Échéancier').fill('De 2018 à 2021');
		await theirs.page.getByLabel('Public(s) visé(s)').fill('Familles du département');
		await theirs.page.getByRole('button', { name: 'Enregistrer' }).click();
		await theirs.page.waitForURL((url) => url.pathname === `/schemas/${SCHEME}/fiches/35`);
		await theirs.page.close();

		// The pilot changes the schedule too, and the expected results (theirs untouched).
		await mine.page.getByLabel('Échéancier').fill('2019');
		await mine.page
			.getByLabel('Résultats attendus — qualitatif')
			.fill('Mieux informer les familles');
		await mine.page.getByRole('button', { name: 'Enregistrer' }).click();
		const conflict = mine.page
			.getByRole('alert')
			.filter({ hasText: 'Quelqu’un a enregistré cette fiche' });
		await conflict.waitFor();
		expect(await text(conflict)).toMatch(
			/Claire Coordination l’a enregistrée le \d{2}\/\d{2}\/\d{4} à \d{2}:\d{2}/
		);
		// Only the schedule is in conflict: multi-line fields nobody touched are not flagged.
		const rows = conflict.locator('tbody tr');
		expect(await rows.count()).toBe(1);
		expect(await text(rows.first())).toMatch(/Échéancier.*De 2018 à 2021.*2019/);
		expect(await mine.page.getByLabel('Public(s) visé(s)').inputValue()).toBe(
			'Familles du département'
		);
		expect(await mine.page.getByLabel('Résultats attendus — qualitatif').inputValue()).toBe(
			'Mieux informer les familles'
		);
		expect(await mine.page.getByLabel('Échéancier').inputValue()).toBe('De 2018 à 2021');
		await expectAccessible(mine.page);
		await shoot(mine.page, 'pilot-conflit');
		await rows.first().getByLabel('La mienne').check();
		expect(await mine.page.getByLabel('Échéancier').inputValue()).toBe('2019');
		await mine.page.getByRole('button', { name: 'Enregistrer' }).click();
		await mine.page.waitForURL((url) => url.pathname === `/schemas/${SCHEME}/fiches/35`);
		const saved = (
			await (
				await fetch(`${server.url}/api/schemes/${SCHEME}/fiches/35`, {
					headers: { Cookie: await signIn(server.url, DEMO.reader) }
				})
			).json()
		).fiche;
		expect(saved).toMatchObject({ schedule: '2019', targetPublic: 'Familles du département' });
		expect(JSON.stringify(saved.results.qualitative)).toContain('Mieux informer les familles');
		// The refused save answered 409 on purpose (Chromium logs that response).
		expect(mine.errors.filter((e) => !/status of 409/.test(e))).toEqual([]);
		await mine.page.close();
	});

	it('a refused bilan moves the focus to its error summary', async () => {
		const { page, errors } = await visit('pilot', GRID_35, 'bilan');
		const field = page.getByLabel('Actions mises en œuvre', { exact: true });
		await field.fill('x'.repeat(20_001));
		await page.getByRole('button', { name: 'Enregistrer le bilan' }).click();
		await page.locator('.error-summary').waitFor();
		// Not left on the button: keyboard and screen-reader users land on what went wrong.
		await expect
			.poll(() => page.evaluate(() => document.activeElement?.className ?? ''))
			.toContain('error-summary');
		expect(await text(page.locator('.error-summary'))).toContain('20 000 caractères');
		await expect(field.getAttribute('aria-invalid')).resolves.toBe('true');
		// The refused post answers 400, which the console reports; nothing else may.
		expect(errors.every((e) => e.includes('400'))).toBe(true);
		await page.close();
	});

	it('the coordination closes 2019 after a confirmation that says what it freezes', async () => {
		const { page, errors } = await visit('coord', `/schemas/${SCHEME}/periodes`, 'periodes-avant');
		const manage = page.locator('#gerer-2019');
		// Periods holding figures offer no deletion, and say why.
		expect(await manage.getByRole('button', { name: 'Supprimer la période' }).count()).toBe(0);
		expect(await text(manage)).toContain('contient des chiffres');
		await manage.getByRole('button', { name: 'Clore la saisie' }).click();
		const confirm = page.getByRole('dialog', { name: /^Clore la saisie/ });
		expect(await text(confirm)).toContain('les pilotes ne pourront plus saisir');
		await expectAccessible(page);
		await shoot(page, 'coord-clore-confirmation');
		await confirm.getByRole('button', { name: 'Clore la saisie' }).click();
		await page.getByText('Période désormais « Close ».').waitFor();
		expect(await text(page.locator('tr[data-period="2019"]'))).toContain('Close');
		// Validating the period asks too.
		await manage.getByRole('button', { name: 'Valider la période' }).click();
		expect(await text(page.getByRole('dialog', { name: /^Valider la période/ }))).toContain(
			'sera validée'
		);
		await page.keyboard.press('Escape');
		expect(errors).toEqual([]);
		await page.close();
	});
});
