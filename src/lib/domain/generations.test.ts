import { describe, expect, it } from 'vitest';
import { nextSchemeSchema, nextSchemeSlug } from './generations';

describe('nextSchemeSchema', () => {
	it('reads years as numbers (API) or text (form) and keeps the chosen fiches', () => {
		expect(
			nextSchemeSchema.parse({ startYear: 2022, endYear: '2026', fiches: ['11 bis'] })
		).toEqual({ startYear: 2022, endYear: 2026, fiches: ['11 bis'] });
	});

	it('refuses bad years with French messages', () => {
		const errors = (input: unknown) =>
			nextSchemeSchema
				.safeParse(input)
				.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
		expect(errors({ startYear: 2026, endYear: 2022 })).toEqual([
			'endYear: L’année de fin précède l’année de début.'
		]);
		expect(errors({ startYear: 2022, endYear: 2040 })).toEqual([
			'endYear: Un schéma couvre au plus 10 ans.'
		]);
		expect(errors({ startYear: '22', endYear: 2026 })).toEqual(['startYear: Année trop ancienne.']);
		expect(errors({ startYear: 'deux mille', endYear: 2026 })).toEqual([
			'startYear: Année attendue, par exemple 2022.'
		]);
		expect(errors({})).toEqual([
			'startYear: Ce champ est requis.',
			'endYear: Ce champ est requis.'
		]);
	});
});

describe('nextSchemeSlug', () => {
	it('replaces the years of the slug, or appends them', () => {
		const old = { startYear: 2017, endYear: 2021 };
		const next = { startYear: 2022, endYear: 2026 };
		expect(nextSchemeSlug('haute-vienne-2017-2021', old, next)).toBe('haute-vienne-2022-2026');
		expect(nextSchemeSlug('limoges-sppe', old, next)).toBe('limoges-sppe-2022-2026');
		expect(nextSchemeSlug('correze-2018', old, next)).toBe('correze-2022-2026');
	});
});
