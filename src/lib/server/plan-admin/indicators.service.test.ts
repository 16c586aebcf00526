import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { indicatorFormSchema } from '$lib/domain/structure-forms';
import type { CurrentUser } from '../auth/auth.service';
import type { Db } from '../db/database';
import { searchFicheIds } from '../plan/plan-search.queries';
import {
	createIndicator,
	deleteIndicator,
	getFicheIndicators,
	reorderIndicator,
	updateIndicator
} from './indicators.service';
import { createPlanAdminDb, eventsSince, ficheBySlug, lastEventId } from './test-helpers';

let db: Db;
let schemeId: number;
let slug: string;
let admin: CurrentUser;
let pilot: CurrentUser;
let where: { scheme: string; fiche: string };

beforeEach(async () => {
	({ db, schemeId, slug, admin, pilot } = await createPlanAdminDb());
	where = { scheme: slug, fiche: '11-bis' };
});

const form = (patch: Record<string, string> = {}) =>
	indicatorFormSchema.parse({
		kind: 'resultat',
		kindLabel: '',
		label: 'Taux d’occupation des crèches',
		measure: '',
		unit: '',
		polarity: 'higher_better',
		periodicity: 'annuelle',
		baselineValue: '',
		baselineYear: '',
		targets: '',
		breakdownLabel: '',
		breakdownValues: '',
		note: '',
		...patch
	});

async function listOf(fiche = '11-bis') {
	return (await getFicheIndicators(db, { scheme: slug, fiche }))!.indicators;
}

describe('indicators', () => {
	it('adds an indicator at the end with targets, breakdown and a deduced unit, recorded whole', async () => {
		const since = await lastEventId(db);
		const result = await createIndicator(
			db,
			admin,
			where,
			form({
				baselineValue: '61,5',
				baselineYear: '2019',
				targets: '2021 : 70\n2023 : 75,5',
				breakdownLabel: 'Commune',
				breakdownValues: 'Ajaccio\nPorticcio'
			})
		);
		expect(result.ok).toBe(true);
		const list = await listOf();
		expect(list).toHaveLength(5);
		const added = list[4];
		expect(added).toMatchObject({
			label: 'Taux d’occupation des crèches',
			unit: 'pourcentage',
			baselineValue: 61.5,
			baselineYear: 2019,
			targets: [
				{ year: 2021, value: 70 },
				{ year: 2023, value: 75.5 }
			],
			breakdownLabel: 'Commune',
			breakdownValues: ['Ajaccio', 'Porticcio'],
			position: 4,
			version: 1
		});
		const [event] = await eventsSince(db, since);
		expect(event).toMatchObject({
			entity_type: 'indicator',
			entity_id: added.id,
			action: 'create',
			scheme_id: schemeId
		});
		expect(event.changes.targets).toEqual({ old: null, new: added.targets });
		expect(event.changes.breakdownValues).toEqual({ old: null, new: ['Ajaccio', 'Porticcio'] });
		const fiche = (await ficheBySlug(db, schemeId, '11-bis'))!;
		expect(await searchFicheIds(db, schemeId, 'occupation')).toEqual([fiche.id]);
	});

	it('saves changes with old → new, keeping breakdown rows whose label stays', async () => {
		const created = await createIndicator(
			db,
			admin,
			where,
			form({ breakdownLabel: 'Commune', breakdownValues: 'Ajaccio\nPorticcio' })
		);
		if (!created.ok) throw new Error('setup');
		const before = await db
			.selectFrom('indicator_breakdown_value')
			.selectAll()
			.where('indicator_id', '=', created.indicatorId)
			.execute();
		const since = await lastEventId(db);
		const result = await updateIndicator(
			db,
			admin,
			where,
			created.indicatorId,
			form({
				unit: 'nombre',
				targets: '2022 : 12',
				breakdownLabel: 'Commune',
				breakdownValues: 'Porticcio\nSartène\nAjaccio'
			}),
			1
		);
		expect(result.ok).toBe(true);
		const after = await db
			.selectFrom('indicator_breakdown_value')
			.selectAll()
			.where('indicator_id', '=', created.indicatorId)
			.orderBy('position')
			.execute();
		expect(after.map((v) => v.label)).toEqual(['Porticcio', 'Sartène', 'Ajaccio']);
		expect(after.find((v) => v.label === 'Ajaccio')!.id).toBe(
			before.find((v) => v.label === 'Ajaccio')!.id
		);
		const [event] = await eventsSince(db, since);
		expect(event.action).toBe('update');
		expect(event.changes).toEqual({
			unit: { old: 'pourcentage', new: 'nombre' },
			targets: { old: [], new: [{ year: 2022, value: 12 }] },
			breakdownValues: { old: ['Ajaccio', 'Porticcio'], new: ['Porticcio', 'Sartène', 'Ajaccio'] }
		});
		expect((await listOf())[4]).toMatchObject({ version: 2, unit: 'nombre' });
	});

	it('writes nothing when the version is stale, and returns the current indicator', async () => {
		const [first] = await listOf();
		await updateIndicator(
			db,
			admin,
			where,
			first.id,
			form({ label: 'Premier enregistrement' }),
			first.version
		);
		const since = await lastEventId(db);
		const result = await updateIndicator(
			db,
			admin,
			where,
			first.id,
			form({ label: 'Second', targets: '2024 : 1' }),
			first.version
		);
		expect(result).toMatchObject({
			ok: false,
			reason: 'conflict',
			currentVersion: 2,
			current: { label: 'Premier enregistrement' }
		});
		const [now] = await listOf();
		expect(now).toMatchObject({ label: 'Premier enregistrement', targets: [] });
		expect(await eventsSince(db, since)).toHaveLength(0);
	});

	it('reorders up and down', async () => {
		const [a, b, c, d] = await listOf();
		const since = await lastEventId(db);
		expect((await reorderIndicator(db, admin, where, c.id, 'up', c.version)).ok).toBe(true);
		expect((await listOf()).map((i) => i.id)).toEqual([a.id, c.id, b.id, d.id]);
		expect((await eventsSince(db, since)).map((e) => [e.entity_id, e.changes.position])).toEqual([
			[c.id, { old: 2, new: 1 }],
			[b.id, { old: 1, new: 2 }]
		]);
		expect(await reorderIndicator(db, admin, where, a.id, 'up', a.version)).toMatchObject({
			ok: false,
			message: 'Cet indicateur est déjà le premier.'
		});
	});

	it('deletes an indicator with its targets and values, keeping its last state in the history', async () => {
		const [, second, , places] = await listOf();
		const since = await lastEventId(db);
		expect((await deleteIndicator(db, admin, where, places.id, places.version)).ok).toBe(true);
		expect((await listOf()).map((i) => i.id)).not.toContain(places.id);
		expect(
			await db
				.selectFrom('indicator_target')
				.selectAll()
				.where('indicator_id', '=', places.id)
				.execute()
		).toHaveLength(0);
		const [event] = await eventsSince(db, since);
		expect(event).toMatchObject({ action: 'delete', entity_id: places.id });
		expect(event.changes.targets).toEqual({ old: [{ year: 2021, value: 20 }], new: null });
		expect(event.changes.label).toEqual({ old: 'Places ouvertes', new: null });
		// Deleting the second closes the gap.
		expect((await deleteIndicator(db, admin, where, second.id, second.version)).ok).toBe(true);
		expect((await listOf()).map((i) => i.position)).toEqual([0, 1]);
	});

	it('never touches an indicator of another fiche through this fiche', async () => {
		const [other] = await listOf();
		const otherFiche = { scheme: slug, fiche: '10' };
		expect(
			await updateIndicator(db, admin, otherFiche, other.id, form(), other.version)
		).toMatchObject({ reason: 'not_found' });
		expect(await deleteIndicator(db, admin, otherFiche, other.id, other.version)).toMatchObject({
			reason: 'not_found'
		});
		expect((await listOf()).map((i) => i.id)).toContain(other.id);
	});

	it('refuses a pilot', async () => {
		const [first] = await listOf();
		const since = await lastEventId(db);
		expect(await createIndicator(db, pilot, where, form())).toEqual({
			ok: false,
			reason: 'forbidden'
		});
		expect(await updateIndicator(db, pilot, where, first.id, form(), first.version)).toEqual({
			ok: false,
			reason: 'forbidden'
		});
		expect(await deleteIndicator(db, pilot, where, first.id, first.version)).toEqual({
			ok: false,
			reason: 'forbidden'
		});
		expect(await eventsSince(db, since)).toHaveLength(0);
	});

	it('leaves nothing behind when a write fails half-way', async () => {
		await sql`create trigger fail_target before insert on indicator_target
			begin select raise(abort, 'panne simulée'); end`.execute(db);
		const since = await lastEventId(db);
		await expect(createIndicator(db, admin, where, form({ targets: '2021 : 1' }))).rejects.toThrow(
			'panne simulée'
		);
		expect(await listOf()).toHaveLength(4);
		expect(await eventsSince(db, since)).toHaveLength(0);
	});
});
