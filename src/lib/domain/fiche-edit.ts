import { z } from 'zod';
import { FICHE_STATES } from './enums';
import { textToList } from './list-text';

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
	.refine((v) => v === null || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v))), 'Date invalide (jj/mm/aaaa).');

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
		.regex(/^[\p{L}\p{N} ]+$/u, 'Le numéro ne contient que des chiffres, lettres et espaces (« 11 bis »).'),
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
