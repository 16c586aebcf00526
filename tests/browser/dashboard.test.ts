import SQLite from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, signIn, signInContext } from '../support/auth';
import { launchBrowser, openPage } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';

// The steering-committee dashboard (issue 6) in a real browser against the built server, demo
// data: charts drawn, tables equal to the charts' data, filters in the URL, override of a fiche's
// weather with a reason, and the page read without JavaScript.

const SCHEME = 'haute-vienne-2017-2021';
const DASHBOARD = `/schemas/${SCHEME}/tableau-de-bord`;
const CHART_IDS = ['graphique-etats', 'graphique-meteo', 'graphique-saisie'];

let server: RunningServer;
let browser: Browser;
let reader: BrowserContext;
let admin: BrowserContext;

beforeAll(async () => {
	server = await startServer();
	browser = await launchBrowser();
	reader = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
	admin = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
	await signInContext(reader, server.url, DEMO.reader);
	await signInContext(admin, server.url, DEMO.admin);
});
afterAll(async () => {
	await reader?.close();
	await admin?.close();
	await browser?.close();
	await server?.stop();
});

const open = (context: BrowserContext, path: string) => openPage(context, `${server.url}${path}`);

/** Reads the server's database directly (read-only), independently of the dashboard code. */
function query<T>(sqlText: string, ...params: unknown[]): T[] {
	const db = new SQLite(server.databasePath, { readonly: true, fileMustExist: true });
	try {
		return db.prepare(sqlText).all(...params) as T[];
	} finally {
		db.close();
	}
}

type ChartData = { labels: string[]; datasets: { label: string; data: (number | null)[] }[] };

/** What a chart's canvas was given (written by the drawing module once drawn). */
async function drawnData(page: Page, id: string): Promise<ChartData> {
	const canvas = page.locator(`figure[data-chart-id="${id}"] canvas[data-chart-drawn]`);
	await canvas.waitFor({ state: 'attached' });
	return JSON.parse((await canvas.getAttribute('data-chart-drawn'))!) as ChartData;
}

/** The chart's data table, read back from its cells ("1 234" → 1234, "—" → null). */
async function tableData(page: Page, id: string): Promise<ChartData> {
	const table = page.locator(`#${id}-tableau`);
	return table.evaluate((node) => {
		const read = (text: string) => {
			const digits = text.replace(/[\s\u00a0\u202f%€]/g, '').replace(',', '.');
			return digits === '' || digits === '—' ? null : Number(digits);
		};
		const headers = [...node.querySelectorAll('thead th')]
			.slice(1)
			.map((th) => th.textContent!.trim());
		const rows = [...node.querySelectorAll('tbody tr')];
		return {
			labels: rows.map((row) => row.querySelector('th')!.textContent!.trim()),
			datasets: headers.map((label, i) => ({
				label,
				data: rows.map((row) => read(row.querySelectorAll('td')[i].textContent!))
			}))
		};
	});
}

/** Pixels drawn on a canvas that are not transparent. */
const paintedPixels = (page: Page, id: string) =>
	page.locator(`figure[data-chart-id="${id}"] canvas`).evaluate((canvas) => {
		const c = canvas as HTMLCanvasElement;
		const pixels = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
		let painted = 0;
		for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
		return painted;
	});

const sum = (data: ChartData) =>
	data.datasets.reduce((total, d) => total + d.data.reduce<number>((s, v) => s + (v ?? 0), 0), 0);
const fiches = (page: Page) => page.locator('table.meteo-table tbody tr[data-fiche]');

describe('dashboard, signed in as a reader', () => {
	it('draws every chart, with no console error', async () => {
		const { page, errors } = await open(reader, `${DASHBOARD}?periode=2018`);
		expect(await page.locator('h1').textContent()).toContain('Tableau de bord');
		for (const id of CHART_IDS) {
			await drawnData(page, id);
			expect(await paintedPixels(page, id)).toBeGreaterThan(1000);
			// Once drawn, the table folds behind its toggle.
			expect(
				await page.locator(`figure[data-chart-id="${id}"] details`).getAttribute('open')
			).toBeNull();
		}
		expect(await page.locator('canvas[role="img"][aria-label]').count()).toBe(CHART_IDS.length);
		expect(errors).toEqual([]);
		await page.close();
	});

	it('shows in each table exactly the data the chart was given', async () => {
		const { page } = await open(reader, `${DASHBOARD}?periode=2018`);
		for (const id of CHART_IDS) {
			const drawn = await drawnData(page, id);
			expect(drawn.labels.length).toBeGreaterThan(0);
			expect(await tableData(page, id)).toEqual(drawn);
		}
		// Every fiche of the plan is counted once in the state chart, and the state chart agrees with the database.
		const [{ total }] = query<{ total: number }>(
			'select count(*) as total from fiche join scheme on scheme.id = fiche.scheme_id where scheme.slug = ?',
			SCHEME
		);
		expect(sum(await drawnData(page, 'graphique-etats'))).toBe(total);
		expect(await fiches(page).count()).toBe(total);
		// 2018 is validated: every expected figure is entered and validated (demo data).
		const entry = await drawnData(page, 'graphique-saisie');
		const [expected, entered, validated] = entry.datasets.map((d) => d.data);
		expect(entered).toEqual(expected);
		expect(validated).toEqual(expected);
		await page.close();
	});

	it('keeps the filters in the URL and recomputes every number', async () => {
		const { page, errors } = await open(reader, `${DASHBOARD}?periode=2018`);
		const before = sum(await drawnData(page, 'graphique-etats'));
		await page.selectOption('#filtre-pilote', 'caf-87');
		await page.waitForURL((url) => url.searchParams.get('pilote') === 'caf-87');
		expect(new URL(page.url()).searchParams.get('periode')).toBe('2018');

		const piloted = query<{ id: number }>(
			`select distinct fiche.id from fiche
			 join scheme on scheme.id = fiche.scheme_id
			 join fiche_actor on fiche_actor.fiche_id = fiche.id and fiche_actor.role = 'pilot'
			 join organisation on organisation.id = fiche_actor.organisation_id
			 where scheme.slug = ? and organisation.slug = 'caf-87'`,
			SCHEME
		).length;
		expect(piloted).toBeGreaterThan(0);
		expect(piloted).toBeLessThan(before);
		await expect.poll(async () => sum(await drawnData(page, 'graphique-etats'))).toBe(piloted);
		expect(await fiches(page).count()).toBe(piloted);
		expect(await page.getByTestId('fiche-count').textContent()).toContain(`${piloted} fiche`);
		expect(await tableData(page, 'graphique-etats')).toEqual(
			await drawnData(page, 'graphique-etats')
		);
		// The entry chart now shows CAF 87's fiches (and their co-pilots), CAF 87 first among them.
		expect((await drawnData(page, 'graphique-saisie')).labels).toContain('CAF 87');

		// A state filter on top: the URL carries both, and a fresh visit of that URL shows the same view.
		await page.locator('input[name="etat"][value="a_lancer"]').check();
		await page.waitForURL((url) => url.searchParams.getAll('etat').includes('a_lancer'));
		const sharedUrl = page.url();
		const states = await drawnData(page, 'graphique-etats');
		expect(states.datasets.map((d) => d.label)).toEqual(['À lancer']);
		const shared = await open(reader, sharedUrl.replace(server.url, ''));
		expect(await drawnData(shared.page, 'graphique-etats')).toEqual(states);
		expect(errors).toEqual([]);
		await shared.page.close();
		await page.close();
	});

	it('switches period through the URL', async () => {
		const { page } = await open(reader, `${DASHBOARD}?periode=2018`);
		await page.selectOption('#filtre-periode', '2019');
		await page.waitForURL((url) => url.searchParams.get('periode') === '2019');
		// 2019 is open: some figures are drafts, so fewer are validated than expected.
		await expect
			.poll(async () => (await page.locator('h1 + .lead').textContent())?.includes('Année 2019'))
			.toBe(true);
		const [expected, , validated] = (await drawnData(page, 'graphique-saisie')).datasets.map(
			(d) => d.data
		);
		expect(validated.reduce<number>((s, v) => s + (v ?? 0), 0)).toBeLessThan(
			expected.reduce<number>((s, v) => s + (v ?? 0), 0)
		);
		await page.close();
	});

	it('says which period or filter of a shared link does not exist', async () => {
		const { page } = await open(reader, `${DASHBOARD}?periode=2099&axe=zz&pilote=inconnu`);
		const notices = (await page.getByRole('status').allTextContents()).join(' ');
		expect(notices).toContain('La période « 2099 » n’existe pas dans ce schéma');
		expect(notices).toContain('montre la période « Année 2018 »');
		expect(notices).toContain('Filtres inconnus dans ce schéma : axe stratégique « zz »');
		expect(notices).toContain('organisation pilote « inconnu »');
		expect(await page.getByTestId('fiche-count').textContent()).toMatch(/^0 fiche/);
		await page.close();
	});

	it('cannot override a weather: the action is refused on the server', async () => {
		const { page } = await open(reader, `${DASHBOARD}?periode=2018`);
		expect(await page.locator('form[action*="override"]').count()).toBe(0);
		await page.close();
		const cookie = await signIn(server.url, DEMO.reader);
		const response = await fetch(`${server.url}${DASHBOARD}?/override`, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				Origin: server.url,
				Cookie: cookie,
				'Content-Type': 'application/x-www-form-urlencoded',
				Accept: 'text/html'
			},
			body: new URLSearchParams({
				fiche: '1',
				periode: '2018',
				meteo: 'off_track',
				reason: 'Essai',
				version: '0'
			})
		});
		expect(response.status).toBe(403);
		expect(query('select * from meteo_override')).toEqual([]);
	});
});

describe('without JavaScript', () => {
	it('shows every chart as its table, and the filters still work by the button', async () => {
		const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR' });
		await signInContext(context, server.url, DEMO.reader);
		const page = await context.newPage();
		await page.goto(`${server.url}${DASHBOARD}?periode=2018`);
		for (const id of CHART_IDS) {
			await expect.poll(() => page.locator(`#${id}-tableau`).isVisible()).toBe(true);
			expect(await page.locator(`figure[data-chart-id="${id}"] canvas`).isVisible()).toBe(false);
			// The table is the spec the chart would have drawn.
			const spec = JSON.parse(
				(await page.locator(`figure[data-chart-id="${id}"]`).getAttribute('data-chart'))!
			) as ChartData;
			expect(await tableData(page, id)).toEqual(spec);
		}
		await page.selectOption('#filtre-pilote', 'caf-87');
		await page.getByRole('button', { name: 'Appliquer' }).click();
		await page.waitForURL((url) => url.searchParams.get('pilote') === 'caf-87');
		expect(await page.getByTestId('fiche-count').textContent()).toMatch(/sur \d+/);
		await context.close();
	});

	it('lets the coordination override a weather by a plain form post', async () => {
		const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR' });
		await signInContext(context, server.url, DEMO.admin);
		const page = await context.newPage();
		await page.goto(`${server.url}${DASHBOARD}?periode=2018`);
		const row = page.locator('tr[data-fiche="10"]');
		await row.getByRole('link', { name: 'Ajuster la météo de la fiche 10' }).click();
		await row.locator('select[name="meteo"]').selectOption('at_risk');
		await row.locator('textarea[name="reason"]').fill('Bilan 2018 à compléter.');
		await row.getByRole('button', { name: 'Enregistrer la météo' }).click();
		// Post/redirect/get: the same view, form closed, the change said and shown.
		await page.waitForURL((url) => url.searchParams.get('ajuste') === '10');
		expect(new URL(page.url()).searchParams.get('periode')).toBe('2018');
		expect(
			await page.getByRole('status').filter({ hasText: 'Météo de la fiche 10 ajustée' }).count()
		).toBe(1);
		expect(await row.locator('td[data-effective]').getAttribute('data-effective')).toBe('at_risk');
		expect(await row.locator('form').count()).toBe(0);
		await context.close();
	});
});

describe('anonymous visitor', () => {
	it('is sent to the sign-in page of a private scheme, and back', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await page.goto(`${server.url}${DASHBOARD}?periode=2018`);
		const url = new URL(page.url());
		expect(url.pathname).toBe('/connexion');
		expect(url.searchParams.get('retour')).toBe(`${DASHBOARD}?periode=2018`);
		await context.close();
	});
});

describe('coordination', () => {
	it('overrides a fiche’s weather with a reason: shown beside the computed one and kept in the history', async () => {
		const { page, errors } = await open(admin, `${DASHBOARD}?periode=2018`);
		const row = page.locator('tr[data-fiche="1"]');
		const computed = await row.locator('td[data-effective]').getAttribute('data-effective');
		const target = computed === 'off_track' ? 'at_risk' : 'off_track';
		// The form opens on demand, by a plain link that keeps the view (?ajuster=1).
		await row.getByRole('link', { name: 'Ajuster la météo de la fiche 1' }).click();
		await page.waitForURL((url) => url.searchParams.get('ajuster') === '1');
		expect(new URL(page.url()).searchParams.get('periode')).toBe('2018');
		await expect
			.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name')))
			.toBe('meteo');

		// No reason: refused, the message sits next to the field.
		await row.locator('select[name="meteo"]').selectOption(target);
		await row.getByRole('button', { name: 'Enregistrer la météo' }).click();
		const reasonField = row.locator('textarea[name="reason"]');
		await expect.poll(() => reasonField.getAttribute('aria-invalid')).toBe('true');
		const describedBy = (await reasonField.getAttribute('aria-describedby'))!.split(' ');
		const message = await page.locator(`[id="${describedBy.at(-1)}"]`).textContent();
		expect(message).toContain('Indiquez la raison');
		expect(
			query(
				"select meteo_override.id from meteo_override join fiche on fiche.id = meteo_override.fiche_id where fiche.slug = '1'"
			)
		).toEqual([]);

		const reason = 'Le partenaire a suspendu les réunions au second semestre.';
		await reasonField.fill(reason);
		await row.locator('select[name="meteo"]').selectOption(target);
		await row.getByRole('button', { name: 'Enregistrer la météo' }).click();
		await expect
			.poll(() => row.locator('td[data-effective]').getAttribute('data-effective'))
			.toBe(target);
		expect(await row.locator('.override-reason').textContent()).toBe(reason);
		expect(
			await page.getByRole('status').filter({ hasText: 'Météo de la fiche 1 ajustée' }).count()
		).toBe(1);
		expect(await page.getByTestId('meteo-history').textContent()).toContain(reason);
		// Saved: the form is closed and the address no longer asks for it.
		expect(await row.locator('form').count()).toBe(0);
		await expect
			.poll(() => page.evaluate(() => new URL(location.href).searchParams.has('ajuster')))
			.toBe(false);

		const events = query<{ reason: string; changes: string; actor: string }>(
			`select audit_event.reason, audit_event.changes, audit_event.actor from audit_event
			 join meteo_override on meteo_override.id = audit_event.entity_id
			 join fiche on fiche.id = meteo_override.fiche_id
			 where audit_event.entity_type = 'meteo' and fiche.slug = '1'`
		);
		expect(events).toHaveLength(1);
		expect(events[0].reason).toBe(reason);
		expect(JSON.parse(events[0].changes).meteo).toEqual({ old: null, new: target });
		expect(errors).toEqual([]);
		await page.close();

		// The steering committee sees it too, with the reason; the computed weather stays beside it.
		const seen = await open(reader, `${DASHBOARD}?periode=2018`);
		const readerRow = seen.page.locator('tr[data-fiche="1"]');
		expect(await readerRow.locator('td[data-effective]').getAttribute('data-effective')).toBe(
			target
		);
		expect(await readerRow.locator('.override-reason').textContent()).toBe(reason);
		expect(
			await readerRow.locator('.override-computed [data-meteo]').getAttribute('data-meteo')
		).toBe(computed);
		await seen.page.close();
	});

	it('shows a conflict side by side when someone else adjusted first', async () => {
		// Both coordinators open the form of fiche 2 (same version), then each saves.
		const first = await open(admin, `${DASHBOARD}?periode=2018&ajuster=2`);
		const second = await open(admin, `${DASHBOARD}?periode=2018&ajuster=2`);
		const save = async (page: Page, meteo: string, reason: string) => {
			const row = page.locator('tr[data-fiche="2"]');
			await row.locator('select[name="meteo"]').selectOption(meteo);
			await row.locator('textarea[name="reason"]').fill(reason);
			await row.getByRole('button', { name: 'Enregistrer la météo' }).click();
			return row;
		};
		const saved = await save(first.page, 'at_risk', 'Premier avis du comité');
		await expect
			.poll(() => saved.locator('td[data-effective]').getAttribute('data-effective'))
			.toBe('at_risk');
		const refused = await save(second.page, 'on_track', 'Avis contraire');
		await expect.poll(() => refused.getByRole('alert').count()).toBeGreaterThan(0);
		const alert = await refused.getByRole('alert').first().textContent();
		expect(alert).toContain('Rien n’a été enregistré');
		expect(alert).toContain('Premier avis du comité');
		expect(alert).toContain('Avis contraire');
		// The form now rests on the saved version, the typed reason kept for a deliberate retry.
		expect(await refused.locator('input[name="version"]').inputValue()).toBe('1');
		expect(await refused.locator('textarea[name="reason"]').inputValue()).toBe('Avis contraire');
		const [row] = query<{ meteo: string; version: number }>(
			"select meteo_override.meteo, meteo_override.version from meteo_override join fiche on fiche.id = meteo_override.fiche_id where fiche.slug = '2'"
		);
		expect(row).toEqual({ meteo: 'at_risk', version: 1 });
		await first.page.close();
		await second.page.close();
	});
});
