import { beforeEach, describe, expect, it } from 'vitest';
import { indicatorFormSchema, indicatorFormValues } from '$lib/domain/structure-forms';
import type { CurrentUser } from '../auth/auth.service';
import type { Db } from '../db/database';
import { listBreakdownValues } from '../scheme-reads/scheme-reads.queries';
import { createIndicator, getFicheIndicators, updateIndicator } from './indicators.service';
import { setBreakdownScope } from './territorial-breakdown.service';
import { createPlanAdminDb, eventsSince, lastEventId } from './test-helpers';

let db: Db;
let schemeId: number;
let admin: CurrentUser;
let pilot: CurrentUser;
const where = { scheme: '', fiche: '11-bis' };

async function territory(
	kind: 'departement' | 'epci' | 'commune',
	code: string,
	name: string,
	parent: number | null
) {
	const row = await db
		.insertInto('territory')
		.values({ kind, code, name, parent_id: parent })
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

beforeEach(async () => {
	let slug: string;
	({ db, schemeId, slug, admin, pilot } = await createPlanAdminDb());
	where.scheme = slug;
	const scheme = await db
		.selectFrom('scheme')
		.select('territory_id')
		.where('id', '=', schemeId)
		.executeTakeFirstOrThrow();
	const dep = scheme.territory_id!;
	const ouest = await territory('epci', '200000001', 'CA du Pays Ajaccien', dep);
	await territory('epci', '200000002', 'CC de la Celavu-Prunelli', dep);
	await territory('commune', '2A004', 'Ajaccio', ouest);
	await territory('commune', '2A247', 'Porto-Vecchio', dep);
	await territory('departement', '2B', 'Haute-Corse', null);
});

async function indicatorWith(values: string[]) {
	const form = indicatorFormSchema.parse({
		kind: 'resultat',
		label: 'Places créées',
		unit: 'nombre',
		polarity: 'higher_better',
		periodicity: 'annuelle',
		breakdownLabel: values.length ? 'Territoire' : '',
		breakdownValues: values.join('\n')
	});
	const created = await createIndicator(db, admin, where, form);
	if (!created.ok) throw new Error('indicator not created');
	return (await getFicheIndicators(db, where))!.indicators.find(
		(i) => i.id === created.indicatorId
	)!;
}

async function figureOn(indicatorId: number, label: string, value: number) {
	const period = await db
		.insertInto('reporting_period')
		.values({
			scheme_id: schemeId,
			code: `2019-${label}`,
			kind: 'annee',
			year: 2019,
			number: null,
			starts_on: '2019-01-01',
			ends_on: '2019-12-31',
			opens_on: '2020-01-01',
			closes_on: '2020-03-31',
			state: 'ouverte'
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const slot = await db
		.selectFrom('indicator_breakdown_value')
		.select('id')
		.where('indicator_id', '=', indicatorId)
		.where('label', '=', label)
		.executeTakeFirstOrThrow();
	await db
		.insertInto('figure')
		.values({
			indicator_id: indicatorId,
			period_id: period.id,
			breakdown_value_id: slot.id,
			value_number: value,
			status: 'brouillon'
		})
		.execute();
	return slot.id;
}

const valuesOf = async (indicatorId: number) =>
	(await listBreakdownValues(db, schemeId))
		.filter((v) => v.indicator_id === indicatorId)
		.map((v) => [v.label, v.territory_code]);

describe('territorial breakdowns', () => {
	it('generates one value per EPCI with its code, keeping a matched value and its figures, versioned and audited', async () => {
		const indicator = await indicatorWith(['ca du pays ajaccien', 'CC de la Celavu Prunelli']);
		const slot = await figureOn(indicator.id, 'ca du pays ajaccien', 12);
		const since = await lastEventId(db);
		const result = await setBreakdownScope(
			db,
			admin,
			where,
			indicator.id,
			{ scope: 'epci', departementCodes: [] },
			indicator.version
		);
		expect(result).toEqual({ ok: true, indicatorId: indicator.id, values: 2 });
		expect(await valuesOf(indicator.id)).toEqual([
			['CA du Pays Ajaccien', '200000001'],
			['CC de la Celavu-Prunelli', '200000002']
		]);
		const figure = await db
			.selectFrom('figure')
			.select(['breakdown_value_id', 'value_number'])
			.where('indicator_id', '=', indicator.id)
			.executeTakeFirstOrThrow();
		expect(figure).toEqual({ breakdown_value_id: slot, value_number: 12 });
		const row = await db
			.selectFrom('indicator')
			.select(['version', 'breakdown_scope', 'breakdown_label'])
			.where('id', '=', indicator.id)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({
			version: indicator.version + 1,
			breakdown_scope: 'epci',
			breakdown_label: 'Territoire'
		});
		const [event] = await eventsSince(db, since);
		expect(event).toMatchObject({
			entity_type: 'indicator',
			entity_id: indicator.id,
			action: 'update'
		});
		expect(event.changes.breakdownScope).toEqual({ old: null, new: 'epci' });
		expect(event.changes.breakdownValues.new).toEqual([
			'CA du Pays Ajaccien (200000001)',
			'CC de la Celavu-Prunelli (200000002)'
		]);
	});

	it('lists the communes of the EPCIs and those outside any', async () => {
		const indicator = await indicatorWith([]);
		const result = await setBreakdownScope(
			db,
			admin,
			where,
			indicator.id,
			{ scope: 'commune', departementCodes: [] },
			indicator.version
		);
		expect(result.ok).toBe(true);
		expect(await valuesOf(indicator.id)).toEqual([
			['Ajaccio', '2A004'],
			['Porto-Vecchio', '2A247']
		]);
		const row = await db
			.selectFrom('indicator')
			.select('breakdown_label')
			.where('id', '=', indicator.id)
			.executeTakeFirstOrThrow();
		expect(row.breakdown_label).toBe('Commune');
	});

	it('refuses labels no territory matches, naming them, and changes nothing', async () => {
		const indicator = await indicatorWith(['Pays Ajaccien', 'Haute-Corse', 'Celavu-Prunelli']);
		await figureOn(indicator.id, 'Pays Ajaccien', 3);
		const since = await lastEventId(db);
		const result = await setBreakdownScope(
			db,
			admin,
			where,
			indicator.id,
			{ scope: 'epci', departementCodes: [] },
			indicator.version
		);
		expect(result).toEqual({
			ok: false,
			reason: 'invalid',
			field: 'breakdownScope',
			message: expect.stringContaining(
				'ne correspondent à aucun EPCI du territoire du schéma : « Pays Ajaccien », « Haute-Corse », « Celavu-Prunelli ».'
			)
		});
		expect(await valuesOf(indicator.id)).toEqual([
			['Pays Ajaccien', null],
			['Haute-Corse', null],
			['Celavu-Prunelli', null]
		]);
		expect(await eventsSince(db, since)).toEqual([]);
	});

	it('takes the départements chosen, matching a label by name, and frees the breakdown again', async () => {
		const indicator = await indicatorWith(['haute corse', '2A']);
		const chosen = await setBreakdownScope(
			db,
			admin,
			where,
			indicator.id,
			{ scope: 'departement', departementCodes: ['2A', '2B'] },
			indicator.version
		);
		expect(chosen.ok).toBe(true);
		expect(await valuesOf(indicator.id)).toEqual([
			['Corse-du-Sud', '2A'],
			['Haute-Corse', '2B']
		]);
		expect(
			await setBreakdownScope(
				db,
				admin,
				where,
				indicator.id,
				{ scope: 'departement', departementCodes: ['2A'] },
				indicator.version + 1
			)
		).toMatchObject({ ok: false, message: 'Choisissez au moins deux départements.' });

		const freed = await setBreakdownScope(
			db,
			admin,
			where,
			indicator.id,
			{ scope: null, departementCodes: [] },
			indicator.version + 1
		);
		expect(freed.ok).toBe(true);
		expect((await valuesOf(indicator.id)).every(([, code]) => code === null)).toBe(true);
	});

	it('refuses a stale version, a pilot, and a change of territorial values through the edit form', async () => {
		const indicator = await indicatorWith([]);
		const epci = { scope: 'epci' as const, departementCodes: [] };
		expect(
			await setBreakdownScope(db, pilot, where, indicator.id, epci, indicator.version)
		).toEqual({
			ok: false,
			reason: 'forbidden'
		});
		expect(
			await setBreakdownScope(db, admin, where, indicator.id, epci, indicator.version)
		).toMatchObject({ ok: true });
		expect(
			await setBreakdownScope(db, admin, where, indicator.id, epci, indicator.version)
		).toMatchObject({
			ok: false,
			reason: 'conflict'
		});
		const current = (await getFicheIndicators(db, where))!.indicators.find(
			(i) => i.id === indicator.id
		)!;
		const values = indicatorFormValues(current);
		const edited = indicatorFormSchema.parse({ ...values, breakdownValues: 'Nord\nSud' });
		expect(
			await updateIndicator(db, admin, where, indicator.id, edited, current.version)
		).toMatchObject({ ok: false, reason: 'invalid', field: 'breakdownValues' });
		const renamed = indicatorFormSchema.parse({ ...values, label: 'Places nouvelles' });
		expect(
			await updateIndicator(db, admin, where, indicator.id, renamed, current.version)
		).toMatchObject({ ok: true });
	});
});
