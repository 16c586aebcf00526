import { describe, expect, it } from 'vitest';
import { flattenFiches, neighbours, nodeHeading, nodeLabel } from './plan-tree';

const f = (slug: string) => ({ slug });
const tree = [
	{
		fiches: [],
		children: [
			{ fiches: [f('1'), f('2')], children: [] },
			{ fiches: [f('8')], children: [{ fiches: [f('9')], children: [] }] }
		]
	},
	{ fiches: [f('10')], children: [{ fiches: [f('11'), f('11-bis')], children: [] }] }
];

describe('flattenFiches', () => {
	it('lists fiches in reading order', () => {
		expect(flattenFiches(tree).map((x) => x.slug)).toEqual([
			'1',
			'2',
			'8',
			'9',
			'10',
			'11',
			'11-bis'
		]);
	});
});

describe('neighbours', () => {
	it('finds the previous and next fiches across nodes', () => {
		const n = neighbours(tree, '8');
		expect(n.previous?.slug).toBe('2');
		expect(n.next?.slug).toBe('9');
		expect(n.index).toBe(2);
		expect(n.total).toBe(7);
	});

	it('has no previous for the first and no next for the last', () => {
		expect(neighbours(tree, '1').previous).toBeNull();
		expect(neighbours(tree, '11-bis').next).toBeNull();
	});

	it('gives nothing for an unknown fiche', () => {
		expect(neighbours(tree, '999')).toMatchObject({ previous: null, next: null, index: -1 });
	});
});

describe('nodeHeading', () => {
	it('joins level label, code and title', () => {
		expect(nodeHeading({ levelLabel: 'Axe stratégique', code: '1', title: 'Développer' })).toBe(
			'Axe stratégique 1 — Développer'
		);
		expect(nodeHeading({ levelLabel: '', code: '', title: 'Seul' })).toBe('Seul');
	});
});

describe('nodeLabel', () => {
	it('does not repeat the level label when the code holds it', () => {
		expect(nodeLabel({ levelLabel: 'Objectif', code: 'Objectif 1' })).toBe('Objectif 1');
		expect(nodeLabel({ levelLabel: 'Objectif', code: '2' })).toBe('Objectif 2');
		expect(nodeLabel({ levelLabel: 'Axe', code: '1.1' })).toBe('Axe 1.1');
		expect(nodeLabel({ levelLabel: '', code: 'A' })).toBe('A');
		// An imported plan that writes its codes « Axe 1 » under « Axe stratégique ».
		expect(nodeLabel({ levelLabel: 'Axe stratégique', code: 'Axe 1' })).toBe('Axe 1');
		expect(nodeLabel({ levelLabel: 'Objectif opérationnel', code: 'objectif 2.1' })).toBe(
			'objectif 2.1'
		);
		expect(nodeLabel({ levelLabel: 'Axe stratégique', code: 'A' })).toBe('Axe stratégique A');
		expect(nodeLabel({ levelLabel: 'Orientation', code: 'Or 1' })).toBe('Orientation Or 1');
	});
});
