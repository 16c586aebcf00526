import { beforeEach, describe, expect, it } from 'vitest';
import { withRacingWriter } from '../testing/racing-writer';
import { organisationFormSchema, type OrganisationInput } from '$lib/domain/account-forms';
import { fieldErrors } from '$lib/domain/fiche-edit';
import type { Db } from '../db/database';
import { loadCurrentUser, type CurrentUser } from '../auth/auth.service';
import { listEntityEvents, replayEvents, SYSTEM_ACTOR } from '../audit/audit.service';
import { importPlanDocument } from '../plan/plan-import.service';
import { fixturePlan } from '../plan/plan.fixture';
import { createTestDb } from '../testing/test-db';
import { createUser } from '../users/users.service';
import {
	createOrganisation,
	getOrganisation,
	listOrganisationHistory,
	listOrganisations,
	updateOrganisation
} from './organisations.service';

let db: Db;
let admin: CurrentUser;
let coordinator: CurrentUser;

async function makeUser(
	email: string,
	platformAdmin: boolean,
	organisationId: number | null
): Promise<CurrentUser> {
	const result = await createUser(db, SYSTEM_ACTOR, {
		email,
		name: email.split('@')[0],
		platformAdmin,
		organisationId
	});
	if (!result.ok) throw new Error(result.message);
	return (await loadCurrentUser(db, result.userId))!;
}

const input = (values: Partial<Record<keyof OrganisationInput, string>>): OrganisationInput =>
	organisationFormSchema.parse({
		name: 'Mutualité sociale agricole',
		shortName: 'MSA',
		type: 'msa',
		aliases: '',
		...values
	});

const countRows = async (table: 'organisation' | 'organisation_alias' | 'audit_event') =>
	Number(
		(
			await db
				.selectFrom(table)
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.executeTakeFirstOrThrow()
		).n
	);

beforeEach(async () => {
	db = await createTestDb();
	const { schemeId } = await importPlanDocument(db, fixturePlan);
	const caf = await db
		.selectFrom('organisation')
		.select('id')
		.where('slug', '=', 'caf-2a')
		.executeTakeFirstOrThrow();
	admin = await makeUser('admin@example.fr', true, null);
	// Organisations are the platform's: even the coordination of the scheme may not change them.
	const account = await makeUser('coordination@example.fr', false, caf.id);
	await db
		.insertInto('membership')
		.values({ user_id: account.id, scheme_id: schemeId, role: 'coordinateur' })
		.execute();
	coordinator = (await loadCurrentUser(db, account.id))!;
});

describe('organisation administration', () => {
	it('lists organisations with their accounts and the fiches they pilot', async () => {
		const list = await listOrganisations(db);
		expect(list.map((o) => [o.shortName, o.typeLabel, o.userCount, o.pilotedFicheCount])).toEqual([
			['Ajaccio', 'Commune / EPCI', 0, 2],
			['CAF 2A', 'CAF', 1, 1]
		]);
	});

	it('creates an organisation with a slug, aliases and a replayable creation event', async () => {
		const result = await createOrganisation(
			db,
			admin,
			input({
				aliases: 'MSA Limousin\n- Mutualité Sociale Agricole du Limousin\n\nmsa limousin\nMSA'
			})
		);
		expect(result).toMatchObject({ ok: true, slug: 'msa', version: 1 });
		const saved = await getOrganisation(db, 'msa');
		// The repeated spelling and the one equal to the short name are dropped.
		expect(saved!.snapshot).toEqual({
			name: 'Mutualité sociale agricole',
			shortName: 'MSA',
			type: 'msa',
			aliases: ['MSA Limousin', 'Mutualité Sociale Agricole du Limousin'],
			territoryId: null
		});
		const keys = await db
			.selectFrom('organisation_alias')
			.select(['alias', 'match_key'])
			.where('organisation_id', '=', saved!.id)
			.execute();
		expect(keys).toContainEqual({
			alias: 'Mutualité Sociale Agricole du Limousin',
			match_key: 'mutualite sociale agricole du limousin'
		});
		const events = await listEntityEvents(db, 'organisation', saved!.id);
		expect(events).toHaveLength(1);
		expect(events[0]).toMatchObject({ action: 'create', user_id: admin.id });
		expect(replayEvents(events)).toEqual({ slug: 'msa', ...saved!.snapshot });
	});

	it('makes the slug unique by appending a number', async () => {
		for (const slug of ['udaf', 'udaf-2']) {
			await db
				.insertInto('organisation')
				.values({ slug, name: `Ancienne ${slug}`, short_name: `Old ${slug}`, type: 'association' })
				.execute();
		}
		const result = await createOrganisation(
			db,
			admin,
			input({
				name: 'Union départementale des associations familiales',
				shortName: 'UDAF',
				type: 'association'
			})
		);
		expect(result).toMatchObject({ ok: true, slug: 'udaf-3' });
	});

	it('refuses a name or alias another organisation already answers to, naming it, and writes nothing', async () => {
		const before = await Promise.all([
			countRows('organisation'),
			countRows('organisation_alias'),
			countRows('audit_event')
		]);
		const byAlias = await createOrganisation(
			db,
			admin,
			input({ aliases: 'MSA 2A\nCaisse d’allocations familiales' })
		);
		expect(byAlias).toEqual({
			ok: false,
			reason: 'invalid',
			field: 'aliases',
			message:
				'« Caisse d’allocations familiales » désigne déjà l’organisation « Caisse d’allocations familiales de Corse-du-Sud » (CAF 2A).'
		});
		const byShortName = await createOrganisation(db, admin, input({ shortName: 'ajaccio' }));
		expect(byShortName).toMatchObject({
			ok: false,
			field: 'shortName',
			message: expect.stringContaining('« Ville d’Ajaccio »')
		});
		const after = await Promise.all([
			countRows('organisation'),
			countRows('organisation_alias'),
			countRows('audit_event')
		]);
		expect(after).toEqual(before);
	});

	it('updates with a version check, replaces aliases and records old → new', async () => {
		const saved = (await getOrganisation(db, 'caf-2a'))!;
		const result = await updateOrganisation(
			db,
			admin,
			'caf-2a',
			input({
				name: saved.snapshot.name,
				shortName: 'CAF de Corse-du-Sud',
				type: 'caf',
				aliases: 'Caf\nCAF 2A'
			}),
			saved.version
		);
		expect(result).toMatchObject({ ok: true, slug: 'caf-2a', version: saved.version + 1 });
		const after = (await getOrganisation(db, 'caf-2a'))!;
		expect(after.snapshot).toMatchObject({
			shortName: 'CAF de Corse-du-Sud',
			aliases: ['Caf', 'CAF 2A']
		});
		const history = await listOrganisationHistory(db, after.id);
		expect(history[0]).toMatchObject({ action: 'Modification', actor: 'admin' });
		expect(history[0].changes).toContainEqual({
			field: 'Nom court',
			old: 'CAF 2A',
			new: 'CAF de Corse-du-Sud'
		});
		expect(history[0].changes).toContainEqual({
			field: 'Autres appellations',
			old: 'Caisse d’Allocations Familiales ; Caf',
			new: 'Caf ; CAF 2A'
		});
	});

	it('returns the saved version on a stale save and changes nothing', async () => {
		const saved = (await getOrganisation(db, 'ville-ajaccio'))!;
		const first = await updateOrganisation(
			db,
			admin,
			'ville-ajaccio',
			input({
				name: 'Ville d’Ajaccio',
				shortName: 'Ajaccio',
				type: 'commune_epci',
				aliases: 'Mairie d’Ajaccio'
			}),
			saved.version
		);
		expect(first.ok).toBe(true);
		const events = await countRows('audit_event');
		const stale = await updateOrganisation(
			db,
			admin,
			'ville-ajaccio',
			input({ name: 'Commune d’Ajaccio', shortName: 'Ajaccio', type: 'commune_epci' }),
			saved.version
		);
		expect(stale).toEqual({
			ok: false,
			reason: 'conflict',
			currentVersion: saved.version + 1,
			current: {
				name: 'Ville d’Ajaccio',
				shortName: 'Ajaccio',
				type: 'commune_epci',
				aliases: ['Mairie d’Ajaccio'],
				territoryId: null
			}
		});
		expect((await getOrganisation(db, 'ville-ajaccio'))!.snapshot.name).toBe('Ville d’Ajaccio');
		expect(await countRows('audit_event')).toBe(events);
	});

	it('refuses the write when another writer moved the organisation in between, then answers the conflict', async () => {
		const saved = (await getOrganisation(db, 'ville-ajaccio'))!;
		const racing = withRacingWriter(db, 'organisation');
		const result = await updateOrganisation(
			racing.db,
			admin,
			'ville-ajaccio',
			input({ name: 'Écrasé ?', shortName: 'Ajaccio', type: 'commune_epci' }),
			saved.version
		);
		expect(racing.raced()).toBe(true);
		expect(result).toMatchObject({
			ok: false,
			reason: 'conflict',
			currentVersion: saved.version + 1
		});
		expect((await getOrganisation(db, 'ville-ajaccio'))!.snapshot.name).not.toBe('Écrasé ?');
	});

	it('keeps its own spellings when saving, but not another organisation’s', async () => {
		const saved = (await getOrganisation(db, 'ville-ajaccio'))!;
		const clash = await updateOrganisation(
			db,
			admin,
			'ville-ajaccio',
			input({
				name: 'Ville d’Ajaccio',
				shortName: 'Ajaccio',
				type: 'commune_epci',
				aliases: 'CAF'
			}),
			saved.version
		);
		expect(clash).toMatchObject({
			ok: false,
			reason: 'invalid',
			field: 'aliases',
			message: expect.stringContaining('(CAF 2A)')
		});
		const same = await updateOrganisation(
			db,
			admin,
			'ville-ajaccio',
			input({ name: 'Ville d’Ajaccio', shortName: 'Ajaccio', type: 'commune_epci' }),
			saved.version
		);
		expect(same).toMatchObject({ ok: true, version: saved.version });
	});

	it('lets two territories share a spelling, never one territory nor a national organisation', async () => {
		const territory = async (code: string, name: string) =>
			(
				await db
					.insertInto('territory')
					.values({ kind: 'departement', code, name })
					.returning('id')
					.executeTakeFirstOrThrow()
			).id;
		const [t87, t19] = [await territory('87', 'Haute-Vienne'), await territory('19', 'Corrèze')];
		const caf = (shortName: string, territoryId: number | null) =>
			organisationFormSchema.parse({
				name: `Caisse d’allocations familiales ${shortName}`,
				shortName,
				type: 'caf',
				aliases: 'Caisse du département',
				territoryId: territoryId === null ? '' : String(territoryId)
			});
		expect(await createOrganisation(db, admin, caf('CAF 87', t87))).toMatchObject({ ok: true });
		expect(await createOrganisation(db, admin, caf('CAF 19', t19))).toMatchObject({ ok: true });
		expect(await createOrganisation(db, admin, caf('CAF bis', t87))).toMatchObject({
			ok: false,
			field: 'aliases',
			message: expect.stringContaining('(CAF 87)')
		});
		// A national organisation is matchable from every territory: it clashes with both.
		expect(await createOrganisation(db, admin, caf('CAF nationale', null))).toMatchObject({
			ok: false,
			field: 'aliases'
		});
		expect((await getOrganisation(db, 'caf-19'))!.snapshot.territoryId).toBe(t19);
	});

	it('refuses non-administrators (a scheme coordinator included) and unknown organisations', async () => {
		expect(await createOrganisation(db, coordinator, input({}))).toEqual({
			ok: false,
			reason: 'forbidden'
		});
		expect(
			await updateOrganisation(db, coordinator, 'caf-2a', input({ name: 'X', shortName: 'X' }), 1)
		).toEqual({ ok: false, reason: 'forbidden' });
		expect(await updateOrganisation(db, admin, 'nope', input({}), 1)).toEqual({
			ok: false,
			reason: 'not_found'
		});
		expect(await getOrganisation(db, 'nope')).toBeNull();
		expect((await getOrganisation(db, 'caf-2a'))!.snapshot.shortName).toBe('CAF 2A');
	});
});

describe('organisation form schema', () => {
	it('gives French messages per field', () => {
		const result = organisationFormSchema.safeParse({
			name: ' ',
			shortName: '—',
			type: 'club',
			aliases: '***'
		});
		expect(result.success).toBe(false);
		expect(fieldErrors(result.error!)).toEqual({
			name: 'Le nom est requis.',
			shortName: 'Le nom court doit contenir une lettre ou un chiffre.',
			type: 'Choisissez un type dans la liste.',
			aliases: 'L’alias « *** » ne contient ni lettre ni chiffre.'
		});
	});
});
