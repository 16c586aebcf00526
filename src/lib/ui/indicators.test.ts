import { describe, expect, it } from 'vitest';
import { groupIndicators, measureNote, type IndicatorLike } from './indicators';

const ind = (over: Partial<IndicatorLike> & { label: string }): IndicatorLike => ({
	kind: 'realisation',
	kindLabel: null,
	measure: null,
	note: null,
	...over
});

describe('groupIndicators', () => {
	it('groups by kind in order of appearance, with the heading as written', () => {
		const groups = groupIndicators([
			ind({ label: 'A', kindLabel: 'De mise en œuvre' }),
			ind({ label: 'B', kind: 'resultat' }),
			ind({ label: 'C' })
		]);
		expect(groups.map((g) => [g.kind, g.heading, g.lines.map((l) => l.label)])).toEqual([
			['realisation', 'De mise en œuvre', ['A', 'C']],
			['resultat', 'De résultat', ['B']]
		]);
	});

	it('gathers the measures of one booklet line and keeps a shared note once', () => {
		const [group] = groupIndicators([
			ind({ label: 'Nombre et pourcentage', measure: 'Nombre', note: 'n' }),
			ind({ label: 'Nombre et pourcentage', measure: 'Pourcentage', note: 'n' }),
			ind({ label: 'Autre' })
		]);
		expect(group.lines).toHaveLength(2);
		expect(group.lines[0].measures.map((m) => m.measure)).toEqual(['Nombre', 'Pourcentage']);
		expect(group.lines[0].note).toBe('n');
		expect(measureNote(group.lines[0], group.lines[0].measures[0])).toBeNull();
	});

	it('keeps different notes on their measures', () => {
		const [group] = groupIndicators([
			ind({ label: 'L', measure: 'Nombre', note: 'a' }),
			ind({ label: 'L', measure: 'Taux', note: 'b' })
		]);
		expect(group.lines[0].note).toBeNull();
		expect(group.lines[0].measures.map((m) => measureNote(group.lines[0], m))).toEqual(['a', 'b']);
	});

	it('does not merge two lines without measures that happen to read the same', () => {
		const [group] = groupIndicators([ind({ label: 'Même' }), ind({ label: 'Même' })]);
		expect(group.lines).toHaveLength(2);
	});

	it('returns nothing for no indicator', () => {
		expect(groupIndicators([])).toEqual([]);
	});
});
