import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { hauteViennePlan } from '$seeds/haute-vienne-2017-2021';
import type { Db } from '../db/database';
import { getFicheDetail, getSchemeDetail } from '../plan/plan.service';
import { importPlanDocument } from '../plan/plan-import.service';
import { createTestDb } from '../testing/test-db';
import { loadPlanDocument, writePlanWorkbook } from './plan-export';
import { parsePlanWorkbook } from './plan-import';
import { frenchText } from './french-text.fixture';
import { libreofficeResave, openpyxlEdit } from './office-tools.fixture';

// Export → import → the same plan: at the document level and once written to a new database.

let db: Db;
const slug = hauteViennePlan.scheme.slug;

beforeAll(async () => {
	db = await createTestDb();
	await importPlanDocument(db, hauteViennePlan);
});

describe('plan workbook round trip', () => {
	it('parses its own export of the demo plan back to an identical plan document', async () => {
		const exported = (await loadPlanDocument(db, slug))!.doc;
		const started = performance.now();
		const buffer = await writePlanWorkbook(exported);
		const exportMs = performance.now() - started;
		const parsed = await parsePlanWorkbook(buffer);
		const importMs = performance.now() - started - exportMs;
		expect(parsed.ok, JSON.stringify(!parsed.ok && parsed.problems.slice(0, 5))).toBe(true);
		if (!parsed.ok) return;
		expect(parsed.doc).toStrictEqual(exported);
		expect(parsed.slugCell).toEqual({ sheet: 'Schéma', row: 2, column: 'B' });
		// The demo plan: 20 fiches, far from the time budget of an interactive request.
		expect(exportMs + importMs).toBeLessThan(5_000);
		console.info(
			`Plan de démonstration : export ${Math.round(exportMs)} ms, lecture ${Math.round(importMs)} ms, ${buffer.length} octets`
		);
	});

	it('imports the export into a new scheme that reads back the same, field by field', async () => {
		const exported = (await loadPlanDocument(db, slug))!.doc;
		const copy = structuredClone(exported);
		copy.scheme.slug = 'copie-haute-vienne';
		const parsed = await parsePlanWorkbook(await writePlanWorkbook(copy));
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		await importPlanDocument(db, parsed.doc);

		const reread = (await loadPlanDocument(db, 'copie-haute-vienne'))!.doc;
		expect({ ...reread, scheme: { ...reread.scheme, slug } }).toStrictEqual(exported);

		const [original, imported] = await Promise.all([
			getSchemeDetail(db, slug),
			getSchemeDetail(db, 'copie-haute-vienne')
		]);
		expect({ ...imported!, slug }).toStrictEqual(original);
		const numbers = exported.tree.flatMap(function all(n): string[] {
			return [...n.fiches.map((f) => f.number), ...n.children.flatMap(all)];
		});
		expect(numbers).toHaveLength(20);
		for (const number of numbers) {
			const ficheSlug = number.replace(/\s+/g, '-');
			const a = (await getFicheDetail(db, slug, ficheSlug))!.fiche!;
			const b = (await getFicheDetail(db, 'copie-haute-vienne', ficheSlug))!.fiche!;
			const strip = (f: typeof a) => ({
				...f,
				updatedAt: null,
				indicators: f.indicators.map((i) => ({ ...i, id: null }))
			});
			expect(strip(b), number).toStrictEqual(strip(a));
		}
	});
});

type Doc = NonNullable<Awaited<ReturnType<typeof loadPlanDocument>>>['doc'];
type FicheDoc = Doc['tree'][number]['fiches'][number];
const fichesOf = (doc: Doc): FicheDoc[] =>
	doc.tree.flatMap(function all(n): FicheDoc[] {
		return [...n.fiches, ...n.children.flatMap(all)];
	});

/** The demo plan with random French text (accents, œ, «», …, emoji, line breaks) in its fiches. */
function withFrenchText(doc: Doc, texts: string[]): Doc {
	const copy = structuredClone(doc);
	let i = 0;
	const next = () => texts[i++ % texts.length];
	for (const fiche of fichesOf(copy)) {
		fiche.title = next().replace(/\n/g, ' ');
		fiche.context = next();
		fiche.targetPublic = next();
		fiche.schedule = next().replace(/\n/g, ' ');
		fiche.links = next();
		fiche.note = next();
	}
	return copy;
}

describe('plan workbook round trip with French text, through other tools', () => {
	it('keeps every field byte for byte, wherever the chunk boundaries fall', async () => {
		const exported = (await loadPlanDocument(db, slug))!.doc;
		await fc.assert(
			fc.asyncProperty(
				fc.array(frenchText(40, 400), { minLength: 20, maxLength: 40 }),
				async (texts) => {
					const doc = withFrenchText(exported, texts);
					const parsed = await parsePlanWorkbook(await writePlanWorkbook(doc));
					expect(parsed.ok, JSON.stringify(!parsed.ok && parsed.problems.slice(0, 3))).toBe(true);
					if (parsed.ok) expect(parsed.doc).toStrictEqual(doc);
				}
			),
			{ numRuns: 8 }
		);
	}, 120_000);

	it('keeps every field through LibreOffice and openpyxl (load, save)', async () => {
		const exported = (await loadPlanDocument(db, slug))!.doc;
		const doc = withFrenchText(
			exported,
			fc.sample(frenchText(200, 1_500), { numRuns: 60, seed: 19 })
		);
		const buffer = await writePlanWorkbook(doc);
		for (const [tool, edited] of [
			['LibreOffice', libreofficeResave(buffer)],
			['openpyxl', openpyxlEdit(buffer, 'pass')]
		] as const) {
			const parsed = await parsePlanWorkbook(edited);
			expect(
				parsed.ok,
				`${tool} ${JSON.stringify(!parsed.ok && parsed.problems.slice(0, 3))}`
			).toBe(true);
			if (parsed.ok) expect(parsed.doc, tool).toStrictEqual(doc);
		}
	}, 180_000);
});
