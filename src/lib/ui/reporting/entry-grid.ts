// Browser-safe helpers of the entry grid: labels, form values, live comment rule, conflicts.
import type { IndicatorUnit, Polarity } from '$lib/domain/enums';
import {
	commentRequired,
	entryFieldNames,
	formatFigureValue,
	parseFigureInput,
	type CommentRule
} from '$lib/domain/figures';

/** What the grid needs of a line (the services' EntryLine fits). */
export type GridLine = {
	key: string;
	indicator: { label: string; unit: IndicatorUnit; polarity: Polarity };
	breakdown: { label: string } | null;
	target: number | null;
	previous: { value: number | null; display: string } | null;
	figure: {
		id: number;
		inputText: string;
		display: string;
		notAvailable: boolean;
		comment: string | null;
		version: number;
		status: string;
	} | null;
	editable: boolean;
	commentRule: CommentRule;
};

/** What the pilot has typed on a line. */
export type EntryValue = { value: string; notAvailable: boolean; comment: string };
export type EntryValues = Record<string, EntryValue>;

/** "Nombre de connexions — Corrèze": the line as read aloud and in messages. */
export function lineLabel(line: Pick<GridLine, 'indicator' | 'breakdown'>): string {
	return line.breakdown
		? `${line.indicator.label} — ${line.breakdown.label}`
		: line.indicator.label;
}

/** Accessible name of a field of a line: "Valeur — Nombre de connexions — Corrèze". */
export function fieldLabel(field: string, line: Pick<GridLine, 'indicator' | 'breakdown'>): string {
	return `${field} — ${lineLabel(line)}`;
}

/** Element id of a form field name ("value.78-12" → "f-value-78-12"), usable in a fragment. */
export function fieldId(name: string): string {
	return `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** How each unit is typed, shown next to the value. */
export const UNIT_HINTS: Record<IndicatorUnit, string> = {
	nombre: 'Nombre entier',
	pourcentage: 'Pourcentage de 0 à 100, une décimale au plus',
	montant: 'Montant en euros, centimes au plus',
	oui_non: 'Oui ou non',
	texte: 'Texte libre'
};

export function isNumericUnit(unit: IndicatorUnit): boolean {
	return unit === 'nombre' || unit === 'pourcentage' || unit === 'montant';
}

/** A target or any stored number, written in the indicator's unit; "—" when there is none. */
export function formatInUnit(unit: IndicatorUnit, value: number | null): string {
	if (value === null) return '—';
	if (unit === 'oui_non') return value ? 'Oui' : 'Non';
	return formatFigureValue(unit, { kind: 'number', value });
}

/** The values the saved figures put in the form. */
export function entryValuesFromSheet(lines: readonly GridLine[]): EntryValues {
	return Object.fromEntries(
		lines.map((line) => [
			line.key,
			{
				value: line.figure && !line.figure.notAvailable ? line.figure.inputText : '',
				notAvailable: line.figure?.notAvailable ?? false,
				comment: line.figure?.comment ?? ''
			}
		])
	);
}

const CHECKED = ['on', 'true', '1', 'oui'];

/**
 * The values sent by a refused form (Object.fromEntries of its data), line by line; lines the
 * form did not carry keep their saved values.
 */
export function entryValuesFromForm(
	lines: readonly GridLine[],
	form: Record<string, unknown> | null | undefined
): EntryValues {
	const values = entryValuesFromSheet(lines);
	if (!form) return values;
	for (const line of lines) {
		const names = entryFieldNames(line.key);
		if (typeof form[names.value] !== 'string') continue;
		const text = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');
		values[line.key] = {
			value: text(names.value),
			notAvailable: CHECKED.includes(text(names.notAvailable).toLowerCase()),
			comment: text(names.comment)
		};
	}
	return values;
}

/** The typed value as a number when it reads as one (null otherwise: empty, text, error). */
export function typedNumber(unit: IndicatorUnit, entry: EntryValue): number | null {
	if (entry.notAvailable || !isNumericUnit(unit)) return null;
	const parsed = parseFigureInput(unit, entry.value);
	return parsed.ok && parsed.value.kind === 'number' ? parsed.value.value : null;
}

/** Whether the typed value needs a comment (target missed, or more than 50 % from the previous period). */
export function liveCommentRule(line: GridLine, entry: EntryValue | undefined): CommentRule {
	if (!entry) return line.commentRule;
	return commentRequired({
		value: typedNumber(line.indicator.unit, entry),
		target: line.target,
		previous: line.previous?.value ?? null,
		polarity: line.indicator.polarity
	});
}

/** The error of a typed value, checked as the server will (null when it reads). */
export function liveValueError(line: GridLine, entry: EntryValue | undefined): string | null {
	if (!entry || entry.notAvailable) return null;
	const parsed = parseFigureInput(line.indicator.unit, entry.value);
	return parsed.ok ? null : parsed.message;
}

/** What a saved figure holds, in words, for a comparison. */
export function savedText(line: GridLine): string {
	if (!line.figure) return '';
	return line.figure.notAvailable ? 'Non disponible' : line.figure.display;
}

/** What the pilot typed, in the same words as savedText when it reads. */
export function typedText(line: GridLine, entry: EntryValue): string {
	if (entry.notAvailable) return 'Non disponible';
	const parsed = parseFigureInput(line.indicator.unit, entry.value);
	return parsed.ok ? formatFigureValue(line.indicator.unit, parsed.value) : entry.value.trim();
}

export type ConflictRow = { key: string; label: string; mine: string; saved: string };

/**
 * After a conflict: the lines whose saved value or comment differs from what the pilot typed,
 * both sides in words.
 */
export function conflictRows(savedLines: readonly GridLine[], mine: EntryValues): ConflictRow[] {
	const rows: ConflictRow[] = [];
	for (const line of savedLines) {
		const entry = mine[line.key];
		if (!entry) continue;
		const label = lineLabel(line);
		const value = { mine: typedText(line, entry), saved: savedText(line) };
		if (value.mine !== value.saved)
			rows.push({ key: `${line.key}:value`, label: `Valeur — ${label}`, ...value });
		const comment = { mine: entry.comment.trim(), saved: line.figure?.comment ?? '' };
		if (comment.mine !== comment.saved) {
			rows.push({ key: `${line.key}:comment`, label: `Commentaire — ${label}`, ...comment });
		}
	}
	return rows;
}

/** Field names of the coordinator's review, per figure. */
export function reviewFieldNames(figureId: number) {
	return { comment: `review.${figureId}`, version: `reviewVersion.${figureId}` };
}

/** The value of the review button pressed: one figure's decision, or « Tout valider ». */
export function reviewButtonValue(
	figureId: number,
	decision: 'validate' | 'send_back' | 'undo_validation'
): string {
	return `${figureId}:${decision}`;
}
export const VALIDATE_ALL = 'all';

export type ReviewFormInput =
	| {
			decisions: {
				figureId: number;
				version: number;
				decision: 'validate' | 'send_back' | 'undo_validation';
				comment: string | null;
			}[];
	  }
	| { comments: Record<string, string>; versions: Record<string, number>; validateOthers: true };

/**
 * Reads the review form into the service's input. The button pressed (`decide`) says what to do:
 * « <figureId>:<decision> » decides on that figure alone (with its reason for a send-back);
 * « all » validates every submitted figure the coordinator saw (their versions), nothing else.
 */
export function readReviewForm(form: Record<string, unknown>): ReviewFormInput {
	const versions: Record<string, number> = {};
	for (const [name, raw] of Object.entries(form)) {
		if (typeof raw !== 'string') continue;
		const version = /^reviewVersion\.(\d+)$/.exec(name);
		if (version && /^\d+$/.test(raw.trim())) versions[version[1]] = Number(raw.trim());
	}
	const decide = typeof form.decide === 'string' ? form.decide : '';
	if (decide === VALIDATE_ALL) return { comments: {}, versions, validateOthers: true };
	const one = /^(\d+):(validate|send_back|undo_validation)$/.exec(decide);
	if (!one) return { decisions: [] };
	const comment = form[reviewFieldNames(Number(one[1])).comment];
	return {
		decisions: [
			{
				figureId: Number(one[1]),
				version: versions[one[1]] ?? 0,
				decision: one[2] as 'validate' | 'send_back' | 'undo_validation',
				comment: typeof comment === 'string' ? comment : null
			}
		]
	};
}

/**
 * Review errors come keyed `comments.<figureId>` or `decisions.<n>`; the page names the field
 * `review.<figureId>`.
 */
export function reviewErrorField(errorKey: string, input?: ReviewFormInput): string {
	const legacy = /^comments\.(\d+)$/.exec(errorKey);
	if (legacy) return reviewFieldNames(Number(legacy[1])).comment;
	const decision = /^decisions\.(\d+)/.exec(errorKey);
	if (decision && input && 'decisions' in input) {
		const figureId = input.decisions[Number(decision[1])]?.figureId;
		if (figureId) return reviewFieldNames(figureId).comment;
	}
	if (errorKey === 'decisions') return '_form';
	return errorKey;
}
