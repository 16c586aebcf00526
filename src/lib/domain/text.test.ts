import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { slugify } from './text';

describe('slugify', () => {
	it('keeps the slugs the plan already uses', () => {
		expect(slugify('11 bis')).toBe('11-bis');
		expect(slugify('Ville de Limoges')).toBe('ville-de-limoges');
		expect(slugify('Haute-Vienne 2017 2021')).toBe('haute-vienne-2017-2021');
		expect(slugify('Cœur d’Île-de-France')).toBe('coeur-d-ile-de-france');
		expect(slugify('100 % €')).toBe('100');
	});

	it('gives plain ASCII for letters with no decomposition, and drops what has no ASCII form', () => {
		expect(slugify('Łódź 2020 2025')).toBe('lodz-2020-2025');
		expect(slugify('Straße Øresund²')).toBe('strasse-oresund2');
		expect(slugify('Київ 2020')).toBe('2020');
	});

	it('always answers lower-case ASCII words joined by single dashes', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (label) => {
				expect(slugify(label)).toMatch(/^([a-z0-9]+(-[a-z0-9]+)*)?$/);
			})
		);
	});
});
