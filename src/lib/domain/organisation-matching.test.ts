import { describe, expect, it } from 'vitest';
import { matchOrganisation, organisationMatchKey } from './organisation-matching';

const organisations = [
	{
		id: 1,
		name: 'Caisse d’allocations familiales de la Haute-Vienne',
		shortName: 'CAF 87',
		aliases: ['Caisse d’Allocations Familiales 87', 'Caisse d’Allocations Familiales F87', 'Caf']
	},
	{
		id: 2,
		name: 'Conseil départemental de la Haute-Vienne',
		shortName: 'CD 87',
		aliases: ['Conseil départemental']
	},
	{ id: 3, name: 'Ville de Limoges', shortName: 'Limoges', aliases: [] }
];

describe('organisation name matching', () => {
	it('finds one organisation however the booklet spells it', () => {
		for (const label of [
			"Caisse d'Allocations Familiales 87",
			"CAISSE D'ALLOCATIONS FAMILIALES F87",
			'caf',
			'CAF 87',
			'  Caf. '
		]) {
			expect(matchOrganisation(label, organisations)?.id, label).toBe(1);
		}
	});

	it('ignores accents and case', () => {
		expect(matchOrganisation('CONSEIL DEPARTEMENTAL', organisations)?.id).toBe(2);
		expect(matchOrganisation('ville de limoges', organisations)?.id).toBe(3);
	});

	it('does not match a different name that merely contains one', () => {
		expect(matchOrganisation('Service enfance de la ville de Limoges', organisations)).toBeNull();
		expect(matchOrganisation('Familles', organisations)).toBeNull();
		expect(matchOrganisation('', organisations)).toBeNull();
	});

	it('folds typographic and straight apostrophes alike', () => {
		expect(organisationMatchKey('d’Allocations')).toBe(organisationMatchKey("d'allocations"));
	});
});
