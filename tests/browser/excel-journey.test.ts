import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, signInContext } from '../support/auth';
import { launchBrowser, watchConsole } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';

// Excel for figures in a real browser against the built server (demo mode): the CAF 87 pilot
// downloads the 2018 annual report from the report page, downloads the 2019 template, fills
// fiche 35 programmatically, uploads it, reads the preview, confirms, and finds the figures in
// the entry grid of fiche 35.

const SCHEME = 'haute-vienne-2017-2021';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let scratch: string;

beforeAll(async () => {
	server = await startServer();
	browser = await launchBrowser();
	context = await browser.newContext({
		viewport: { width: 1400, height: 1000 },
		locale: 'fr-FR',
		acceptDownloads: true
	});
	await signInContext(context, server.url, DEMO.cafPilot);
	scratch = mkdtempSync(join(tmpdir(), 'sdsf-excel-journey-'));
});
afterAll(async () => {
	await context?.close();
	await browser?.close();
	await server?.stop();
	if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Clicks a link that downloads a file and reads the file as a workbook. */
async function download(
	page: Page,
	name: string | RegExp,
	file: string
): Promise<ExcelJS.Workbook> {
	const [downloaded] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name }).click()
	]);
	expect(downloaded.suggestedFilename()).toBe(file);
	const path = join(scratch, file);
	await downloaded.saveAs(path);
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.readFile(path);
	return workbook;
}

/** No serious or critical WCAG 2.1 AA violation on the page as it is. */
async function expectAccessible(page: Page) {
	const results = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
		.analyze();
	const blocking = results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => ({ rule: v.id, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
	expect(blocking).toEqual([]);
	expect(results.passes.length).toBeGreaterThan(10);
}

describe('Excel for figures, in the browser', () => {
	it('downloads the 2018 annual report from the report page', async () => {
		const page = await context.newPage();
		const errors = watchConsole(page);
		await page.goto(`${server.url}/schemas/${SCHEME}/rapport`, { waitUntil: 'networkidle' });
		// The period is chosen in the form, as a person would.
		await page.getByLabel('Période du rapport').selectOption('2018');
		await Promise.all([
			page.waitForURL(/periode=2018/),
			page.getByRole('button', { name: 'Afficher' }).click()
		]);
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
			'Rapport annuel — Année 2018'
		);
		const summary = page.getByRole('table', { name: /^Synthèse Année 2018/ });
		expect(await summary.locator('tbody tr').count()).toBeGreaterThan(2);
		await expectAccessible(page);

		const workbook = await download(
			page,
			'Télécharger le rapport Année 2018 (.xlsx)',
			`rapport-annuel-2018-${SCHEME}.xlsx`
		);
		expect(workbook.worksheets.map((s) => s.name)).toEqual([
			'Synthèse',
			'Fiches',
			'Indicateurs',
			'Bilans',
			'Financements'
		]);
		expect(String(workbook.getWorksheet('Synthèse')!.getCell('A1').value)).toMatch(
			/^Rapport annuel 2018 — /
		);
		expect(workbook.getWorksheet('Indicateurs')!.rowCount).toBeGreaterThan(50);
		expect(errors).toEqual([]);
		await page.close();
	});

	it('fills fiche 35 for 2019 through the template, previews, confirms and finds it in the grid', async () => {
		const page = await context.newPage();
		const errors = watchConsole(page);
		await page.goto(`${server.url}/schemas/${SCHEME}/saisie-excel`, { waitUntil: 'networkidle' });
		await Promise.all([
			page.waitForURL(/saisie-excel\/2019$/),
			page.getByRole('link', { name: 'Année 2019' }).click()
		]);
		await expectAccessible(page);

		const workbook = await download(
			page,
			'Télécharger le modèle Année 2019 (.xlsx)',
			`saisie-2019-${SCHEME}.xlsx`
		);
		const sheet = workbook.getWorksheet('Chiffres')!;
		const header = (sheet.getRow(1).values as unknown[]).slice(1);
		const col = (name: string) => header.indexOf(name) + 1;
		const filled = new Map<string, string>();
		sheet.eachRow((row, n) => {
			if (n === 1 || row.getCell(col('N° fiche')).value !== '35') return;
			const unit = String(row.getCell(col('Unité attendue')).value);
			const key = String(row.getCell(col('Clé de la ligne')).value);
			const value = unit.startsWith('Oui') ? 'oui' : String(30 + n);
			row.getCell(col('Valeur')).value = unit.startsWith('Oui') ? value : Number(value);
			filled.set(key, value);
		});
		expect(filled.size).toBeGreaterThan(1);
		const path = join(scratch, 'saisie-remplie.xlsx');
		await workbook.xlsx.writeFile(path);

		await page.getByLabel('Fichier de chiffres rempli').setInputFiles(path);
		await Promise.all([
			page.waitForNavigation(),
			page.getByRole('button', { name: 'Vérifier le fichier' }).click()
		]);
		await expect(
			page.getByRole('heading', { name: 'Aperçu de l’import' }).isVisible()
		).resolves.toBe(true);
		const preview = page.getByRole('table', { name: /^Ce qui sera enregistré en brouillon/ });
		expect(await preview.locator('tbody tr[data-change="new"]').count()).toBe(filled.size);
		await expectAccessible(page);

		await Promise.all([
			page.waitForURL(/importe=/),
			page.getByRole('button', { name: `Enregistrer ${filled.size} chiffres en brouillon` }).click()
		]);
		expect(await page.getByRole('status').first().textContent()).toContain(
			`${filled.size} chiffres enregistrés en brouillon.`
		);

		await page.goto(`${server.url}/schemas/${SCHEME}/saisie/2019/35`, { waitUntil: 'networkidle' });
		for (const [key, value] of filled) {
			const input = page.locator(`tr[data-line="${key}"] [data-entry-value]`);
			expect((await input.inputValue()).replace(/\s/g, '')).toBe(value);
		}
		expect(errors).toEqual([]);
		await page.close();
	});
});
