import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/database';
import { loadPlanDocument } from '../excel/plan-export';
import { SCHEME, bookletDb, bookletUsers } from '../reporting/reporting.fixture';
import { seedDemoFigures } from '../seed/demo-figures';
import { reloadUser } from '../testing/test-users';
import { listLineage } from './generations.queries';
import { prepareNextScheme } from './next-scheme.service';

let db: Db;
let users: Awaited<ReturnType<typeof bookletUsers>>;

beforeEach(async () => {
	db = await bookletDb();
	users = await bookletUsers(db);
	await seedDemoFigures(db, '2019-03-01');
});

const count = async (table: 'figure' | 'audit_event' | 'reporting_period', schemeId: number) => {
	if (table === 'figure') {
		const row = await db
			.selectFrom('figure')
			.innerJoin('reporting_period as p', 'p.id', 'figure.period_id')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('p.scheme_id', '=', schemeId)
			.executeTakeFirstOrThrow();
		return Number(row.n);
	}
	const row = await db
		.selectFrom(table)
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('scheme_id', '=', schemeId)
		.executeTakeFirstOrThrow();
	return Number(row.n);
};

describe('prepareNextScheme', () => {
	it('copies the plan and the chosen fiches, links them, and leaves the old scheme alone', async () => {
		const old = await db
			.selectFrom('scheme')
			.selectAll()
			.where('slug', '=', SCHEME)
			.executeTakeFirstOrThrow();
		const before = {
			figures: await count('figure', old.id),
			audit: await count('audit_event', old.id),
			version: old.version
		};
		expect(before.figures).toBeGreaterThan(0);
		const result = await prepareNextScheme(db, users.admin, SCHEME, {
			startYear: 2022,
			endYear: 2026,
			fiches: ['1', '11 bis', '35']
		});
		if (!result.ok) throw new Error(JSON.stringify(result));
		expect(result.scheme.slug).toBe('haute-vienne-2022-2026');
		expect(result.fiches).toBe(3);
		const next = await db
			.selectFrom('scheme')
			.selectAll()
			.where('slug', '=', result.scheme.slug)
			.executeTakeFirstOrThrow();
		expect(next).toMatchObject({
			predecessor_id: old.id,
			state: 'en_preparation',
			start_year: 2022,
			end_year: 2026,
			territory_id: old.territory_id,
			visibility: 'private'
		});
		// The whole tree, only the chosen fiches.
		const oldDoc = (await loadPlanDocument(db, SCHEME))!.doc;
		const newDoc = (await loadPlanDocument(db, result.scheme.slug))!.doc;
		const codes = (d: typeof oldDoc) => JSON.stringify(d.tree, ['code', 'title', 'children']);
		expect(codes(newDoc)).toBe(codes(oldDoc));
		const numbers = (d: typeof oldDoc) => {
			const all: string[] = [];
			const visit = (nodes: typeof d.tree) =>
				nodes.forEach((n) => {
					all.push(...n.fiches.map((f) => f.number));
					visit(n.children);
				});
			visit(d.tree);
			return all;
		};
		expect(numbers(newDoc)).toEqual(['1', '11 bis', '35']);
		const find = (d: typeof oldDoc, n: string) => {
			let found: (typeof d.tree)[number]['fiches'][number] | undefined;
			const visit = (nodes: typeof d.tree) =>
				nodes.forEach((node) => {
					found ??= node.fiches.find((f) => f.number === n);
					visit(node.children);
				});
			visit(d.tree);
			return found!;
		};
		const old35 = find(oldDoc, '35');
		const new35 = find(newDoc, '35');
		expect(new35.pilots).toEqual(old35.pilots);
		expect(new35.partners).toEqual(old35.partners);
		expect(new35.steps).toEqual(old35.steps);
		expect(new35.indicators.map((i) => i.label)).toEqual(old35.indicators.map((i) => i.label));
		expect(new35.indicators.every((i) => i.targets.length === 0)).toBe(true);
		// Baselines: the last validated value of each indicator, with its year.
		const validated = await db
			.selectFrom('figure')
			.innerJoin('indicator', 'indicator.id', 'figure.indicator_id')
			.innerJoin('fiche', 'fiche.id', 'indicator.fiche_id')
			.innerJoin('reporting_period as p', 'p.id', 'figure.period_id')
			.select(['indicator.position', 'figure.value_number', 'p.year'])
			.where('fiche.scheme_id', '=', old.id)
			.where('fiche.number', '=', '35')
			.where('figure.status', '=', 'valide')
			.where('figure.breakdown_value_id', 'is', null)
			.where('figure.value_number', 'is not', null)
			.orderBy('p.ends_on', 'desc')
			.execute();
		expect(validated.length).toBeGreaterThan(0);
		const withBaseline = new35.indicators.filter((i) => i.baseline);
		expect(withBaseline.length).toBeGreaterThan(0);
		expect(withBaseline.map((i) => i.baseline!.year)).toContain(validated[0].year);
		// Nothing of the reporting comes along.
		expect(await count('figure', next.id)).toBe(0);
		expect(await count('reporting_period', next.id)).toBe(0);
		// Predecessor and successor.
		const lineage = await listLineage(db, users.admin, next.id);
		expect(lineage.map((l) => [l.direction, l.fiche.number, l.scheme.slug])).toEqual([
			['predecessor', '1', SCHEME],
			['predecessor', '11 bis', SCHEME],
			['predecessor', '35', SCHEME]
		]);
		// Its memberships were read before the new scheme existed: the successor is not visible yet.
		expect(await listLineage(db, users.admin, old.id)).toEqual([]);
		expect(
			(await listLineage(db, await reloadUser(db, users.admin), old.id)).map((l) => l.direction)
		).toEqual(['successor', 'successor', 'successor']);
		// Members carried over, the caller coordinates.
		const members = await db
			.selectFrom('membership')
			.select(['user_id', 'role'])
			.where('scheme_id', '=', next.id)
			.execute();
		expect(members).toContainEqual({ user_id: users.admin.id, role: 'coordinateur' });
		expect(members).toContainEqual({ user_id: users.reader.id, role: 'lecteur' });
		// The old scheme: same figures, same history, same version.
		expect(await count('figure', old.id)).toBe(before.figures);
		expect(await count('audit_event', old.id)).toBe(before.audit);
		const oldAfter = await db
			.selectFrom('scheme')
			.select('version')
			.where('id', '=', old.id)
			.executeTakeFirstOrThrow();
		expect(oldAfter.version).toBe(before.version);
	});

	it('seeds the new context with the perspectives of the bilan', async () => {
		const fiche = await db
			.selectFrom('fiche')
			.innerJoin('scheme', 'scheme.id', 'fiche.scheme_id')
			.select(['fiche.id', 'fiche.context'])
			.where('scheme.slug', '=', SCHEME)
			.where('fiche.number', '=', '10')
			.executeTakeFirstOrThrow();
		await db
			.insertInto('scheme_bilan')
			.values({ fiche_id: fiche.id, outlook: 'Étendre la sensibilisation aux EPCI.' })
			.execute();
		const result = await prepareNextScheme(db, users.admin, SCHEME, {
			startYear: 2022,
			endYear: 2026,
			fiches: ['10']
		});
		if (!result.ok) throw new Error(JSON.stringify(result));
		const copied = await db
			.selectFrom('fiche')
			.select('context')
			.where('scheme_id', '=', result.scheme.id)
			.executeTakeFirstOrThrow();
		expect(copied.context).toBe(
			`Perspectives retenues au bilan du schéma 2017–2021 :\n\nÉtendre la sensibilisation aux EPCI.\n\n${fiche.context}`
		);
	});

	it('refuses pilots and readers, bad years, unknown fiches and a second successor', async () => {
		const years = { startYear: 2022, endYear: 2026 };
		expect(await prepareNextScheme(db, users.reader, SCHEME, years)).toMatchObject({
			ok: false,
			reason: 'forbidden'
		});
		expect(await prepareNextScheme(db, users.cafPilot, SCHEME, years)).toMatchObject({
			ok: false,
			reason: 'forbidden'
		});
		expect(await prepareNextScheme(db, users.admin, 'inconnu', years)).toMatchObject({
			ok: false,
			reason: 'not_found'
		});
		expect(
			await prepareNextScheme(db, users.admin, SCHEME, { startYear: 2026, endYear: 2022 })
		).toMatchObject({
			ok: false,
			reason: 'invalid',
			errors: { endYear: 'L’année de fin précède l’année de début.' }
		});
		expect(
			await prepareNextScheme(db, users.admin, SCHEME, { startYear: 2016, endYear: 2020 })
		).toMatchObject({ ok: false, reason: 'invalid' });
		expect(
			await prepareNextScheme(db, users.admin, SCHEME, { ...years, fiches: ['99'] })
		).toMatchObject({
			ok: false,
			reason: 'invalid',
			errors: { fiches: 'Fiche inconnue dans ce schéma : 99.' }
		});
		expect((await prepareNextScheme(db, users.admin, SCHEME, years)).ok).toBe(true);
		expect(await prepareNextScheme(db, users.admin, SCHEME, years)).toMatchObject({
			ok: false,
			reason: 'conflict'
		});
	});
});
