import { beforeAll, describe, expect, it } from 'vitest';
import { planDocumentSchema, type PlanDocument } from '../src/lib/domain/plan-document';
import type { Db } from '../src/lib/server/db/database';
import { importPlanDocument, type ImportResult } from '../src/lib/server/plan/plan-import.service';
import { createTestDb } from '../src/lib/server/testing/test-db';
import { hauteViennePlan } from './haute-vienne-2017-2021';
import { limogesSppePlan } from './limoges-sppe-2026-2031';

const doc: PlanDocument = planDocumentSchema.parse(limogesSppePlan);
const hauteVienne: PlanDocument = planDocumentSchema.parse(hauteViennePlan);

type Node = PlanDocument['tree'][number];
type Fiche = Node['fiches'][number];
const fichesUnder = (node: Node): Fiche[] => [
	...node.fiches,
	...node.children.flatMap(fichesUnder)
];
const fiches = doc.tree.flatMap(fichesUnder);
const hauteVienneNumbers = hauteVienne.tree.flatMap(fichesUnder).map((f) => f.number);

describe('Limoges SPPE 2026–2031 seed: document', () => {
	it('parses with the plan document schema', () => {
		expect(() => planDocumentSchema.parse(limogesSppePlan)).not.toThrow();
	});

	it('is a communal SPPE scheme of Limoges, in the Haute-Vienne, compatible with the SDSF 87', () => {
		expect(doc.scheme).toMatchObject({
			slug: 'limoges-sppe-2026-2031',
			departmentCode: '87',
			startYear: 2026,
			endYear: 2031,
			levelLabels: ['Axe', 'Objectif'],
			kind: 'sppe',
			territory: { kind: 'commune', code: '87085', name: 'Limoges', parentCode: '87' },
			compatibleWith: [hauteVienne.scheme.slug]
		});
	});

	it('has 3 to 5 fiches with unique numbers, on the objectives (second level)', () => {
		const numbers = fiches.map((f) => f.number);
		expect(numbers.length).toBeGreaterThanOrEqual(3);
		expect(numbers.length).toBeLessThanOrEqual(5);
		expect(new Set(numbers).size).toBe(numbers.length);
		for (const axe of doc.tree) {
			expect(axe.fiches, `axe ${axe.code}`).toEqual([]);
			for (const objective of axe.children) expect(objective.children).toEqual([]);
		}
	});

	it('follows the SPPE obligations: needs, information of families, offer, quality', () => {
		const axes = doc.tree.map((a) => a.title).join(' | ');
		for (const theme of [/besoins/, /[Ii]nformer/, /[Dd]évelopper l’offre/, /qualité/])
			expect(axes).toMatch(theme);
		expect(fiches.some((f) => /relais petite enfance/.test(f.title))).toBe(true);
	});

	it('is piloted by the Ville de Limoges and CAF 87, every fiche with indicators', () => {
		for (const fiche of fiches) {
			expect(fiche.pilots.length, `fiche ${fiche.number}`).toBeGreaterThan(0);
			for (const pilot of fiche.pilots) expect(['ville-limoges', 'caf-87']).toContain(pilot.org);
			expect(fiche.indicators.length, `fiche ${fiche.number}`).toBeGreaterThan(0);
			expect(fiche.note, `fiche ${fiche.number}`).toMatch(/démonstration/);
		}
		const pilots = new Set(fiches.flatMap((f) => f.pilots.map((p) => p.org)));
		expect([...pilots].sort()).toEqual(['caf-87', 'ville-limoges']);
	});

	it('uses the Haute-Vienne organisations, defined exactly as there', () => {
		for (const org of doc.organisations) {
			expect(org, org.key).toEqual(hauteVienne.organisations.find((h) => h.key === org.key));
			expect(org.territory, org.key).toBe('87');
		}
		for (const fiche of fiches)
			for (const actor of [...fiche.pilots, ...fiche.partners])
				expect(actor.org ? doc.organisations.some((o) => o.key === actor.org) : actor.freeText, {
					fiche: fiche.number,
					actor
				}).toBeTruthy();
	});

	it('links to existing fiches of the SDSF 87, and says so in its « liens » text', () => {
		const linked = fiches.filter((f) => (f.linkedFiches ?? []).length > 0);
		expect(linked.length).toBeGreaterThan(0);
		for (const fiche of linked) {
			expect(fiche.links, `fiche ${fiche.number}`).toContain('SDSF 87');
			expect(fiche.linkedFiches!.length).toBeLessThanOrEqual(2);
			for (const link of fiche.linkedFiches!) {
				expect(link.scheme).toBe(hauteVienne.scheme.slug);
				expect(hauteVienneNumbers, `fiche ${fiche.number}`).toContain(link.number);
				expect(fiche.links, `fiche ${fiche.number}`).toContain(`n°${link.number}`);
			}
		}
		expect(fiches.find((f) => f.number === '2')!.linkedFiches).toEqual([
			{ scheme: 'haute-vienne-2017-2021', number: '8' },
			{ scheme: 'haute-vienne-2017-2021', number: '35' }
		]);
	});
});

describe('Limoges SPPE 2026–2031 seed: import after the Haute-Vienne plan', () => {
	let db: Db;
	let result: ImportResult;
	beforeAll(async () => {
		db = await createTestDb();
		await importPlanDocument(db, hauteViennePlan);
		result = await importPlanDocument(db, limogesSppePlan);
	});

	it('creates the scheme and its fiches, reusing the Haute-Vienne organisations', async () => {
		expect(result.fiches).toBe(fiches.length);
		expect(result.organisationsCreated).toBe(0);
		const nodes = await db
			.selectFrom('plan_node')
			.where('scheme_id', '=', result.schemeId)
			.select('depth')
			.execute();
		expect(Math.max(...nodes.map((n) => n.depth))).toBe(2);
	});

	it('links its pilots to the Ville de Limoges and CAF 87', async () => {
		const pilots = await db
			.selectFrom('fiche_actor')
			.innerJoin('fiche', 'fiche.id', 'fiche_actor.fiche_id')
			.innerJoin('organisation', 'organisation.id', 'fiche_actor.organisation_id')
			.where('fiche.scheme_id', '=', result.schemeId)
			.where('fiche_actor.role', '=', 'pilot')
			.select(['fiche.number', 'organisation.slug'])
			.orderBy('fiche.number_sort')
			.orderBy('fiche_actor.position')
			.execute();
		expect(pilots.map((p) => [p.number, p.slug])).toEqual(
			fiches.flatMap((f) => f.pilots.map((p) => [f.number, p.org]))
		);
	});

	it('names Haute-Vienne fiches that exist in the database', async () => {
		const numbers = fiches.flatMap((f) => (f.linkedFiches ?? []).map((l) => l.number));
		const found = await db
			.selectFrom('fiche')
			.innerJoin('scheme', 'scheme.id', 'fiche.scheme_id')
			.where('scheme.slug', '=', 'haute-vienne-2017-2021')
			.where('fiche.number', 'in', numbers)
			.select('fiche.number')
			.execute();
		expect(found.map((f) => f.number).sort()).toEqual([...new Set(numbers)].sort());
	});
});
