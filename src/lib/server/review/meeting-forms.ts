import { z } from 'zod';

// The meeting and decision forms, shared by the form actions and the services (which re-check
// everything against the database: periods, organisations and fiches of the route's scheme).

const isoDate = (message: string) =>
	z
		.string({ message })
		.trim()
		.refine(
			(v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(Date.parse(v)).toISOString().startsWith(v),
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
const slugList = (max: number, message: string) =>
	z
		.array(z.string().trim().max(200))
		.max(max, message)
		.transform((list) => [...new Set(list.filter(Boolean))]);

export const meetingFormSchema = z.object({
	title: z
		.string({ message: 'L’intitulé de la réunion est requis.' })
		.trim()
		.min(1, 'L’intitulé de la réunion est requis.')
		.max(200, 'Intitulé trop long (200 caractères au plus).'),
	heldOn: isoDate('Date de la réunion invalide (jj/mm/aaaa).'),
	period: z
		.string({ message: 'Choisissez la période examinée.' })
		.trim()
		.min(1, 'Choisissez la période examinée.')
		.max(20, 'Période inconnue.'),
	attendees: slugList(500, 'Trop d’organisations cochées.')
});
export type MeetingForm = z.output<typeof meetingFormSchema>;

export const MEETING_FIELD_LABELS: Record<string, string> = {
	title: 'Intitulé de la réunion',
	heldOn: 'Date de la réunion',
	period: 'Période examinée',
	attendees: 'Organisations présentes'
};

export const decisionFormSchema = z.object({
	text: z
		.string({ message: 'Le texte de la décision est requis.' })
		.max(5_000, 'Ce texte dépasse 5 000 caractères.')
		.transform((v) => v.replace(/\r\n?/g, '\n').trim())
		.refine((v) => v.length > 0, 'Le texte de la décision est requis.'),
	fiches: slugList(1_000, 'Trop de fiches cochées.'),
	followUpOrganisation: z
		.string()
		.trim()
		.max(200)
		.transform((v) => v || null),
	followUpLabel: z
		.string()
		.trim()
		.max(200, 'Nom trop long (200 caractères au plus).')
		.transform((v) => v || null),
	dueOn: optionalIsoDate('Échéance invalide (jj/mm/aaaa).')
});
export type DecisionForm = z.output<typeof decisionFormSchema>;

export const DECISION_FIELD_LABELS: Record<string, string> = {
	text: 'Décision',
	fiches: 'Fiches actions concernées',
	followUpOrganisation: 'Suivi par (organisation)',
	followUpLabel: 'Suivi par (personne)',
	dueOn: 'Échéance'
};

/**
 * A posted form as the schemas read it: one string per field, and the checkbox lists
 * (`attendees`, `fiches`) as arrays, since Object.fromEntries keeps only the last value.
 */
export function readListForm(formData: FormData, lists: string[]): Record<string, unknown> {
	const values: Record<string, unknown> = {};
	for (const [key, value] of formData) {
		if (typeof value === 'string' && !lists.includes(key)) values[key] = value;
	}
	for (const list of lists) {
		values[list] = formData.getAll(list).filter((v): v is string => typeof v === 'string');
	}
	return values;
}

/** The meeting or decision id of a route segment; null when it is not a positive integer. */
export function routeIdOf(segment: string): number | null {
	return /^\d{1,12}$/.test(segment) && Number(segment) > 0 ? Number(segment) : null;
}

/** The version a form was based on; null when missing or unreadable (a tampered or stale form). */
export function formVersionOf(value: unknown): number | null {
	return typeof value === 'string' && /^\d{1,12}$/.test(value) && Number(value) > 0
		? Number(value)
		: null;
}
