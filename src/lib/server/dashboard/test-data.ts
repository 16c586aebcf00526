import type {
	KyselyPlugin,
	PluginTransformQueryArgs,
	PluginTransformResultArgs,
	QueryResult,
	RootOperationNode,
	UnknownRow
} from 'kysely';
import type { PlanDocumentInput } from '$lib/domain/plan-document';
import type { MembershipRole } from '$lib/domain/policy';
import type { CurrentUser } from '../auth/auth.service';
import type { Db } from '../db/database';
import { importPlanDocument } from '../plan/plan-import.service';
import { fixturePlan } from '../plan/plan.fixture';
import { createTestDb } from '../testing/test-db';
import { insertTestUser } from '../testing/test-users';

// A small dataset whose dashboard figures are computed by hand in dashboard.service.test.ts, and
// a generator of larger plans for the query-count test. Test-only module.

/** Counts the queries a Kysely instance executes. */
export class QueryCounter implements KyselyPlugin {
	count = 0;
	transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
		return args.node;
	}
	async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
		this.count++;
		return args.result;
	}
}

/** An account named `Test <role>` holding `role` in each of `schemeIds` (as pilot of its organisation). */
export async function insertUser(
	db: Db,
	email: string,
	role: MembershipRole,
	organisationSlug: string | null,
	schemeIds: number[]
): Promise<CurrentUser> {
	return insertTestUser(db, {
		email,
		name: `Test ${role}`,
		organisation: organisationSlug,
		memberships: schemeIds.map((schemeId) => ({ schemeId, role }))
	});
}

export async function insertPeriod(
	db: Db,
	schemeId: number,
	year: number,
	state: 'a_venir' | 'ouverte' | 'close' | 'validee'
) {
	const { id } = await db
		.insertInto('reporting_period')
		.values({
			scheme_id: schemeId,
			code: String(year),
			kind: 'annee',
			year,
			number: null,
			starts_on: `${year}-01-01`,
			ends_on: `${year}-12-31`,
			opens_on: `${year + 1}-01-01`,
			closes_on: `${year + 1}-02-28`,
			state
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return id;
}

type FigureInput = {
	indicatorId: number;
	periodId: number;
	breakdownValueId?: number | null;
	number?: number | null;
	text?: string | null;
	notAvailable?: boolean;
	status: 'brouillon' | 'soumis' | 'renvoye' | 'valide';
	updatedAt?: string;
};

export async function insertFigures(db: Db, figures: FigureInput[]) {
	if (!figures.length) return;
	await db
		.insertInto('figure')
		.values(
			figures.map((f) => ({
				indicator_id: f.indicatorId,
				period_id: f.periodId,
				breakdown_value_id: f.breakdownValueId ?? null,
				value_number: f.number ?? null,
				value_text: f.text ?? null,
				not_available: f.notAvailable ? 1 : 0,
				status: f.status,
				...(f.updatedAt ? { updated_at: f.updatedAt } : {})
			}))
		)
		.execute();
}

/**
 * The fixture plan (axis 1: fiches 11 bis, 2, 11; axis 2: fiche 10) with periods 2020 (validated)
 * and 2021 (open), an extra indicator on fiches 11 and 10, targets, figures and milestones.
 */
export async function createDashboardDb() {
	const db = await createTestDb();
	const { schemeId } = await importPlanDocument(db, fixturePlan);
	const fiche = async (slug: string) =>
		db
			.selectFrom('fiche')
			.select(['id'])
			.where('scheme_id', '=', schemeId)
			.where('slug', '=', slug)
			.executeTakeFirstOrThrow();
	const [f11bis, f2, f11, f10] = await Promise.all(['11-bis', '2', '11', '10'].map(fiche));
	const indicators = await db
		.selectFrom('indicator')
		.select(['id', 'label', 'measure', 'unit'])
		.where('fiche_id', '=', f11bis.id)
		.orderBy('position')
		.execute();
	const [meetings, children, childrenRate, places] = indicators.map((i) => i.id);
	const breakdown = async (indicatorId: number) =>
		(
			await db
				.selectFrom('indicator_breakdown_value')
				.select('id')
				.where('indicator_id', '=', indicatorId)
				.orderBy('position')
				.execute()
		).map((b) => b.id);
	const [childrenAjaccio, childrenPorticcio] = await breakdown(children);
	const [rateAjaccio] = await breakdown(childrenRate);

	const newIndicator = async (
		ficheId: number,
		label: string,
		unit: 'pourcentage' | 'oui_non',
		polarity: 'reach_target' | 'higher_better'
	) =>
		(
			await db
				.insertInto('indicator')
				.values({
					fiche_id: ficheId,
					position: 10,
					kind: 'resultat',
					label,
					unit,
					polarity,
					periodicity: 'annuelle'
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
	const satisfaction = await newIndicator(
		f11.id,
		'Taux de satisfaction',
		'pourcentage',
		'reach_target'
	);
	const website = await newIndicator(f10.id, 'Site en ligne', 'oui_non', 'higher_better');
	await db
		.insertInto('indicator_target')
		.values([
			{ indicator_id: meetings, year: 2021, value: 10 },
			{ indicator_id: satisfaction, year: 2020, value: 80 },
			{ indicator_id: satisfaction, year: 2021, value: 80 }
		])
		.execute();

	const p2020 = await insertPeriod(db, schemeId, 2020, 'validee');
	const p2021 = await insertPeriod(db, schemeId, 2021, 'ouverte');
	const may = '2021-05-01T10:00:00.000Z';
	await insertFigures(db, [
		// 2020
		{
			indicatorId: places,
			periodId: p2020,
			number: 15,
			status: 'valide',
			updatedAt: '2021-01-20T10:00:00.000Z'
		},
		{
			indicatorId: satisfaction,
			periodId: p2020,
			number: 70,
			status: 'valide',
			updatedAt: '2021-01-20T10:00:00.000Z'
		},
		{
			indicatorId: website,
			periodId: p2020,
			text: 'oui',
			status: 'valide',
			updatedAt: '2021-01-20T10:00:00.000Z'
		},
		{
			indicatorId: children,
			periodId: p2020,
			breakdownValueId: childrenAjaccio,
			number: 3,
			status: 'valide',
			updatedAt: may
		},
		{
			indicatorId: children,
			periodId: p2020,
			breakdownValueId: childrenPorticcio,
			number: 4,
			status: 'valide',
			updatedAt: may
		},
		// 2021
		{ indicatorId: meetings, periodId: p2021, number: 8, status: 'valide', updatedAt: may },
		{
			indicatorId: children,
			periodId: p2021,
			breakdownValueId: childrenAjaccio,
			number: 5,
			status: 'valide',
			updatedAt: may
		},
		{
			indicatorId: children,
			periodId: p2021,
			breakdownValueId: childrenPorticcio,
			number: 7,
			status: 'valide',
			updatedAt: may
		},
		{
			indicatorId: childrenRate,
			periodId: p2021,
			breakdownValueId: rateAjaccio,
			number: 40,
			status: 'brouillon',
			updatedAt: may
		},
		{ indicatorId: places, periodId: p2021, number: 21, status: 'valide', updatedAt: may },
		{
			indicatorId: satisfaction,
			periodId: p2021,
			number: 85,
			status: 'soumis',
			updatedAt: '2021-06-01T10:00:00.000Z'
		},
		{
			indicatorId: website,
			periodId: p2021,
			notAvailable: true,
			status: 'valide',
			updatedAt: '2021-01-20T10:00:00.000Z'
		}
	]);
	await db
		.insertInto('milestone')
		.values([
			{
				fiche_id: f11.id,
				label: 'Recruter l’animatrice',
				due_on: '2021-03-31',
				done_on: null,
				updated_at: '2021-04-01T10:00:00.000Z'
			},
			{
				fiche_id: f11.id,
				label: 'Signer la convention',
				due_on: '2021-01-15',
				done_on: '2021-02-01',
				updated_at: '2021-02-01T10:00:00.000Z'
			}
		])
		.execute();
	// Own edits long ago: only fiche 2 has had no activity at all since.
	const setUpdated = (id: number, at: string) =>
		db.updateTable('fiche').set({ updated_at: at }).where('id', '=', id).execute();
	await setUpdated(f11bis.id, '2020-01-01T00:00:00.000Z');
	await setUpdated(f11.id, '2020-01-01T00:00:00.000Z');
	await setUpdated(f2.id, '2020-06-15T00:00:00.000Z');
	await setUpdated(f10.id, '2019-01-01T00:00:00.000Z');

	const admin = await insertUser(db, 'coordination@test.fr', 'coordinateur', 'caf-2a', [schemeId]);
	const pilot = await insertUser(db, 'pilote@test.fr', 'pilote', 'ville-ajaccio', [schemeId]);
	const reader = await insertUser(db, 'lecteur@test.fr', 'lecteur', null, [schemeId]);
	return {
		db,
		schemeId,
		slug: fixturePlan.scheme.slug,
		fiches: { f11bis: f11bis.id, f2: f2.id, f11: f11.id, f10: f10.id },
		indicators: { meetings, children, childrenRate, places, satisfaction, website },
		periods: { p2020, p2021 },
		admin,
		pilot,
		reader
	};
}

/** A plan of `count` fiches spread over 3 axes, each with 2 indicators, figures and a milestone. */
export async function createSizedDb(count: number) {
	const db = await createTestDb();
	const axes = [1, 2, 3].map((axis) => ({
		code: String(axis),
		title: `Axe ${axis}`,
		fiches: Array.from({ length: count }, (_, i) => i)
			.filter((i) => i % 3 === axis - 1)
			.map((i) => ({
				number: String(i + 1),
				title: `Fiche ${i + 1}`,
				state: (['a_lancer', 'en_cours', 'realisee'] as const)[i % 3],
				pilots: [{ label: i % 2 ? 'Ville d’Ajaccio' : 'CAF 2A' }],
				indicators: [
					{
						kind: 'realisation' as const,
						label: 'Nombre de réunions',
						unit: 'nombre' as const,
						targets: [{ year: 2021, value: 10 }]
					},
					{
						kind: 'resultat' as const,
						label: 'Places ouvertes par commune',
						unit: 'nombre' as const,
						breakdown: { label: 'Commune', values: ['A', 'B'] }
					}
				]
			}))
	}));
	const plan: PlanDocumentInput = {
		...fixturePlan,
		scheme: { ...fixturePlan.scheme, slug: `taille-${count}` },
		tree: axes
	};
	const { schemeId } = await importPlanDocument(db, plan);
	const period = await insertPeriod(db, schemeId, 2021, 'ouverte');
	const indicators = await db
		.selectFrom('indicator')
		.innerJoin('fiche', 'fiche.id', 'indicator.fiche_id')
		.select(['indicator.id', 'indicator.fiche_id'])
		.where('fiche.scheme_id', '=', schemeId)
		.execute();
	await insertFigures(
		db,
		indicators.map((i) => ({
			indicatorId: i.id,
			periodId: period,
			number: i.id % 12,
			status: 'valide' as const
		}))
	);
	const fiches = await db
		.selectFrom('fiche')
		.select('id')
		.where('scheme_id', '=', schemeId)
		.execute();
	await db
		.insertInto('milestone')
		.values(
			fiches.map((f) => ({ fiche_id: f.id, label: 'Jalon', due_on: '2021-03-01', done_on: null }))
		)
		.execute();
	const reader = await insertUser(db, 'lecteur@test.fr', 'lecteur', null, [schemeId]);
	return { db, slug: plan.scheme.slug, schemeId, period, reader };
}
