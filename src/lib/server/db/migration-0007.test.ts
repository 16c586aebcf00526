import { Migrator, sql, type Kysely } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '$db/migrations/index';
import { can, schemeResource } from '$lib/domain/policy';
import { loadCurrentUser } from '../auth/auth.service';
import { migrateToLatest, openDatabase, type Db } from './database';

// 0007 turns the global roles of an existing installation into memberships: every account keeps,
// in every scheme already there, the rights its role gave it; the first administrator becomes the
// platform administrator; each scheme's département becomes a territory.

let db: Db;
// Before 0007 the schema has none of the new tables or columns: write it untyped.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let raw: Kysely<any>;
const migrator = () => new Migrator({ db, provider: { getMigrations: async () => migrations } });

async function insert(table: string, values: Record<string, unknown>): Promise<number> {
	const row = await raw.insertInto(table).values(values).returning('id').executeTakeFirstOrThrow();
	return row.id as number;
}

const ids = {
	caf: 0,
	cd: 0,
	hauteVienne: 0,
	limoges: 0,
	correze: 0,
	firstAdmin: 0,
	secondAdmin: 0,
	pilot: 0,
	reader: 0
};

beforeEach(async () => {
	({ db } = openDatabase(':memory:'));
	raw = db as unknown as Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
	const { error } = await migrator().migrateTo('0006-add-change-counter');
	if (error) throw error;
	const scheme = (slug: string, code: string, name: string) =>
		insert('scheme', {
			slug,
			department_code: code,
			department_name: name,
			title: `Schéma ${slug}`,
			start_year: 2022,
			end_year: 2026,
			state: 'en_cours',
			level_labels: '["Axe"]'
		});
	ids.hauteVienne = await scheme('haute-vienne-2017-2021', '87', 'Haute-Vienne');
	ids.limoges = await scheme('haute-vienne-2022-2026', '87', 'Haute-Vienne');
	ids.correze = await scheme('correze-2022-2026', '19', 'Corrèze');
	const organisation = (slug: string, shortName: string) =>
		insert('organisation', { slug, name: shortName, short_name: shortName, type: 'caf' });
	ids.caf = await organisation('caf-87', 'CAF 87');
	ids.cd = await organisation('cd-87', 'CD 87');
	const user = (email: string, role: string, organisationId: number | null) =>
		insert('app_user', { email, name: email.split('@')[0], role, organisation_id: organisationId });
	ids.firstAdmin = await user('premiere.admin@example.fr', 'administrateur', ids.cd);
	ids.pilot = await user('pilote@example.fr', 'pilote', ids.caf);
	ids.secondAdmin = await user('second.admin@example.fr', 'administrateur', null);
	// A reader's organisation stays on the account, not on the membership.
	ids.reader = await user('lecteur@example.fr', 'lecteur', ids.cd);
	await insert('api_token', {
		user_id: ids.pilot,
		name: 'Tableau de bord',
		token_hash: 'hash',
		prefix: 'sdsf_abcdef'
	});
});

describe('migration 0007: territories and memberships', () => {
	it('gives every account a membership in every scheme with its role', async () => {
		expect(await migrateToLatest(db)).toContain('0007-add-territories-and-memberships');
		const rows = await db
			.selectFrom('membership')
			.select(['user_id', 'scheme_id', 'role', 'organisation_id', 'version'])
			.orderBy('user_id')
			.orderBy('scheme_id')
			.execute();
		const schemes = [ids.hauteVienne, ids.limoges, ids.correze];
		const expected = (userId: number, role: string, organisationId: number | null) =>
			schemes.map((schemeId) => ({
				user_id: userId,
				scheme_id: schemeId,
				role,
				organisation_id: organisationId,
				version: 1
			}));
		expect(rows).toEqual([
			...expected(ids.firstAdmin, 'coordinateur', null),
			...expected(ids.pilot, 'pilote', ids.caf),
			...expected(ids.secondAdmin, 'coordinateur', null),
			...expected(ids.reader, 'lecteur', null)
		]);
	});

	it('makes the first administrator, and only them, the platform administrator', async () => {
		await migrateToLatest(db);
		const accounts = await db
			.selectFrom('app_user')
			.select(['id', 'platform_admin', 'organisation_id'])
			.orderBy('id')
			.execute();
		expect(accounts).toEqual([
			{ id: ids.firstAdmin, platform_admin: 1, organisation_id: ids.cd },
			{ id: ids.pilot, platform_admin: 0, organisation_id: ids.caf },
			{ id: ids.secondAdmin, platform_admin: 0, organisation_id: null },
			{ id: ids.reader, platform_admin: 0, organisation_id: ids.cd }
		]);
	});

	it('keeps the rights of each account, as the policy reads them after the migration', async () => {
		await migrateToLatest(db);
		const resource = async (id: number) =>
			schemeResource(
				await db
					.selectFrom('scheme')
					.select(['id', 'visibility'])
					.where('id', '=', id)
					.executeTakeFirstOrThrow()
			);
		const [hv, cz] = [await resource(ids.hauteVienne), await resource(ids.correze)];
		expect(hv.visibility).toBe('private');
		const [first, second, pilot, reader] = await Promise.all(
			[ids.firstAdmin, ids.secondAdmin, ids.pilot, ids.reader].map(
				async (id) => (await loadCurrentUser(db, id))!
			)
		);
		for (const admin of [first, second]) {
			expect(can(admin, 'scheme.configure', hv)).toBe(true);
			expect(can(admin, 'member.manage', cz)).toBe(true);
		}
		expect(can(first, 'platform.manage', { platform: true })).toBe(true);
		expect(can(second, 'platform.manage', { platform: true })).toBe(false);
		const caf87Fiche = { ...cz, pilotOrganisationIds: [ids.caf] };
		expect(can(pilot, 'fiche.report', caf87Fiche)).toBe(true);
		expect(can(pilot, 'scheme.configure', cz)).toBe(false);
		expect(can(reader, 'scheme.read', hv)).toBe(true);
		expect(can(reader, 'scheme.report', hv)).toBe(false);
	});

	it('makes each département a territory shared by its schemes; organisations stay national', async () => {
		await migrateToLatest(db);
		const territories = await db
			.selectFrom('territory')
			.select(['id', 'kind', 'code', 'name', 'parent_id'])
			.orderBy('code')
			.execute();
		expect(territories.map(({ id: _id, ...t }) => t)).toEqual([
			{ kind: 'departement', code: '19', name: 'Corrèze', parent_id: null },
			{ kind: 'departement', code: '87', name: 'Haute-Vienne', parent_id: null }
		]);
		const [t19, t87] = territories.map((t) => t.id);
		const schemes = await db
			.selectFrom('scheme')
			.select(['id', 'territory_id', 'kind'])
			.orderBy('id')
			.execute();
		expect(schemes).toEqual([
			{ id: ids.hauteVienne, territory_id: t87, kind: 'sdsf' },
			{ id: ids.limoges, territory_id: t87, kind: 'sdsf' },
			{ id: ids.correze, territory_id: t19, kind: 'sdsf' }
		]);
		expect(await db.selectFrom('organisation').select('territory_id').distinct().execute()).toEqual(
			[{ territory_id: null }]
		);
	});

	it('leaves existing tokens with every right of their owner', async () => {
		await migrateToLatest(db);
		expect(await db.selectFrom('api_token').select(['scheme_id', 'scope']).execute()).toEqual([
			{ scheme_id: null, scope: 'all' }
		]);
	});

	it('gives nobody platform rights when there was no administrator', async () => {
		await raw
			.updateTable('app_user')
			.set({ role: 'lecteur' })
			.where('role', '=', 'administrateur')
			.execute();
		await migrateToLatest(db);
		const admins = await db
			.selectFrom('app_user')
			.select('id')
			.where('platform_admin', '=', 1)
			.execute();
		expect(admins).toEqual([]);
	});

	it('rolls back to 0006 and applies again to the same memberships', async () => {
		await migrateToLatest(db);
		const before = await db.selectFrom('membership').selectAll().orderBy('id').execute();
		const down = await migrator().migrateTo('0006-add-change-counter');
		expect(down.error).toBeUndefined();
		const tables = await sql<{
			name: string;
		}>`select name from sqlite_master where type = 'table'`.execute(db);
		expect(tables.rows.map((t) => t.name)).not.toContain('membership');
		await migrateToLatest(db);
		const after = await db.selectFrom('membership').selectAll().orderBy('id').execute();
		const strip = (rows: typeof before) => rows.map(({ created_at: _at, ...r }) => r);
		expect(strip(after)).toEqual(strip(before));
	});

	it('migrates an installation without schemes: accounts, no memberships', async () => {
		await sql`delete from scheme`.execute(db);
		await migrateToLatest(db);
		expect(await db.selectFrom('membership').select('id').execute()).toEqual([]);
		expect(await db.selectFrom('territory').select('id').execute()).toEqual([]);
		expect(
			(await db.selectFrom('app_user').select('platform_admin').orderBy('id').execute()).map(
				(u) => u.platform_admin
			)
		).toEqual([1, 0, 0, 0]);
	});
});
