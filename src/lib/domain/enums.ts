// Enumerations shared by the database, the forms and the API.
// Codes are stable English-free identifiers (stored in the database); labels are what users read.

export const SCHEME_STATES = ['en_preparation', 'en_cours', 'clos'] as const;
export type SchemeState = (typeof SCHEME_STATES)[number];
export const SCHEME_STATE_LABELS: Record<SchemeState, string> = {
	en_preparation: 'En préparation',
	en_cours: 'En cours',
	clos: 'Clos'
};

/** SDSF (département), convention territoriale globale, schéma pluriannuel petite enfance, PEDT. */
export const SCHEME_KINDS = ['sdsf', 'ctg', 'sppe', 'pedt', 'autre'] as const;
export type SchemeKind = (typeof SCHEME_KINDS)[number];
export const SCHEME_KIND_LABELS: Record<SchemeKind, string> = {
	sdsf: 'Schéma départemental des services aux familles',
	ctg: 'Convention territoriale globale',
	sppe: 'Schéma pluriannuel petite enfance',
	pedt: 'Projet éducatif territorial',
	autre: 'Autre schéma'
};

export const TERRITORY_KINDS = ['departement', 'epci', 'commune'] as const;
export type TerritoryKind = (typeof TERRITORY_KINDS)[number];
export const TERRITORY_KIND_LABELS: Record<TerritoryKind, string> = {
	departement: 'Département',
	epci: 'EPCI',
	commune: 'Commune'
};

export const FICHE_STATES = [
	'a_elaborer',
	'a_lancer',
	'en_cours',
	'realisee',
	'suspendue',
	'abandonnee'
] as const;
export type FicheState = (typeof FICHE_STATES)[number];
export const FICHE_STATE_LABELS: Record<FicheState, string> = {
	a_elaborer: 'À élaborer',
	a_lancer: 'À lancer',
	en_cours: 'En cours',
	realisee: 'Réalisée',
	suspendue: 'Suspendue',
	abandonnee: 'Abandonnée'
};

export const ORGANISATION_TYPES = [
	'etat',
	'caf',
	'msa',
	'departement',
	'commune_epci',
	'education_nationale',
	'association',
	'autre'
] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];
export const ORGANISATION_TYPE_LABELS: Record<OrganisationType, string> = {
	etat: 'État',
	caf: 'CAF',
	msa: 'MSA',
	departement: 'Département',
	commune_epci: 'Commune / EPCI',
	education_nationale: 'Éducation nationale',
	association: 'Association',
	autre: 'Autre'
};

/** Output (réalisation, also called "de mise en œuvre") or outcome (résultat). */
export const INDICATOR_KINDS = ['realisation', 'resultat'] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];
export const INDICATOR_KIND_LABELS: Record<IndicatorKind, string> = {
	realisation: 'Indicateur de réalisation',
	resultat: 'Indicateur de résultat'
};

export const INDICATOR_UNITS = ['nombre', 'pourcentage', 'montant', 'oui_non', 'texte'] as const;
export type IndicatorUnit = (typeof INDICATOR_UNITS)[number];
export const INDICATOR_UNIT_LABELS: Record<IndicatorUnit, string> = {
	nombre: 'Nombre',
	pourcentage: 'Pourcentage',
	montant: 'Montant (€)',
	oui_non: 'Oui / non',
	texte: 'Texte'
};

export const POLARITIES = ['higher_better', 'lower_better', 'reach_target'] as const;
export type Polarity = (typeof POLARITIES)[number];
export const POLARITY_LABELS: Record<Polarity, string> = {
	higher_better: 'Plus c’est haut, mieux c’est',
	lower_better: 'Plus c’est bas, mieux c’est',
	reach_target: 'Atteindre la cible'
};

export const PERIODICITIES = ['annuelle', 'semestrielle', 'trimestrielle'] as const;
export type Periodicity = (typeof PERIODICITIES)[number];
export const PERIODICITY_LABELS: Record<Periodicity, string> = {
	annuelle: 'Annuelle',
	semestrielle: 'Semestrielle',
	trimestrielle: 'Trimestrielle'
};

/** The ordered lists a fiche holds. */
export const FICHE_LIST_KINDS = [
	'step',
	'result_quantitative',
	'result_qualitative',
	'result_unclassified'
] as const;
export type FicheListKind = (typeof FICHE_LIST_KINDS)[number];

export const ACTOR_ROLES = ['pilot', 'partner'] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

/** The follow-up of a committee decision (migration 0013). */
export const DECISION_STATES = ['a_faire', 'en_cours', 'fait', 'abandonnee'] as const;
export type DecisionState = (typeof DECISION_STATES)[number];
export const DECISION_STATE_LABELS: Record<DecisionState, string> = {
	a_faire: 'À faire',
	en_cours: 'En cours',
	fait: 'Fait',
	abandonnee: 'Abandonnée'
};
/** Still to follow: shown on the fiche and at the next meeting. */
export const isDecisionOpen = (state: DecisionState) => state === 'a_faire' || state === 'en_cours';
