import { describe, expect, it } from 'vitest';
import { schemeSlugOf, schemeTerritorySchema } from './structure-forms';

const errorsOf = (input: Record<string, string>) => {
	const parsed = schemeTerritorySchema.safeParse(input);
	return parsed.success
		? {}
		: Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.'), i.message]));
};

describe('the territory of a new scheme', () => {
	it('defaults to the SDSF of the département', () => {
		expect(schemeTerritorySchema.parse({})).toMatchObject({
			kind: 'sdsf',
			territoryKind: 'departement'
		});
	});

	it('takes a commune of the département by its INSEE code, Corsica included', () => {
		const base = { kind: 'sppe', territoryKind: 'commune', territoryName: 'Ajaccio' };
		expect(errorsOf({ ...base, territoryCode: '2a004', departmentCode: '2A' })).toEqual({});
		expect(errorsOf({ ...base, territoryCode: '97411', departmentCode: '974' })).toEqual({});
		expect(errorsOf({ ...base, territoryCode: '8708', departmentCode: '87' })).toEqual({
			territoryCode: 'Code INSEE de commune invalide (5 caractères, ex. 87085 ou 2A004).'
		});
		expect(errorsOf({ ...base, territoryCode: '87085', departmentCode: '19' })).toEqual({
			territoryCode: 'Cette commune n’est pas dans le département 19.'
		});
	});

	it('takes an EPCI by its SIREN and asks for its name', () => {
		expect(
			errorsOf({
				kind: 'ctg',
				territoryKind: 'epci',
				territoryCode: '248719312',
				territoryName: ''
			})
		).toEqual({ territoryName: 'Le nom de la commune ou de l’EPCI est requis.' });
		expect(
			errorsOf({
				kind: 'ctg',
				territoryKind: 'epci',
				territoryCode: '24871931',
				territoryName: 'X'
			})
		).toEqual({ territoryCode: 'Numéro SIREN de l’EPCI invalide (9 chiffres).' });
	});

	it('keeps an SDSF on a département and an SPPE below it', () => {
		expect(
			errorsOf({
				kind: 'sdsf',
				territoryKind: 'commune',
				territoryCode: '87085',
				territoryName: 'L'
			})
		).toEqual({ territoryKind: 'Un SDSF couvre un département.' });
		expect(errorsOf({ kind: 'sppe', territoryKind: 'departement' })).toEqual({
			territoryKind: 'Un schéma pluriannuel petite enfance couvre une commune ou un EPCI.'
		});
	});

	it('gives other kinds than the SDSF their kind in the slug', () => {
		expect(schemeSlugOf('Haute-Vienne', 2017, 2021)).toBe('haute-vienne-2017-2021');
		expect(schemeSlugOf('Limoges', 2026, 2031, 'sppe')).toBe('limoges-sppe-2026-2031');
	});
});
