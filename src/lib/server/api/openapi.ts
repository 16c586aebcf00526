import {
	FICHE_STATES,
	INDICATOR_KINDS,
	INDICATOR_UNITS,
	ORGANISATION_TYPES,
	PERIODICITIES,
	POLARITIES,
	SCHEME_STATES
} from '$lib/domain/enums';

// The read API's contract. Objects are closed (additionalProperties: false) so the API tests,
// which validate every response against these schemas, catch an undocumented field.

const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });
const str = { type: 'string' };
const int = { type: 'integer' };
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const closed = (properties: Record<string, object>, description?: string) => ({
	type: 'object',
	...(description ? { description } : {}),
	additionalProperties: false,
	required: Object.keys(properties),
	properties
});

const schemeSummaryProps = {
	slug: { ...str, description: 'Identifiant lisible, utilisé dans les adresses.' },
	departmentCode: { ...str, example: '87' },
	departmentName: { ...str, example: 'Haute-Vienne' },
	title: str,
	subtitle: nullable(str),
	startYear: int,
	endYear: int,
	state: { enum: [...SCHEME_STATES] },
	visibility: { enum: ['public', 'private'] }
};

export const apiSchemas = {
	Error: closed({
		error: closed({
			code: {
				enum: [
					'not_found',
					'bad_request',
					'unauthorized',
					'forbidden',
					'conflict',
					'precondition_failed',
					'payload_too_large',
					'method_not_allowed'
				]
			},
			message: str
		})
	}),
	SchemeSummary: closed({ ...schemeSummaryProps, ficheCount: int }),
	SchemeDetail: closed({
		...schemeSummaryProps,
		levelLabels: { type: 'array', items: str, minItems: 1, maxItems: 4 },
		description: nullable(str),
		source: nullable(str),
		tree: { type: 'array', items: ref('TreeNode') }
	}),
	TreeNode: closed({
		code: { ...str, example: '1.2' },
		title: str,
		tocTitle: { ...nullable(str), description: 'Intitulé du sommaire quand il diffère du corps.' },
		note: nullable(str),
		depth: { type: 'integer', minimum: 1, maximum: 4 },
		levelLabel: { ...str, example: 'Axe stratégique' },
		fiches: { type: 'array', items: ref('FicheSummary') },
		children: { type: 'array', items: ref('TreeNode') }
	}),
	Organisation: closed({
		slug: str,
		name: str,
		shortName: { ...str, example: 'CAF 87' },
		type: { enum: [...ORGANISATION_TYPES] }
	}),
	Actor: closed(
		{ label: { ...str, description: 'Libellé tel qu’écrit dans le document.' }, organisation: nullable(ref('Organisation')) },
		'Pilote ou partenaire : une organisation quand il y en a une, sinon un libellé libre (« Familles »).'
	),
	FicheSummary: closed({
		number: { ...str, example: '11 bis' },
		slug: { ...str, example: '11-bis' },
		title: str,
		state: { enum: [...FICHE_STATES] },
		pilots: { type: 'array', items: ref('Actor') }
	}),
	ListItem: {
		type: 'object',
		additionalProperties: false,
		required: ['text', 'marker'],
		properties: {
			text: str,
			marker: { ...nullable(str), description: 'Puce ou numéro tel qu’écrit (« 1) », « • »).' },
			children: { type: 'array', items: ref('ListItem') }
		}
	},
	Indicator: closed({
		id: int,
		kind: { enum: [...INDICATOR_KINDS] },
		kindLabel: { ...nullable(str), description: 'Rubrique telle qu’écrite (« De mise en œuvre »).' },
		label: str,
		measure: { ...nullable(str), description: 'Mesure quand une ligne en porte plusieurs (« Nombre », « Pourcentage »).' },
		unit: { enum: [...INDICATOR_UNITS] },
		polarity: { enum: [...POLARITIES] },
		periodicity: { enum: [...PERIODICITIES] },
		baseline: nullable(closed({ value: { type: 'number' }, year: int })),
		targets: { type: 'array', items: closed({ year: int, value: { type: 'number' } }) },
		breakdown: nullable(closed({ label: str, values: { type: 'array', items: str } })),
		note: nullable(str)
	}),
	FicheDetail: closed({
		number: str,
		slug: str,
		title: str,
		tocTitle: nullable(str),
		priorityLabel: nullable(str),
		state: { enum: [...FICHE_STATES] },
		context: { ...nullable(str), description: 'Paragraphes séparés par une ligne vide.' },
		steps: { type: 'array', items: ref('ListItem') },
		targetPublic: nullable(str),
		pilots: { type: 'array', items: ref('Actor') },
		partners: { type: 'array', items: ref('Actor') },
		schedule: nullable(str),
		startDate: nullable({ ...str, format: 'date' }),
		endDate: nullable({ ...str, format: 'date' }),
		results: closed({
			quantitative: { type: 'array', items: ref('ListItem') },
			qualitative: { type: 'array', items: ref('ListItem') },
			unclassified: { type: 'array', items: ref('ListItem') }
		}),
		indicators: { type: 'array', items: ref('Indicator') },
		links: nullable(str),
		note: nullable(str),
		version: int,
		updatedAt: { ...str, format: 'date-time' },
		path: { type: 'array', items: closed({ code: str, title: str, levelLabel: str }) }
	}),
	SchemeList: closed({ schemes: { type: 'array', items: ref('SchemeSummary') } }),
	SchemeResponse: closed({ scheme: ref('SchemeDetail') }),
	FicheResponse: closed({ scheme: closed({ slug: str, title: str }), fiche: ref('FicheDetail') })
} as const;

const jsonContent = (name: string) => ({ 'application/json': { schema: ref(name) } });
const notFound = { description: 'Introuvable', content: jsonContent('Error') };
const slugParam = { name: 'slug', in: 'path', required: true, schema: str, example: 'haute-vienne-2017-2021' };

export function openApiDocument(origin: string) {
	return {
		openapi: '3.1.0',
		info: {
			title: 'Pilotage SDSF — API',
			version: '1.0.0',
			description:
				'API en lecture des schémas départementaux des services aux familles : schémas, arborescence du plan, fiches actions, indicateurs. Noms de champs en anglais (camelCase), stables ; erreurs en JSON avec un message en français.'
		},
		servers: [{ url: origin }],
		paths: {
			'/api/schemes': {
				get: {
					operationId: 'listSchemes',
					summary: 'Liste des schémas',
					responses: { '200': { description: 'Les schémas', content: jsonContent('SchemeList') } }
				}
			},
			'/api/schemes/{slug}': {
				get: {
					operationId: 'getScheme',
					summary: 'Un schéma, ses niveaux et son arborescence avec le résumé des fiches',
					parameters: [slugParam],
					responses: { '200': { description: 'Le schéma', content: jsonContent('SchemeResponse') }, '404': notFound }
				}
			},
			'/api/schemes/{slug}/fiches/{number}': {
				get: {
					operationId: 'getFiche',
					summary: 'Une fiche action complète',
					parameters: [
						slugParam,
						{
							name: 'number',
							in: 'path',
							required: true,
							schema: str,
							description: 'Numéro tel qu’écrit (« 11 bis », encodé) ou sous forme d’adresse (« 11-bis »).',
							example: '11-bis'
						}
					],
					responses: { '200': { description: 'La fiche', content: jsonContent('FicheResponse') }, '404': notFound }
				}
			}
		},
		components: { schemas: apiSchemas }
	};
}
