import {
	FICHE_STATE_LABELS,
	INDICATOR_KIND_LABELS,
	INDICATOR_UNIT_LABELS,
	ORGANISATION_TYPE_LABELS,
	PERIODICITY_LABELS,
	POLARITY_LABELS,
	SCHEME_STATE_LABELS
} from '$lib/domain/enums';
import { textToList } from '$lib/domain/list-text';
import type { ListItem } from '$lib/domain/plan-document';
import { foldText } from '$lib/domain/text';

// The plan workbook: one format for the export, the empty template and the import, so that
// importing an export reproduces the plan exactly. Columns are found by their header (case,
// accents and punctuation ignored), so a user may reorder them; enumerations are written with
// their French label and read from the label or the code.

export const PLAN_SHEETS = {
	instructions: 'Instructions',
	scheme: 'Schéma',
	organisations: 'Organisations',
	tree: 'Arborescence',
	fiches: 'Fiches',
	actors: 'Acteurs',
	indicators: 'Indicateurs',
	targets: 'Cibles',
	lists: 'Listes'
} as const;

export type ColumnKind =
	'text' | 'long' | 'list' | 'lines' | 'enum' | 'integer' | 'number' | 'date' | 'boolean';

export type EnumList = {
	name: string;
	/** code → label, in the order of the drop-down list. */
	labels: Record<string, string>;
	/** Other accepted spellings → code. */
	synonyms?: Record<string, string>;
};

export const ROLE_LABELS = { pilot: 'Pilote', partner: 'Partenaire' } as const;
export const YES_NO_LABELS = { oui: 'Oui', non: 'Non' } as const;

export const ENUM_LISTS = {
	schemeState: { name: 'État du schéma', labels: SCHEME_STATE_LABELS },
	ficheState: { name: 'État de la fiche', labels: FICHE_STATE_LABELS },
	organisationType: { name: 'Type d’organisation', labels: ORGANISATION_TYPE_LABELS },
	indicatorKind: {
		name: 'Type d’indicateur',
		labels: INDICATOR_KIND_LABELS,
		synonyms: {
			Réalisation: 'realisation',
			'De réalisation': 'realisation',
			'Mise en œuvre': 'realisation',
			'De mise en œuvre': 'realisation',
			Résultat: 'resultat',
			'De résultat': 'resultat'
		}
	},
	unit: {
		name: 'Unité',
		labels: INDICATOR_UNIT_LABELS,
		synonyms: {
			'%': 'pourcentage',
			Montant: 'montant',
			'€': 'montant',
			Oui: 'oui_non',
			'Oui/Non': 'oui_non'
		}
	},
	polarity: { name: 'Polarité', labels: POLARITY_LABELS },
	periodicity: { name: 'Périodicité', labels: PERIODICITY_LABELS },
	role: {
		name: 'Rôle',
		labels: ROLE_LABELS,
		synonyms: { Pilotes: 'pilot', Partenaires: 'partner', 'Partenaire associé': 'partner' }
	},
	yesNo: {
		name: 'Oui / non',
		labels: YES_NO_LABELS,
		synonyms: { x: 'oui', vrai: 'oui', faux: 'non' }
	}
} satisfies Record<string, EnumList>;
export type EnumListKey = keyof typeof ENUM_LISTS;

export type ColumnSpec = {
	key: string;
	header: string;
	width: number;
	kind: ColumnKind;
	required?: boolean;
	list?: EnumListKey;
	help: string;
};

export type TableSheetSpec = {
	name: string;
	purpose: string;
	columns: ColumnSpec[];
	freezeFirstColumn?: boolean;
};

const LIST_HELP =
	'Un élément par ligne (Alt+Entrée dans la cellule) ; un retrait de deux espaces en début de ligne en fait un sous-point ; la puce ou le numéro écrit (« 1) », « • », « - ») est conservé.';
const LINES_HELP = 'Une valeur par ligne (Alt+Entrée dans la cellule).';
const TEXT_HELP =
	'Texte libre ; une ligne vide sépare les paragraphes, une ligne commençant par « - » est un élément de liste.';

export const SCHEME_FIELDS: ColumnSpec[] = [
	{
		key: 'slug',
		header: 'Identifiant',
		width: 0,
		kind: 'text',
		required: true,
		help: 'En minuscules, chiffres et tirets, unique dans l’application : il figure dans les adresses (exemple : « haute-vienne-2022-2026 »).'
	},
	{
		key: 'departmentCode',
		header: 'Code du département',
		width: 0,
		kind: 'text',
		required: true,
		help: 'Deux ou trois chiffres, ou 2A / 2B.'
	},
	{
		key: 'departmentName',
		header: 'Département',
		width: 0,
		kind: 'text',
		required: true,
		help: 'Nom du département.'
	},
	{
		key: 'title',
		header: 'Intitulé',
		width: 0,
		kind: 'text',
		required: true,
		help: 'Intitulé du schéma.'
	},
	{
		key: 'subtitle',
		header: 'Sous-titre',
		width: 0,
		kind: 'text',
		help: 'Facultatif (exemple : « Livret des fiches actions 2017-2018 »).'
	},
	{
		key: 'startYear',
		header: 'Année de début',
		width: 0,
		kind: 'integer',
		required: true,
		help: 'Année sur quatre chiffres.'
	},
	{
		key: 'endYear',
		header: 'Année de fin',
		width: 0,
		kind: 'integer',
		required: true,
		help: 'Année sur quatre chiffres, au moins égale à l’année de début.'
	},
	{
		key: 'state',
		header: 'État',
		width: 0,
		kind: 'enum',
		list: 'schemeState',
		required: true,
		help: 'Choisir dans la liste.'
	},
	{
		key: 'level1',
		header: 'Niveau 1',
		width: 0,
		kind: 'text',
		required: true,
		help: 'Nom du premier niveau de l’arborescence (exemple : « Axe stratégique »).'
	},
	{
		key: 'level2',
		header: 'Niveau 2',
		width: 0,
		kind: 'text',
		help: 'Nom du deuxième niveau (exemple : « Axe »), s’il existe.'
	},
	{
		key: 'level3',
		header: 'Niveau 3',
		width: 0,
		kind: 'text',
		help: 'Nom du troisième niveau (exemple : « Objectif »), s’il existe.'
	},
	{
		key: 'level4',
		header: 'Niveau 4',
		width: 0,
		kind: 'text',
		help: 'Nom du quatrième niveau, s’il existe (quatre niveaux au plus).'
	},
	{ key: 'description', header: 'Description', width: 0, kind: 'long', help: TEXT_HELP },
	{
		key: 'source',
		header: 'Source',
		width: 0,
		kind: 'long',
		help: 'Document d’origine (facultatif).'
	}
];

export const SCHEME_SHEET_COLUMNS = [
	{ header: 'Champ', width: 24, wrap: true },
	{ header: 'Valeur', width: 70, wrap: true },
	{ header: 'Explication', width: 60, wrap: true }
];

export const ORGANISATIONS_SHEET: TableSheetSpec = {
	name: PLAN_SHEETS.organisations,
	purpose:
		'Les organisations pilotes ou partenaires. À l’import, chacune est rapprochée d’une organisation existante par sa clé, son nom ou son nom court (sans tenir compte des majuscules ni des accents) ; sinon elle est créée. L’aperçu montre ces rapprochements avant confirmation.',
	columns: [
		{
			key: 'key',
			header: 'Clé',
			width: 18,
			kind: 'text',
			required: true,
			help: 'Identifiant court en minuscules et tirets, unique (exemple : « caf-87 »). Les feuilles Acteurs y renvoient.'
		},
		{ key: 'name', header: 'Nom', width: 45, kind: 'text', required: true, help: 'Nom complet.' },
		{
			key: 'shortName',
			header: 'Nom court',
			width: 20,
			kind: 'text',
			required: true,
			help: 'Nom court ou sigle (exemple : « CAF 87 »).'
		},
		{
			key: 'type',
			header: 'Type',
			width: 20,
			kind: 'enum',
			list: 'organisationType',
			required: true,
			help: 'Choisir dans la liste.'
		},
		{
			key: 'aliases',
			header: 'Autres appellations',
			width: 45,
			kind: 'lines',
			help: `Autres façons de l’écrire dans les fiches. ${LINES_HELP}`
		}
	]
};

export const TREE_SHEET: TableSheetSpec = {
	name: PLAN_SHEETS.tree,
	purpose:
		'L’arborescence du plan (par exemple axes stratégiques, axes, objectifs), une ligne par élément, dans l’ordre du plan.',
	columns: [
		{
			key: 'ref',
			header: 'Réf.',
			width: 22,
			kind: 'text',
			required: true,
			help: 'Référence unique de la ligne, reprise par « Réf. du parent » et par la feuille Fiches (l’export y met le chemin des codes, par exemple « 1 / 1.1 / Objectif 1 »).'
		},
		{
			key: 'parentRef',
			header: 'Réf. du parent',
			width: 22,
			kind: 'text',
			help: 'Vide pour un élément du premier niveau ; sinon la « Réf. » de l’élément qui le contient, placé plus haut dans la feuille.'
		},
		{
			key: 'code',
			header: 'Code',
			width: 12,
			kind: 'text',
			required: true,
			help: 'Code affiché (exemple : « 1.2 » ou « Objectif 1 »).'
		},
		{
			key: 'title',
			header: 'Intitulé',
			width: 60,
			kind: 'long',
			required: true,
			help: 'Intitulé tel qu’écrit dans le schéma.'
		},
		{
			key: 'tocTitle',
			header: 'Intitulé au sommaire',
			width: 40,
			kind: 'long',
			help: 'Seulement s’il diffère de l’intitulé.'
		},
		{
			key: 'note',
			header: 'Note',
			width: 40,
			kind: 'long',
			help: 'Remarque de transcription (facultatif).'
		}
	]
};

export const FICHES_SHEET: TableSheetSpec = {
	name: PLAN_SHEETS.fiches,
	purpose:
		'Une ligne par fiche action ; dans un même élément de l’arborescence, les fiches sont rangées par numéro.',
	freezeFirstColumn: true,
	columns: [
		{
			key: 'number',
			header: 'N°',
			width: 8,
			kind: 'text',
			required: true,
			help: 'Numéro de la fiche, unique (exemple : « 11 bis »).'
		},
		{
			key: 'nodeRef',
			header: 'Réf. du rattachement',
			width: 22,
			kind: 'text',
			required: true,
			help: 'La « Réf. » de l’élément de l’arborescence qui contient la fiche.'
		},
		{
			key: 'title',
			header: 'Intitulé',
			width: 50,
			kind: 'long',
			required: true,
			help: 'Intitulé de l’action.'
		},
		{
			key: 'tocTitle',
			header: 'Intitulé au sommaire',
			width: 30,
			kind: 'long',
			help: 'Seulement s’il diffère de l’intitulé.'
		},
		{
			key: 'priorityLabel',
			header: 'Priorité',
			width: 18,
			kind: 'text',
			help: 'Mention de priorité (exemple : « Priorité 2017/2018 »).'
		},
		{
			key: 'state',
			header: 'État',
			width: 14,
			kind: 'enum',
			list: 'ficheState',
			required: true,
			help: 'Choisir dans la liste.'
		},
		{
			key: 'context',
			header: 'Contexte / Constats / problématiques',
			width: 60,
			kind: 'long',
			help: TEXT_HELP
		},
		{
			key: 'steps',
			header: 'Déclinaison opérationnelle',
			width: 60,
			kind: 'list',
			help: LIST_HELP
		},
		{
			key: 'targetPublic',
			header: 'Public(s) visé(s)',
			width: 30,
			kind: 'long',
			help: 'Texte libre.'
		},
		{
			key: 'schedule',
			header: 'Échéancier',
			width: 20,
			kind: 'long',
			help: 'Texte libre (exemple : « 2017/2018 »).'
		},
		{
			key: 'startDate',
			header: 'Date de début',
			width: 13,
			kind: 'date',
			help: 'Date au format jj/mm/aaaa (facultatif).'
		},
		{
			key: 'endDate',
			header: 'Date de fin',
			width: 13,
			kind: 'date',
			help: 'Date au format jj/mm/aaaa, pas avant la date de début (facultatif).'
		},
		{
			key: 'quantitative',
			header: 'Résultats attendus quantitatifs',
			width: 45,
			kind: 'list',
			help: LIST_HELP
		},
		{
			key: 'qualitative',
			header: 'Résultats attendus qualitatifs',
			width: 45,
			kind: 'list',
			help: LIST_HELP
		},
		{
			key: 'unclassified',
			header: 'Résultats attendus sans distinction',
			width: 45,
			kind: 'list',
			help: `Résultats écrits sans titre « Quantitatif » ou « Qualitatif ». ${LIST_HELP}`
		},
		{
			key: 'links',
			header: 'Lien avec les schémas existants',
			width: 45,
			kind: 'long',
			help: 'Texte libre.'
		},
		{
			key: 'note',
			header: 'Note',
			width: 30,
			kind: 'long',
			help: 'Remarque de transcription (facultatif).'
		}
	]
};

export const ACTORS_SHEET: TableSheetSpec = {
	name: PLAN_SHEETS.actors,
	purpose: 'Pilotes et partenaires des fiches, une ligne par acteur, dans l’ordre d’affichage.',
	columns: [
		{
			key: 'fiche',
			header: 'Fiche n°',
			width: 10,
			kind: 'text',
			required: true,
			help: 'Numéro d’une fiche de la feuille Fiches.'
		},
		{
			key: 'role',
			header: 'Rôle',
			width: 14,
			kind: 'enum',
			list: 'role',
			required: true,
			help: 'Pilote ou Partenaire.'
		},
		{
			key: 'label',
			header: 'Libellé',
			width: 50,
			kind: 'text',
			required: true,
			help: 'Tel qu’écrit dans la fiche.'
		},
		{
			key: 'org',
			header: 'Clé de l’organisation',
			width: 22,
			kind: 'text',
			help: 'La « Clé » d’une organisation de la feuille Organisations. Vide : le libellé est rapproché des organisations par leurs noms et appellations.'
		},
		{
			key: 'freeText',
			header: 'Texte libre',
			width: 12,
			kind: 'boolean',
			list: 'yesNo',
			help: '« Oui » pour garder le libellé sans organisation, même s’il ressemble à l’une d’elles.'
		}
	]
};

export const INDICATORS_SHEET: TableSheetSpec = {
	name: PLAN_SHEETS.indicators,
	purpose: 'Indicateurs d’évaluation des fiches, une ligne par mesure, dans l’ordre d’affichage.',
	freezeFirstColumn: true,
	columns: [
		{
			key: 'fiche',
			header: 'Fiche n°',
			width: 10,
			kind: 'text',
			required: true,
			help: 'Numéro d’une fiche de la feuille Fiches.'
		},
		{
			key: 'number',
			header: 'N° d’indicateur',
			width: 12,
			kind: 'integer',
			required: true,
			help: 'Numéro de l’indicateur dans la fiche (1, 2, 3…), unique dans la fiche ; la feuille Cibles y renvoie.'
		},
		{
			key: 'kind',
			header: 'Type',
			width: 24,
			kind: 'enum',
			list: 'indicatorKind',
			required: true,
			help: 'Indicateur de réalisation ou de résultat.'
		},
		{
			key: 'kindLabel',
			header: 'Intitulé du type',
			width: 18,
			kind: 'text',
			help: 'Titre tel qu’écrit dans la fiche (exemple : « De mise en œuvre »), facultatif.'
		},
		{
			key: 'label',
			header: 'Libellé',
			width: 60,
			kind: 'long',
			required: true,
			help: 'L’indicateur tel qu’écrit dans la fiche.'
		},
		{
			key: 'measure',
			header: 'Mesure',
			width: 30,
			kind: 'text',
			help: 'Quand une ligne de la fiche porte plusieurs mesures (« Nombre et pourcentage de… »), une ligne par mesure avec le même libellé ; l’unité est alors obligatoire.'
		},
		{
			key: 'unit',
			header: 'Unité',
			width: 14,
			kind: 'enum',
			list: 'unit',
			help: 'Choisir dans la liste ; vide : déduite du libellé (« Nombre de… », « Taux de… »).'
		},
		{
			key: 'polarity',
			header: 'Polarité',
			width: 26,
			kind: 'enum',
			list: 'polarity',
			help: 'Sens souhaité ; vide : « Plus c’est haut, mieux c’est ».'
		},
		{
			key: 'periodicity',
			header: 'Périodicité',
			width: 14,
			kind: 'enum',
			list: 'periodicity',
			help: 'Fréquence de relevé ; vide : annuelle.'
		},
		{
			key: 'baselineValue',
			header: 'Valeur de référence',
			width: 14,
			kind: 'number',
			help: 'Nombre, avec l’année de référence.'
		},
		{
			key: 'baselineYear',
			header: 'Année de référence',
			width: 12,
			kind: 'integer',
			help: 'Année de la valeur de référence.'
		},
		{
			key: 'breakdownLabel',
			header: 'Ventilation',
			width: 18,
			kind: 'text',
			help: 'Nom de la ventilation (exemple : « Public »), avec ses valeurs.'
		},
		{
			key: 'breakdownValues',
			header: 'Valeurs de la ventilation',
			width: 30,
			kind: 'lines',
			help: `Au moins deux valeurs distinctes. ${LINES_HELP}`
		},
		{
			key: 'note',
			header: 'Note',
			width: 40,
			kind: 'long',
			help: 'Pourquoi une unité, une cible ou une ventilation a été choisie (facultatif).'
		}
	]
};

export const TARGETS_SHEET: TableSheetSpec = {
	name: PLAN_SHEETS.targets,
	purpose: 'Valeurs cibles des indicateurs, une ligne par année.',
	columns: [
		{
			key: 'fiche',
			header: 'Fiche n°',
			width: 10,
			kind: 'text',
			required: true,
			help: 'Numéro d’une fiche de la feuille Fiches.'
		},
		{
			key: 'indicator',
			header: 'N° d’indicateur',
			width: 12,
			kind: 'integer',
			required: true,
			help: 'Le « N° d’indicateur » de la feuille Indicateurs.'
		},
		{
			key: 'year',
			header: 'Année',
			width: 10,
			kind: 'integer',
			required: true,
			help: 'Année de la cible, une seule fois par indicateur.'
		},
		{
			key: 'value',
			header: 'Valeur',
			width: 14,
			kind: 'number',
			required: true,
			help: 'Valeur visée (pour un pourcentage, 12,5 pour 12,5 %).'
		}
	]
};

export const TABLE_SHEETS = [
	ORGANISATIONS_SHEET,
	TREE_SHEET,
	FICHES_SHEET,
	ACTORS_SHEET,
	INDICATORS_SHEET,
	TARGETS_SHEET
];

/** The key used to compare headers, sheet names and enumeration labels. */
export function headerKey(text: string): string {
	return foldText(text);
}

/** Reads an enumeration from its label, code or a synonym; null when it is none of them. */
export function enumCode(list: EnumList, value: string): string | null {
	const key = headerKey(value);
	if (!key) return null;
	for (const [code, label] of Object.entries(list.labels)) {
		if (headerKey(label) === key || headerKey(code) === key) return code;
	}
	for (const [synonym, code] of Object.entries(list.synonyms ?? {})) {
		if (headerKey(synonym) === key) return code;
	}
	return null;
}

/** Path of codes that names a node uniquely in the export ("1 / 1.1 / Objectif 1"). */
export function nodeRef(codes: string[]): string {
	return codes.join(' / ');
}

// Arrows the booklets use as bullets but textToList does not know yet: kept as markers too.
const ARROW_MARKER = /^(=>|->|→)\s+(?=\S)/;

/** A list cell → items, as textToList reads it, arrow bullets included. */
export function listFromCell(text: string): ListItem[] {
	const withArrows = (items: ListItem[]): ListItem[] =>
		items.map((item) => {
			const arrow = item.marker ? null : ARROW_MARKER.exec(item.text);
			const children = item.children?.length ? { children: withArrows(item.children) } : {};
			return arrow
				? { text: item.text.slice(arrow[0].length), marker: arrow[1], ...children }
				: { ...item, ...children };
		});
	return withArrows(textToList(text));
}
