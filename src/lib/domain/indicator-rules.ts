import type { IndicatorUnit } from './enums';
import { foldText } from './text';

export type Measure = { measure: string | null; unit: IndicatorUnit };

// Order matters: the first rule whose pattern matches the start of the folded label wins.
const UNIT_RULES: { pattern: RegExp; unit: IndicatorUnit }[] = [
	{ pattern: /^(%|(pourcentage|part|proportion|taux|rapport)\b)/, unit: 'pourcentage' },
	{ pattern: /^(montant|cout|budget)\b/, unit: 'montant' },
	{ pattern: /^(nombre|nb|evolution du nombre|dont nombre)\b/, unit: 'nombre' },
	{
		pattern:
			/^(formalisation|definition|organisation|diffusion|effectivite|presentation|mise en (oeuvre|place)|creation|realisation)\b/,
		unit: 'oui_non'
	}
];

/** The unit a label's wording makes clear ("Nombre de …" → nombre, "% de …" → pourcentage); texte otherwise. */
export function inferUnit(label: string): IndicatorUnit {
	const folded = foldText(label).replace(/^[-•\s]+/, '');
	if (folded.includes('€') || /\beuros?\b/.test(folded)) return 'montant';
	for (const rule of UNIT_RULES) if (rule.pattern.test(folded)) return rule.unit;
	return 'texte';
}

/**
 * One line may hold two measures ("Nombre et pourcentage d'enfants …"): each becomes its own
 * indicator with the same label and a measure name, so that figures stay one value per row.
 */
export function inferMeasures(label: string): Measure[] {
	const folded = foldText(label);
	if (/^nombre et (le )?(pourcentage|%)\b/.test(folded)) {
		return [
			{ measure: 'Nombre', unit: 'nombre' },
			{ measure: 'Pourcentage', unit: 'pourcentage' }
		];
	}
	return [{ measure: null, unit: inferUnit(label) }];
}
