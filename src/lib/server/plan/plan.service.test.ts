import { beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '$lib/domain/policy';
import type { Db } from '../db/database';
import { createTestDb } from '../testing/test-db';
import { fixturePlan } from './plan.fixture';
import { importPlanDocument } from './plan-import.service';
import {
	collectFiches,
	getFicheDetail,
	getOrganisationPage,
	getSchemeOverview,
	listSchemeSummaries
} from './plan.service';

let db: Db;
let schemeId: number;
beforeEach(async () => {
	db = await createTestDb();
	({ schemeId } = await importPlanDocument(db, fixturePlan));
});

const actor = (patch: Partial<Actor> = {}): Actor => ({
	id: 1,
	platformAdmin: false,
	memberships: [],
	token: null,
	...patch
});

describe('plan import and reading', () => {
	it('keeps fiches in natural number order under their nodes', async () => {
		const overview = await getSchemeOverview(db, 'test-2020-2025');
		const objective = overview!.tree[0].children[0].children[0];
		expect(objective.levelLabel).toBe('Objectif opérationnel');
		expect(objective.fiches.map((f) => f.number)).toEqual(['2', '11', '11 bis']);
		expect(overview!.tree[0].children[0].tocTitle).toBe('Orientation crèche (sommaire)');
	});

	it('resolves every spelling of an organisation to one record and keeps free text', async () => {
		const result = await getFicheDetail(db, 'test-2020-2025', '11-bis');
		const fiche = result!.fiche!;
		expect(fiche.pilots.map((p) => [p.label, p.organisation?.shortName])).toEqual([
			['Caisse d’Allocations Familiales', 'CAF 2A'],
			['Ville d’Ajaccio', 'Ajaccio']
		]);
		expect(fiche.partners.map((p) => [p.label, p.organisation?.shortName ?? null])).toEqual([
			['Familles', null],
			['caf', 'CAF 2A']
		]);
		const orgs = await db.selectFrom('organisation').select('slug').execute();
		expect(orgs.map((o) => o.slug).sort()).toEqual(['caf-2a', 'ville-ajaccio']);
	});

	it('stores nested steps, results and indicators with units, measures, targets and breakdowns', async () => {
		const fiche = (await getFicheDetail(db, 'test-2020-2025', '11-bis'))!.fiche!;
		expect(fiche.steps).toEqual([
			{ text: 'Étape une', marker: '1)' },
			{ text: 'Étape deux', marker: '2)', children: [{ text: 'Sous-point', marker: '•' }] }
		]);
		expect(fiche.context).toBe('Premier paragraphe.\n\nSecond paragraphe.');
		expect(fiche.results.quantitative).toEqual([{ text: '10 places', marker: null }]);
		expect(fiche.indicators.map((i) => [i.kind, i.measure, i.unit])).toEqual([
			['realisation', null, 'nombre'],
			['resultat', 'Nombre', 'nombre'],
			['resultat', 'Pourcentage', 'pourcentage'],
			['resultat', null, 'nombre']
		]);
		expect(fiche.indicators[0].kindLabel).toBe('De mise en œuvre');
		expect(fiche.indicators[1].breakdown).toEqual({
			label: 'Commune',
			values: ['Ajaccio', 'Porticcio']
		});
		expect(fiche.indicators[3].baseline).toEqual({ value: 12, year: 2019 });
		expect(fiche.indicators[3].targets).toEqual([{ year: 2021, value: 20 }]);
		expect(fiche.path.map((p) => p.code)).toEqual(['1', '1.1', 'Objectif 1']);
	});

	it('filters by pilot, partner, state and axis, and counts states per axis', async () => {
		const byPilot = await getSchemeOverview(db, 'test-2020-2025', { pilot: 'ville-ajaccio' });
		expect(byPilot!.tree.flatMap(collectFiches).map((f) => f.number)).toEqual(['11', '11 bis']);
		const byPartner = await getSchemeOverview(db, 'test-2020-2025', { partner: 'caf-2a' });
		expect(byPartner!.matchCount).toBe(1);
		const byState = await getSchemeOverview(db, 'test-2020-2025', {
			states: ['a_elaborer', 'realisee']
		});
		expect(byState!.tree.flatMap(collectFiches).map((f) => f.number)).toEqual(['2', '10']);
		const byAxis = await getSchemeOverview(db, 'test-2020-2025', { axis: '2' });
		expect(byAxis!.axisCounts).toEqual([
			{ code: '2', title: 'Informer', counts: expect.objectContaining({ realisee: 1, total: 1 }) }
		]);
		const all = await getSchemeOverview(db, 'test-2020-2025');
		expect(all!.axisCounts[0].counts).toMatchObject({
			a_lancer: 1,
			a_elaborer: 1,
			en_cours: 1,
			total: 3
		});
		const unknown = await getSchemeOverview(db, 'test-2020-2025', { pilot: 'nobody' });
		expect(unknown!.matchCount).toBe(0);
	});

	it('searches every text of a fiche ignoring accents and case', async () => {
		const search = async (q: string) =>
			(await getSchemeOverview(db, 'test-2020-2025', { q }))!.tree
				.flatMap(collectFiches)
				.map((f) => f.number);
		expect(await search('creche')).toEqual(['11 bis']);
		expect(await search('ETAPE deux')).toEqual(['11 bis']);
		expect(await search('Ajaccio relais')).toEqual(['11']);
		expect(await search('"unbalanced AND (')).toEqual([]);
		expect(await search('internet')).toEqual(['10']);
	});

	it('lists schemes with their fiche count and an organisation with its fiches', async () => {
		const reader = actor({ memberships: [{ schemeId, role: 'lecteur', organisationId: null }] });
		expect(await listSchemeSummaries(db, reader)).toMatchObject([
			{ slug: 'test-2020-2025', ficheCount: 4, role: 'lecteur' }
		]);
		const page = await getOrganisationPage(db, 'caf-2a');
		expect(page!.fiches.map((f) => [f.role, f.number])).toEqual([
			['pilot', '11 bis'],
			['partner', '11 bis']
		]);
		expect(page!.aliases).toContain('Caf');
		expect(await getOrganisationPage(db, 'inconnue')).toBeNull();
	});

	it('lists a private scheme to its members and the platform only, a public one to everyone', async () => {
		const other = actor({
			memberships: [{ schemeId: schemeId + 1, role: 'coordinateur', organisationId: null }]
		});
		const slugs = async (who: Actor | null) =>
			(await listSchemeSummaries(db, who)).map((s) => [s.slug, s.role]);
		await db.updateTable('scheme').set({ visibility: 'private' }).execute();
		expect(await slugs(null)).toEqual([]);
		expect(await slugs(other)).toEqual([]);
		expect(await slugs(actor({ platformAdmin: true }))).toEqual([
			['test-2020-2025', 'coordinateur']
		]);
		const pilot = actor({ memberships: [{ schemeId, role: 'pilote', organisationId: 3 }] });
		expect(await slugs(pilot)).toEqual([['test-2020-2025', 'pilote']]);
		await db.updateTable('scheme').set({ visibility: 'public' }).execute();
		expect(await slugs(null)).toEqual([['test-2020-2025', null]]);
		expect(await slugs(other)).toEqual([['test-2020-2025', null]]);
	});

	it('writes nothing when one fiche is invalid', async () => {
		const broken = structuredClone(fixturePlan);
		broken.scheme.slug = 'broken';
		broken.tree[1].fiches = [
			{ number: '10', title: 'x', state: 'a_lancer', pilots: [{ label: 'X', org: 'no-such-org' }] }
		];
		await expect(importPlanDocument(db, broken)).rejects.toThrow(/no-such-org/);
		expect(await db.selectFrom('scheme').select('slug').execute()).toEqual([
			{ slug: 'test-2020-2025' }
		]);
	});

	it('returns null or no fiche for unknown ids', async () => {
		expect(await getSchemeOverview(db, 'nope')).toBeNull();
		expect((await getFicheDetail(db, 'test-2020-2025', '999'))!.fiche).toBeNull();
	});
});

describe('history of an import', () => {
	it('records the creation of every node, fiche, indicator and organisation', async () => {
		const counts = await db
			.selectFrom('audit_event')
			.select(['entity_type', (eb) => eb.fn.countAll<number>().as('count')])
			.where('action', '=', 'create')
			.groupBy('entity_type')
			.execute();
		const byType = Object.fromEntries(counts.map((c) => [c.entity_type, Number(c.count)]));
		const [nodes, fiches, indicators, organisations] = await Promise.all(
			(['plan_node', 'fiche', 'indicator', 'organisation'] as const).map(async (table) =>
				Number(
					(
						await db
							.selectFrom(table)
							.select((eb) => eb.fn.countAll<number>().as('n'))
							.executeTakeFirstOrThrow()
					).n
				)
			)
		);
		expect(byType).toMatchObject({
			scheme: 1,
			plan_node: nodes,
			fiche: fiches,
			indicator: indicators,
			organisation: organisations
		});
	});
});
