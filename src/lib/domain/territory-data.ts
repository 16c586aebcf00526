// Public territory series (CNAF open data) and the 2025 SPPE thresholds: pure, browser-safe.

export type SeriesUnit = 'rate' | 'places';
export type SeriesDefinition = { key: string; label: string; unit: SeriesUnit };

/**
 * The series the CNAF coverage files carry, by the stem of their field names
 * (`txcouv_eaje_epci` → `txcouv_eaje`). Rates are places per 100 children under 3: they may
 * exceed 100 and are never checked against it.
 */
export const SERIES: readonly SeriesDefinition[] = [
	{ key: 'txcouv', label: 'Taux de couverture global', unit: 'rate' },
	{ key: 'txcouv_eaje', label: 'Taux de couverture EAJE (ensemble)', unit: 'rate' },
	{ key: 'txcouv_psu_col', label: 'Taux de couverture EAJE PSU (collectif)', unit: 'rate' },
	{
		key: 'txcouv_hors_psu_col',
		label: 'Taux de couverture EAJE hors PSU (micro-crèches Paje)',
		unit: 'rate'
	},
	{ key: 'txcouv_am_ind', label: 'Taux de couverture assistants maternels', unit: 'rate' },
	{ key: 'txcouv_gad_ind', label: 'Taux de couverture garde à domicile', unit: 'rate' },
	{ key: 'txcouv_prescol', label: 'Taux de couverture préscolarisation', unit: 'rate' },
	{ key: 'pl_eaje', label: 'Places EAJE (ensemble)', unit: 'places' },
	{ key: 'pl_psu_col', label: 'Places EAJE PSU (collectif)', unit: 'places' },
	{ key: 'pl_hors_psu_col', label: 'Places EAJE hors PSU (micro-crèches Paje)', unit: 'places' },
	{ key: 'pl_am_ind', label: 'Places chez les assistants maternels', unit: 'places' },
	{ key: 'pl_gad_ind', label: 'Places en garde à domicile', unit: 'places' },
	{ key: 'pl_prescol', label: 'Places en préscolarisation', unit: 'places' },
	{ key: 'tot_offre', label: 'Offre totale (places)', unit: 'places' }
];
export const SERIES_BY_KEY: ReadonlyMap<string, SeriesDefinition> = new Map(
	SERIES.map((s) => [s.key, s])
);
export const COVERAGE_SERIES = 'txcouv';
export const SERIES_UNIT_LABELS: Record<SeriesUnit, string> = {
	rate: 'places pour 100 enfants de moins de 3 ans',
	places: 'places'
};
export const SERIES_SOURCE = 'CNAF, données ouvertes (Licence Ouverte)';
export const NATIONAL_LABEL = 'France entière hors Mayotte';

export type ValueStatus = 'published' | 'not_published';
export const VALUE_STATUS_LABELS: Record<ValueStatus, string> = {
	published: 'diffusé',
	not_published: 'non diffusé'
};

export type PopulationBand = 'under_3500' | 'from_3500_to_10000' | 'over_10000';

/** The SPPE band of a commune (or of the communes that transferred the competence to an EPCI). */
export function populationBand(population: number): PopulationBand {
	if (population < 3500) return 'under_3500';
	if (population <= 10000) return 'from_3500_to_10000';
	return 'over_10000';
}

export const POPULATION_BAND_LABELS: Record<PopulationBand, string> = {
	under_3500: 'moins de 3 500 habitants',
	from_3500_to_10000: 'de 3 500 à 10 000 habitants',
	over_10000: 'plus de 10 000 habitants'
};

const EVERY_COMMUNE = [
	'Recenser les besoins et l’offre d’accueil du jeune enfant',
	'Informer et accompagner les familles'
];
const OVER_3500 = [
	'Planifier le développement des modes d’accueil',
	'Soutenir la qualité des modes d’accueil'
];
const OVER_10000 = [
	'Adopter le schéma pluriannuel de maintien et de développement de l’offre d’accueil (compatible avec le SDSF)',
	'Mettre en place un relais petite enfance (à compter du 1er janvier 2026)'
];

/**
 * What the Service public de la petite enfance (CASF L. 214-1-3, in force 1 January 2025) asks of
 * a commune of this band; each band adds to the ones below it.
 */
export function sppeObligations(band: PopulationBand): string[] {
	if (band === 'under_3500') return [...EVERY_COMMUNE];
	if (band === 'from_3500_to_10000') return [...EVERY_COMMUNE, ...OVER_3500];
	return [...EVERY_COMMUNE, ...OVER_3500, ...OVER_10000];
}

/** The coverage threshold a coordinator sets: blank removes it; « 55,5 » and « 55.5 » both read. */
export function parseThreshold(
	raw: string
): { ok: true; value: number | null } | { ok: false; message: string } {
	const v = raw.trim().replace(/[\s\u00a0\u202f]/g, '');
	if (v === '') return { ok: true, value: null };
	if (!/^\d{1,3}([.,]\d{1,2})?$/.test(v))
		return {
			ok: false,
			message: 'Indiquez un nombre de places pour 100 enfants, par exemple 55 ou 55,5.'
		};
	const value = Number(v.replace(',', '.'));
	// Coverage rates above 100 exist (up to about 160): only an absurd threshold is refused.
	if (value > 300) return { ok: false, message: 'Le seuil ne peut dépasser 300.' };
	return { ok: true, value };
}

/** The file name the demo's fictitious territory values are imported under (shown as their source). */
export const DEMO_CONTEXT_FILE_PREFIX = 'Démonstration — valeurs fictives';
