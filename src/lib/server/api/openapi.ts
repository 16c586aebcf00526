import { API_ERROR_STATUS } from './responses';
import {
	FICHE_STATES,
	INDICATOR_KINDS,
	INDICATOR_UNITS,
	ORGANISATION_TYPES,
	PERIODICITIES,
	POLARITIES,
	SCHEME_KINDS,
	SCHEME_STATES
} from '$lib/domain/enums';
import {
	FIGURE_STATUSES,
	PERIOD_KINDS,
	PERIOD_STATES,
	REVIEW_DECISIONS
} from '$lib/domain/figures';

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
	kind: {
		enum: [...SCHEME_KINDS],
		description:
			'sdsf (département), ctg (convention territoriale globale), sppe (schéma pluriannuel petite enfance d’une commune ou d’un EPCI), pedt, autre.'
	},
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
		{
			label: { ...str, description: 'Libellé tel qu’écrit dans le document.' },
			organisation: nullable(ref('Organisation'))
		},
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
		kindLabel: {
			...nullable(str),
			description: 'Rubrique telle qu’écrite (« De mise en œuvre »).'
		},
		label: str,
		measure: {
			...nullable(str),
			description: 'Mesure quand une ligne en porte plusieurs (« Nombre », « Pourcentage »).'
		},
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
	FicheResponse: closed({ scheme: closed({ slug: str, title: str }), fiche: ref('FicheDetail') }),
	// The one error body of every endpoint (api/responses.ts apiError).
	Error: {
		type: 'object',
		additionalProperties: false,
		required: ['error'],
		properties: {
			error: {
				type: 'object',
				additionalProperties: false,
				required: ['code', 'message'],
				properties: {
					code: {
						enum: Object.keys(API_ERROR_STATUS),
						description:
							'Le statut suit le code : 412 precondition_failed (version périmée), 428 precondition_required (version manquante).'
					},
					message: str,
					fields: {
						type: 'object',
						additionalProperties: str,
						description:
							'Message en français par champ (value, comment, breakdown, state, reason, opensOn…).'
					}
				}
			},
			currentVersion: {
				...int,
				description: 'Version actuelle (412, 428, 409), aussi dans l’en-tête ETag.'
			}
		}
	},
	Period: closed({
		code: {
			...str,
			example: '2019-S1',
			description: 'Identifiant : AAAA, AAAA-S1..S2 ou AAAA-T1..T4.'
		},
		kind: { enum: [...PERIOD_KINDS] },
		year: int,
		number: {
			...nullable(int),
			description: 'Semestre (1–2) ou trimestre (1–4) ; null pour une année.'
		},
		label: { ...str, example: '1er semestre 2019' },
		startsOn: { ...str, format: 'date' },
		endsOn: { ...str, format: 'date' },
		opensOn: { ...str, format: 'date', description: 'Ouverture de la saisie.' },
		closesOn: { ...str, format: 'date', description: 'Clôture de la saisie.' },
		state: {
			enum: [...PERIOD_STATES],
			description:
				'à venir, ouverte, close, validée : seule une période ouverte accepte des chiffres.'
		},
		late: { type: 'boolean', description: 'Ouverte et date de clôture dépassée.' },
		version: int
	}),
	PeriodList: closed({ periods: { type: 'array', items: ref('Period') } }),
	PeriodResponse: closed({ period: ref('Period') }),
	NextSchemeInput: {
		type: 'object',
		additionalProperties: false,
		required: ['startYear', 'endYear'],
		properties: {
			startYear: { ...int, example: 2022, description: 'Après la première année du schéma.' },
			endYear: { ...int, example: 2026, description: 'Dix ans au plus après startYear.' },
			fiches: {
				type: 'array',
				items: str,
				example: ['1', '11 bis'],
				description: 'Numéros des fiches reprises ; toutes si absent.'
			}
		}
	},
	NextSchemeResponse: closed({
		scheme: closed({
			slug: { ...str, example: 'haute-vienne-2022-2026' },
			title: str,
			startYear: int,
			endYear: int,
			predecessor: { ...str, description: 'Identifiant du schéma dont il est issu.' }
		}),
		fiches: { ...int, description: 'Nombre de fiches reprises.' }
	}),
	PeriodInput: closed({
		kind: { enum: [...PERIOD_KINDS] },
		year: int,
		number: nullable(int),
		opensOn: { ...str, format: 'date' },
		closesOn: { ...str, format: 'date' }
	}),
	PeriodPatch: {
		type: 'object',
		additionalProperties: false,
		description:
			'Soit un changement d’état (state, reason — raison obligatoire pour rouvrir), soit la fenêtre de saisie (opensOn, closesOn).',
		properties: {
			state: { enum: [...PERIOD_STATES] },
			reason: str,
			opensOn: { ...str, format: 'date' },
			closesOn: { ...str, format: 'date' }
		}
	},
	FigureValue: {
		description:
			'Nombre (nombre, pourcentage 0–100, montant en euros), texte (texte), booléen (oui_non) ou null. En écriture, une chaîne en écriture française est acceptée (« 1 234,5 », « 12,5 % », « oui »).',
		anyOf: [{ type: 'number' }, str, { type: 'boolean' }, { type: 'null' }]
	},
	FigureInput: {
		type: 'object',
		additionalProperties: false,
		description: 'PUT remplace le chiffre : un commentaire omis devient vide.',
		properties: {
			value: ref('FigureValue'),
			notAvailable: {
				type: 'boolean',
				description: '« Non disponible » : ce n’est pas zéro ; value doit être null.'
			},
			comment: { ...nullable(str), maxLength: 2000 }
		}
	},
	Figure: closed({
		scheme: str,
		fiche: { ...str, example: '11-bis' },
		period: { ...str, example: '2019' },
		indicatorId: int,
		breakdown: nullable(
			closed({
				id: int,
				label: str,
				territoryCode: {
					...nullable(str),
					description:
						'Ventilation territoriale : code officiel du territoire de la valeur (département « 23 », EPCI par son SIREN, commune par son code INSEE) ; null sinon.'
				}
			})
		),
		unit: { enum: [...INDICATOR_UNITS] },
		value: ref('FigureValue'),
		display: {
			...str,
			description: 'La valeur écrite en français (« 1 234,5 », « 12,5 % », « Non disponible »).'
		},
		notAvailable: { type: 'boolean' },
		comment: nullable(str),
		reviewerComment: {
			...nullable(str),
			description: 'Commentaire de la coordination lors d’un renvoi.'
		},
		status: { enum: [...FIGURE_STATUSES] },
		statusLabel: str,
		version: int,
		demo: { type: 'boolean', description: 'Chiffre fictif de démonstration.' },
		updatedAt: { ...str, format: 'date-time' },
		updatedBy: nullable(str),
		submittedAt: nullable({ ...str, format: 'date-time' }),
		reviewedAt: nullable({ ...str, format: 'date-time' }),
		source: {
			...nullable(closed({ fileName: str, importedAt: str })),
			description:
				'Chiffre venu des données publiques : le fichier importé et sa date (null : saisi par les pilotes). Un tel chiffre ne se saisit pas (PUT → 409).'
		}
	}),
	FigureResponse: closed({ figure: ref('Figure') }),
	FigurePutResponse: closed({
		figure: ref('Figure'),
		created: { type: 'boolean' },
		changed: { type: 'boolean' }
	}),
	SheetFigure: closed({
		id: int,
		value: ref('FigureValue'),
		display: str,
		notAvailable: { type: 'boolean' },
		comment: nullable(str),
		reviewerComment: nullable(str),
		status: { enum: [...FIGURE_STATUSES] },
		version: int,
		demo: { type: 'boolean' },
		updatedAt: str,
		updatedBy: nullable(str)
	}),
	SheetLine: closed({
		key: { ...str, description: '« <indicatorId> » ou « <indicatorId>-<breakdownValueId> ».' },
		indicatorId: int,
		label: str,
		measure: nullable(str),
		unit: { enum: [...INDICATOR_UNITS] },
		breakdown: nullable(
			closed({
				id: int,
				label: str,
				territoryCode: {
					...nullable(str),
					description:
						'Ventilation territoriale : code officiel du territoire de la valeur (département « 23 », EPCI par son SIREN, commune par son code INSEE) ; null sinon.'
				}
			})
		),
		target: {
			...nullable({ type: 'number' }),
			description: 'Cible de l’année (périodes annuelles, lignes sans ventilation).'
		},
		previous: nullable(closed({ period: str, value: nullable({ type: 'number' }), display: str })),
		editable: { type: 'boolean' },
		commentRequired: {
			type: 'boolean',
			description:
				'La valeur enregistrée manque la cible ou varie de plus de 50 % : commentaire requis pour soumettre.'
		},
		figure: nullable(ref('SheetFigure'))
	}),
	Progress: closed({ expected: int, entered: int, submitted: int, validated: int, sentBack: int }),
	Sheet: closed({
		scheme: closed({ slug: str, title: str }),
		fiche: closed({ number: str, slug: str, title: str }),
		period: ref('Period'),
		status: { enum: ['a_saisir', 'en_cours', 'soumis', 'renvoye', 'valide'] },
		progress: ref('Progress'),
		demo: { type: 'boolean', description: 'Contient des chiffres fictifs de démonstration.' },
		lines: { type: 'array', items: ref('SheetLine') }
	}),
	SheetResponse: closed({ sheet: ref('Sheet') }),
	SubmitResponse: closed({ submitted: int, sheet: ref('Sheet') }),
	ReviewDecision: {
		type: 'object',
		additionalProperties: false,
		required: ['figureId', 'version', 'decision'],
		properties: {
			figureId: int,
			version: {
				...int,
				description: 'La version du chiffre telle que relue : un chiffre modifié depuis → 409.'
			},
			decision: {
				enum: [...REVIEW_DECISIONS],
				description:
					'validate (chiffre soumis), send_back (chiffre soumis ou validé, avec la raison dans comment), undo_validation (chiffre validé, tant que la période est ouverte : il revient en attente de revue).'
			},
			comment: nullable({
				...str,
				description: 'Raison du renvoi, lue par le pilote (obligatoire pour send_back).'
			})
		}
	},
	ReviewDecisions: {
		type: 'object',
		additionalProperties: false,
		required: ['decisions'],
		description: 'Une décision par chiffre ; toutes s’appliquent, ou aucune.',
		properties: { decisions: { type: 'array', minItems: 1, items: ref('ReviewDecision') } }
	},
	LegacyReviewInput: {
		type: 'object',
		additionalProperties: false,
		deprecated: true,
		description:
			'Ancienne forme, toujours acceptée mais dépréciée : utilisez { "decisions": [...] }. Chaque chiffre commenté est renvoyé, les autres chiffres soumis sont validés.',
		required: ['comments', 'versions'],
		properties: {
			comments: {
				type: 'object',
				additionalProperties: str,
				description:
					'{ "<figureId>": "commentaire" } : chaque chiffre commenté est renvoyé au pilote.'
			},
			validateOthers: {
				type: 'boolean',
				default: true,
				description: 'Valider les autres chiffres soumis.'
			},
			versions: {
				type: 'object',
				additionalProperties: int,
				description:
					'{ "<figureId>": version } telles que relues : un chiffre modifié depuis → 409.'
			}
		}
	},
	ReviewInput: { oneOf: [ref('ReviewDecisions'), ref('LegacyReviewInput')] },
	ReviewResponse: closed({
		validated: int,
		sentBack: int,
		undone: { ...int, description: 'Validations annulées.' },
		sheet: ref('Sheet')
	}),
	WithdrawResponse: closed({ withdrawn: int, sheet: ref('Sheet') }),
	TerritoryResponse: closed({
		territory: closed(
			{
				code: {
					...str,
					description:
						'Code officiel : département (« 87 », « 2A », « 974 »), EPCI (SIREN à 9 chiffres), commune (code INSEE à 5 caractères), ou « FR » pour la France entière hors Mayotte.',
					example: '87'
				},
				kind: { enum: ['national', 'departement', 'epci', 'commune'] },
				name: { ...str, example: 'Haute-Vienne' },
				parents: {
					type: 'array',
					description: 'Les territoires au-dessus, du plus proche au plus large.',
					items: closed({
						code: str,
						kind: { enum: ['departement', 'epci', 'commune'] },
						name: str
					})
				},
				series: {
					type: 'array',
					items: closed({
						key: { ...str, example: 'txcouv' },
						label: { ...str, example: 'Taux de couverture global' },
						unit: {
							enum: ['rate', 'places'],
							description:
								'rate : places pour 100 enfants de moins de 3 ans (peut dépasser 100) ; places : nombre de places.'
						},
						source: {
							...str,
							description: 'Producteur, type et nom du fichier importé, date d’import.'
						},
						values: {
							type: 'array',
							items: closed({
								year: { ...int, description: 'Estimation à décembre de l’année.' },
								value: nullable({ type: 'number' }),
								status: {
									enum: ['published', 'not_published'],
									description: 'not_published : valeur non diffusée (value null), jamais 0.'
								}
							})
						}
					})
				}
			},
			'Un territoire et ses séries publiques (données ouvertes de la CNAF) : la dernière valeur importée de chaque année.'
		)
	})
} as const;

const jsonContent = (name: string) => ({ 'application/json': { schema: ref(name) } });
const notFound = { description: 'Introuvable', content: jsonContent('Error') };
const slugParam = {
	name: 'slug',
	in: 'path',
	required: true,
	schema: str,
	example: 'haute-vienne-2017-2021'
};
const numberParam = {
	name: 'number',
	in: 'path',
	required: true,
	schema: str,
	example: '35',
	description: 'Numéro de la fiche (« 11 bis » encodé, ou « 11-bis »).'
};
const periodParam = {
	name: 'period',
	in: 'path',
	required: true,
	schema: str,
	example: '2019',
	description: 'AAAA, AAAA-S1..S2 ou AAAA-T1..T4.'
};
const ifMatchParam = {
	name: 'If-Match',
	in: 'header',
	required: false,
	schema: str,
	description: 'Version telle que lue dans ETag : "3".'
};
const etagHeader = { ETag: { description: 'Version du chiffre : "3".', schema: str } };
const errorResponse = (description: string) => ({
	description,
	content: jsonContent('Error')
});

export function openApiDocument(origin: string) {
	return {
		openapi: '3.1.0',
		info: {
			title: 'Pilotage SDSF — API',
			version: '1.0.0',
			description:
				'API des schémas départementaux des services aux familles : schémas, arborescence du plan, fiches actions, indicateurs (lecture) ; périodes de suivi et chiffres des indicateurs (lecture et saisie avec un jeton personnel, If-Match sur la version). Noms de champs en anglais (camelCase), stables ; erreurs en JSON avec un message en français.\n\nDroits : chaque appel agit avec les appartenances de la personne (coordination, pilote pour une organisation, lecteur) dans chaque schéma. Un schéma public se lit sans compte ; un schéma privé n’existe, pour qui n’en est pas membre, que sous la forme d’un 404 identique à celui d’un schéma inconnu (jamais 401 ni 403). Un jeton personnel (Authorization: Bearer sdsf_…) peut être restreint à un schéma et à une portée : read (lecture seule), figures (lecture et saisie des chiffres) ou all (tous les droits du compte) ; hors de sa restriction il reçoit 404 (autre schéma) ou 403 (action hors portée).'
		},
		servers: [{ url: origin }],
		paths: {
			'/api/territories/{code}': {
				get: {
					operationId: 'getTerritory',
					summary:
						'Un territoire (France, département, EPCI, commune), ses territoires parents et ses séries publiques (taux de couverture, places)',
					description:
						'Données publiques : sans compte. Les valeurs viennent des fichiers de la CNAF importés ; une valeur révisée par un fichier plus récent remplace la précédente (gardée dans l’historique).',
					parameters: [
						{
							name: 'code',
							in: 'path',
							required: true,
							schema: str,
							example: '87',
							description: '« 87 », « 2A », un SIREN d’EPCI, un code commune, ou « FR ».'
						}
					],
					responses: {
						'200': { description: 'Le territoire', content: jsonContent('TerritoryResponse') },
						'404': notFound
					}
				}
			},
			'/api/schemes': {
				get: {
					operationId: 'listSchemes',
					summary: 'Les schémas que l’appelant peut lire : les publics et ceux dont il est membre',
					responses: { '200': { description: 'Les schémas', content: jsonContent('SchemeList') } }
				}
			},
			'/api/schemes/{slug}': {
				get: {
					operationId: 'getScheme',
					summary: 'Un schéma, ses niveaux et son arborescence avec le résumé des fiches',
					parameters: [slugParam],
					responses: {
						'200': { description: 'Le schéma', content: jsonContent('SchemeResponse') },
						'404': notFound
					}
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
							description:
								'Numéro tel qu’écrit (« 11 bis », encodé) ou sous forme d’adresse (« 11-bis »).',
							example: '11-bis'
						}
					],
					responses: {
						'200': { description: 'La fiche', content: jsonContent('FicheResponse') },
						'404': notFound
					}
				},
				patch: {
					operationId: 'updateFiche',
					summary:
						'Modifier une fiche (pilotes de la fiche et coordination du schéma ; numéro, intitulé, priorité, liens et pilotes : coordination)',
					description:
						'Envoie seulement les champs modifiés (listes en tableaux d’éléments { text, marker, children }). En-tête If-Match avec la version lue (ETag) : 409 si la fiche a changé entre-temps, 428 sans version.',
					parameters: [slugParam, { name: 'number', in: 'path', required: true, schema: str }],
					requestBody: {
						required: true,
						content: {
							'application/json': {
								schema: {
									type: 'object',
									additionalProperties: false,
									properties: {
										version: int,
										state: { enum: [...FICHE_STATES] },
										context: nullable(str),
										steps: { type: 'array', items: ref('ListItem') },
										targetPublic: nullable(str),
										schedule: nullable(str),
										startDate: nullable({ ...str, format: 'date' }),
										endDate: nullable({ ...str, format: 'date' }),
										resultsQuantitative: { type: 'array', items: ref('ListItem') },
										resultsQualitative: { type: 'array', items: ref('ListItem') },
										partners: { type: 'array', items: str },
										number: str,
										title: str,
										priorityLabel: nullable(str),
										links: nullable(str),
										pilots: { type: 'array', items: str }
									}
								}
							}
						}
					},
					responses: {
						'200': { description: 'La fiche enregistrée', content: jsonContent('FicheResponse') },
						'400': {
							description: 'Données invalides (message par champ)',
							content: jsonContent('Error')
						},
						'401': { description: 'Authentification requise', content: jsonContent('Error') },
						'403': { description: 'Droits insuffisants', content: jsonContent('Error') },
						'404': notFound,
						'409': {
							description: 'Version périmée : rien n’a été écrit',
							content: jsonContent('Error')
						},
						'428': { description: 'Version manquante', content: jsonContent('Error') }
					}
				}
			},
			'/api/schemes/{slug}/report': {
				get: {
					operationId: 'getAnnualReport',
					summary: 'Rapport annuel au format Excel (.xlsx) pour une période ou une année',
					parameters: [
						slugParam,
						{ name: 'period', in: 'query', required: false, schema: str, example: '2018' }
					],
					responses: {
						'200': {
							description: 'Le classeur',
							content: {
								'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
									schema: { type: 'string', format: 'binary' }
								}
							}
						},
						'400': { description: 'Période invalide', content: jsonContent('Error') },
						'401': { description: 'Authentification requise', content: jsonContent('Error') },
						'404': notFound
					}
				}
			},
			'/api/schemes/{slug}/figures': {
				get: {
					operationId: 'getOpenData',
					summary:
						'Données ouvertes : chaque chiffre du schéma (validés seulement, sauf pour la coordination du schéma), mêmes champs que le CSV',
					parameters: [slugParam],
					responses: {
						'200': {
							description: '{ scheme, generatedAt, validatedOnly, figures: [...] }',
							content: { 'application/json': { schema: { type: 'object' } } }
						},
						'401': { description: 'Authentification requise', content: jsonContent('Error') },
						'404': notFound
					}
				}
			},
			'/api/schemes/{slug}/periods': {
				get: {
					operationId: 'listPeriods',
					summary: 'Périodes de suivi du schéma (authentification requise)',
					parameters: [slugParam],
					responses: {
						'200': { description: 'Les périodes', content: jsonContent('PeriodList') },
						'401': errorResponse('Non authentifié'),
						'404': errorResponse('Schéma inconnu')
					}
				},
				post: {
					operationId: 'createPeriod',
					summary: 'Créer une période (coordination du schéma) ; elle commence « à venir »',
					parameters: [slugParam],
					requestBody: { required: true, content: jsonContent('PeriodInput') },
					responses: {
						'201': { description: 'Créée', content: jsonContent('PeriodResponse') },
						'400': errorResponse('Données invalides ou période existante'),
						'401': errorResponse('Non authentifié'),
						'403': errorResponse('Réservé à la coordination du schéma')
					}
				}
			},
			'/api/schemes/{slug}/next': {
				post: {
					operationId: 'prepareNextScheme',
					summary:
						'Préparer le schéma suivant (coordination du schéma) : nouveau schéma du même territoire, en préparation et privé',
					description:
						'Copie l’arborescence du plan et les fiches choisies avec leurs étapes, résultats attendus, pilotes, partenaires et indicateurs (valeur de référence : dernière valeur validée ; cibles à fixer). Chaque fiche est reliée à celle dont elle est issue ; les perspectives du bilan ouvrent son contexte. Ni chiffres, ni périodes, ni comités ne sont repris ; le schéma actuel n’est pas modifié. Les membres sont repris avec leurs rôles et l’appelant coordonne le nouveau schéma.',
					parameters: [slugParam],
					requestBody: { required: true, content: jsonContent('NextSchemeInput') },
					responses: {
						'201': { description: 'Créé', content: jsonContent('NextSchemeResponse') },
						'400': errorResponse('Années invalides ou fiche inconnue (message par champ)'),
						'403': errorResponse('Réservé à la coordination du schéma'),
						'404': errorResponse('Schéma inconnu'),
						'409': errorResponse('Le schéma suivant existe déjà')
					}
				}
			},
			'/api/schemes/{slug}/periods/{period}': {
				get: {
					operationId: 'getPeriod',
					summary: 'Une période',
					parameters: [slugParam, periodParam],
					responses: {
						'200': { description: 'La période', content: jsonContent('PeriodResponse') },
						'404': errorResponse('Introuvable')
					}
				},
				patch: {
					operationId: 'updatePeriod',
					summary:
						'Ouvrir, clore, valider ou rouvrir (avec raison) une période, ou changer sa fenêtre de saisie (coordination du schéma)',
					parameters: [slugParam, periodParam, ifMatchParam],
					requestBody: { required: true, content: jsonContent('PeriodPatch') },
					responses: {
						'200': { description: 'Modifiée', content: jsonContent('PeriodResponse') },
						'400': errorResponse('Transition interdite, raison manquante, dates invalides'),
						'403': errorResponse('Réservé à la coordination du schéma'),
						'412': errorResponse('Version périmée'),
						'428': errorResponse('If-Match manquant')
					}
				}
			},
			'/api/schemes/{slug}/fiches/{number}/periods/{period}': {
				get: {
					operationId: 'getSheet',
					summary:
						'Les chiffres d’une fiche pour une période : chaque ligne attendue et son chiffre',
					description:
						'Les pilotes de la fiche et la coordination du schéma voient tous les chiffres ; les autres utilisateurs, seulement les chiffres validés.',
					parameters: [slugParam, numberParam, periodParam],
					responses: {
						'200': { description: 'La grille', content: jsonContent('SheetResponse') },
						'401': errorResponse('Non authentifié'),
						'404': errorResponse('Introuvable')
					}
				}
			},
			'/api/schemes/{slug}/fiches/{number}/periods/{period}/submit': {
				post: {
					operationId: 'submitSheet',
					summary:
						'Soumettre les chiffres de la fiche pour la période à la coordination (pilote de la fiche)',
					description:
						'Chaque ligne attendue doit avoir une valeur ou « non disponible », et un commentaire quand la valeur manque la cible ou varie de plus de 50 % ; sinon rien ne change (400, messages par champ value.<clé> / comment.<clé>).',
					parameters: [slugParam, numberParam, periodParam],
					responses: {
						'200': { description: 'Soumis', content: jsonContent('SubmitResponse') },
						'400': errorResponse('Lignes incomplètes ou commentaires manquants'),
						'403': errorResponse('Pas pilote de la fiche'),
						'423': errorResponse('Période non ouverte')
					}
				}
			},
			'/api/schemes/{slug}/fiches/{number}/periods/{period}/withdraw': {
				post: {
					operationId: 'withdrawSheet',
					summary:
						'Retirer la soumission : les chiffres pas encore revus reviennent en brouillon (pilote de la fiche)',
					parameters: [slugParam, numberParam, periodParam],
					responses: {
						'200': { description: 'Retirés', content: jsonContent('WithdrawResponse') },
						'400': errorResponse('Aucun chiffre en attente de revue'),
						'403': errorResponse('Pas pilote de la fiche'),
						'423': errorResponse('Période non ouverte')
					}
				}
			},
			'/api/schemes/{slug}/fiches/{number}/periods/{period}/review': {
				post: {
					operationId: 'reviewSheet',
					summary:
						'Valider, renvoyer avec une raison ou remettre en revue les chiffres, un par un (coordination du schéma)',
					description:
						'Corps { "decisions": [{ "figureId", "version", "decision", "comment" }] }. L’ancienne forme { "comments", "versions", "validateOthers" } reste acceptée mais est dépréciée.',
					parameters: [slugParam, numberParam, periodParam],
					requestBody: { required: true, content: jsonContent('ReviewInput') },
					responses: {
						'200': { description: 'Revu', content: jsonContent('ReviewResponse') },
						'400': errorResponse('Rien à valider ou commentaire sur un chiffre non soumis'),
						'403': errorResponse('Réservé à la coordination du schéma'),
						'409': errorResponse('Chiffres modifiés depuis la relecture'),
						'423': errorResponse('Période validée ou à venir')
					}
				}
			},
			'/api/schemes/{slug}/fiches/{number}/indicators/{indicatorId}/values/{period}': {
				parameters: [
					slugParam,
					numberParam,
					{ name: 'indicatorId', in: 'path', required: true, schema: int, example: 87 },
					periodParam,
					{
						name: 'breakdown',
						in: 'query',
						required: false,
						schema: str,
						description:
							'Valeur de ventilation, par identifiant ou par libellé (casse, accents et ponctuation ignorés : « haute-vienne »). Obligatoire pour un indicateur ventilé, interdite sinon.'
					}
				],
				get: {
					operationId: 'getFigure',
					summary: 'Un chiffre (indicateur × période × ventilation), avec sa version dans ETag',
					responses: {
						'200': {
							description: 'Le chiffre',
							headers: etagHeader,
							content: jsonContent('FigureResponse')
						},
						'401': errorResponse('Non authentifié'),
						'404': errorResponse('Introuvable ou pas encore saisi')
					}
				},
				put: {
					operationId: 'putFigure',
					summary:
						'Saisir ou corriger un chiffre (brouillon), pour les systèmes des organisations pilotes',
					description:
						'Jeton personnel (Authorization: Bearer …) ou session. Chiffre existant : If-Match avec sa version obligatoire (428 sinon, 412 si elle a changé). Nouveau chiffre : sans If-Match (ou If-None-Match: *). Mêmes règles que la grille de saisie : unité, bornes, écriture française, « non disponible ». Période non ouverte : 423 ; chiffre soumis ou validé : 409. Chaque écriture est inscrite à l’historique.',
					parameters: [
						ifMatchParam,
						{ name: 'If-None-Match', in: 'header', required: false, schema: { const: '*' } }
					],
					requestBody: { required: true, content: jsonContent('FigureInput') },
					responses: {
						'200': {
							description: 'Modifié (ou inchangé)',
							headers: etagHeader,
							content: jsonContent('FigurePutResponse')
						},
						'201': {
							description: 'Créé',
							headers: etagHeader,
							content: jsonContent('FigurePutResponse')
						},
						'400': errorResponse('Valeur invalide (message par champ)'),
						'401': errorResponse('Non authentifié'),
						'403': errorResponse(
							'Pas pilote de la fiche ni coordination du schéma, ou jeton en lecture seule'
						),
						'404': errorResponse('Schéma, fiche, indicateur ou période inconnus'),
						'409': errorResponse('Chiffre soumis ou validé'),
						'412': errorResponse('Version périmée'),
						'423': errorResponse('Période à venir, close ou validée'),
						'428': errorResponse('If-Match manquant pour un chiffre existant')
					}
				}
			}
		},
		components: { schemas: apiSchemas }
	};
}
