import { Migrator, sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '$db/migrations/index';
import type { Membership } from '$lib/domain/policy';
import type { CurrentUser } from '../auth/auth.service';
import { migrateToLatest, openDatabase, type Db } from '../db/database';
import { createTestDb } from '../testing/test-db';
import { getCachedDashboard, getDashboard, overrideMeteo } from './dashboard.service';
import { readSchemeGeneration } from './dashboard.queries';

// One change counter per scheme (migration 0008): a write in one scheme bumps that scheme's
// counter only, so the cached dashboards of the other schemes of the instance stay valid.
// Own minimal data (plain inserts, users with memberships), independent of the shared fixtures.

const TODAY = '2021-06-30';

type SchemeData = {
	id: number;
	slug: string;
	nodeId: number;
	ficheId: number;
	indicatorId: number;
	breakdownId: number;
	periodId: number;
	figureId: number;
	milestoneId: number;
};

async function insertScheme(db: Db, slug: string, code: string): Promise<SchemeData> {
	const { id } = await db
		.insertInto('scheme')
		.values({
			slug,
			department_code: code,
			department_name: `Département ${code}`,
			title: `Schéma ${code}`,
			subtitle: null,
			start_year: 2020,
			end_year: 2024,
			state: 'en_cours',
			level_labels: JSON.stringify(['Axe', 'Fiche']),
			description: null,
			source: null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const { id: nodeId } = await db
		.insertInto('plan_node')
		.values({
			scheme_id: id,
			parent_id: null,
			depth: 1,
			position: 1,
			code: '1',
			title: 'Axe 1',
			toc_title: null,
			note: null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const { id: ficheId } = await db
		.insertInto('fiche')
		.values({
			scheme_id: id,
			node_id: nodeId,
			number: '1',
			number_sort: '0001',
			slug: '1',
			title: 'Fiche 1',
			toc_title: null,
			priority_label: null,
			context: null,
			target_public: null,
			schedule: null,
			start_date: null,
			end_date: null,
			links: null,
			state: 'en_cours',
			note: null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const { id: indicatorId } = await db
		.insertInto('indicator')
		.values({
			fiche_id: ficheId,
			position: 1,
			kind: 'realisation',
			kind_label: null,
			label: 'Réunions',
			measure: null,
			unit: 'nombre',
			polarity: 'higher_better',
			periodicity: 'annuelle',
			baseline_value: null,
			baseline_year: null,
			breakdown_label: 'Commune',
			note: null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const { id: breakdownId } = await db
		.insertInto('indicator_breakdown_value')
		.values({ indicator_id: indicatorId, position: 1, label: 'Tulle' })
		.returning('id')
		.executeTakeFirstOrThrow();
	const { id: periodId } = await db
		.insertInto('reporting_period')
		.values({
			scheme_id: id,
			code: '2021',
			kind: 'annee',
			year: 2021,
			number: null,
			starts_on: '2021-01-01',
			ends_on: '2021-12-31',
			opens_on: '2022-01-01',
			closes_on: '2022-02-28',
			state: 'ouverte'
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const { id: figureId } = await db
		.insertInto('figure')
		.values({
			indicator_id: indicatorId,
			period_id: periodId,
			breakdown_value_id: null,
			value_number: 4,
			value_text: null,
			comment: null,
			reviewer_comment: null,
			status: 'soumis',
			updated_by: null,
			submitted_at: null,
			submitted_by: null,
			reviewed_at: null,
			reviewed_by: null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const { id: milestoneId } = await db
		.insertInto('milestone')
		.values({
			fiche_id: ficheId,
			label: 'Premier comité',
			due_on: '2021-03-01',
			done_on: null,
			updated_by: null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return { id, slug, nodeId, ficheId, indicatorId, breakdownId, periodId, figureId, milestoneId };
}

async function insertUser(db: Db, email: string, memberships: Membership[]): Promise<CurrentUser> {
	const name = `Test ${email}`;
	const { id } = await db
		.insertInto('app_user')
		.values({
			email,
			name,
			role: 'lecteur',
			organisation_id: null,
			password_hash: null,
			disabled_at: null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	for (const m of memberships) {
		await db
			.insertInto('membership')
			.values({
				user_id: id,
				scheme_id: m.schemeId,
				role: m.role,
				organisation_id: m.organisationId
			})
			.execute();
	}
	return {
		id,
		email,
		name,
		platformAdmin: false,
		memberships,
		organisationId: null,
		organisationShortName: null,
		via: 'session'
	};
}

async function generation(db: Db, schemeId: number): Promise<number> {
	const row = await readSchemeGeneration(db, schemeId);
	if (!row) throw new Error(`no counter for scheme ${schemeId}`);
	return Number(row.value);
}

let db: Db;
let a: SchemeData;
let b: SchemeData;
let reader: CurrentUser;
let coordinatorB: CurrentUser;

beforeEach(async () => {
	db = await createTestDb();
	a = await insertScheme(db, 'haute-vienne', '87');
	b = await insertScheme(db, 'correze', '19');
	reader = await insertUser(db, 'lecteur@example.fr', [
		{ schemeId: a.id, role: 'lecteur', organisationId: null },
		{ schemeId: b.id, role: 'lecteur', organisationId: null }
	]);
	coordinatorB = await insertUser(db, 'coordination@example.fr', [
		{ schemeId: b.id, role: 'coordinateur', organisationId: null }
	]);
});

/** Runs a write and returns how much it moved the counters of A and B. */
async function bumps(write: () => Promise<unknown>): Promise<{ a: number; b: number }> {
	const [a0, b0] = [await generation(db, a.id), await generation(db, b.id)];
	await write();
	return { a: (await generation(db, a.id)) - a0, b: (await generation(db, b.id)) - b0 };
}

describe('scheme_generation (migration 0008)', () => {
	it('gives each scheme its own counter, created with it and deleted with it', async () => {
		const rows = await db
			.selectFrom('scheme_generation')
			.selectAll()
			.orderBy('scheme_id')
			.execute();
		expect(rows.map((r) => r.scheme_id)).toEqual([a.id, b.id]);
		const c = await insertScheme(db, 'creuse', '23');
		expect(await generation(db, c.id)).toBeGreaterThanOrEqual(0);
		await db.deleteFrom('scheme').where('id', '=', c.id).execute();
		expect(await readSchemeGeneration(db, c.id)).toBeUndefined();
		// The old global row is gone.
		const tables = await sql<{ name: string }>`select name from sqlite_master
			where type = 'table' and name = 'data_generation'`.execute(db);
		expect(tables.rows).toEqual([]);
	});

	it("watches every table of 0006's list, on insert, update and delete", async () => {
		const watched = [
			'plan_node',
			'fiche',
			'fiche_actor',
			'organisation',
			'indicator',
			'indicator_target',
			'indicator_breakdown_value',
			'reporting_period',
			'figure',
			'bilan',
			'milestone',
			'meteo_override',
			'app_user'
		];
		const triggers = await sql<{ tbl_name: string; sql: string }>`select tbl_name, sql
			from sqlite_master where type = 'trigger' and name like 'scheme_generation%'`.execute(db);
		const events = (table: string) =>
			triggers.rows
				.filter((t) => t.tbl_name === table)
				.map((t) => /after (insert|update|delete)/i.exec(t.sql)?.[1].toLowerCase())
				.sort();
		for (const table of watched)
			expect(events(table), table).toEqual(['delete', 'insert', 'update', 'update']);
		// Scheme: created with its counter, bumped on update; its delete takes the counter along.
		expect(events('scheme')).toEqual(['insert', 'update']);
		expect(events('audit_event')).toEqual(['insert']);
	});

	const writesInB: [string, () => Promise<unknown>][] = [
		[
			'a figure insert',
			() =>
				db
					.insertInto('figure')
					.values({
						indicator_id: b.indicatorId,
						period_id: b.periodId,
						breakdown_value_id: b.breakdownId,
						value_number: 2,
						value_text: null,
						comment: null,
						reviewer_comment: null,
						updated_by: null,
						submitted_at: null,
						submitted_by: null,
						reviewed_at: null,
						reviewed_by: null
					})
					.execute()
		],
		[
			'a figure update',
			() =>
				db.updateTable('figure').set({ status: 'valide' }).where('id', '=', b.figureId).execute()
		],
		['a figure delete', () => db.deleteFrom('figure').where('id', '=', b.figureId).execute()],
		[
			'a fiche update',
			() => db.updateTable('fiche').set({ state: 'realisee' }).where('id', '=', b.ficheId).execute()
		],
		[
			'a period update',
			() =>
				db
					.updateTable('reporting_period')
					.set({ state: 'close' })
					.where('id', '=', b.periodId)
					.execute()
		],
		[
			'a plan node update',
			() =>
				db.updateTable('plan_node').set({ title: 'Axe un' }).where('id', '=', b.nodeId).execute()
		],
		[
			'an indicator update',
			() =>
				db
					.updateTable('indicator')
					.set({ label: 'Comités' })
					.where('id', '=', b.indicatorId)
					.execute()
		],
		[
			'an indicator target insert',
			() =>
				db
					.insertInto('indicator_target')
					.values({ indicator_id: b.indicatorId, year: 2021, value: 10 })
					.execute()
		],
		[
			'a breakdown value update',
			() =>
				db
					.updateTable('indicator_breakdown_value')
					.set({ label: 'Brive' })
					.where('id', '=', b.breakdownId)
					.execute()
		],
		[
			'a milestone update',
			() =>
				db
					.updateTable('milestone')
					.set({ done_on: '2021-04-01' })
					.where('id', '=', b.milestoneId)
					.execute()
		],
		[
			'a bilan insert',
			() =>
				db
					.insertInto('bilan')
					.values({
						fiche_id: b.ficheId,
						period_id: b.periodId,
						actions_done: 'Deux comités',
						results_observed: null,
						difficulties: null,
						outlook: null,
						updated_by: null
					})
					.execute()
		],
		[
			'a fiche actor insert',
			() =>
				db
					.insertInto('fiche_actor')
					.values({
						fiche_id: b.ficheId,
						role: 'pilot',
						position: 1,
						organisation_id: null,
						label: 'CAF'
					})
					.execute()
		],
		[
			'an indicator delete (its figures go with it)',
			() => db.deleteFrom('indicator').where('id', '=', b.indicatorId).execute()
		],
		[
			'a fiche delete (cascading)',
			() => db.deleteFrom('fiche').where('id', '=', b.ficheId).execute()
		],
		[
			'a scheme update',
			() => db.updateTable('scheme').set({ stale_months: 3 }).where('id', '=', b.id).execute()
		],
		[
			'a weather override (row and history event)',
			() =>
				overrideMeteo(
					db,
					coordinatorB,
					{ scheme: b.slug, fiche: '1', period: '2021' },
					{ meteo: 'at_risk', reason: 'Réunions reportées' },
					0
				)
		]
	];

	it.each(writesInB)('%s in scheme B bumps B and leaves A alone', async (_, write) => {
		const moved = await bumps(write);
		expect(moved.a).toBe(0);
		expect(moved.b).toBeGreaterThan(0);
	});

	it('bumps once per row written, and both schemes when a row moves between them', async () => {
		const { id: second } = await db
			.insertInto('milestone')
			.values({
				fiche_id: b.ficheId,
				label: 'Bilan',
				due_on: '2021-09-01',
				done_on: null,
				updated_by: null
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		expect(
			await bumps(() =>
				db
					.updateTable('milestone')
					.set({ done_on: '2021-10-01' })
					.where('fiche_id', '=', b.ficheId)
					.execute()
			)
		).toEqual({ a: 0, b: 2 });
		expect(
			await bumps(() =>
				db.updateTable('milestone').set({ fiche_id: a.ficheId }).where('id', '=', second).execute()
			)
		).toEqual({ a: 1, b: 1 });
	});

	it('bumps the schemes that show an organisation or an account when they change', async () => {
		const { id: orgId } = await db
			.insertInto('organisation')
			.values({ slug: 'caf-19', name: 'CAF de la Corrèze', short_name: 'CAF 19', type: 'caf' })
			.returning('id')
			.executeTakeFirstOrThrow();
		await db
			.insertInto('fiche_actor')
			.values({
				fiche_id: b.ficheId,
				role: 'pilot',
				position: 1,
				organisation_id: orgId,
				label: 'CAF'
			})
			.execute();
		expect(
			await bumps(() =>
				db
					.updateTable('organisation')
					.set({ short_name: 'Caf 19' })
					.where('id', '=', orgId)
					.execute()
			)
		).toEqual({ a: 0, b: 1 });

		// The dashboard names the author of a weather override.
		await overrideMeteo(
			db,
			coordinatorB,
			{ scheme: b.slug, fiche: '1', period: '2021' },
			{ meteo: 'at_risk', reason: 'Réunions reportées' },
			0
		);
		expect(
			await bumps(() =>
				db
					.updateTable('app_user')
					.set({ name: 'Nouveau nom' })
					.where('id', '=', coordinatorB.id)
					.execute()
			)
		).toEqual({ a: 0, b: 1 });
		// An account that authored nothing shown on a dashboard moves no counter.
		expect(
			await bumps(() =>
				db.updateTable('app_user').set({ name: 'Autre' }).where('id', '=', reader.id).execute()
			)
		).toEqual({ a: 0, b: 0 });
	});

	it('bumps on history events of a scheme only; meetings are not read by the dashboard', async () => {
		const event = (schemeId: number | null) =>
			db
				.insertInto('audit_event')
				.values({
					user_id: null,
					actor: 'Test',
					scheme_id: schemeId,
					entity_type: 'fiche',
					entity_id: 1,
					action: 'update',
					changes: '{}',
					reason: null
				})
				.execute();
		expect(await bumps(() => event(b.id))).toEqual({ a: 0, b: 1 });
		expect(await bumps(() => event(null))).toEqual({ a: 0, b: 0 });
		// 0006 never watched meetings (not on the dashboard); 0008 keeps that list.
		expect(
			await bumps(() =>
				db
					.insertInto('meeting')
					.values({
						scheme_id: b.id,
						period_id: b.periodId,
						held_on: '2021-06-01',
						title: 'Comité',
						frozen_pack: null,
						closed_at: null,
						closed_by: null,
						updated_by: null
					})
					.execute()
			)
		).toEqual({ a: 0, b: 0 });
	});
});

describe('getCachedDashboard with counters per scheme', () => {
	async function cached(scheme: SchemeData) {
		const result = await getCachedDashboard(db, reader, scheme.slug, { periode: '2021' }, TODAY);
		if (!result.ok) throw new Error(result.message);
		return result.dashboard;
	}
	async function fresh(scheme: SchemeData) {
		const result = await getDashboard(db, reader, scheme.slug, { periode: '2021' }, TODAY);
		if (!result.ok) throw new Error(result.message);
		return result.dashboard;
	}

	it('keeps the view of A after a change in B, and recomputes it after a change in A', async () => {
		const viewA = await cached(a);
		const viewB = await cached(b);
		await db.updateTable('figure').set({ status: 'valide' }).where('id', '=', b.figureId).execute();
		// Same object: a cache hit, though the database changed.
		expect(await cached(a)).toBe(viewA);
		const newB = await cached(b);
		expect(newB).not.toBe(viewB);
		expect(newB.entryTotal.validated).toBe(viewB.entryTotal.validated + 1);
		expect(newB).toEqual(await fresh(b));

		await db.updateTable('fiche').set({ state: 'suspendue' }).where('id', '=', a.ficheId).execute();
		const newA = await cached(a);
		expect(newA).not.toBe(viewA);
		expect(newA.totals.byState.suspendue).toBe(1);
		expect(newA).toEqual(await fresh(a));
		// B was left alone this time.
		expect(await cached(b)).toBe(newB);
	});

	it('never serves the view of a deleted scheme to a new one with its slug', async () => {
		// Both schemes go through the same writes, so their counters end equal: the key holds the
		// scheme id (never reused) so the old view cannot be taken for the new one.
		const viewer = { ...reader, memberships: [...reader.memberships] };
		const creuse = async (title: string) => {
			const c = await insertScheme(db, 'creuse', '23');
			await db.updateTable('scheme').set({ title }).where('id', '=', c.id).execute();
			viewer.memberships.push({ schemeId: c.id, role: 'lecteur', organisationId: null });
			return c;
		};
		const first = await creuse('Creuse, ancien');
		const old = await getCachedDashboard(db, viewer, 'creuse', { periode: '2021' }, TODAY);
		const firstGeneration = await generation(db, first.id);
		await db.deleteFrom('scheme').where('id', '=', first.id).execute();
		const second = await creuse('Creuse, nouveau');
		expect(second.id).not.toBe(first.id);
		expect(await generation(db, second.id)).toBe(firstGeneration);
		const now = await getCachedDashboard(db, viewer, 'creuse', { periode: '2021' }, TODAY);
		expect(old.ok && old.dashboard.scheme.title).toBe('Creuse, ancien');
		expect(now.ok && now.dashboard.scheme.title).toBe('Creuse, nouveau');
	});
});

describe('migration 0008 on an existing database', () => {
	const provider = { getMigrations: async () => migrations };

	it('counts from the schemes already there, and down() brings back the single row', async () => {
		const { db: old } = openDatabase(':memory:');
		const migrator = new Migrator({ db: old, provider });
		const to7 = await migrator.migrateTo('0007-add-territories-and-memberships');
		expect(to7.error).toBeUndefined();
		const x = await insertScheme(old, 'x', '01');
		const y = await insertScheme(old, 'y', '02');
		const global = await sql<{ value: number }>`select value from data_generation`.execute(old);
		expect(global.rows[0].value).toBeGreaterThan(0);

		await migrateToLatest(old);
		expect(await generation(old, x.id)).toBe(0);
		expect(await generation(old, y.id)).toBe(0);
		await old
			.updateTable('figure')
			.set({ status: 'valide' })
			.where('id', '=', x.figureId)
			.execute();
		expect(await generation(old, x.id)).toBe(1);
		expect(await generation(old, y.id)).toBe(0);

		// Back to 0007, through every later migration (0008 is undone last).
		const down = await migrator.migrateTo('0007-add-territories-and-memberships');
		expect(down.error).toBeUndefined();
		expect(down.results?.at(-1)?.migrationName).toBe('0008-add-scheme-change-counters');
		const noCounters = await sql<{ name: string }>`select name from sqlite_master
			where name like 'scheme_generation%'`.execute(old);
		expect(noCounters.rows).toEqual([]);
		await old
			.updateTable('figure')
			.set({ status: 'soumis' })
			.where('id', '=', y.figureId)
			.execute();
		const back = await sql<{ value: number }>`select value from data_generation`.execute(old);
		expect(back.rows[0].value).toBe(1);
		await old.destroy();
	});
});
