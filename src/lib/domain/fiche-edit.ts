import { z } from 'zod';
import './zod-locale';
import { FICHE_STATES } from './enums';
import { listToText, textToList } from './list-text';
import { listItemSchema, type ListItem } from './plan-document';

const MAX_TEXT = 20_000;
const MAX_LIST = 20_000;

/** A long text: blank becomes null, paragraphs and line breaks kept, size bounded. */
const longText = z
	.string()
	.max(MAX_TEXT, `Ce texte dépasse ${MAX_TEXT.toLocaleString('fr-FR')} caractères.`)
	.transform((v) => v.replace(/\r\n?/g, '\n').trim() || null);
const shortText = (max: number) =>
	z
		.string()
		.max(max, `Ce texte dépasse ${max} caractères.`)
		.transform((v) => v.trim() || null);
const listText = z
	.string()
	.max(MAX_LIST, `Cette liste dépasse ${MAX_LIST.toLocaleString('fr-FR')} caractères.`)
	.transform(textToList);
const lines = z
	.string()
	.max(5_000, 'Cette liste est trop longue.')
	.transform((v) =>
		v
			.split(/\r?\n/)
			.map((l) => l.replace(/^[•\-–]\s*/, '').trim())
			.filter(Boolean)
	);
const isoDate = z
	.string()
	.transform((v) => v.trim() || null)
	.refine(
		(v) => v === null || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v))),
		'Date invalide (jj/mm/aaaa).'
	);

/** The fields a pilot may change on a fiche their organisation pilots (form and API). */
export const ficheContentSchema = z
	.object({
		state: z.enum(FICHE_STATES, { message: 'Choisissez un état dans la liste.' }),
		context: longText,
		steps: listText,
		targetPublic: shortText(2_000),
		schedule: shortText(500),
		startDate: isoDate,
		endDate: isoDate,
		resultsQuantitative: listText,
		resultsQualitative: listText,
		partners: lines
	})
	.refine((v) => !v.startDate || !v.endDate || v.startDate <= v.endDate, {
		path: ['endDate'],
		message: 'La date de fin précède la date de début.'
	});
export type FicheContentInput = z.input<typeof ficheContentSchema>;
export type FicheContent = z.output<typeof ficheContentSchema>;

/** Fields only the coordinator changes. */
export const ficheFrameSchema = z.object({
	number: z
		.string()
		.trim()
		.min(1, 'Le numéro est requis.')
		.max(20, 'Numéro trop long.')
		.regex(
			/^[\p{L}\p{N} ]+$/u,
			'Le numéro ne contient que des chiffres, lettres et espaces (« 11 bis »).'
		),
	title: z.string().trim().min(1, 'L’intitulé est requis.').max(500, 'Intitulé trop long.'),
	priorityLabel: shortText(200),
	links: longText,
	pilots: lines
});

export const versionSchema = z.coerce
	.number({ message: 'Version manquante.' })
	.int()
	.positive('Version manquante.');

/** zod issues → { field: first French message }, for fail(400, { values, errors }). */
export function fieldErrors(error: z.ZodError): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const issue of error.issues) {
		const key = issue.path.join('.') || '_form';
		errors[key] ??= issue.message;
	}
	return errors;
}

/** What the edit form shows: lists as indented text, actors one per line. */
export type FicheFormValues = {
	state: string;
	context: string;
	steps: string;
	targetPublic: string;
	schedule: string;
	startDate: string;
	endDate: string;
	resultsQuantitative: string;
	resultsQualitative: string;
	partners: string;
	number: string;
	title: string;
	priorityLabel: string;
	links: string;
	pilots: string;
};

export type FicheEditable = {
	state: string;
	context: string | null;
	steps: ListItem[];
	targetPublic: string | null;
	schedule: string | null;
	startDate: string | null;
	endDate: string | null;
	resultsQuantitative: ListItem[];
	resultsQualitative: ListItem[];
	partners: string[];
	number: string;
	title: string;
	priorityLabel: string | null;
	links: string | null;
	pilots: string[];
};

export function toFormValues(fiche: FicheEditable): FicheFormValues {
	return {
		state: fiche.state,
		context: fiche.context ?? '',
		steps: listToText(fiche.steps),
		targetPublic: fiche.targetPublic ?? '',
		schedule: fiche.schedule ?? '',
		startDate: fiche.startDate ?? '',
		endDate: fiche.endDate ?? '',
		resultsQuantitative: listToText(fiche.resultsQuantitative),
		resultsQualitative: listToText(fiche.resultsQualitative),
		partners: fiche.partners.join('\n'),
		number: fiche.number,
		title: fiche.title,
		priorityLabel: fiche.priorityLabel ?? '',
		links: fiche.links ?? '',
		pilots: fiche.pilots.join('\n')
	};
}

/** Labels of the editable fields, for error summaries and the conflict screen. */
export const FICHE_FIELD_LABELS: Record<keyof FicheFormValues, string> = {
	state: 'État',
	context: 'Contexte / constats / problématiques',
	steps: 'Déclinaison opérationnelle',
	targetPublic: 'Public(s) visé(s)',
	schedule: 'Échéancier',
	startDate: 'Date de début',
	endDate: 'Date de fin',
	resultsQuantitative: 'Résultats attendus — quantitatif',
	resultsQualitative: 'Résultats attendus — qualitatif',
	partners: 'Partenaires associés',
	number: 'Numéro',
	title: 'Intitulé',
	priorityLabel: 'Priorité',
	links: 'Lien avec les schémas existants',
	pilots: 'Pilote(s)'
};

/**
 * The API speaks JSON: lists as arrays of items rather than indented text. A PATCH sends only the
 * fields it changes; they are merged over the current fiche before validation.
 */
export const ficheApiPatchSchema = z
	.object({
		state: z.enum(FICHE_STATES),
		context: z.string().max(MAX_TEXT).nullable(),
		steps: z.array(listItemSchema).max(200),
		targetPublic: z.string().max(2_000).nullable(),
		schedule: z.string().max(500).nullable(),
		startDate: z.iso.date().nullable(),
		endDate: z.iso.date().nullable(),
		resultsQuantitative: z.array(listItemSchema).max(200),
		resultsQualitative: z.array(listItemSchema).max(200),
		partners: z.array(z.string().trim().min(1).max(300)).max(100),
		number: z.string(),
		title: z.string(),
		priorityLabel: z.string().nullable(),
		links: z.string().max(MAX_TEXT).nullable(),
		pilots: z.array(z.string().trim().min(1).max(300)).max(20)
	})
	.partial()
	.strict();

// ---------------------------------------------------------------------------------------------
// Concurrent edits: a three-way merge, field by field

/**
 * A field's text as compared: line endings from the browser (CRLF), trailing blanks on each line
 * and blank lines at both ends do not count as changes.
 */
export function normaliseFieldText(text: string | null | undefined): string {
	return (text ?? '')
		.replace(/\r\n?/g, '\n')
		.split('\n')
		.map((line) => line.replace(/[ \t\u00a0]+$/, ''))
		.join('\n')
		.trim();
}

export type FieldMerge = {
	field: keyof FicheFormValues;
	base: string;
	theirs: string;
	mine: string;
};

/**
 * Merges what the editor started from (`base`), what was saved meanwhile (`theirs`) and what the
 * editor sent (`mine`): a field only one side changed takes that side; a field both changed, to
 * different texts, is a conflict and keeps theirs until the editor chooses theirs or mine.
 * A field missing from `base` counts as changed by both sides when the texts differ.
 */
export function mergeFicheValues(
	base: Partial<FicheFormValues>,
	theirs: FicheFormValues,
	mine: Partial<FicheFormValues>,
	fields: readonly (keyof FicheFormValues)[]
): { merged: FicheFormValues; conflicts: FieldMerge[]; keptMine: (keyof FicheFormValues)[] } {
	const merged = { ...theirs };
	const conflicts: FieldMerge[] = [];
	const keptMine: (keyof FicheFormValues)[] = [];
	for (const field of fields) {
		const [b, t, m] = [base[field], theirs[field], mine[field]].map(normaliseFieldText);
		// Without the starting text (an older form), every difference is the editor's to settle.
		const known = base[field] !== undefined;
		if (m === t || (known && m === b)) continue;
		if (known && t === b) {
			merged[field] = mine[field] ?? '';
			keptMine.push(field);
			continue;
		}
		conflicts.push({
			field,
			base: base[field] ?? '',
			theirs: theirs[field] ?? '',
			mine: mine[field] ?? ''
		});
	}
	return { merged, conflicts, keptMine };
}

/** Form names of the conflict screen: the editor's choice and their own text, per field. */
export const mergeFieldNames = (field: string) => ({
	base: `base.${field}`,
	choice: `choice.${field}`,
	mine: `mine.${field}`
});

/**
 * Applies the choices of a resubmitted conflict form: a field where the editor chose « mine »
 * takes the text they had typed (`mine.<field>`) when the field still shows the saved text (no
 * script put theirs in it, and they did not edit it since); otherwise the field as sent wins.
 */
export function applyMergeChoices(form: Record<string, string>): Record<string, string> {
	const out = { ...form };
	for (const name of Object.keys(form)) {
		const match = /^choice\.(\w+)$/.exec(name);
		if (!match || form[name] !== 'mine') continue;
		const field = match[1];
		const names = mergeFieldNames(field);
		if (typeof form[names.mine] !== 'string') continue;
		if (normaliseFieldText(form[field]) === normaliseFieldText(form[names.base]))
			out[field] = form[names.mine];
	}
	return out;
}
