import { z } from 'zod';
import './zod-locale';

// « Préparer le schéma suivant »: what the form and the API send, checked the same way.

/** A year, as a number (API) or as the text of a form field. */
const year = z.preprocess(
	(v) => (typeof v === 'string' && v.trim() !== '' ? Number(v.trim()) : v),
	z
		.number({
			error: (issue) =>
				issue.input === undefined ? 'Ce champ est requis.' : 'Année attendue, par exemple 2022.'
		})
		.int('Année entière attendue, par exemple 2022.')
		.min(2000, 'Année trop ancienne.')
		.max(2100, 'Année trop lointaine.')
);

export const NEXT_SCHEME_MAX_YEARS = 10;

export const nextSchemeSchema = z
	.object({
		startYear: year,
		endYear: year,
		/** Numbers of the fiches to carry over (« 11 bis »); all of them when absent. */
		fiches: z.array(z.string().trim().min(1, 'Numéro de fiche vide.').max(20)).max(500).optional()
	})
	.superRefine((value, ctx) => {
		// Zod runs this even when a year failed its bounds: compare plausible years only.
		const plausible = (y: number) => Number.isInteger(y) && y >= 2000 && y <= 2100;
		if (!plausible(value.startYear) || !plausible(value.endYear)) return;
		if (value.endYear < value.startYear)
			ctx.addIssue({
				code: 'custom',
				path: ['endYear'],
				message: 'L’année de fin précède l’année de début.'
			});
		else if (value.endYear - value.startYear + 1 > NEXT_SCHEME_MAX_YEARS)
			ctx.addIssue({
				code: 'custom',
				path: ['endYear'],
				message: `Un schéma couvre au plus ${NEXT_SCHEME_MAX_YEARS} ans.`
			});
	});
export type NextSchemeInput = z.input<typeof nextSchemeSchema>;
export type NextSchemeRequest = z.output<typeof nextSchemeSchema>;

/** « haute-vienne-2017-2021 » → « haute-vienne-2022-2026 »; the years appended when absent. */
export function nextSchemeSlug(
	slug: string,
	old: { startYear: number; endYear: number },
	next: { startYear: number; endYear: number }
): string {
	const years = `${next.startYear}-${next.endYear}`;
	const own = `${old.startYear}-${old.endYear}`;
	if (slug.includes(own)) return slug.replace(own, years);
	return `${slug.replace(/-\d{4}(-\d{4})?$/, '')}-${years}`;
}
