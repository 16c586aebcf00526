import { describe, expect, it } from 'vitest';
import { hasActiveFilters, parseOverviewQuery, toQueryString } from './overview-filters';

const parse = (query: string) => parseOverviewQuery(new URLSearchParams(query));

describe('parseOverviewQuery', () => {
	it('gives empty filters for an empty URL', () => {
		const query = parse('');
		expect(query).toEqual({ pilote: null, partenaire: null, etat: [], axe: null, q: null });
		expect(hasActiveFilters(query)).toBe(false);
	});

	it('reads every filter', () => {
		const query = parse(
			'pilote=ville-limoges&partenaire=caf-87&etat=en_cours&etat=a_lancer&axe=2&q=cr%C3%A8che'
		);
		expect(query).toEqual({
			pilote: 'ville-limoges',
			partenaire: 'caf-87',
			etat: ['a_lancer', 'en_cours'],
			axe: '2',
			q: 'crèche'
		});
		expect(hasActiveFilters(query)).toBe(true);
	});

	it('ignores unknown states and keeps the known ones', () => {
		expect(parse('etat=bidon&etat=realisee&etat=').etat).toEqual(['realisee']);
		expect(parse('etat=__proto__').etat).toEqual([]);
	});

	it('drops malformed organisation slugs and blank values instead of failing', () => {
		const query = parse('pilote=%3Cscript%3E&partenaire=&q=%20%20&axe=');
		expect(query).toEqual({ pilote: null, partenaire: null, etat: [], axe: null, q: null });
	});

	it('trims the search text and caps its length', () => {
		expect(parse('q=%20assistants%20maternels%20').q).toBe('assistants maternels');
		expect(parse(`q=${'a'.repeat(500)}`).q).toHaveLength(200);
	});

	it('lower-cases slugs', () => {
		expect(parse('pilote=Ville-Limoges').pilote).toBe('ville-limoges');
	});
});

describe('toQueryString', () => {
	it('builds a stable query string and round-trips', () => {
		const text = toQueryString({ pilote: 'cd-87', etat: ['en_cours', 'realisee'], q: 'crèche' });
		expect(text).toBe('?pilote=cd-87&etat=en_cours&etat=realisee&q=cr%C3%A8che');
		expect(parse(text.slice(1))).toMatchObject({
			pilote: 'cd-87',
			etat: ['en_cours', 'realisee'],
			q: 'crèche'
		});
	});

	it('is empty without filters', () => {
		expect(toQueryString({})).toBe('');
		expect(toQueryString({ etat: [], q: null })).toBe('');
	});
});
