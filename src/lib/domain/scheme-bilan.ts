import { z } from 'zod';
import './zod-locale';

// The end-of-scheme bilan the CDSF adopts: one row per fiche, five columns (the PEDT bilan's
// « objectifs initiaux / actions mises en œuvre / effets attendus / résultats constatés /
// perspectives »).

export const SCHEME_BILAN_FIELDS = [
	'objectives',
	'actionsDone',
	'expectedEffects',
	'resultsObserved',
	'outlook'
] as const;
export type SchemeBilanField = (typeof SCHEME_BILAN_FIELDS)[number];

export const SCHEME_BILAN_LABELS: Record<SchemeBilanField, string> = {
	objectives: 'Objectifs initiaux',
	actionsDone: 'Actions mises en œuvre',
	expectedEffects: 'Effets attendus',
	resultsObserved: 'Résultats constatés',
	outlook: 'Perspectives / évolutions'
};

const MAX = 10_000;
/** Blank is « left to the pre-filled text »: stored as null. */
const column = z
	.string()
	.max(MAX, `${MAX.toLocaleString('fr-FR')} caractères au plus.`)
	.transform((v) => v.replace(/\r\n/g, '\n').trim() || null);

export const schemeBilanSchema = z.object({
	objectives: column,
	actionsDone: column,
	expectedEffects: column,
	resultsObserved: column,
	outlook: column
});
export type SchemeBilanInput = z.output<typeof schemeBilanSchema>;
