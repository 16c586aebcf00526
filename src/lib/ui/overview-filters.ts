import { z } from 'zod';
import { FICHE_STATES, type FicheState } from '$lib/domain/enums';

/** The filters of a scheme overview, as they live in the URL. */
export type OverviewQuery = {
	pilote: string | null;
	partenaire: string | null;
	etat: FicheState[];
	axe: string | null;
	q: string | null;
};

const slug = z
	.string()
	.trim()
	.toLowerCase()
	.max(120)
	.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/);
const optional = <T extends z.ZodType<string>>(schema: T) =>
	z
		.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), schema.nullable())
		.catch(null)
		.default(null);

export const overviewQuerySchema = z.object({
	pilote: optional(slug),
	partenaire: optional(slug),
	etat: z
		.array(z.string())
		.default([])
		.transform((values) => FICHE_STATES.filter((state) => values.some((v) => v.trim() === state))),
	axe: optional(z.string().trim().max(40)),
	q: optional(
		z
			.string()
			.trim()
			.transform((v) => v.slice(0, 200))
	)
});

/** Reads the filters from a URL; malformed or unknown values are dropped, never an error. */
export function parseOverviewQuery(params: URLSearchParams): OverviewQuery {
	const result = overviewQuerySchema.safeParse({
		pilote: params.get('pilote') ?? undefined,
		partenaire: params.get('partenaire') ?? undefined,
		etat: params.getAll('etat'),
		axe: params.get('axe') ?? undefined,
		q: params.get('q') ?? undefined
	});
	return result.success
		? (result.data as OverviewQuery)
		: { pilote: null, partenaire: null, etat: [], axe: null, q: null };
}

export function hasActiveFilters(query: OverviewQuery): boolean {
	return Boolean(query.pilote || query.partenaire || query.etat.length || query.axe || query.q);
}

/** The query string of a set of filters (stable parameter order, empty values left out). */
export function toQueryString(query: Partial<OverviewQuery>): string {
	const params = new URLSearchParams();
	if (query.pilote) params.set('pilote', query.pilote);
	if (query.partenaire) params.set('partenaire', query.partenaire);
	for (const state of query.etat ?? []) params.append('etat', state);
	if (query.axe) params.set('axe', query.axe);
	if (query.q) params.set('q', query.q);
	const text = params.toString();
	return text ? `?${text}` : '';
}
