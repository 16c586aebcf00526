import { beforeAll, describe, expect, it } from 'vitest';
import { populationBand, sppeObligations, parseThreshold } from '$lib/domain/territory-data';
import type { Db } from '../db/database';
import { seedDemo, DEMO_SCHEME_SLUG } from '../seed/demo-seed';
import { seedDemoTerritory } from '../seed/demo-territory';
import { createTestDb } from '../testing/test-db';
import { loadTerritoryProfile } from './territory-profile.service';

describe('the SPPE thresholds', () => {
	it('adds obligations at 3 500 and over 10 000 inhabitants', () => {
		expect(populationBand(3499)).toBe('under_3500');
		expect(populationBand(3500)).toBe('from_3500_to_10000');
		expect(populationBand(10000)).toBe('from_3500_to_10000');
		expect(populationBand(10001)).toBe('over_10000');
		expect(sppeObligations('under_3500')).toHaveLength(2);
		expect(sppeObligations('from_3500_to_10000')).toHaveLength(4);
		expect(sppeObligations('over_10000').join(' ')).toMatch(
			/schéma pluriannuel.*relais petite enfance/
		);
	});

	it('reads a threshold in French, blank removing it, above 100 allowed', () => {
		expect(parseThreshold('55,5')).toEqual({ ok: true, value: 55.5 });
		expect(parseThreshold(' ')).toEqual({ ok: true, value: null });
		expect(parseThreshold('120')).toEqual({ ok: true, value: 120 });
		expect(parseThreshold('abc').ok).toBe(false);
		expect(parseThreshold('500').ok).toBe(false);
	});
});

describe('the demo territory profile', () => {
	let db: Db;
	beforeAll(async () => {
		db = await createTestDb();
		await seedDemo(db);
		await seedDemoTerritory(db);
		// A second seed imports nothing more.
		await seedDemoTerritory(db);
	});

	it('gives Haute-Vienne against the national value, its EPCIs and those under the threshold', async () => {
		const scheme = await db
			.selectFrom('scheme')
			.select(['id', 'territory_id'])
			.where('slug', '=', DEMO_SCHEME_SLUG)
			.executeTakeFirstOrThrow();
		const profile = await loadTerritoryProfile(db, scheme.id, scheme.territory_id);
		expect(profile?.territory).toMatchObject({ code: '87', kind: 'departement' });
		expect(profile?.coverage.map((c) => [c.year, c.territory?.value, c.national?.value])).toEqual([
			[2021, 56.8, undefined],
			[2022, 57.6, 59.5],
			[2023, 58.3, 60.9]
		]);
		expect(profile?.coverageSource).toMatch(/valeurs fictives/);
		expect(profile?.childKind).toBe('epci');
		expect(profile?.children).toHaveLength(6);
		expect(profile?.childYear).toBe(2023);
		expect(profile?.children.find((c) => c.code === '200090060')).toMatchObject({
			status: 'not_published',
			value: null
		});
		expect(profile?.threshold).toBe(50);
		expect(profile?.underThreshold.map((c) => [c.code, c.value])).toEqual([
			['200090011', 46.2],
			['200090029', 49.3]
		]);
		expect(profile?.communes).toEqual([
			expect.objectContaining({ code: '87085', band: 'over_10000', basis: 'cnaf_commune_file' })
		]);
		expect(await db.selectFrom('territory_import').select('id').execute()).toHaveLength(4);
	});
});
