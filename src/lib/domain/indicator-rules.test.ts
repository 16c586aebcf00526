import { describe, expect, it } from 'vitest';
import { inferMeasures, inferUnit } from './indicator-rules';

describe('unit inference from the wording', () => {
	it.each([
		['Nombre de rencontres du groupe de travail', 'nombre'],
		['Evolution du nombre de connexion sur le site mon-enfant.fr', 'nombre'],
		['Dont nombre de sollicitation de parents', 'nombre'],
		['% de familles ayant mobilisé également l’aide VACAF', 'pourcentage'],
		['Taux de couverture', 'pourcentage'],
		['Montant des aides versées', 'montant'],
		['Coût de la formation (€)', 'montant'],
		['Formalisation du conventionnement technique et financier', 'oui_non'],
		['Effectivité de l’analyse de la fréquentation', 'oui_non'],
		['Diversité de la nature des modes de communication', 'texte']
	] as const)('%s → %s', (label, unit) => {
		expect(inferUnit(label)).toBe(unit);
	});

	it('splits a line that holds a count and a rate into two measures', () => {
		expect(inferMeasures('Nombre et pourcentage de places potentielles et disponibles')).toEqual([
			{ measure: 'Nombre', unit: 'nombre' },
			{ measure: 'Pourcentage', unit: 'pourcentage' }
		]);
		expect(
			inferMeasures('Nombre et le pourcentage des enfants résidents sur les QPV')
		).toHaveLength(2);
	});

	it('keeps a single measure otherwise', () => {
		expect(inferMeasures('Nombre de parents participants')).toEqual([
			{ measure: null, unit: 'nombre' }
		]);
	});
});
