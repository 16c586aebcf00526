import { describe, expect, it } from 'vitest';
import { valueAxisTitle, wrapLabel, type ChartSpec } from './chart-spec';

const spec = (unit: ChartSpec['unit'], valueLabel?: string): ChartSpec => ({
	type: 'bar',
	labels: [],
	datasets: [],
	unit,
	categoryLabel: 'Axe',
	valueLabel
});

describe('chart axes', () => {
	it('titles the value axis with its unit', () => {
		expect(valueAxisTitle(spec('nombre', 'Nombre de fiches'))).toBe('Nombre de fiches');
		expect(valueAxisTitle(spec('montant', 'Montant'))).toBe('Montant (€)');
		expect(valueAxisTitle(spec('pourcentage', 'Part'))).toBe('Part (%)');
		expect(valueAxisTitle(spec('nombre'))).toBe('');
	});

	it('wraps a long label at word boundaries into its slot', () => {
		expect(wrapLabel('Fédération des CAF du Centre-Ouest', 16)).toEqual([
			'Fédération des',
			'CAF du',
			'Centre-Ouest'
		]);
		expect(wrapLabel('CAF 87', 16)).toEqual(['CAF 87']);
	});

	it('cuts what does not fit with an ellipsis, never a line wider than the slot', () => {
		const lines = wrapLabel('Axe stratégique 3 — Soutenir la parentalité et les familles', 12, 2);
		expect(lines).toHaveLength(2);
		expect(lines[1].endsWith('…')).toBe(true);
		for (const line of lines) expect(line.length).toBeLessThanOrEqual(12);
		expect(wrapLabel('Anticonstitutionnellement', 10)).toEqual(['Anticonst…']);
	});
});
