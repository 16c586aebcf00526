import SQLite from 'better-sqlite3';
import { inflateSync } from 'node:zlib';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FicheInput, PlanNodeInput } from '../../src/lib/domain/plan-document';
import { hauteViennePlan } from '../../seeds/haute-vienne-2017-2021';
import { launchBrowser, openPage } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';

// The review pack of the demo plan for 2018, on screen and printed by Chromium to A4; then a
// committee meeting closed by the coordinator, whose frozen pack must not move when a figure is
// corrected afterwards.

const SLUG = hauteViennePlan.scheme.slug;
const PASSWORD = 'Pilotage-SDSF-demo';
const collect = (nodes: PlanNodeInput[]): FicheInput[] =>
	nodes.flatMap((node) => [...(node.fiches ?? []), ...collect(node.children ?? [])]);
const AXES = hauteViennePlan.tree;
const FICHES = collect(AXES);

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

async function signedIn(email: string): Promise<BrowserContext> {
	const context = await browser.newContext({
		viewport: { width: 1280, height: 900 },
		locale: 'fr-FR'
	});
	const page = await context.newPage();
	// Once hydrated: what is typed into a page still hydrating may be lost (seen under load).
	await page.goto(`${server.url}/connexion`, { waitUntil: 'networkidle' });
	await page.getByLabel('Adresse e-mail').fill(email);
	await page.getByLabel('Mot de passe').fill(PASSWORD);
	await Promise.all([
		page.waitForURL((url) => !url.pathname.startsWith('/connexion')),
		page.getByRole('button', { name: /se connecter/i }).click()
	]);
	await page.close();
	return context;
}

const open = (context: BrowserContext, path: string) => openPage(context, `${server.url}${path}`);

/**
 * Naive text of each page of a PDF written by Chromium (Skia): objects are read as text, streams
 * inflated, glyphs mapped back through each font's ToUnicode map. Enough to find headings.
 */
function pdfPageTexts(pdf: Buffer): string[] {
	const text = pdf.toString('latin1');
	const objects = new Map<number, { dict: string; stream: Buffer | null }>();
	const objectRe = /(\d+) 0 obj\b/g;
	let match: RegExpExecArray | null;
	while ((match = objectRe.exec(text))) {
		const start = match.index + match[0].length;
		const end = text.indexOf('endobj', start);
		const body = text.slice(start, end);
		const streamAt = body.indexOf('stream');
		let stream: Buffer | null = null;
		if (streamAt >= 0) {
			let from = start + streamAt + 'stream'.length;
			if (text[from] === '\r') from++;
			if (text[from] === '\n') from++;
			stream = pdf.subarray(from, text.indexOf('endstream', from));
			if (/\/FlateDecode/.test(body.slice(0, streamAt))) stream = inflateSync(stream);
		}
		objects.set(Number(match[1]), { dict: streamAt >= 0 ? body.slice(0, streamAt) : body, stream });
		objectRe.lastIndex = end;
	}
	const ref = (dict: string, key: string) => {
		const m = new RegExp(`/${key}\\s+(\\d+) 0 R`).exec(dict);
		return m ? Number(m[1]) : null;
	};
	const hex = (h: string) => parseInt(h, 16);
	const cmapOf = (fontId: number) => {
		const map = new Map<number, string>();
		const toUnicode = ref(objects.get(fontId)?.dict ?? '', 'ToUnicode');
		const source =
			toUnicode === null ? '' : (objects.get(toUnicode)?.stream?.toString('latin1') ?? '');
		const utf16 = (h: string) => String.fromCharCode(...(h.match(/.{4}/g) ?? []).map(hex));
		for (const block of source.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
			for (const m of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g))
				map.set(hex(m[1]), utf16(m[2]));
		}
		for (const block of source.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
			for (const m of block[1].matchAll(
				/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g
			)) {
				for (let code = hex(m[1]); code <= hex(m[2]); code++)
					map.set(code, String.fromCharCode(hex(m[3]) + code - hex(m[1])));
			}
		}
		return map;
	};
	const isPages = (dict: string) => /\/Type\s*\/Pages\b/.test(dict);
	const pageIds = (dict: string): number[] =>
		[...(/\/Kids\s*\[([^\]]*)\]/.exec(dict)?.[1] ?? '').matchAll(/(\d+) 0 R/g)].flatMap((k) => {
			const kid = objects.get(Number(k[1]));
			return kid && isPages(kid.dict) ? pageIds(kid.dict) : [Number(k[1])];
		});
	const root = [...objects.values()].find((o) => isPages(o.dict) && !/\/Parent/.test(o.dict));
	return pageIds(root?.dict ?? '').map((id) => {
		const dict = objects.get(id)!.dict;
		const fonts = new Map<string, Map<number, string>>();
		for (const f of (/\/Font\s*<<([^>]*)>>/.exec(dict)?.[1] ?? '').matchAll(
			/\/(\w+)\s+(\d+) 0 R/g
		)) {
			fonts.set(f[1], cmapOf(Number(f[2])));
		}
		const contents = ref(dict, 'Contents');
		const ops = contents === null ? '' : (objects.get(contents)?.stream?.toString('latin1') ?? '');
		let font = new Map<number, string>();
		const lines: string[] = [];
		for (const block of ops.matchAll(/BT([\s\S]*?)ET/g)) {
			let line = '';
			for (const op of block[1].matchAll(
				/\/(\w+)\s+[\d.]+\s+Tf|\[([^\]]*)\]\s*TJ|<([0-9A-Fa-f]*)>\s*Tj/g
			)) {
				if (op[1]) font = fonts.get(op[1]) ?? new Map();
				const strings =
					op[2] !== undefined
						? [...op[2].matchAll(/<([0-9A-Fa-f]*)>/g)].map((h) => h[1])
						: op[3] !== undefined
							? [op[3]]
							: [];
				for (const s of strings)
					for (const code of s.match(/.{4}/g) ?? []) line += font.get(hex(code)) ?? '';
			}
			lines.push(line);
		}
		// Ligatures (ﬁ, ﬀ) back to letters, spaces normalised.
		return lines
			.join('\n')
			.normalize('NFKC')
			.replace(/[\u00a0\u202f]/g, ' ');
	});
}

const flat = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('review pack of the demo plan, 2018', () => {
	let context: BrowserContext;
	beforeAll(async () => {
		context = await signedIn('lecteur@demo.sdsf.fr');
	});
	afterAll(async () => context?.close());

	it('shows the cover, the contents and one section per strategic axis with every fiche', async () => {
		const { page, errors, status } = await open(context, `/schemas/${SLUG}/revue/2018`);
		expect(status).toBe(200);
		expect(await page.locator('h1').count()).toBe(1);
		const cover = page.locator('[data-section="cover"]');
		await expect(cover.locator('h1').textContent()).resolves.toContain(
			hauteViennePlan.scheme.title
		);
		const coverText = flat((await cover.textContent()) ?? '');
		expect(coverText).toContain('Année 2018');
		expect(coverText).toMatch(/Données au \d{2}\/\d{2}\/\d{4} à \d{2}:\d{2}/);
		expect(coverText).toContain('Chiffres fictifs de démonstration');

		// Contents: one link per axis, each to its section.
		// The first entry is the overview (section 1), then one per axis.
		const tocLinks = page.locator('[data-section="contents"] .toc > li:not(:first-child) > a');
		expect(await tocLinks.count()).toBe(AXES.length);
		const sections = page.locator('section.axis');
		expect(await sections.count()).toBe(AXES.length);
		for (const [i, axis] of AXES.entries()) {
			const section = sections.nth(i);
			expect(await section.getAttribute('data-axis')).toBe(axis.code);
			expect(flat((await section.locator('h2').textContent()) ?? '')).toContain(axis.title.trim());
			expect(await tocLinks.nth(i).getAttribute('href')).toBe(
				`#${await section.getAttribute('id')}`
			);
			const expected = collect([axis]).map((f) => f.number);
			const shown = await section
				.locator('article.fiche .fiche__number')
				.evaluateAll((nodes) =>
					nodes.map((n) => n.textContent?.replace('Fiche action n°', '').trim())
				);
			expect(shown.sort()).toEqual([...expected].sort());
		}
		expect(await page.locator('article.fiche').count()).toBe(FICHES.length);
		// Key figures, their trend drawn as SVG, with a text alternative.
		expect(await page.locator('article.fiche svg.sparkline[role="img"]').count()).toBeGreaterThan(
			0
		);
		expect(errors).toEqual([]);
		await page.close();
	});

	it('prints to A4: cover, contents, each axis from a new page, running header and page numbers', async () => {
		const { page } = await open(context, `/schemas/${SLUG}/revue/2018`);
		await page.emulateMedia({ media: 'print' });
		const styles = await page.evaluate(() => ({
			axes: [...document.querySelectorAll('section.axis')].map(
				(s) => getComputedStyle(s).breakBefore
			),
			fiches: [...document.querySelectorAll('article.fiche')].map(
				(s) => getComputedStyle(s).breakInside
			),
			header: getComputedStyle(document.querySelector('.site-header')!).display,
			breadcrumb: getComputedStyle(document.querySelector('.breadcrumb')!).display
		}));
		expect(new Set(styles.axes)).toEqual(new Set(['page']));
		expect(new Set(styles.fiches)).toEqual(new Set(['avoid']));
		expect(styles.header).toBe('none');
		expect(styles.breadcrumb).toBe('none');

		const pdf = await page.pdf({ format: 'A4', printBackground: true });
		const pageObjects = (pdf.toString('latin1').match(/\/Type\s*\/Page\b(?!s)/g) ?? []).length;
		const pages = pdfPageTexts(pdf);
		expect(pages.length).toBe(pageObjects);
		expect(pageObjects).toBeGreaterThan(AXES.length + 2);
		// A4 portrait: 595 × 842 points.
		expect(pdf.toString('latin1')).toMatch(
			/\/MediaBox \[0 0 595\.\d+ 841\.\d+|\/MediaBox \[0 0 595\.\d+ 842\.\d+/
		);

		const cover = flat(pages[0]);
		expect(cover).toContain('REVUE DE COMITÉ DE PILOTAGE');
		expect(cover).toContain('Année 2018');
		expect(cover).toMatch(/Données au \d{2}\/\d{2}\/\d{4} à \d{2}:\d{2}/);
		expect(cover).not.toContain('Revue de comité — Année 2018'); // no running header on the cover
		expect(flat(pages[1])).toContain('Sommaire');
		for (const [i, text] of pages.entries()) {
			expect(flat(text)).toContain(`Page ${i + 1} / ${pages.length}`);
			if (i > 0)
				expect(flat(text)).toContain('Revue de comité — Année 2018 — SDSF Haute-Vienne 2017–2021');
		}
		// Each axis opens a page: its heading is the first thing after the running header and footer.
		const marginText = /^(Revue de comité — .*|Données au .*|Page|\d+|\/|\d{2}:\d{2})$/;
		const firstLine = (text: string) =>
			text
				.split('\n')
				.map(flat)
				.filter((line) => line && !marginText.test(line))
				// The section number may be drawn apart from the words that follow it.
				.slice(0, 2)
				.join(' ');
		for (const axis of AXES) {
			// « 3. Axe stratégique 2 »: the section number the sommaire refers to.
			const opening = pages.filter((text) =>
				new RegExp(`^\\d+\\. Axe stratégique ${axis.code}$`).test(firstLine(text))
			);
			expect(opening, `axe ${axis.code}`).toHaveLength(1);
		}
		await page.close();
	});
});

describe('a closed meeting keeps the pack it reviewed', () => {
	let admin: BrowserContext;
	beforeAll(async () => {
		admin = await signedIn('coordination@demo.sdsf.fr');
	});
	afterAll(async () => admin?.close());

	it('records a meeting and a decision, closes it, and its pack does not change when a figure is corrected', async () => {
		const { page, errors } = await open(admin, `/schemas/${SLUG}/comites/nouveau?periode=2018`);
		// A refused form says why next to the field.
		await page.getByLabel('Intitulé de la réunion').fill('');
		await page.getByRole('button', { name: 'Enregistrer la réunion' }).click();
		await page.waitForLoadState('networkidle');
		const title = page.getByLabel('Intitulé de la réunion');
		await expect(title.getAttribute('aria-invalid')).resolves.toBe('true');
		await expect(page.locator('#title-erreur').textContent()).resolves.toContain(
			'L’intitulé de la réunion est requis.'
		);
		// The refused post answers 400, which the console reports; nothing else may.
		expect(errors.every((e) => e.includes('400'))).toBe(true);
		errors.length = 0;

		await title.fill('Comité de pilotage — bilan 2018');
		await page.getByLabel('Date de la réunion').fill('2019-03-14');
		await expect(page.getByLabel('Période examinée').inputValue()).resolves.toBe('2018');
		await page.getByLabel(/^CAF 87/).check();
		await page.getByLabel(/^CD 87/).check();
		await Promise.all([
			page.waitForURL(/\/comites\/\d+\?cree=1$/),
			page.getByRole('button', { name: 'Enregistrer la réunion' }).click()
		]);
		const meetingPath = new URL(page.url()).pathname;
		await expect(page.locator('h1').textContent()).resolves.toContain(
			'Comité de pilotage — bilan 2018'
		);

		await Promise.all([
			page.waitForURL(/\/decisions\/nouvelle$/),
			page.getByRole('link', { name: 'Ajouter une décision' }).click()
		]);
		await page
			.getByRole('textbox', { name: 'Décision', exact: true })
			.fill('Relancer le groupe de travail sur l’accueil atypique.');
		await page.getByLabel(/^n°1 — /).check();
		await page.getByLabel('Suivi par (organisation)').selectOption('cd-87');
		await page.getByLabel('Échéance').fill('2019-09-30');
		await Promise.all([
			page.waitForURL(/decision=1/),
			page.getByRole('button', { name: 'Enregistrer la décision' }).click()
		]);
		await expect(page.locator('.decision').first().textContent()).resolves.toContain(
			'Relancer le groupe de travail'
		);

		await Promise.all([
			page.waitForURL(/\/cloture$/),
			page.getByRole('link', { name: 'Clore la réunion…' }).click()
		]);
		await expect(page.locator('h1').textContent()).resolves.toContain('Clore la réunion');
		await Promise.all([
			page.waitForURL(/close=1/),
			page.getByRole('button', { name: 'Clore la réunion et figer le dossier' }).click()
		]);
		await expect(page.locator('.facts').textContent()).resolves.toContain('Close');
		expect(await page.getByRole('link', { name: 'Ajouter une décision' }).count()).toBe(0);

		const frozenPath = `${meetingPath}/revue`;
		const firstFigure = async (path: string) => {
			const view = await open(admin, path);
			const row = view.page.locator('#fiche-1 tr[data-indicator]').first();
			const result = {
				indicator: Number(await row.getAttribute('data-indicator')),
				value: flat((await row.locator('td').first().textContent()) ?? ''),
				cover: flat((await view.page.locator('[data-section="cover"]').textContent()) ?? '')
			};
			expect(view.status).toBe(200);
			expect(view.errors).toEqual([]);
			await view.page.close();
			return result;
		};
		const before = await firstFigure(frozenPath);
		expect(before.cover).toContain(
			'Dossier figé à la clôture de la réunion « Comité de pilotage — bilan 2018 » du 14/03/2019'
		);
		expect(before.value).toMatch(/^\d[\d\s\u202f]*$/);

		// The validated 2018 figure is corrected after the meeting (directly in the database).
		const sqlite = new SQLite(server.databasePath);
		const changed = sqlite
			.prepare(
				`update figure set value_number = value_number + 1000, version = version + 1
				 where indicator_id = ? and breakdown_value_id is null
				   and period_id = (select p.id from reporting_period p join scheme s on s.id = p.scheme_id where s.slug = ? and p.code = '2018')`
			)
			.run(before.indicator, SLUG).changes;
		sqlite.close();
		expect(changed).toBe(1);

		const live = await firstFigure(`/schemas/${SLUG}/revue/2018`);
		const after = await firstFigure(frozenPath);
		const asNumber = (text: string) => Number(text.replace(/[^\d]/g, ''));
		expect(live.indicator).toBe(before.indicator);
		expect(asNumber(live.value)).toBe(asNumber(before.value) + 1000);
		expect(after).toEqual(before);
		expect(errors).toEqual([]);
		await page.close();
	});
});
