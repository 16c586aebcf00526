import { mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { hauteViennePlan } from '$seeds/haute-vienne-2017-2021';
import { planDocumentSchema } from '$lib/domain/plan-document';
import type { Db } from '../db/database';
import { placeFiches } from '../excel/fiche-export';
import { SCHEME, bookletDb } from '../reporting/reporting.fixture';
import { actionTitle } from './booklet-docx';
import { buildBooklet } from './booklet.service';
import {
	convertWithLibreOffice,
	docxPart,
	docxParagraphs,
	pdfPageCount,
	type DocxParagraph
} from './docx-inspect.fixture';

let db: Db;
let booklet: { buffer: Buffer; fileName: string };
let paragraphs: DocxParagraph[];
const seed = planDocumentSchema.parse(hauteViennePlan);
const seedFiches = placeFiches(seed);

beforeAll(async () => {
	db = await bookletDb();
	booklet = (await buildBooklet(db, null, SCHEME))!;
	paragraphs = docxParagraphs(booklet.buffer);
}, 60_000);

/** The paragraphs of one fiche: from its heading to the next fiche's heading. */
function ficheBody(number: string): DocxParagraph[] {
	const start = paragraphs.findIndex(
		(p) => p.style === 'Heading1' && p.text.startsWith(`Action n°${number} :`)
	);
	expect(start, `fiche ${number}`).toBeGreaterThan(-1);
	const end = paragraphs.findIndex((p, i) => i > start && p.style === 'Heading1');
	return paragraphs.slice(start, end === -1 ? undefined : end);
}

describe('the booklet in Word', () => {
	it('has the title page, the preamble and the contents with every action', () => {
		expect(paragraphs.find((p) => p.style === 'Title')?.text).toBe(seed.scheme.title);
		const headings = paragraphs.filter((p) => p.style === 'Heading1').map((p) => p.text);
		expect(headings.slice(0, 2)).toEqual(['Préambule', 'Sommaire']);
		const contents = paragraphs.filter((p) => p.style === 'ContentsAction').map((p) => p.text);
		expect(contents).toHaveLength(seedFiches.length);
		expect(contents[0]).toMatch(/^Action n°1 /);
		const axes = paragraphs.filter((p) => p.style === 'Contents1').map((p) => p.text);
		expect(axes).toEqual(seed.tree.map((n) => expect.stringContaining(n.title)));
		// The contents link to the fiches' bookmarks.
		const xml = docxPart(booklet.buffer, 'word/document.xml');
		expect(xml.match(/<w:hyperlink [^>]*w:anchor="fiche_/g)).toHaveLength(seedFiches.length);
		expect(xml.match(/<w:bookmarkStart [^>]*w:name="fiche_/g)).toHaveLength(seedFiches.length);
		expect(booklet.fileName).toBe(`Livret des fiches actions – ${SCHEME}.docx`);
	});

	it('has every fiche, one per page, in the plan’s natural order', () => {
		const headings = paragraphs
			.filter((p) => p.style === 'Heading1' && p.text.startsWith('Action n°'))
			.map((p) => p.text);
		expect(headings).toEqual(seedFiches.map((p) => actionTitle(p.fiche)));
		const at = (n: string) => headings.findIndex((h) => h.startsWith(`Action n°${n} :`));
		const order = ['2', '10', '11', '11 bis', '12'].map(at);
		expect(order.every((i) => i >= 0)).toBe(true);
		expect([...order].sort((a, b) => a - b)).toEqual(order);
		// Each fiche starts a page: its first plan line (or heading) breaks the page.
		const xml = docxPart(booklet.buffer, 'word/document.xml');
		expect(xml.match(/<w:pageBreakBefore\/>/g)!.length).toBeGreaterThanOrEqual(
			seedFiches.length + 2
		);
	});

	it('prints each fiche with its pilots in order, partners, rubrics and indicators', () => {
		for (const { fiche } of seedFiches) {
			const body = ficheBody(fiche.number);
			const texts = body.map((p) => p.text);
			const rubrics = body.filter((p) => p.style === 'Heading2').map((p) => p.text);
			expect(rubrics).toEqual([
				'Contexte / constats / problématiques',
				'Déclinaison opérationnelle',
				'Public(s) visé(s)',
				'Pilote(s) de l’action',
				'Partenaires associés',
				'Échéancier',
				'Résultats attendus',
				'Indicateurs d’évaluation',
				'Lien avec les schémas existants'
			]);
			const pilotsAt = texts.indexOf('Pilote(s) de l’action');
			expect(texts.slice(pilotsAt + 1, pilotsAt + 1 + fiche.pilots.length)).toEqual(
				fiche.pilots.map((p) => p.label)
			);
			for (const partner of fiche.partners) expect(texts).toContain(partner.label);
			for (const indicator of fiche.indicators)
				expect(texts.some((t) => t.startsWith(indicator.label))).toBe(true);
			if (fiche.state === 'a_elaborer') expect(texts).toContain('À élaborer');
		}
	});

	it('writes steps as a Word numbered list and indicators in a table', () => {
		const fiche1 = ficheBody('1');
		const steps = fiche1.slice(
			fiche1.findIndex((p) => p.text === 'Déclinaison opérationnelle') + 1,
			fiche1.findIndex((p) => p.text === 'Public(s) visé(s)')
		);
		expect(steps.length).toBeGreaterThan(2);
		expect(steps.every((p) => p.numbered)).toBe(true);
		const xml = docxPart(booklet.buffer, 'word/numbering.xml');
		expect(xml).toContain('w:val="%1)"');
		const body = docxPart(booklet.buffer, 'word/document.xml');
		expect(body.match(/<w:tblHeader\/>/g)!.length).toBeGreaterThan(10);
		// A measure named like its unit is written once (fiche 1: « Nombre », not « Nombre (nombre) »).
		const measures = fiche1.map((p) => p.text);
		expect(measures).toContain('Nombre');
		expect(measures.some((t) => /^(\p{L}+) \(\1\)$/iu.test(t))).toBe(false);
	});

	it('exports one fiche alone, and nothing for a fiche that does not exist', async () => {
		const one = (await buildBooklet(db, null, SCHEME, '11-bis'))!;
		const headings = docxParagraphs(one.buffer).filter((p) => p.style === 'Heading1');
		expect(headings.map((h) => h.text)).toEqual([
			actionTitle(seedFiches.find((p) => p.fiche.number === '11 bis')!.fiche)
		]);
		expect(one.fileName).toBe(`Fiche action 11 bis – ${SCHEME}.docx`);
		expect(await buildBooklet(db, null, SCHEME, '999')).toBeNull();
		expect(await buildBooklet(db, null, 'inconnu')).toBeNull();
	});

	it('converts with LibreOffice Writer, a page per fiche at least', () => {
		const folder = process.env.BOOKLET_PNG_FOLDER;
		if (folder) mkdirSync(folder, { recursive: true });
		const pdf = convertWithLibreOffice(booklet.buffer, { pngFolder: folder, pages: 40 });
		const pages = pdfPageCount(pdf);
		console.info(`Livret imprimé par LibreOffice : ${pages} pages`);
		expect(pages).toBeGreaterThanOrEqual(seedFiches.length + 3);
	}, 240_000);
});
