import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
	planDocumentSchema,
	type ListItem,
	type PlanDocument
} from '../src/lib/domain/plan-document';
import { matchOrganisation } from '../src/lib/domain/organisation-matching';
import type { Db } from '../src/lib/server/db/database';
import { importPlanDocument, type ImportResult } from '../src/lib/server/plan/plan-import.service';
import { createTestDb } from '../src/lib/server/testing/test-db';
import { correzePlan } from './correze-2022-2026';
import { hauteViennePlan } from './haute-vienne-2017-2021';

const here = fileURLToPath(new URL('.', import.meta.url));
const SOURCE = path.resolve(
	here,
	'../../shared/reference/caf-axes-accompagnement-departemental.txt'
);

/** Collapse whitespace (no-break spaces included) and treat typographic and straight apostrophes alike. */
function normalize(value: string): string {
	return value.replace(/[’‘`]/g, "'").replace(/\s+/g, ' ').trim();
}

type GridRow = {
	axe: string | null;
	general: string;
	operational: string[];
	actions: string[];
	support: string[];
};

/**
 * The items of one grid cell. A line opening with one space (a lost bullet), « · » or « - »
 * starts an item; a line indented deeper continues it. List punctuation (« ; ») is dropped.
 */
function cellItems(cell: string | undefined): string[] {
	const items: string[] = [];
	for (const line of (cell ?? '').split('\n')) {
		if (!line.trim()) continue;
		if (items.length === 0 || /^( \S|· |- )/.test(line))
			items.push(line.replace(/^\s*[·-]?\s*/, ''));
		else items[items.length - 1] += ` ${line}`;
	}
	return items.map((item) => normalize(item).replace(/\s*;$/, ''));
}

/**
 * The grid read at test time. Cells are separated by tabs (a cell spans several lines); a row
 * opens with its axis number, except the first, whose number cell is blank. The last two
 * columns are read by content: the third cell of a row holds the short action items, the fourth
 * (absent on the last row) the bulleted departmental support.
 */
function parseGrid(raw: string): { header: string[]; rows: GridRow[] } {
	const cells = raw.split('\t');
	const header = cells.slice(1, 6).map(normalize);
	const grouped: { axe: string | null; cells: string[] }[] = [{ axe: null, cells: [] }];
	for (const cell of cells.slice(6)) {
		if (/^\s*\d+\s*$/.test(cell)) grouped.push({ axe: cell.trim(), cells: [] });
		else grouped[grouped.length - 1].cells.push(cell);
	}
	const rows = grouped.map(({ axe, cells: [general, operational, actions, support] }) => ({
		axe,
		general: normalize(general),
		operational: cellItems(operational),
		actions: cellItems(actions),
		support: cellItems(support)
	}));
	return { header, rows };
}

const raw = readFileSync(SOURCE, 'utf8');
const grid = parseGrid(raw);

const doc: PlanDocument = planDocumentSchema.parse(correzePlan);
const hauteVienne: PlanDocument = planDocumentSchema.parse(hauteViennePlan);

type Node = PlanDocument['tree'][number];
type Fiche = Node['fiches'][number];
const fichesUnder = (node: Node): Fiche[] => [
	...node.fiches,
	...node.children.flatMap(fichesUnder)
];
const fiches = doc.tree.flatMap(fichesUnder);
const ficheByNumber = (n: string): Fiche => {
	const found = fiches.find((f) => f.number === n);
	if (!found) throw new Error(`fiche ${n} absente`);
	return found;
};

function flatten(items: ListItem[]): ListItem[] {
	return items.flatMap((item) => [item, ...flatten(item.children ?? [])]);
}

const orgs = doc.organisations.map((o) => ({
	id: o.key,
	name: o.name,
	shortName: o.shortName,
	aliases: o.aliases
}));
/** The organisation an actor names within this document: its key, else its label's match. */
const actorOrg = (actor: Fiche['pilots'][number]): string | null =>
	actor.org ?? (actor.freeText ? null : (matchOrganisation(actor.label, orgs)?.id ?? null));
const pilotedBy = (key: string) => fiches.filter((f) => f.pilots.some((p) => actorOrg(p) === key));

describe('Corrèze 2022–2026 seed: document', () => {
	it('parses with the plan document schema', () => {
		expect(() => planDocumentSchema.parse(correzePlan)).not.toThrow();
	});

	it('has the scheme identity asked for', () => {
		expect(doc.scheme).toMatchObject({
			slug: 'correze-2022-2026',
			departmentCode: '19',
			departmentName: 'Corrèze',
			startYear: 2022,
			endYear: 2026,
			state: 'en_cours',
			levelLabels: ['Axe', 'Objectif général', 'Objectif opérationnel'],
			kind: 'sdsf',
			territory: { kind: 'departement', code: '19', name: 'Corrèze' }
		});
	});

	it('puts fiches only on operational objectives, three levels down', () => {
		for (const axe of doc.tree) {
			expect(axe.fiches, `axe ${axe.code}`).toEqual([]);
			expect(axe.children.length, `axe ${axe.code}`).toBeGreaterThan(0);
			for (const general of axe.children) {
				expect(general.fiches, `objectif ${general.code}`).toEqual([]);
				for (const operational of general.children)
					expect(operational.children, `objectif ${operational.code}`).toEqual([]);
			}
		}
	});

	it('numbers its fiches as a département does: unique, in order, one « bis » at least', () => {
		const numbers = fiches.map((f) => f.number);
		expect(new Set(numbers).size).toBe(numbers.length);
		expect(numbers.length).toBeGreaterThanOrEqual(8);
		expect(numbers.length).toBeLessThanOrEqual(14);
		for (const n of numbers) expect(n).toMatch(/^\d+( bis)?$/);
		expect(numbers.some((n) => n.endsWith(' bis'))).toBe(true);
		expect(numbers).toEqual(['1', '2', '3', '3 bis', '4', '5', '6', '7', '8', '9']);
	});

	it('says in every fiche that its content beyond the grid is demo content', () => {
		for (const fiche of fiches) {
			expect(fiche.note, `fiche ${fiche.number}`).toMatch(/démonstration/);
			expect(fiche.pilots.length, `fiche ${fiche.number}`).toBeGreaterThan(0);
			expect(fiche.indicators.length, `fiche ${fiche.number}`).toBeGreaterThan(0);
			for (const indicator of fiche.indicators) {
				expect(indicator.kindLabel).toBe(
					indicator.kind === 'realisation' ? 'De réalisation' : 'De résultat'
				);
				if (indicator.baseline || indicator.targets.length)
					expect(indicator.note, `fiche ${fiche.number}: ${indicator.label}`).toMatch(
						/démonstration/
					);
			}
		}
	});
});

describe('Corrèze 2022–2026 seed: faithful to the grid', () => {
	it('reads the grid as expected: 5 columns, 4 rows', () => {
		expect(grid.header).toEqual([
			'AXE',
			'OBJECTIF GENERAL',
			'OBJECTIFS OPERATIONNELS',
			"EXEMPLES D'ACCOMPAGNEMENT DEPARTEMENTAL",
			"EXEMPLES D'ACTIONS"
		]);
		expect(grid.rows.map((r) => r.axe)).toEqual([null, '4', '5', '6']);
		expect(grid.rows.map((r) => r.operational.length)).toEqual([2, 2, 1, 4]);
		expect(grid.rows.map((r) => r.actions.length)).toEqual([4, 1, 1, 4]);
	});

	it('has one axis per row, numbered as in the grid, with the general objective under it', () => {
		expect(doc.tree).toHaveLength(grid.rows.length);
		grid.rows.forEach((row, i) => {
			const axe = doc.tree[i];
			// The first row's number is blank in the grid: it is the one before « 4 ».
			expect(axe.code).toBe(row.axe ?? String(Number(grid.rows[i + 1].axe) - 1));
			expect(axe.children.map((n) => normalize(n.title))).toEqual([row.general]);
		});
	});

	it('has every operational objective of the grid, in order, under its general objective', () => {
		grid.rows.forEach((row, i) => {
			const general = doc.tree[i].children[0];
			expect(general.children.map((n) => normalize(n.title))).toEqual(row.operational);
		});
	});

	it('turns every example of action into one fiche of its row, titled as written', () => {
		grid.rows.forEach((row, i) => {
			const titles = fichesUnder(doc.tree[i]).map((f) => normalize(f.title));
			expect([...titles].sort()).toEqual([...row.actions].sort());
		});
		expect(ficheByNumber('8').title).toContain('consitution');
	});

	it('keeps every example of departmental support in a fiche of its row, as written', () => {
		grid.rows.forEach((row, i) => {
			const texts = fichesUnder(doc.tree[i]).flatMap((f) => [
				...flatten(f.steps).map((s) => normalize(s.text)),
				...(f.context ?? '').split('\n\n').map(normalize)
			]);
			for (const support of row.support) expect(texts, support).toContain(support);
		});
	});
});

describe('Corrèze 2022–2026 seed: organisations', () => {
	const byKey = new Map(doc.organisations.map((o) => [o.key, o]));

	it('has unique keys and the Corrèze organisations asked for', () => {
		expect(byKey.size).toBe(doc.organisations.length);
		expect(byKey.get('caf-19')).toMatchObject({
			name: 'Caisse d’allocations familiales de la Corrèze',
			shortName: 'CAF 19',
			type: 'caf',
			territory: '19'
		});
		expect(byKey.get('cd-19')).toMatchObject({
			name: 'Conseil départemental de la Corrèze',
			type: 'departement',
			territory: '19'
		});
		expect(byKey.get('cd-19')!.aliases).toContain('Conseil départemental');
		expect(byKey.get('ville-brive')).toMatchObject({
			name: 'Ville de Brive-la-Gaillarde',
			territory: '19'
		});
	});

	it('gives CAF 19 the same spellings as CAF 87 (« Caf », « Caisse d’Allocations Familiales »)', () => {
		const caf87 = hauteVienne.organisations.find((o) => o.key === 'caf-87')!;
		for (const alias of ['Caf', "Caisse d'Allocations Familiales"]) {
			expect(byKey.get('caf-19')!.aliases).toContain(alias);
			expect(caf87.aliases).toContain(alias);
		}
	});

	it('defines a national organisation exactly as the Haute-Vienne seed does, under the same key', () => {
		const shared = doc.organisations.filter((o) =>
			hauteVienne.organisations.some((h) => h.key === o.key)
		);
		expect(shared.map((o) => o.key).sort()).toEqual(['fepem', 'msa', 'pole-emploi']);
		for (const org of shared) {
			expect(org, org.key).toEqual(hauteVienne.organisations.find((h) => h.key === org.key));
			expect(org.territory ?? null, org.key).toBeNull();
		}
		for (const org of doc.organisations.filter((o) => !shared.includes(o)))
			expect(org.territory, org.key).toBe('19');
	});

	it('resolves every actor within the document, or keeps it as free text', () => {
		for (const fiche of fiches)
			for (const actor of [...fiche.pilots, ...fiche.partners]) {
				const where = `fiche ${fiche.number}: ${actor.label}`;
				if (actor.org) expect(byKey.has(actor.org), where).toBe(true);
				else if (actor.freeText) expect(matchOrganisation(actor.label, orgs), where).toBeNull();
				else expect(matchOrganisation(actor.label, orgs), where).not.toBeNull();
			}
	});

	it('has a pilot written just « Caf », with no organisation key, that names CAF 19 here', () => {
		const cafPilots = fiches.filter((f) =>
			f.pilots.some((p) => p.label === 'Caf' && !p.org && !p.freeText)
		);
		expect(cafPilots.map((f) => f.number)).toEqual(['2']);
		expect(matchOrganisation('Caf', orgs)?.id).toBe('caf-19');
	});

	it('has fiches piloted by CAF 19 (two at least) and by CD 19, each with indicators', () => {
		const caf = pilotedBy('caf-19');
		const cd = pilotedBy('cd-19');
		expect(caf.length).toBeGreaterThanOrEqual(2);
		expect(cd.length).toBeGreaterThanOrEqual(1);
		for (const fiche of [...caf, ...cd])
			expect(fiche.indicators.length, `fiche ${fiche.number}`).toBeGreaterThan(0);
		expect(caf.map((f) => f.number)).toEqual(['1', '2', '3 bis', '4', '5', '8']);
		expect(cd.map((f) => f.number)).toEqual(['3', '7']);
		expect(pilotedBy('ville-brive').map((f) => f.number)).toEqual(['6', '9']);
	});
});

/** Each fiche actor of a scheme as [fiche number, role, label, organisation key or null]. */
async function actorsOf(db: Db, slug: string) {
	return db
		.selectFrom('fiche_actor')
		.innerJoin('fiche', 'fiche.id', 'fiche_actor.fiche_id')
		.innerJoin('scheme', 'scheme.id', 'fiche.scheme_id')
		.leftJoin('organisation', 'organisation.id', 'fiche_actor.organisation_id')
		.where('scheme.slug', '=', slug)
		.select(['fiche.number', 'fiche_actor.role', 'fiche_actor.label', 'organisation.slug as org'])
		.orderBy('fiche.number_sort')
		.orderBy('fiche_actor.role')
		.orderBy('fiche_actor.position')
		.execute();
}

/** What the document says each actor is, in the same order as actorsOf. */
function expectedActors() {
	return fiches.flatMap((f) =>
		(['partner', 'pilot'] as const).flatMap((role) =>
			(role === 'pilot' ? f.pilots : f.partners).map((a) => ({
				number: f.number,
				role,
				label: a.label,
				org: actorOrg(a)
			}))
		)
	);
}

describe('Corrèze 2022–2026 seed: import', () => {
	it('loads alone into a fresh database, « Caf » resolving to CAF 19', async () => {
		const db = await createTestDb();
		const result = await importPlanDocument(db, correzePlan);
		expect(result.fiches).toBe(fiches.length);
		expect(await actorsOf(db, 'correze-2022-2026')).toEqual(expectedActors());
	});

	describe('after the Haute-Vienne plan', () => {
		let db: Db;
		let result: ImportResult;
		beforeAll(async () => {
			db = await createTestDb();
			await importPlanDocument(db, hauteViennePlan);
			result = await importPlanDocument(db, correzePlan);
		});

		it('creates the scheme and its fiches, and only the Corrèze organisations', async () => {
			expect(result.fiches).toBe(fiches.length);
			expect(result.organisationsCreated).toBe(4);
			const slugs = (await db.selectFrom('organisation').select('slug').execute()).map(
				(o) => o.slug
			);
			expect(new Set(slugs).size).toBe(slugs.length);
			for (const key of ['caf-19', 'cd-19', 'ville-brive', 'ddetspp-19', 'msa', 'pole-emploi'])
				expect(slugs).toContain(key);
			const nodes = await db
				.selectFrom('plan_node')
				.where('scheme_id', '=', result.schemeId)
				.select(['depth'])
				.execute();
			expect(Math.max(...nodes.map((n) => n.depth))).toBe(3);
		});

		it('links every actor as the document says, by key or by an unambiguous name', async () => {
			const actors = await actorsOf(db, 'correze-2022-2026');
			expect(actors).toEqual(expectedActors());
			// « POLE EMPLOI » has no key: matched to the national organisation.
			expect(actors.find((a) => a.label === 'POLE EMPLOI')?.org).toBe('pole-emploi');
		});

		// Labels are matched only against the organisations of the scheme's territory, the
		// territories above it and national ones: CAF 87 is not a candidate for a Corrèze fiche.
		it('links the « Caf » pilot of fiche 2 to CAF 19, not CAF 87', async () => {
			const actors = await actorsOf(db, 'correze-2022-2026');
			const caf = actors.find((a) => a.number === '2' && a.role === 'pilot');
			expect(caf).toMatchObject({ label: 'Caf', org: 'caf-19' });
			const territories = await db
				.selectFrom('organisation')
				.innerJoin('territory', 'territory.id', 'organisation.territory_id')
				.select(['organisation.slug', 'territory.code'])
				.where('organisation.slug', 'in', ['caf-19', 'caf-87'])
				.orderBy('organisation.slug')
				.execute();
			expect(territories).toEqual([
				{ slug: 'caf-19', code: '19' },
				{ slug: 'caf-87', code: '87' }
			]);
		});
	});
});
