import { z } from 'zod';
import './zod-locale';
import {
	FICHE_STATES,
	INDICATOR_KINDS,
	INDICATOR_UNITS,
	ORGANISATION_TYPES,
	PERIODICITIES,
	POLARITIES,
	SCHEME_KINDS,
	SCHEME_STATES,
	TERRITORY_KINDS
} from './enums';

/**
 * A whole plan as one document: the demo seed is written in this shape, and the
 * plan import/export (Excel, JSON) speak it too, so that a round trip is lossless.
 */

const text = z.string().trim().min(1, 'Ce champ est requis.');
/** A text the booklet may leave blank: null means "left blank". */
const optionalText = z.string().trim().min(1).nullable().default(null);

export type ListItem = { text: string; marker?: string | null; children?: ListItem[] };
export const listItemSchema: z.ZodType<ListItem, ListItem> = z.lazy(() =>
	z.object({
		text: text,
		/** Bullet or number as written ("1)", "1-", "•", "-", "○"), kept for a faithful print. */
		marker: z.string().trim().min(1).nullable().optional(),
		children: z.array(listItemSchema).optional()
	})
);

export const actorSchema = z.object({
	/** As written in the booklet ("Caisse d'Allocations Familiales F87"). */
	label: text,
	/** Organisation key; when absent the loader matches the label against organisation aliases. */
	org: z.string().trim().min(1).optional(),
	/** Set when the label must stay free text even if it resembles an organisation. */
	freeText: z.boolean().optional()
});
export type ActorInput = z.infer<typeof actorSchema>;

export const indicatorSchema = z.object({
	kind: z.enum(INDICATOR_KINDS),
	/** Heading as written: "De réalisation", "De mise en œuvre", "De résultat". */
	kindLabel: z.string().trim().min(1).nullable().default(null),
	/** The indicator line as written. */
	label: text,
	/** Unit; when absent it is inferred from the wording (see inferIndicatorMeasures). */
	unit: z.enum(INDICATOR_UNITS).optional(),
	/**
	 * When one line holds several measures ("Nombre et pourcentage de …") the loader creates one
	 * indicator per measure; set this to override the inferred split.
	 */
	measures: z
		.array(z.object({ measure: text, unit: z.enum(INDICATOR_UNITS) }))
		.min(1)
		.optional(),
	polarity: z.enum(POLARITIES).default('higher_better'),
	periodicity: z.enum(PERIODICITIES).default('annuelle'),
	baseline: z
		.object({ value: z.number(), year: z.number().int().min(1990).max(2100) })
		.nullable()
		.default(null),
	targets: z
		.array(z.object({ year: z.number().int().min(1990).max(2100), value: z.number() }))
		.default([]),
	breakdown: z
		.object({ label: text, values: z.array(text).min(2) })
		.nullable()
		.default(null),
	/** Why a unit, target or breakdown was chosen when the booklet is not explicit. */
	note: optionalText
});
export type IndicatorInput = z.input<typeof indicatorSchema>;

export const ficheSchema = z.object({
	number: text,
	title: text,
	/** The wording of the table of contents when it differs from the fiche body (the body wins). */
	tocTitle: optionalText,
	priorityLabel: optionalText,
	/** Paragraphs separated by a blank line; list lines start with "- ". */
	context: optionalText,
	steps: z.array(listItemSchema).default([]),
	targetPublic: optionalText,
	pilots: z.array(actorSchema).default([]),
	partners: z.array(actorSchema).default([]),
	schedule: optionalText,
	startDate: z.iso.date().nullable().default(null),
	endDate: z.iso.date().nullable().default(null),
	results: z
		.object({
			quantitative: z.array(listItemSchema).default([]),
			qualitative: z.array(listItemSchema).default([]),
			/** Results listed without a "Quantitatif / Qualitatif" heading. */
			unclassified: z.array(listItemSchema).default([])
		})
		.default({ quantitative: [], qualitative: [], unclassified: [] }),
	indicators: z.array(indicatorSchema).default([]),
	links: optionalText,
	/** Fiches of other schemes this one answers to (« liens avec d'autres schémas » made links). */
	linkedFiches: z
		.array(z.object({ scheme: text, number: text }))
		.optional()
		.default([]),
	state: z.enum(FICHE_STATES),
	/** Editorial notes on how the source was read (conversion artefacts, merged cells…). */
	note: optionalText
});
export type FicheInput = z.input<typeof ficheSchema>;

export type PlanNodeInput = {
	code: string;
	title: string;
	tocTitle?: string | null;
	note?: string | null;
	children?: PlanNodeInput[];
	fiches?: FicheInput[];
};
export const planNodeSchema: z.ZodType<
	{
		code: string;
		title: string;
		tocTitle: string | null;
		note: string | null;
		children: z.output<typeof planNodeSchema>[];
		fiches: z.output<typeof ficheSchema>[];
	},
	PlanNodeInput
> = z.lazy(() =>
	z.object({
		code: text,
		title: text,
		tocTitle: optionalText,
		note: optionalText,
		children: z.array(planNodeSchema).default([]),
		fiches: z.array(ficheSchema).default([])
	})
);

export const organisationSchema = z.object({
	key: z
		.string()
		.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Clé en minuscules et tirets, par exemple « caf-87 ».'),
	name: text,
	shortName: text,
	type: z.enum(ORGANISATION_TYPES),
	/** Other spellings met in documents, matched ignoring case, accents and punctuation. */
	aliases: z.array(text).default([]),
	/** Code of the département it belongs to (« 87 »); absent or null: a national organisation. */
	territory: z.string().trim().min(1).nullable().optional()
});
export type OrganisationInput = z.input<typeof organisationSchema>;

export const territorySchema = z.object({
	kind: z.enum(TERRITORY_KINDS),
	code: z
		.string()
		.trim()
		.regex(/^[0-9AB]{2,9}$/, 'Code officiel invalide.'),
	name: text,
	/** The département of a commune or EPCI. */
	parentCode: z.string().trim().min(2).optional()
});
export type TerritoryInput = z.output<typeof territorySchema>;

export const schemeSchema = z.object({
	slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Identifiant en minuscules et tirets.'),
	departmentCode: z.string().regex(/^(\d{2,3}|2A|2B)$/, 'Code de département invalide.'),
	departmentName: text,
	title: text,
	subtitle: optionalText,
	startYear: z.number().int().min(2000).max(2100),
	endYear: z.number().int().min(2000).max(2100),
	state: z.enum(SCHEME_STATES),
	levelLabels: z.array(text).min(1).max(4),
	description: optionalText,
	source: optionalText,
	kind: z.enum(SCHEME_KINDS).optional().default('sdsf'),
	/** The territory the scheme covers; by default its département. */
	territory: territorySchema.optional(),
	/** Slugs of the schemes it must be compatible with (a communal SPPE with its SDSF). */
	compatibleWith: z.array(text).optional().default([])
});

export const planDocumentSchema = z
	.object({
		scheme: schemeSchema,
		organisations: z.array(organisationSchema).default([]),
		tree: z.array(planNodeSchema).min(1)
	})
	.superRefine((doc, ctx) => {
		if (doc.scheme.endYear < doc.scheme.startYear) {
			ctx.addIssue({
				code: 'custom',
				path: ['scheme', 'endYear'],
				message: 'L’année de fin précède l’année de début.'
			});
		}
		const depth = doc.scheme.levelLabels.length;
		const visit = (
			nodes: z.output<typeof planNodeSchema>[],
			level: number,
			path: (string | number)[]
		) => {
			nodes.forEach((node, i) => {
				if (level > depth) {
					ctx.addIssue({
						code: 'custom',
						path: [...path, i],
						message: `Le nœud « ${node.code} » dépasse les ${depth} niveaux du schéma.`
					});
				}
				visit(node.children, level + 1, [...path, i, 'children']);
			});
		};
		visit(doc.tree, 1, ['tree']);
	});
export type PlanDocumentInput = z.input<typeof planDocumentSchema>;
export type PlanDocument = z.output<typeof planDocumentSchema>;
