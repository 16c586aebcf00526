import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, watchConsole, expectAccessible, textOf } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';

// Issue 12 in a real browser against the built server (demo mode), at a desktop and a phone
// width: the Corrèze coordination invites a new pilot for CAF 19 from the scheme's « Membres »
// page, opens a reporting period, and signs out; the invited person follows the one-time link,
// chooses a password, signs in and enters figures for a fiche CAF 19 pilots. The Haute-Vienne
// scheme, of which they are not a member, answers 404.

const SCHEME = 'correze-2022-2026';
const OTHER_SCHEME = 'haute-vienne-2017-2021';
const COORDINATOR = 'coordination.correze@demo.sdsf.fr';
const DEMO_PASSWORD = 'Pilotage-SDSF-demo';
const NEW_PASSWORD = 'Relais-petite-enfance-19';
const PERIOD = '2025';
const CAF_19 = 'Caisse d’allocations familiales de la Corrèze';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
	server = await startServer();
	browser = await launchBrowser();
}, 90_000);
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

const isoDay = (offsetDays: number) =>
	new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

async function signIn(page: Page, email: string, password: string, back: string) {
	// Once hydrated: typing into a page still hydrating may be lost.
	await page.goto(`${server.url}/connexion?retour=${encodeURIComponent(back)}`, {
		waitUntil: 'networkidle'
	});
	await page.getByLabel('Adresse e-mail').fill(email);
	await page.getByLabel('Mot de passe').fill(password);
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await page.waitForURL(`**${back}`, { timeout: 10_000 }).catch(async (e) => {
		throw new Error(`${e} — ${page.url()} — ${await page.locator('main').textContent()}`);
	});
	await page.waitForLoadState('networkidle');
}

/** Only the 403/404 answers the journey asks for on purpose (Chromium logs them). */
const unexpected = (errors: string[]) =>
	errors.filter((e) => !/status of 40[34] \((Forbidden|Not Found)\)/.test(e));

for (const width of [1366, 390]) {
	describe(`members journey at ${width} px`, () => {
		const invitee = {
			email: `pilote.nouveau.${width}@caf19.example.fr`,
			name: `Inès Nouvelle ${width}`
		};
		let context: BrowserContext;
		let page: Page;
		let errors: string[];
		let link = '';

		beforeAll(async () => {
			context = await browser.newContext({
				viewport: { width, height: 900 },
				locale: 'fr-FR',
				isMobile: width < 600
			});
			page = await context.newPage();
			errors = watchConsole(page);
		});
		afterAll(async () => {
			await context?.close();
		});

		it('the Corrèze coordination invites a new CAF 19 pilot and reads the one-time link', async () => {
			await signIn(page, COORDINATOR, DEMO_PASSWORD, `/schemas/${SCHEME}/membres`);
			expect(await textOf(page, 'h1')).toBe('Membres du schéma');
			expect(
				await page
					.getByRole('navigation', { name: 'Administration du schéma' })
					.getByRole('link', { name: 'Membres' })
					.getAttribute('aria-current')
			).toBe('page');
			expect(await textOf(page, `tr[data-member="${COORDINATOR}"]`)).toContain(
				'Coordination du schéma'
			);

			await page.getByLabel('Adresse e-mail').fill(invitee.email);
			await page.getByLabel('Nom', { exact: true }).fill(invitee.name);
			await page.getByLabel('Rôle dans le schéma').selectOption({ label: 'Pilote' });
			const organisation = page.locator('#invite-organisation');
			const caf = await organisation.locator('option', { hasText: CAF_19 }).getAttribute('value');
			await organisation.selectOption(caf!);
			await page.getByRole('button', { name: 'Inviter' }).click();

			const secret = page.locator('#invitation-link');
			await secret.waitFor();
			link = await secret.inputValue();
			expect(link).toMatch(new RegExp(`^${server.url}/invitation/[A-Za-z0-9_-]{20,}$`));
			expect(await textOf(page, '.invite .notice')).toContain(`Compte créé pour ${invitee.name}`);
			const row = await textOf(page, `tr[data-member="${invitee.email}"]`);
			expect(row).toContain('Pilote');
			expect(row).toContain('CAF 19');
			expect(row).toContain('Invitation en attente');
			// The scheme's history names the new member.
			expect(await textOf(page, 'ol.history')).toContain(`Ajout au schéma : ${invitee.name}`);
			await expectAccessible(page);
		});

		it('the coordination opens a reporting period (when none is open yet) and signs out', async () => {
			await page.goto(`${server.url}/schemas/${SCHEME}/periodes`, { waitUntil: 'networkidle' });
			if ((await page.locator(`tr[data-period="${PERIOD}"]`).count()) === 0) {
				await page.getByLabel('Année').fill(PERIOD);
				await page.locator('#create-opensOn').fill(isoDay(-7));
				await page.locator('#create-closesOn').fill(isoDay(30));
				await page.getByRole('button', { name: 'Créer la période' }).click();
				await page.locator(`tr[data-period="${PERIOD}"]`).waitFor();
				await page
					.locator(`#gerer-${PERIOD}`)
					.getByRole('button', { name: /^Ouvrir la saisie/ })
					.click();
				await page.getByText('Période désormais « Ouverte ».').waitFor();
			}
			expect(await textOf(page, `tr[data-period="${PERIOD}"]`)).toContain('Ouverte');

			await page.getByRole('button', { name: 'Se déconnecter' }).click();
			await page.waitForURL('**/connexion');
		});

		it('the invited person chooses a password and signs in', async () => {
			await page.goto(link, { waitUntil: 'networkidle' });
			expect(await textOf(page, 'h1')).toBe(`Bienvenue, ${invitee.name}`);
			await page.getByLabel('Mot de passe', { exact: true }).fill(NEW_PASSWORD);
			await page.getByLabel('Confirmation du mot de passe').fill(NEW_PASSWORD);
			await page.getByRole('button', { name: 'Enregistrer mon mot de passe' }).click();
			await page.waitForURL('**/connexion?info=invitation-acceptee');
			await signIn(page, invitee.email, NEW_PASSWORD, '/ma-saisie');
			expect(await textOf(page, 'h1')).toBe('Ma saisie');
		});

		it('they enter figures for fiche 1 (piloted by CAF 19) in the open period', async () => {
			const fiche = page.locator('tr[data-fiche="1"]');
			await fiche.getByRole('link', { name: /Action n°1\b/ }).click();
			await page.waitForURL(`**/schemas/${SCHEME}/saisie/${PERIOD}/*`);
			await page.waitForLoadState('networkidle');
			expect(await textOf(page, 'h1')).toContain(`Année ${PERIOD}`);
			await expectAccessible(page);

			const values = page.locator('tr[data-line] input[data-entry-value]');
			const count = await values.count();
			expect(count).toBeGreaterThan(0);
			// Each run enters its own values (the pilots of both runs report for the same CAF 19 fiche).
			const base = width > 600 ? 4 : 7;
			for (let i = 0; i < count; i++) await values.nth(i).fill(String(base + i));
			const yesNo = page.locator('tr[data-line] select[data-entry-value]');
			for (let i = 0; i < (await yesNo.count()); i++) await yesNo.nth(i).selectOption('oui');
			await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
			await page
				.getByRole('status')
				.filter({ hasText: /^Brouillon enregistré \(/ })
				.waitFor();
			expect(await textOf(page, 'tr[data-line] td.status')).toContain('Brouillon');
		});

		it('Haute-Vienne does not exist for them, and the Membres page is refused', async () => {
			for (const path of [`/schemas/${OTHER_SCHEME}`, `/schemas/${OTHER_SCHEME}/tableau-de-bord`]) {
				const response = await page.goto(`${server.url}${path}`);
				expect(response?.status(), path).toBe(404);
			}
			const refused = await page.goto(`${server.url}/schemas/${SCHEME}/membres`);
			expect(refused?.status()).toBe(403);
			expect(unexpected(errors)).toEqual([]);
		});
	});
}

describe('members page: refusals, a change, a concurrent change and a removal', () => {
	let context: BrowserContext;
	beforeAll(async () => {
		context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'fr-FR' });
	});
	afterAll(async () => {
		await context?.close();
	});

	const memberSection = (page: Page, name: string) =>
		page.locator('section.member', { has: page.getByRole('heading', { name: new RegExp(name) }) });

	it('explains a refused invitation next to its fields', async () => {
		const page = await context.newPage();
		const errors = watchConsole(page);
		await signIn(page, COORDINATOR, DEMO_PASSWORD, `/schemas/${SCHEME}/membres`);
		await page.getByLabel('Adresse e-mail').fill('pas-une-adresse');
		await page.getByLabel('Rôle dans le schéma').selectOption({ label: 'Pilote' });
		await page.getByRole('button', { name: 'Inviter' }).click();
		const summary = page.locator('.invite .error-summary');
		await summary.waitFor();
		expect(await textOf(page, '.invite .error-summary')).toContain('Adresse e-mail invalide');
		expect(await textOf(page, '.invite .error-summary')).toContain(
			'Un pilote appartient à une organisation'
		);
		expect(await page.locator('#invite-email').getAttribute('aria-invalid')).toBe('true');
		expect(await page.locator('#invite-email').inputValue()).toBe('pas-une-adresse');

		// An existing member is not invited twice.
		await page.getByLabel('Adresse e-mail').fill('lecteur.correze@demo.sdsf.fr');
		await page
			.getByLabel('Rôle dans le schéma')
			.selectOption({ label: 'Lecteur (membre du comité)' });
		await page.getByRole('button', { name: 'Inviter' }).click();
		await page.getByText('Cette personne est déjà membre du schéma').first().waitFor();

		// One's own row: no removal, no change of one's own role.
		const own = memberSection(page, 'Nadia Coordination');
		expect(await own.getByRole('button', { name: /^Retirer/ }).count()).toBe(0);
		expect(await own.locator('select[name="role"]').count()).toBe(0);
		const refused = errors.filter((e) => !/status of 400 \(Bad Request\)/.test(e));
		expect(refused).toEqual([]);
		await page.close();
	});

	it('changes a role, refuses a stale change with both versions, and removes a member', async () => {
		const first = await context.newPage();
		const stale = await context.newPage();
		await first.goto(`${server.url}/schemas/${SCHEME}/membres`, { waitUntil: 'networkidle' });
		await stale.goto(`${server.url}/schemas/${SCHEME}/membres`, { waitUntil: 'networkidle' });

		const reader = memberSection(first, 'Léa Lecture');
		await reader.getByLabel('Rôle de Léa Lecture').selectOption({ label: 'Pilote' });
		await reader
			.getByLabel('Organisation de Léa Lecture dans le schéma')
			.selectOption({ label: `CD 19 — Conseil départemental de la Corrèze` });
		await reader.getByRole('button', { name: /^Enregistrer/ }).click();
		await reader.getByText('Modifications enregistrées pour Léa Lecture.').waitFor();
		expect(await textOf(first, 'tr[data-member="lecteur.correze@demo.sdsf.fr"]')).toContain(
			'CD 19'
		);

		// The other tab still has the old version.
		const old = memberSection(stale, 'Léa Lecture');
		await old.getByLabel('Rôle de Léa Lecture').selectOption({ label: 'Coordination du schéma' });
		await old.getByRole('button', { name: /^Enregistrer/ }).click();
		const alert = old.getByRole('alert');
		await alert.waitFor();
		expect(await alert.textContent()).toContain('Ce membre a été modifié entre-temps');
		expect(await alert.locator('table').textContent()).toContain('Coordination du schéma');
		// The form now shows the saved member.
		await expect.poll(() => old.getByLabel('Rôle de Léa Lecture').inputValue()).toBe('pilote');

		const regional = memberSection(stale, 'Jean Régional');
		// Names read in full by assistive technologies (hidden words keep their spaces).
		expect(
			await stale
				.getByRole('link', { name: 'Modifier le rôle de Jean Régional', exact: true })
				.count()
		).toBe(1);
		await regional
			.getByRole('button', { name: 'Retirer du schéma Jean Régional', exact: true })
			.click();
		await stale.getByText('Jean Régional a été retiré(e) du schéma.').waitFor();
		expect(await stale.locator('tr[data-member="comite.regional@demo.sdsf.fr"]').count()).toBe(0);
		expect(await textOf(stale, 'ol.history')).toContain('Retrait du schéma : Jean Régional');
		await first.close();
		await stale.close();
	});
});

describe('platform administration of accounts', () => {
	it('lists rights per account, and refuses removing one’s own platform administration', async () => {
		const context = await browser.newContext({
			viewport: { width: 1366, height: 900 },
			locale: 'fr-FR'
		});
		const page = await context.newPage();
		const errors = watchConsole(page);
		await signIn(page, 'admin@demo.sdsf.fr', DEMO_PASSWORD, '/admin/utilisateurs');
		const admin = page.locator('tr', { hasText: 'admin@demo.sdsf.fr' });
		expect(await admin.textContent()).toContain('Administrateur de la plateforme');
		const pilot = page.locator('tr', { hasText: 'pilote.caf87@demo.sdsf.fr' });
		expect((await pilot.textContent())?.replace(/\s+/g, ' ')).toContain(': Pilote (CAF 87)');
		await expectAccessible(page);

		await admin.getByRole('link', { name: 'Alice Administration' }).click();
		await page.waitForURL('**/admin/utilisateurs/*');
		expect(await textOf(page, 'h1')).toBe('Alice Administration');
		expect(await textOf(page, '#schemas ~ p, section[aria-labelledby="schemas"]')).toContain(
			'membre d’aucun schéma'
		);
		await page.getByLabel('Administrateur de la plateforme').uncheck();
		await page.getByRole('button', { name: 'Enregistrer' }).click();
		await page.locator('#platformAdmin-error').waitFor();
		expect(await textOf(page, '#platformAdmin-error')).toContain(
			'Vous ne pouvez pas retirer vos propres droits'
		);
		expect(await page.getByLabel('Administrateur de la plateforme').isChecked()).toBe(false);
		await expectAccessible(page);
		expect(errors.filter((e) => !/status of 400 \(Bad Request\)/.test(e))).toEqual([]);
		await context.close();
	});
});
