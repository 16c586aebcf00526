import { foldText } from '$lib/domain/text';

// The figures template: one format for the file the pilot downloads and for the file read back,
// so that what is written is what is expected. Columns are found by their header (case, accents
// and punctuation ignored), so moving a column does not break the import.

export const FIGURES_SHEETS = { instructions: 'Instructions', figures: 'Chiffres' } as const;

export type FiguresColumnKey =
	| 'key'
	| 'version'
	| 'fiche'
	| 'ficheTitle'
	| 'indicator'
	| 'breakdown'
	| 'unit'
	| 'target'
	| 'previous'
	| 'value'
	| 'notAvailable'
	| 'comment'
	| 'status'
	| 'note';

export type FiguresColumn = {
	key: FiguresColumnKey;
	header: string;
	width: number;
	/** Filled by the pilot (yellow); the others are grey and only informative. */
	input?: boolean;
	/** Technical column, hidden in the template but read back. */
	hidden?: boolean;
	/** Read back: the import refuses a file without it. */
	required?: boolean;
};

export const FIGURES_COLUMNS: FiguresColumn[] = [
	{ key: 'key', header: 'Clé de la ligne', width: 10, hidden: true, required: true },
	{ key: 'version', header: 'Version', width: 8, hidden: true, required: true },
	{ key: 'fiche', header: 'N° fiche', width: 8 },
	{ key: 'ficheTitle', header: 'Fiche', width: 32 },
	{ key: 'indicator', header: 'Indicateur', width: 48 },
	{ key: 'breakdown', header: 'Ventilation', width: 20 },
	{ key: 'unit', header: 'Unité attendue', width: 22 },
	{ key: 'target', header: 'Cible de l’année', width: 11 },
	{ key: 'previous', header: 'Période précédente', width: 16 },
	{ key: 'value', header: 'Valeur', width: 16, input: true, required: true },
	{ key: 'notAvailable', header: 'Non disponible', width: 11, input: true, required: true },
	{ key: 'comment', header: 'Commentaire', width: 45, input: true, required: true },
	{ key: 'status', header: 'État actuel', width: 20 },
	{ key: 'note', header: 'À noter', width: 40 }
];

/** Labels of the technical key/value rows of the instructions sheet. */
export const TEMPLATE_KEYS = {
	scheme: 'Identifiant du schéma',
	period: 'Code de la période'
} as const;

export const YES = 'Oui';
export const NO = 'Non';

const folded = new Map(FIGURES_COLUMNS.map((c) => [foldText(c.header), c.key]));

/** The column key a header names, whatever its case, accents or punctuation; null otherwise. */
export function columnOfHeader(header: unknown): FiguresColumnKey | null {
	if (typeof header !== 'string') return null;
	return folded.get(foldText(header)) ?? null;
}
