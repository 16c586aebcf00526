import { z } from 'zod';
import { FICHE_STATES, type FicheState, type Polarity } from './enums';

// Steering-committee dashboard: the weather (météo) of a fiche, off-target and staleness rules,
// the filters as they live in the URL, and the override form. Browser-safe: pages show the same
// rules the server applies.

// ---------------------------------------------------------------------------------------------
// Weather

export const METEOS = ['on_track', 'at_risk', 'off_track', 'not_assessed'] as const;
export type Meteo = (typeof METEOS)[number];
export const METEO_LABELS: Record<Meteo, string> = {
	on_track: 'En bonne voie',
	at_risk: 'À surveiller',
	off_track: 'Hors trajectoire',
	not_assessed: 'Non évaluée'
};
/** A symbol repeats the label (never alone: the label is always written next to it). */
export const METEO_SYMBOLS: Record<Meteo, string> = {
	on_track: '☀',
	at_risk: '☁',
	off_track: '☂',
	not_assessed: '○'
};

/** Tolerance of "reach the target": a value within 10 % of the target counts as reached. */
export const REACH_TARGET_TOLERANCE = 0.1;
/** A milestone late by more than this many months puts the fiche off track. */
export const SEVERE_MILESTONE_MONTHS = 3;
/** Share of the assessed indicators off target from which the fiche is off track. */
export const OFF_TRACK_SHARE = 0.5;
export const DEFAULT_STALE_MONTHS = 6;

/**
 * Whether a value misses its target, by the indicator's polarity:
 * - higher_better: off when the value is below the target;
 * - lower_better: off when the value is above the target;
 * - reach_target: off when the value is more than 10 % of the target away from it, either way
 *   (|value − target| > 10 % × |target|; a target of 0 tolerates no gap).
 * A missing or non-finite value or target is never off target: there is nothing to compare.
 */
export function isOffTarget(
	value: number | null,
	target: number | null,
	polarity: Polarity
): boolean {
	if (value === null || target === null || !Number.isFinite(value) || !Number.isFinite(target))
		return false;
	switch (polarity) {
		case 'higher_better':
			return value < target;
		case 'lower_better':
			return value > target;
		case 'reach_target':
			// Rounded so that 110 for a target of 100 is "within 10 %" despite binary fractions.
			return (
				roundTo(Math.abs(value - target), 9) > roundTo(Math.abs(target) * REACH_TARGET_TOLERANCE, 9)
			);
	}
}

function roundTo(value: number, digits: number): number {
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
}

/** "2019-03-31" (or a full ISO timestamp) plus n calendar months, clamped to the month's last day. */
export function addMonths(isoDate: string, months: number): string {
	const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
	const monthIndex = m - 1 + months;
	const year = y + Math.floor(monthIndex / 12);
	const month = ((monthIndex % 12) + 12) % 12;
	const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${year}-${pad(month + 1)}-${pad(Math.min(d, lastDay))}`;
}

/** Whole calendar months from one date to a later one (0 when not later). */
export function monthsBetween(from: string, to: string): number {
	const [fy, fm, fd] = from.slice(0, 10).split('-').map(Number);
	const [ty, tm, td] = to.slice(0, 10).split('-').map(Number);
	let months = (ty - fy) * 12 + (tm - fm);
	if (td < fd && addMonths(from, months) > to.slice(0, 10)) months--;
	return Math.max(0, months);
}

/**
 * Stale: no update for `months` months, i.e. the last update plus that many calendar months is
 * today or earlier (updated on 15/01, 6 months → stale from 15/07). Dates compare by day (UTC).
 * A fiche never updated (null) is stale.
 */
export function isStale(lastUpdate: string | null, now: string, months: number): boolean {
	if (!lastUpdate) return true;
	return addMonths(lastUpdate, months) <= now.slice(0, 10);
}

/** A milestone not done on `asOf` whose due date is earlier (done after asOf: still late then). */
export function isMilestoneLateOn(
	milestone: { dueOn: string; doneOn: string | null },
	asOf: string
): boolean {
	return milestone.dueOn < asOf && (milestone.doneOn === null || milestone.doneOn > asOf);
}

/** Late by more than SEVERE_MILESTONE_MONTHS on `asOf`. */
export function isMilestoneSeverelyLate(
	milestone: { dueOn: string; doneOn: string | null },
	asOf: string
): boolean {
	return (
		isMilestoneLateOn(milestone, asOf) && addMonths(milestone.dueOn, SEVERE_MILESTONE_MONTHS) < asOf
	);
}

export type MeteoInput = {
	state: FicheState;
	/** Indicators with a target for the period's year and a validated value to compare. */
	assessedIndicators: number;
	/** Among them, those off target. */
	offTargetIndicators: number;
	/** Validated figures of the fiche in the period (any indicator, "non disponible" included). */
	validatedFigures: number;
	/** Milestones late on the reference date, with their due dates. */
	lateMilestones: { dueOn: string; doneOn: string | null }[];
	/** Reference date: the period's last day, or today while the period runs. */
	asOf: string;
	/** Whether staleness counts (the period is still running) and the fiche is stale. */
	stale: boolean;
	staleMonths: number;
};

export type MeteoVerdict = { meteo: Meteo; reasons: string[] };

const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

/**
 * The computed weather of a fiche for a period. Rules, the first that applies wins (the same
 * text is shown on the dashboard by `meteoRules`):
 * 1. Hors trajectoire — the fiche is suspended or abandoned; or at least half of the indicators
 *    that have a target and a validated value are off target; or a milestone is late by more
 *    than 3 months.
 * 2. À surveiller — an indicator is off target; or a milestone is late; or the fiche is "en
 *    cours" and has had no update for N months (only while the period runs).
 * 3. En bonne voie — the fiche is done (réalisée); or it is started (not « à lancer » nor « à
 *    élaborer ») and has validated figures for the period, none off target.
 * 4. Non évaluée — otherwise: no validated figure for the period and no warning sign (typically
 *    a fiche still to be drafted or launched).
 */
export function computeMeteo(input: MeteoInput): MeteoVerdict {
	const severe = input.lateMilestones.filter((m) => isMilestoneSeverelyLate(m, input.asOf));
	const offTrack: string[] = [];
	if (input.state === 'suspendue') offTrack.push('Fiche suspendue.');
	if (input.state === 'abandonnee') offTrack.push('Fiche abandonnée.');
	if (
		input.assessedIndicators > 0 &&
		input.offTargetIndicators / input.assessedIndicators >= OFF_TRACK_SHARE
	) {
		offTrack.push(
			`${input.offTargetIndicators} indicateur${input.offTargetIndicators > 1 ? 's' : ''} sur ${input.assessedIndicators} hors cible (la moitié ou plus).`
		);
	}
	if (severe.length) {
		offTrack.push(
			`${plural(severe.length, 'jalon en retard', 'jalons en retard')} de plus de ${SEVERE_MILESTONE_MONTHS} mois.`
		);
	}
	if (offTrack.length) return { meteo: 'off_track', reasons: offTrack };

	const atRisk: string[] = [];
	if (input.offTargetIndicators > 0) {
		atRisk.push(
			`${input.offTargetIndicators} indicateur${input.offTargetIndicators > 1 ? 's' : ''} sur ${input.assessedIndicators} hors cible.`
		);
	}
	if (input.lateMilestones.length)
		atRisk.push(`${plural(input.lateMilestones.length, 'jalon en retard', 'jalons en retard')}.`);
	if (input.stale && input.state === 'en_cours')
		atRisk.push(`Aucune mise à jour depuis ${input.staleMonths} mois ou plus.`);
	if (atRisk.length) return { meteo: 'at_risk', reasons: atRisk };

	if (input.state === 'realisee') return { meteo: 'on_track', reasons: ['Fiche réalisée.'] };
	// A fiche not started yet is not « en bonne voie », whatever figures its indicators carry.
	if (input.state === 'a_lancer' || input.state === 'a_elaborer') {
		return {
			meteo: 'not_assessed',
			reasons: [
				input.state === 'a_lancer'
					? 'Fiche à lancer : l’action n’a pas encore commencé.'
					: 'Fiche à élaborer : l’action n’a pas encore commencé.'
			]
		};
	}
	if (input.validatedFigures > 0) {
		return {
			meteo: 'on_track',
			reasons: [
				input.assessedIndicators > 0
					? `${plural(input.validatedFigures, 'chiffre validé', 'chiffres validés')}, toutes les cibles atteintes.`
					: `${plural(input.validatedFigures, 'chiffre validé', 'chiffres validés')}, aucune cible manquée.`
			]
		};
	}
	return {
		meteo: 'not_assessed',
		reasons: ['Aucun chiffre validé pour la période et aucun signal d’alerte.']
	};
}

/** The rules in French, as the dashboard explains them (same order as computeMeteo). */
export function meteoRules(
	staleMonths: number
): { meteo: Meteo; label: string; conditions: string[] }[] {
	return [
		{
			meteo: 'off_track',
			label: METEO_LABELS.off_track,
			conditions: [
				'la fiche est suspendue ou abandonnée ;',
				'ou la moitié au moins des indicateurs qui ont une cible pour l’année et une valeur validée sont hors cible ;',
				`ou un jalon est en retard de plus de ${SEVERE_MILESTONE_MONTHS} mois.`
			]
		},
		{
			meteo: 'at_risk',
			label: METEO_LABELS.at_risk,
			conditions: [
				'au moins un indicateur est hors cible ;',
				'ou un jalon est en retard ;',
				`ou la fiche est en cours et n’a pas été mise à jour depuis ${staleMonths} mois (période en cours seulement).`
			]
		},
		{
			meteo: 'on_track',
			label: METEO_LABELS.on_track,
			conditions: [
				'la fiche est réalisée ;',
				'ou elle a commencé (ni « à élaborer » ni « à lancer ») et des chiffres sont validés pour la période, aucun hors cible.'
			]
		},
		{
			meteo: 'not_assessed',
			label: METEO_LABELS.not_assessed,
			conditions: [
				'aucun chiffre validé pour la période et aucun signal d’alerte (fiche à élaborer ou à lancer, le plus souvent).'
			]
		}
	];
}

/** How "hors cible" is judged, for the legend of the off-target table. */
export const OFF_TARGET_RULES: Record<Polarity, string> = {
	higher_better: 'plus c’est haut, mieux c’est : hors cible sous la cible',
	lower_better: 'plus c’est bas, mieux c’est : hors cible au-dessus de la cible',
	reach_target: `atteindre la cible : hors cible à plus de ${REACH_TARGET_TOLERANCE * 100} % d’écart, dans un sens ou dans l’autre`
};

// ---------------------------------------------------------------------------------------------
// Filters in the URL: ?periode=2018&axe=2&pilote=caf-87&etat=en_cours&etat=a_lancer

export type DashboardQuery = {
	periode: string | null;
	axe: string | null;
	pilote: string | null;
	etat: FicheState[];
};

const optionalText = (pattern: RegExp, max: number) =>
	z
		.preprocess(
			(v) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null),
			z.string().max(max).regex(pattern).nullable()
		)
		.catch(null);

// Schemas are built on first use: the browser bundle, which never parses, then leaves zod out.
const buildQuerySchema = () =>
	z.object({
		periode: optionalText(/^\d{4}(-[STst][1-4])?$/, 7).transform((v) => v?.toUpperCase() ?? null),
		axe: optionalText(/^[^\n\r]+$/, 40),
		pilote: optionalText(/^[a-z0-9]+(-[a-z0-9]+)*$/, 120),
		etat: z
			.array(z.string())
			.catch([])
			.transform((values) => FICHE_STATES.filter((state) => values.some((v) => v.trim() === state)))
	});

let querySchema: ReturnType<typeof buildQuerySchema> | undefined;

/** Reads the filters from a URL; malformed values are dropped, never an error. */
export function parseDashboardQuery(params: URLSearchParams): DashboardQuery {
	querySchema ??= buildQuerySchema();
	return querySchema.parse({
		periode: params.get('periode') ?? undefined,
		axe: params.get('axe') ?? undefined,
		pilote: params.get('pilote') ?? undefined,
		etat: params.getAll('etat')
	});
}

/** The query string of a set of filters (stable order, empty values left out). */
export function dashboardQueryString(query: Partial<DashboardQuery>): string {
	const params = new URLSearchParams();
	if (query.periode) params.set('periode', query.periode);
	if (query.axe) params.set('axe', query.axe);
	if (query.pilote) params.set('pilote', query.pilote);
	for (const state of query.etat ?? []) params.append('etat', state);
	const text = params.toString();
	return text ? `?${text}` : '';
}

// ---------------------------------------------------------------------------------------------
// Override form

export const MAX_OVERRIDE_REASON = 1_000;

/**
 * The coordinator's override of a fiche's weather for a period. `meteo` empty = withdraw the
 * override (back to the computed weather). The reason is always required: it goes to the history.
 * `version` is the override's version the form was based on (0 when there was none).
 */
const buildOverrideSchema = () =>
	z.object({
		fiche: z.string().trim().min(1, 'Fiche inconnue.').max(120, 'Fiche inconnue.'),
		periode: z
			.string()
			.trim()
			.regex(/^\d{4}(-[STst][1-4])?$/, 'Période inconnue.')
			.transform((v) => v.toUpperCase()),
		meteo: z
			.string()
			.trim()
			.refine(
				(v) => v === '' || (METEOS as readonly string[]).includes(v),
				'Choisissez une météo dans la liste.'
			)
			.transform((v) => (v === '' ? null : (v as Meteo))),
		reason: z
			.string({ message: 'Indiquez la raison de l’ajustement.' })
			.transform((v) => v.replace(/\r\n?/g, '\n').trim())
			.pipe(
				z
					.string()
					.min(3, 'Indiquez la raison de l’ajustement (3 caractères au moins).')
					.max(
						MAX_OVERRIDE_REASON,
						`La raison dépasse ${MAX_OVERRIDE_REASON.toLocaleString('fr-FR')} caractères.`
					)
			),
		version: z.coerce
			.number({ message: 'Version illisible : rechargez la page.' })
			.int('Version illisible : rechargez la page.')
			.min(0, 'Version illisible : rechargez la page.')
	});
let overrideSchema: ReturnType<typeof buildOverrideSchema> | undefined;

/** The override form's schema (built once, on first use). */
export function meteoOverrideSchema(): ReturnType<typeof buildOverrideSchema> {
	overrideSchema ??= buildOverrideSchema();
	return overrideSchema;
}
export type MeteoOverrideInput = z.output<ReturnType<typeof buildOverrideSchema>>;
