import { describe, expect, it } from 'vitest';
import {
	isBreakdownScope,
	matchBreakdownLabel,
	planTerritorialBreakdown,
	territoryNameKey,
	territoryValueLabel,
	unmatchedLabelsMessage
} from './territorial-breakdown';

const DEPS = [
	{ id: 1, code: '87', name: 'Haute-Vienne' },
	{ id: 2, code: '19', name: 'Corrèze' },
	{ id: 3, code: '23', name: 'Creuse' },
	{ id: 4, code: '79', name: 'Deux-Sèvres' },
	{ id: 5, code: '17', name: 'Charente-Maritime' }
];

describe('territoryNameKey', () => {
	it('ignores accents, case, hyphens, apostrophes and repeated spaces', () => {
		expect(territoryNameKey('Haute Vienne')).toBe(territoryNameKey('Haute-Vienne'));
		expect(territoryNameKey('DEUX  SEVRES')).toBe(territoryNameKey('Deux-Sèvres'));
		expect(territoryNameKey('Val-d’Oise')).toBe(territoryNameKey("val d'oise"));
		expect(territoryNameKey('Corrèze')).toBe('correze');
	});

	it('keeps distinct names apart', () => {
		expect(territoryNameKey('Charentes')).not.toBe(territoryNameKey('Charente'));
		expect(territoryNameKey('Vienne')).not.toBe(territoryNameKey('Haute-Vienne'));
	});
});

describe('matchBreakdownLabel', () => {
	it('matches a linked territory first, then a code, then a single name', () => {
		expect(matchBreakdownLabel({ id: 9, label: 'Autre', territoryId: 3 }, DEPS)?.code).toBe('23');
		expect(matchBreakdownLabel({ id: 9, label: ' 19 ', territoryId: null }, DEPS)?.code).toBe('19');
		expect(matchBreakdownLabel({ id: 9, label: 'correze', territoryId: null }, DEPS)?.code).toBe(
			'19'
		);
	});

	it('does not match a name two territories share, nor an unknown name', () => {
		const twins = [
			{ id: 1, code: '87001', name: 'Saint-Martin' },
			{ id: 2, code: '87002', name: 'Saint Martin' }
		];
		expect(matchBreakdownLabel({ id: 9, label: 'Saint-Martin', territoryId: null }, twins)).toBe(
			null
		);
		expect(matchBreakdownLabel({ id: 9, label: 'Charentes', territoryId: null }, DEPS)).toBe(null);
	});

	it('ignores a link to a territory outside the list and falls back to the label', () => {
		expect(matchBreakdownLabel({ id: 9, label: 'Creuse', territoryId: 77 }, DEPS)?.id).toBe(3);
	});
});

describe('planTerritorialBreakdown', () => {
	it('gives one value per territory, in order, keeping the rows whose label names one', () => {
		const plan = planTerritorialBreakdown(
			[
				{ id: 10, label: 'Creuse', territoryId: null },
				{ id: 11, label: 'Haute Vienne', territoryId: null }
			],
			DEPS
		);
		expect(plan).toEqual({
			ok: true,
			values: [
				{ existingId: 11, territoryId: 1, code: '87', label: 'Haute-Vienne' },
				{ existingId: null, territoryId: 2, code: '19', label: 'Corrèze' },
				{ existingId: 10, territoryId: 3, code: '23', label: 'Creuse' },
				{ existingId: null, territoryId: 4, code: '79', label: 'Deux-Sèvres' },
				{ existingId: null, territoryId: 5, code: '17', label: 'Charente-Maritime' }
			]
		});
	});

	it('plans nothing and names every label it cannot match', () => {
		const plan = planTerritorialBreakdown(
			[
				{ id: 10, label: 'Charentes', territoryId: null },
				{ id: 11, label: 'Creuse', territoryId: null },
				{ id: 12, label: 'Vienne', territoryId: null }
			],
			DEPS
		);
		expect(plan).toEqual({ ok: false, unmatched: ['Charentes', 'Vienne'] });
	});

	it('refuses two labels standing for the same territory (their figures would collide)', () => {
		const plan = planTerritorialBreakdown(
			[
				{ id: 10, label: 'Haute Vienne', territoryId: null },
				{ id: 11, label: 'HAUTE-VIENNE', territoryId: null }
			],
			DEPS
		);
		expect(plan).toEqual({ ok: false, unmatched: ['HAUTE-VIENNE'] });
	});

	it('names homonymous territories with their code so values stay distinct', () => {
		const plan = planTerritorialBreakdown(
			[],
			[
				{ id: 1, code: '87001', name: 'Saint-Martin' },
				{ id: 2, code: '87002', name: 'Saint-Martin' },
				{ id: 3, code: '87085', name: 'Limoges' }
			]
		);
		expect(plan.ok && plan.values.map((v) => v.label)).toEqual([
			'Saint-Martin (87001)',
			'Saint-Martin (87002)',
			'Limoges'
		]);
	});
});

describe('messages and labels', () => {
	it('lists the unmatched labels in French, singular or plural', () => {
		expect(unmatchedLabelsMessage(['Charentes'], 'departement')).toBe(
			'Rien n’a été changé : cette valeur de ventilation ne correspond à aucun des départements choisis : « Charentes ». Renommez-la d’après le nom officiel du territoire (ou son code) dans « Modifier », ou retirez-la, puis recommencez.'
		);
		expect(unmatchedLabelsMessage(['Nord', 'Sud'], 'epci')).toContain(
			'ces valeurs de ventilation ne correspondent à aucun EPCI du territoire du schéma : « Nord », « Sud ».'
		);
	});

	it('shows a code beside a name only when there is one', () => {
		expect(territoryValueLabel('Creuse', '23')).toBe('Creuse (23)');
		expect(territoryValueLabel('Autre', null)).toBe('Autre');
	});

	it('knows the three scopes only', () => {
		expect(['epci', 'commune', 'departement'].every(isBreakdownScope)).toBe(true);
		expect(isBreakdownScope('region')).toBe(false);
		expect(isBreakdownScope(undefined)).toBe(false);
	});
});
