import { todayInParis } from './paris-time';
import { z } from 'zod';
import './zod-locale';
import type { IndicatorUnit, Periodicity, Polarity } from './enums';

// Reporting rules shared by the entry grid, the figures API and the services. Browser-safe.

// ---------------------------------------------------------------------------------------------
// Periods

export const PERIOD_KINDS = ['annee', 'semestre', 'trimestre'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];
export const PERIOD_KIND_LABELS: Record<PeriodKind, string> = {
	annee: 'Année',
	semestre: 'Semestre',
	trimestre: 'Trimestre'
};

export const PERIOD_STATES = ['a_venir', 'ouverte', 'close', 'validee'] as const;
export type PeriodState = (typeof PERIOD_STATES)[number];
export const PERIOD_STATE_LABELS: Record<PeriodState, string> = {
	a_venir: 'À venir',
	ouverte: 'Ouverte',
	close: 'Close',
	validee: 'Validée'
};

export const FIGURE_STATUSES = ['brouillon', 'soumis', 'renvoye', 'valide'] as const;
export type FigureStatus = (typeof FIGURE_STATUSES)[number];
export const FIGURE_STATUS_LABELS: Record<FigureStatus, string> = {
	brouillon: 'Brouillon',
	soumis: 'Soumis',
	renvoye: 'Renvoyé pour correction',
	valide: 'Validé'
};

/** A period as the rules see it. `number` is the semester (1–2) or quarter (1–4); null for a year. */
export type PeriodRef = { kind: PeriodKind; year: number; number: number | null };

/** "2019", "2019-S1", "2019-T3": the period identifier in addresses and in the API. */
export function periodCode(period: PeriodRef): string {
	if (period.kind === 'annee') return String(period.year);
	return `${period.year}-${period.kind === 'semestre' ? 'S' : 'T'}${period.number}`;
}

/** The inverse of periodCode; null for anything else ("2019-S3", "19", "2019-t1" is accepted). */
export function parsePeriodCode(code: string): PeriodRef | null {
	const match = /^(\d{4})(?:-([ST])([1-4]))?$/i.exec(code.trim());
	if (!match) return null;
	const year = Number(match[1]);
	if (year < 1900 || year > 2999) return null;
	if (!match[2]) return { kind: 'annee', year, number: null };
	const kind: PeriodKind = match[2].toUpperCase() === 'S' ? 'semestre' : 'trimestre';
	const number = Number(match[3]);
	if (kind === 'semestre' && number > 2) return null;
	return { kind, year, number };
}

/** "Année 2019", "1er semestre 2019", "3e trimestre 2019". */
export function periodLabel(period: PeriodRef): string {
	if (period.kind === 'annee') return `Année ${period.year}`;
	const ordinal = period.number === 1 ? '1er' : `${period.number}e`;
	return `${ordinal} ${period.kind === 'semestre' ? 'semestre' : 'trimestre'} ${period.year}`;
}

/** First and last day the period covers (ISO dates). */
export function periodSpan(period: PeriodRef): { startsOn: string; endsOn: string } {
	const months = period.kind === 'annee' ? 12 : period.kind === 'semestre' ? 6 : 3;
	const firstMonth = period.kind === 'annee' ? 1 : ((period.number ?? 1) - 1) * months + 1;
	const lastMonth = firstMonth + months - 1;
	const lastDay = new Date(Date.UTC(period.year, lastMonth, 0)).getUTCDate();
	const pad = (n: number) => String(n).padStart(2, '0');
	return {
		startsOn: `${period.year}-${pad(firstMonth)}-01`,
		endsOn: `${period.year}-${pad(lastMonth)}-${pad(lastDay)}`
	};
}

/** The period of the same kind just before (2019 → 2018, 2019-S1 → 2018-S2, 2019-T1 → 2018-T4). */
export function previousPeriod(period: PeriodRef): PeriodRef {
	if (period.kind === 'annee') return { kind: 'annee', year: period.year - 1, number: null };
	const count = period.kind === 'semestre' ? 2 : 4;
	const number = period.number ?? 1;
	return number > 1
		? { kind: period.kind, year: period.year, number: number - 1 }
		: { kind: period.kind, year: period.year - 1, number: count };
}

const KIND_OF_PERIODICITY: Record<Periodicity, PeriodKind> = {
	annuelle: 'annee',
	semestrielle: 'semestre',
	trimestrielle: 'trimestre'
};

/**
 * The period kinds in which an indicator of this periodicity is expected. Exactly one: an annual
 * indicator in year periods, a half-yearly one in semesters, a quarterly one in quarters. A year
 * period does NOT ask again for half-yearly or quarterly indicators: their figures are entered
 * once, per semester or quarter, and an annual view sums or reads them there.
 */
export function expectedPeriodKinds(periodicity: Periodicity): PeriodKind[] {
	return [KIND_OF_PERIODICITY[periodicity]];
}

export function isIndicatorExpectedInPeriod(
	periodicity: Periodicity,
	period: Pick<PeriodRef, 'kind'>
): boolean {
	return expectedPeriodKinds(periodicity).includes(period.kind);
}

/**
 * Whether figures may be written: the period must be open, and the figure either new, a draft or
 * sent back. Submitted figures wait for the coordinator; validated ones are settled (the
 * coordinator may send one back). A closed or validated period refuses everything until an
 * administrator reopens it.
 */
export function canEditFigures(
	periodState: PeriodState,
	figureStatus: FigureStatus | null
): boolean {
	return (
		periodState === 'ouverte' &&
		(figureStatus === null || figureStatus === 'brouillon' || figureStatus === 'renvoye')
	);
}

/** Submitting and reviewing need an open or closed (not yet validated) period. */
export function canReviewInPeriod(periodState: PeriodState): boolean {
	return periodState === 'ouverte' || periodState === 'close';
}

/** Allowed period state changes. Reopening (close or validée → ouverte) needs a reason. */
export const PERIOD_TRANSITIONS: Record<PeriodState, PeriodState[]> = {
	a_venir: ['ouverte'],
	ouverte: ['close', 'a_venir'],
	close: ['validee', 'ouverte'],
	validee: ['ouverte']
};

export function isReopening(from: PeriodState, to: PeriodState): boolean {
	return to === 'ouverte' && (from === 'close' || from === 'validee');
}

/** Why a change of state is refused, in French; null when allowed. */
export function periodTransitionError(
	from: PeriodState,
	to: PeriodState,
	reason: string | null
): string | null {
	if (from === to) return `La période est déjà « ${PERIOD_STATE_LABELS[to]} ».`;
	if (!PERIOD_TRANSITIONS[from].includes(to)) {
		return `Une période « ${PERIOD_STATE_LABELS[from]} » ne peut pas passer à « ${PERIOD_STATE_LABELS[to]} ».`;
	}
	if (isReopening(from, to) && !reason?.trim()) return 'Indiquez la raison de la réouverture.';
	return null;
}

// ---------------------------------------------------------------------------------------------
// French number input

/** Largest magnitude accepted: a figure beyond a thousand billion is a typing error. */
export const MAX_FIGURE_MAGNITUDE = 1e12;

export type ParsedNumber =
	| { ok: true; value: number; decimals: number; symbol: '%' | '€' | null }
	| { ok: false; message: string };

const SPACES = /[\s\u00a0\u202f\u2007\u2009]/g;
const NON_ASCII_DIGIT = /\p{Nd}/u;

/**
 * Reads a number as people type it in France.
 * - Decimal comma: "1234,5". Thousands grouped by spaces (normal, no-break or narrow no-break):
 *   "1 234,5", "1\u202f234,5"; when spaces are used, groups are of three digits.
 * - A point is read as the decimal separator only when there is no comma ("1234.5", as spreadsheets
 *   export it); "1.234" or "12.500" (a point followed by exactly three-digit groups) is refused as
 *   ambiguous, since French writing uses it for thousands.
 * - One trailing "%" or "€" is allowed ("12,5 %", "1 200 €") and reported in `symbol`.
 * - A leading "-" or "−" gives a negative number (units refuse it later with their own message).
 * - Refused: empty, exponents ("1e309"), "NaN", "Infinity", non-Latin digits ("١٢"), more than
 *   MAX_FIGURE_MAGNITUDE. `decimals` counts significant decimals ("12,50" → 1).
 */
export function parseFrenchNumber(input: string): ParsedNumber {
	let text = input.trim();
	if (text === '') return { ok: false, message: 'Saisissez un nombre.' };
	let symbol: '%' | '€' | null = null;
	const suffix = /[\s\u00a0\u202f]*([%€])$/.exec(text);
	if (suffix) {
		symbol = suffix[1] as '%' | '€';
		text = text.slice(0, suffix.index).trim();
	}
	let negative = false;
	if (/^[-−]/.test(text)) {
		negative = true;
		text = text.slice(1).trim();
	}
	const asciiOnly = text.replace(/[0-9]/g, '');
	if (NON_ASCII_DIGIT.test(asciiOnly)) {
		return { ok: false, message: 'Utilisez les chiffres 0 à 9 (par exemple « 1 234,5 »).' };
	}
	if (/e/i.test(text) && /\d/.test(text)) {
		return {
			ok: false,
			message: 'La notation scientifique n’est pas acceptée : écrivez le nombre en entier.'
		};
	}
	let integer: string;
	let fraction = '';
	if (text.includes(',')) {
		const parts = text.split(',');
		if (parts.length !== 2)
			return { ok: false, message: 'Une seule virgule décimale est permise.' };
		[integer, fraction] = parts;
		if (text.includes('.'))
			return { ok: false, message: 'Utilisez la virgule comme séparateur décimal, sans point.' };
	} else if (text.includes('.')) {
		const parts = text.split('.');
		if (/^\d{1,3}(\.\d{3})+$/.test(text)) {
			return {
				ok: false,
				message:
					'Écriture ambiguë : séparez les milliers par des espaces (« 1 234 ») et les décimales par une virgule.'
			};
		}
		if (parts.length !== 2) return { ok: false, message: 'Une seule marque décimale est permise.' };
		[integer, fraction] = parts;
	} else {
		integer = text;
	}
	if (SPACES.test(integer)) {
		SPACES.lastIndex = 0;
		const grouped = integer.replace(SPACES, ' ');
		if (!/^\d{1,3}( \d{3})+$/.test(grouped)) {
			return { ok: false, message: 'Groupez les milliers par trois chiffres (« 12 345 »).' };
		}
		integer = grouped.replace(/ /g, '');
	}
	SPACES.lastIndex = 0;
	if (!/^\d*$/.test(integer) || !/^\d*$/.test(fraction) || (integer === '' && fraction === '')) {
		return { ok: false, message: 'Ce n’est pas un nombre : écrivez par exemple « 1 234,5 ».' };
	}
	if (integer.replace(/^0+/, '').length > 13)
		return { ok: false, message: 'Ce nombre est trop grand.' };
	const value = Number(`${integer || '0'}.${fraction || '0'}`) * (negative ? -1 : 1);
	if (!Number.isFinite(value) || Math.abs(value) > MAX_FIGURE_MAGNITUDE) {
		return { ok: false, message: 'Ce nombre est trop grand.' };
	}
	const decimals = fraction.replace(/0+$/, '').length;
	return { ok: true, value: value === 0 ? 0 : value, decimals, symbol };
}

// ---------------------------------------------------------------------------------------------
// Figure values

export const MAX_FIGURE_TEXT = 2_000;
export const MAX_FIGURE_COMMENT = 2_000;

/** What a figure holds once read: a number, a text, yes/no, "non disponible", or nothing yet. */
export type FigureValue =
	| { kind: 'number'; value: number }
	| { kind: 'text'; value: string }
	| { kind: 'boolean'; value: boolean }
	| { kind: 'not_available' }
	| { kind: 'empty' };

export type ParsedFigure = { ok: true; value: FigureValue } | { ok: false; message: string };

const NOT_AVAILABLE_WORDS = ['nd', 'n.d.', 'n/d', 'non disponible'];

/** "nd", "n.d.", "n/d", "non disponible" (any case) mean "non disponible", never zero. */
export function isNotAvailableWord(raw: string): boolean {
	return NOT_AVAILABLE_WORDS.includes(raw.trim().toLowerCase());
}

/**
 * Reads what a pilot typed for an indicator of this unit. Empty → `empty` (a draft may leave a
 * line blank). Rules: nombre — a whole number ≥ 0; pourcentage — 0 to 100, one decimal at most
 * ("12,5 %"); montant — euros ≥ 0 with cents at most ("1 234,56 €"); oui_non — « oui » / « non »;
 * texte — up to MAX_FIGURE_TEXT characters.
 */
export function parseFigureInput(unit: IndicatorUnit, raw: string): ParsedFigure {
	const text = raw.replace(/\r\n?/g, '\n').trim();
	if (text === '') return { ok: true, value: { kind: 'empty' } };
	if (isNotAvailableWord(text)) return { ok: true, value: { kind: 'not_available' } };
	switch (unit) {
		case 'texte':
			if (text.length > MAX_FIGURE_TEXT) {
				return {
					ok: false,
					message: `Ce texte dépasse ${MAX_FIGURE_TEXT.toLocaleString('fr-FR')} caractères.`
				};
			}
			return { ok: true, value: { kind: 'text', value: text } };
		case 'oui_non': {
			const word = text.toLowerCase();
			if (word === 'oui') return { ok: true, value: { kind: 'boolean', value: true } };
			if (word === 'non') return { ok: true, value: { kind: 'boolean', value: false } };
			return { ok: false, message: 'Répondez « oui » ou « non ».' };
		}
		default:
			return parseNumericFigure(unit, text);
	}
}

function parseNumericFigure(
	unit: 'nombre' | 'pourcentage' | 'montant',
	text: string
): ParsedFigure {
	const parsed = parseFrenchNumber(text);
	if (!parsed.ok) return parsed;
	const { value, decimals, symbol } = parsed;
	if (unit === 'nombre') {
		if (symbol) return { ok: false, message: `Un nombre est attendu, sans « ${symbol} ».` };
		if (value < 0) return { ok: false, message: 'Le nombre ne peut pas être négatif.' };
		if (decimals > 0)
			return { ok: false, message: 'Un nombre entier est attendu (sans décimale).' };
		return { ok: true, value: { kind: 'number', value } };
	}
	if (unit === 'pourcentage') {
		if (symbol === '€')
			return { ok: false, message: 'Un pourcentage est attendu, pas un montant.' };
		if (value < 0 || value > 100)
			return { ok: false, message: 'Un pourcentage est compris entre 0 et 100.' };
		if (decimals > 1) return { ok: false, message: 'Une décimale au plus (par exemple « 12,5 »).' };
		return { ok: true, value: { kind: 'number', value: Math.round(value * 10) / 10 } };
	}
	if (symbol === '%')
		return { ok: false, message: 'Un montant en euros est attendu, pas un pourcentage.' };
	if (value < 0) return { ok: false, message: 'Le montant ne peut pas être négatif.' };
	if (decimals > 2) return { ok: false, message: 'Deux décimales au plus (les centimes).' };
	return { ok: true, value: { kind: 'number', value: Math.round(value * 100) / 100 } };
}

/**
 * Reads a value sent as JSON by the API: a number, a string in French writing, a boolean for
 * oui_non, or null (nothing). Same rules and messages as the grid.
 */
export function parseFigureJson(unit: IndicatorUnit, value: unknown): ParsedFigure {
	if (value === null || value === undefined) return { ok: true, value: { kind: 'empty' } };
	if (typeof value === 'boolean') {
		if (unit !== 'oui_non')
			return { ok: false, message: 'Une valeur oui/non n’est pas attendue pour cet indicateur.' };
		return { ok: true, value: { kind: 'boolean', value } };
	}
	if (typeof value === 'number') {
		if (unit === 'texte' || unit === 'oui_non') {
			return {
				ok: false,
				message:
					unit === 'texte' ? 'Un texte est attendu.' : 'Répondez true/false ou « oui »/« non ».'
			};
		}
		if (!Number.isFinite(value)) return { ok: false, message: 'Ce n’est pas un nombre.' };
		// JSON numbers are read in the same text form so the same rules apply (decimals, bounds).
		return parseFigureInput(unit, numberToPlainText(value));
	}
	if (typeof value === 'string') return parseFigureInput(unit, value);
	return { ok: false, message: 'Valeur illisible : nombre, texte, booléen ou null attendu.' };
}

/** 1234.5 → "1234.5", without exponent even for 1e21 or 1e-7 (so the bound check speaks). */
function numberToPlainText(value: number): string {
	if (Math.abs(value) >= 1e21) return '9'.repeat(22);
	const text = String(value);
	if (!/e/i.test(text)) return text;
	return value.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}

/** How a stored value is written in French ("1 234,5", "12,5 %", "1 234,56 €", "Oui", "Non disponible"). */
export function formatFigureValue(unit: IndicatorUnit, value: FigureValue): string {
	switch (value.kind) {
		case 'empty':
			return '';
		case 'not_available':
			return 'Non disponible';
		case 'text':
			return value.value;
		case 'boolean':
			return value.value ? 'Oui' : 'Non';
		case 'number':
			return formatFigureNumber(unit, value.value);
	}
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** French number formats, built once each: building one costs tens of microseconds. */
function numberFormat(
	maximumFractionDigits: number,
	minimumFractionDigits: number,
	useGrouping = true
) {
	const key = `${maximumFractionDigits}:${minimumFractionDigits}:${useGrouping}`;
	let format = numberFormats.get(key);
	if (!format) {
		format = new Intl.NumberFormat('fr-FR', {
			maximumFractionDigits,
			minimumFractionDigits,
			useGrouping
		});
		numberFormats.set(key, format);
	}
	return format;
}

/** A number of a unit as written in French: "1 234", "12,5 %", "1 234,56 €". */
export function formatFigureNumber(unit: IndicatorUnit, value: number): string {
	const max = unit === 'montant' ? 2 : unit === 'pourcentage' ? 1 : 0;
	const min = unit === 'montant' && !Number.isInteger(value) ? 2 : 0;
	const text = numberFormat(max, min).format(value);
	if (unit === 'pourcentage') return `${text}\u202f%`;
	if (unit === 'montant') return `${text}\u00a0€`;
	return text;
}

/** What the grid's input shows for a stored value: re-reads to the same value. */
export function figureInputText(unit: IndicatorUnit, value: FigureValue): string {
	if (value.kind === 'not_available') return '';
	if (value.kind === 'boolean') return value.value ? 'oui' : 'non';
	if (value.kind === 'number') {
		return numberFormat(unit === 'montant' ? 2 : unit === 'pourcentage' ? 1 : 0, 0).format(
			value.value
		);
	}
	return formatFigureValue(unit, value);
}

// ---------------------------------------------------------------------------------------------
// Comment rule

export type CommentRule =
	| { required: false; reason: null; message: null }
	| { required: true; reason: 'target' | 'variation'; message: string };

const NOT_REQUIRED: CommentRule = { required: false, reason: null, message: null };

/**
 * The comment is required when a numeric value misses its target (by the indicator's polarity:
 * below for "higher is better", above for "lower is better", different for "reach the target"),
 * or moves more than 50 % from the previous period (from 0, any change counts).
 */
export function commentRequired(input: {
	value: number | null;
	target: number | null;
	previous: number | null;
	polarity: Polarity;
}): CommentRule {
	const { value, target, previous, polarity } = input;
	if (value === null || !Number.isFinite(value)) return NOT_REQUIRED;
	if (target !== null && Number.isFinite(target)) {
		const misses =
			polarity === 'higher_better'
				? value < target
				: polarity === 'lower_better'
					? value > target
					: value !== target;
		if (misses) {
			return {
				required: true,
				reason: 'target',
				message: 'Commentaire requis : la valeur n’atteint pas la cible.'
			};
		}
	}
	if (previous !== null && Number.isFinite(previous)) {
		const moved =
			previous === 0 ? value !== 0 : Math.abs(value - previous) / Math.abs(previous) > 0.5;
		if (moved) {
			return {
				required: true,
				reason: 'variation',
				message:
					'Commentaire requis : la valeur varie de plus de 50 % par rapport à la période précédente.'
			};
		}
	}
	return NOT_REQUIRED;
}

// ---------------------------------------------------------------------------------------------
// Milestones

/** A milestone not done whose due date is past (dates as ISO "yyyy-mm-dd"; today in UTC by default). */
export function isMilestoneOverdue(
	milestone: { dueOn: string; doneOn: string | null },
	today: string = todayInParis()
): boolean {
	return milestone.doneOn === null && milestone.dueOn < today;
}

/** An open period whose closing date is past. */
export function isPeriodLate(
	period: { state: PeriodState; closesOn: string },
	today: string
): boolean {
	return period.state === 'ouverte' && period.closesOn < today;
}

// ---------------------------------------------------------------------------------------------
// Forms and API bodies

const isoDate = (message: string) =>
	z
		.string({ message })
		.trim()
		.refine(
			(v) =>
				/^\d{4}-\d{2}-\d{2}$/.test(v) &&
				!Number.isNaN(Date.parse(v)) &&
				new Date(v).toISOString().startsWith(v),
			message
		);
const optionalIsoDate = (message: string) =>
	z
		.string()
		.trim()
		.transform((v) => v || null)
		.refine(
			(v) =>
				v === null ||
				(/^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(Date.parse(v)).toISOString().startsWith(v)),
			message
		);
const commentText = z
	.string()
	.max(
		MAX_FIGURE_COMMENT,
		`Le commentaire dépasse ${MAX_FIGURE_COMMENT.toLocaleString('fr-FR')} caractères.`
	)
	.transform((v) => v.replace(/\r\n?/g, '\n').trim() || null);

/**
 * One line of the entry grid. Its key is "<indicatorId>" or "<indicatorId>-<breakdownValueId>";
 * the form names its fields `value.<key>`, `na.<key>` (checkbox "non disponible"), `comment.<key>`
 * and `version.<key>` (the figure's version, empty for a figure not saved yet).
 */
export const entryRowSchema = z.object({
	key: z.string().regex(/^\d+(-\d+)?$/, 'Ligne inconnue.'),
	value: z
		.string()
		.max(
			MAX_FIGURE_TEXT + 100,
			`Valeur trop longue (${MAX_FIGURE_TEXT.toLocaleString('fr-FR')} caractères au plus).`
		),
	notAvailable: z.boolean(),
	comment: commentText,
	version: z.number().int().positive().nullable()
});
export type EntryRow = z.output<typeof entryRowSchema>;

export function lineKey(indicatorId: number, breakdownValueId: number | null): string {
	return breakdownValueId === null ? String(indicatorId) : `${indicatorId}-${breakdownValueId}`;
}

export function parseLineKey(
	key: string
): { indicatorId: number; breakdownValueId: number | null } | null {
	const match = /^(\d+)(?:-(\d+))?$/.exec(key);
	if (!match) return null;
	return { indicatorId: Number(match[1]), breakdownValueId: match[2] ? Number(match[2]) : null };
}

/** Field names of a grid line, so pages and errors agree: errors are keyed by these names. */
export function entryFieldNames(key: string) {
	return {
		value: `value.${key}`,
		notAvailable: `na.${key}`,
		comment: `comment.${key}`,
		version: `version.${key}`
	};
}

/**
 * Reads the grid form (Object.fromEntries(formData)) into rows: every `value.<key>` field is a
 * line. Returns the rows or errors keyed by field name, in French.
 */
export function readEntryForm(
	form: Record<string, FormDataEntryValue>
): { ok: true; rows: EntryRow[] } | { ok: false; errors: Record<string, string> } {
	const rows: EntryRow[] = [];
	const errors: Record<string, string> = {};
	for (const name of Object.keys(form)) {
		if (!name.startsWith('value.')) continue;
		const key = name.slice('value.'.length);
		const names = entryFieldNames(key);
		const text = (field: string) => {
			const v = form[field];
			return typeof v === 'string' ? v : '';
		};
		const versionText = text(names.version).trim();
		const parsed = entryRowSchema.safeParse({
			key,
			value: text(names.value),
			notAvailable: ['on', 'true', '1', 'oui'].includes(text(names.notAvailable).toLowerCase()),
			comment: text(names.comment),
			version: versionText === '' ? null : Number(versionText)
		});
		if (parsed.success) rows.push(parsed.data);
		else
			for (const issue of parsed.error.issues) {
				const field = issue.path[0] === 'comment' ? names.comment : names.value;
				errors[field] ??=
					issue.path[0] === 'version'
						? 'Version de la ligne illisible : rechargez la page.'
						: issue.message;
			}
	}
	if (rows.length === 0 && Object.keys(errors).length === 0)
		errors._form = 'Aucune ligne à enregistrer.';
	return Object.keys(errors).length ? { ok: false, errors } : { ok: true, rows };
}

/** Body of PUT …/values/{period}. `value` follows parseFigureJson; `notAvailable: true` needs value null. */
export const figureApiBodySchema = z
	.strictObject(
		{
			value: z
				.union(
					[
						z.number(),
						z.string().max(MAX_FIGURE_TEXT + 100, 'Valeur trop longue.'),
						z.boolean(),
						z.null()
					],
					{
						message: 'Valeur illisible : nombre, texte, booléen ou null attendu.'
					}
				)
				.optional(),
			notAvailable: z.boolean({ message: 'notAvailable est true ou false.' }).optional(),
			comment: z
				.string({ message: 'Le commentaire est un texte (ou null).' })
				.max(
					MAX_FIGURE_COMMENT,
					`Le commentaire dépasse ${MAX_FIGURE_COMMENT.toLocaleString('fr-FR')} caractères.`
				)
				.nullable()
				.optional()
		},
		{
			error: (issue) =>
				issue.code === 'unrecognized_keys'
					? `Champ(s) inconnu(s) : ${issue.keys.join(', ')} (attendus : value, notAvailable, comment).`
					: undefined
		}
	)
	.refine((b) => !(b.notAvailable && b.value !== undefined && b.value !== null), {
		path: ['value'],
		message: 'Une valeur « non disponible » ne porte pas de valeur.'
	});
export type FigureApiBody = z.output<typeof figureApiBodySchema>;

const reviewComment = z
	.string({ message: 'Un commentaire est un texte.' })
	.max(
		MAX_FIGURE_COMMENT,
		`Le commentaire dépasse ${MAX_FIGURE_COMMENT.toLocaleString('fr-FR')} caractères.`
	);

/**
 * What the coordinator may decide on one figure: validate a submitted figure, send a submitted or
 * validated one back with a reason, or undo a validation while the period is open (back to
 * « soumis »).
 */
export const REVIEW_DECISIONS = ['validate', 'send_back', 'undo_validation'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export const reviewDecisionSchema = z.strictObject({
	figureId: z.number({ message: 'figureId est un nombre.' }).int().positive(),
	version: z.number({ message: 'version est un nombre.' }).int().positive(),
	decision: z.enum(REVIEW_DECISIONS, {
		message: 'decision vaut « validate », « send_back » ou « undo_validation ».'
	}),
	comment: reviewComment.nullable().optional()
});
export type ReviewDecisionInput = z.output<typeof reviewDecisionSchema>;

/** The review as per-figure decisions (the current shape). */
export const reviewDecisionsSchema = z.strictObject({
	decisions: z
		.array(reviewDecisionSchema, { message: 'decisions est une liste de décisions.' })
		.min(1, 'Aucune décision : précisez au moins un chiffre.')
		.max(2000, 'Trop de décisions en une fois.')
});

/**
 * Deprecated shape, still accepted: a comment sends the figure back; the other submitted figures
 * are validated (if asked).
 */
export const legacyReviewSchema = z.object({
	comments: z.record(z.string().regex(/^\d+$/, 'Chiffre inconnu.'), reviewComment, {
		message: 'Commentaires attendus sous la forme { "<identifiant du chiffre>": "texte" }.'
	}),
	validateOthers: z.boolean({ message: 'validateOthers est true ou false.' }).default(true),
	versions: z.record(z.string().regex(/^\d+$/, 'Chiffre inconnu.'), z.number().int().positive(), {
		message: 'Versions relues attendues sous la forme { "<identifiant du chiffre>": version }.'
	})
});

/**
 * The coordinator's review: per-figure decisions, or the deprecated comments/versions shape. The
 * shape is chosen by the presence of `decisions`, so that errors speak of the shape sent.
 */
export const reviewSchema = {
	safeParse(input: unknown) {
		const hasDecisions = typeof input === 'object' && input !== null && 'decisions' in input;
		return hasDecisions
			? reviewDecisionsSchema.safeParse(input)
			: legacyReviewSchema.safeParse(input);
	}
};
export type LegacyReviewInput = z.output<typeof legacyReviewSchema>;
export type ReviewInput = z.output<typeof reviewDecisionsSchema> | LegacyReviewInput;

export const periodInputSchema = z
	.object({
		kind: z.enum(PERIOD_KINDS, { message: 'Choisissez année, semestre ou trimestre.' }),
		year: z.coerce
			.number({ message: 'Année invalide.' })
			.int('Année invalide.')
			.min(1900, 'Année invalide.')
			.max(2999, 'Année invalide.'),
		number: z.preprocess(
			(v) => (v === '' || v === undefined || v === null ? null : Number(v)),
			z.number().int().min(1).max(4).nullable()
		),
		opensOn: isoDate('Date d’ouverture invalide (jj/mm/aaaa).'),
		closesOn: isoDate('Date de clôture invalide (jj/mm/aaaa).')
	})
	.superRefine((v, ctx) => {
		if (v.kind === 'annee' && v.number !== null)
			ctx.addIssue({ code: 'custom', path: ['number'], message: 'Une année n’a pas de numéro.' });
		if (v.kind === 'semestre' && (v.number === null || v.number > 2))
			ctx.addIssue({ code: 'custom', path: ['number'], message: 'Choisissez le semestre 1 ou 2.' });
		if (v.kind === 'trimestre' && v.number === null)
			ctx.addIssue({ code: 'custom', path: ['number'], message: 'Choisissez le trimestre 1 à 4.' });
		if (v.closesOn < v.opensOn)
			ctx.addIssue({
				code: 'custom',
				path: ['closesOn'],
				message: 'La clôture précède l’ouverture.'
			});
	});
export type PeriodInput = z.output<typeof periodInputSchema>;

export const periodWindowSchema = z
	.object({
		opensOn: isoDate('Date d’ouverture invalide (jj/mm/aaaa).'),
		closesOn: isoDate('Date de clôture invalide (jj/mm/aaaa).')
	})
	.refine((v) => v.closesOn >= v.opensOn, {
		path: ['closesOn'],
		message: 'La clôture précède l’ouverture.'
	});

export const periodStateChangeSchema = z.object({
	state: z.enum(PERIOD_STATES, { message: 'État de période inconnu.' }),
	reason: z
		.string()
		.max(1_000, 'La raison dépasse 1 000 caractères.')
		.optional()
		.transform((v) => v?.trim() || null)
});

const bilanText = z
	.string()
	.max(20_000, 'Ce texte dépasse 20 000 caractères.')
	.transform((v) => v.replace(/\r\n?/g, '\n').trim() || null);

/** The four columns of a bilan (as the PEDT bilans write them). */
export const bilanSchema = z.object({
	actionsDone: bilanText,
	resultsObserved: bilanText,
	difficulties: bilanText,
	outlook: bilanText
});
export type BilanInput = z.output<typeof bilanSchema>;
export const BILAN_FIELD_LABELS: Record<keyof BilanInput, string> = {
	actionsDone: 'Actions mises en œuvre',
	resultsObserved: 'Résultats constatés',
	difficulties: 'Difficultés rencontrées',
	outlook: 'Perspectives / évolutions'
};

export const milestoneSchema = z.object({
	label: z
		.string()
		.trim()
		.min(1, 'L’intitulé du jalon est requis.')
		.max(300, 'Intitulé trop long (300 caractères au plus).'),
	dueOn: isoDate('Échéance invalide (jj/mm/aaaa).'),
	doneOn: optionalIsoDate('Date de réalisation invalide (jj/mm/aaaa).')
});
export type MilestoneInput = z.output<typeof milestoneSchema>;
