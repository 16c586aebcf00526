import type { PlanDocumentInput } from '../src/lib/domain/plan-document';

/**
 * Demo plan of a second département: a Corrèze SDSF 2022–2026 built from a CAF grid of
 * departmental support (axe → objectif général → objectifs opérationnels → examples).
 * Source: shared/reference/caf-axes-accompagnement-departemental.txt
 *
 * Kept from the grid, as written (typos included): the axis numbers, the general and operational
 * objectives, the examples of actions (one fiche each) and the examples of departmental support
 * (steps marked « · » or « - », as in the grid). The grid's last two columns are read by content:
 * the short items (« EAJE itinérant », « Crèche VIP »…) are the actions, the bulleted items the
 * support. Everything else in a fiche is demo content, and each fiche's note says so.
 */

const DEMO_NOTE =
	'Fiche de démonstration : l’intitulé et les étapes marquées « · » ou « - » viennent de la grille d’accompagnement départemental de la CAF ; le contexte, le public visé, les pilotes, les partenaires, l’échéancier, les résultats attendus et les indicateurs sont un contenu de démonstration.';

const DEMO_TARGETS = 'Valeur de départ et cibles de démonstration.';

const AXE_NOTE =
	'Intitulé rédigé pour la démonstration : la grille ne donne que le numéro de l’axe.';

const PLAN = '2022-2026';

const free = (label: string) => ({ label, freeText: true });
const caf = { label: 'Caisse d’allocations familiales de la Corrèze', org: 'caf-19' };
const cd = { label: 'Conseil départemental de la Corrèze', org: 'cd-19' };
const brive = { label: 'Ville de Brive-la-Gaillarde', org: 'ville-brive' };

export const correzePlan: PlanDocumentInput = {
	scheme: {
		slug: 'correze-2022-2026',
		departmentCode: '19',
		departmentName: 'Corrèze',
		title: 'Schéma départemental des services aux familles de la Corrèze',
		subtitle: 'Plan d’actions 2022-2026 (démonstration)',
		startYear: 2022,
		endYear: 2026,
		state: 'en_cours',
		levelLabels: ['Axe', 'Objectif général', 'Objectif opérationnel'],
		description: [
			'Plan de démonstration : les axes, les objectifs généraux, les objectifs opérationnels et les intitulés des actions reprennent une grille d’accompagnement départemental de la CAF, appliquée ici à la Corrèze.',
			'La grille commence à l’axe 3 (son premier numéro est vide, les suivants sont 4, 5 et 6). Le contenu des fiches au-delà de la grille est un contenu de démonstration.'
		].join('\n\n'),
		source:
			'Grille des axes d’accompagnement départemental de la CAF (axe, objectif général, objectifs opérationnels, exemples d’accompagnement départemental, exemples d’actions).',
		kind: 'sdsf',
		territory: { kind: 'departement', code: '19', name: 'Corrèze' }
	},

	organisations: [
		{
			key: 'caf-19',
			name: 'Caisse d’allocations familiales de la Corrèze',
			shortName: 'CAF 19',
			type: 'caf',
			// The same two spellings as CAF 87 on purpose: « Caf » in a Corrèze fiche is CAF 19.
			aliases: ["Caisse d'Allocations Familiales", "Caisse d'Allocations Familiales 19", 'Caf'],
			territory: '19'
		},
		{
			key: 'cd-19',
			name: 'Conseil départemental de la Corrèze',
			shortName: 'CD 19',
			type: 'departement',
			aliases: ['Conseil départemental', 'Département de la Corrèze'],
			territory: '19'
		},
		{
			key: 'ville-brive',
			name: 'Ville de Brive-la-Gaillarde',
			shortName: 'Ville de Brive',
			type: 'commune_epci',
			aliases: ['Brive-la-Gaillarde', 'Mairie de Brive'],
			territory: '19'
		},
		{
			key: 'ddetspp-19',
			name: 'Direction départementale de l’emploi, du travail, des solidarités et de la protection des populations de la Corrèze',
			shortName: 'DDETSPP 19',
			type: 'etat',
			aliases: ['DDETSPP'],
			territory: '19'
		},
		// National (or regional) organisations, defined as in the Haute-Vienne seed under the same key.
		{
			key: 'msa',
			name: 'Mutualité sociale agricole du Limousin',
			shortName: 'MSA Limousin',
			type: 'msa',
			aliases: ['Mutualité Sociale Agricole', 'Mutualité Social Agricole', 'MSA'],
			territory: null
		},
		{
			key: 'pole-emploi',
			name: 'Pôle emploi',
			shortName: 'Pôle emploi',
			type: 'etat',
			aliases: [],
			territory: null
		},
		{
			key: 'fepem',
			name: 'Fédération des particuliers employeurs de France',
			shortName: 'FEPEM',
			type: 'association',
			aliases: [],
			territory: null
		}
	],

	tree: [
		{
			code: '3',
			title: 'Des modes d’accueil adaptés aux besoins de chaque famille',
			note: 'Le numéro de cet axe est vide dans la grille, dont les axes suivants sont numérotés 4, 5 et 6 : « 3 » est déduit. L’intitulé est rédigé pour la démonstration.',
			children: [
				{
					code: '3.1',
					title:
						'Adapter l’offre d’accueil aux besoins des publics confrontés à des horaires spécifiques, à des difficultés d’employabilité ou à des situations de fragilité',
					children: [
						{
							code: '3.1.1',
							title: 'soutenir l’évolution du service afin de répondre aux besoins des parents',
							fiches: [
								{
									number: '1',
									title:
										'Accueil des parents au sein du MAC avec leur enfant à tout moment de l’accueil',
									context: [
										'Certains parents, notamment les plus isolés, hésitent à confier leur enfant à un multi-accueil collectif (MAC) ou vivent difficilement la séparation.',
										'Ouvrir le MAC aux parents, qui peuvent rester avec leur enfant à tout moment de l’accueil, facilite la familiarisation et fait du lieu d’accueil un appui pour la famille.'
									].join('\n\n'),
									steps: [
										{
											marker: '1)',
											text: 'Recenser les MAC volontaires pour accueillir les parents au sein de la structure.'
										},
										{
											marker: '2)',
											text: 'Adapter le projet d’établissement et le règlement de fonctionnement.'
										},
										{
											marker: '3)',
											text: 'Accompagner les équipes dans l’évolution de leurs pratiques (temps d’analyse de la pratique).'
										},
										{ marker: '4)', text: 'Faire connaître la démarche aux familles.' }
									],
									targetPublic:
										'Parents d’enfants accueillis en multi-accueil, en particulier les familles en situation de fragilité',
									pilots: [caf],
									partners: [
										free('Gestionnaires des MAC'),
										{ label: 'Conseil départemental (PMI)', org: 'cd-19' },
										free('Familles')
									],
									schedule: PLAN,
									startDate: '2022-09-01',
									results: {
										quantitative: [{ marker: '•', text: '10 MAC ouverts aux parents en 2026' }],
										qualitative: [
											{
												marker: '•',
												text: 'Une séparation mieux préparée pour l’enfant et ses parents'
											},
											{
												marker: '•',
												text: 'Des liens de confiance entre les familles et les équipes'
											}
										]
									},
									indicators: [
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label: 'Nombre de MAC accueillant les parents avec leur enfant',
											baseline: { value: 3, year: 2022 },
											targets: [
												{ year: 2024, value: 6 },
												{ year: 2026, value: 10 }
											],
											note: DEMO_TARGETS
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label: 'Nombre de familles accueillies avec leur enfant au sein du MAC'
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label: 'Taux de parents satisfaits (enquête annuelle)'
										}
									],
									links: 'Convention d’objectifs et de gestion Cnaf-État 2023-2027.',
									state: 'en_cours',
									note: DEMO_NOTE
								},
								{
									number: '2',
									title: 'Crèche VIP (financement limité à 1 an)',
									context:
										'Les crèches à vocation d’insertion professionnelle (VIP) réservent des places aux enfants de parents sans emploi et accompagnent ces parents dans leur parcours vers l’emploi ou la formation.',
									steps: [
										{
											marker: '·',
											text: 'un partenariat avec POLE EMPLOI afin de proposer « un accueil en urgence » quand les parents reprennent une formation ou un emploi.'
										},
										{
											marker: '·',
											text: 'un Eaje peut proposer d’adosser à l’accueil des enfants des formations professionnelles dans le secteur de la petite enfance en direction de parents bénéficiant du Rsa'
										}
									],
									targetPublic:
										'Parents de jeunes enfants en recherche d’emploi ou en parcours d’insertion, dont les bénéficiaires du Rsa',
									// Written « Caf » without an organisation key: the loader must match it to CAF 19.
									pilots: [{ label: 'Caf' }],
									partners: [
										{ label: 'POLE EMPLOI' },
										{ label: 'Conseil départemental', org: 'cd-19' },
										free('Gestionnaires d’EAJE')
									],
									schedule: PLAN,
									results: {
										quantitative: [
											{ marker: '•', text: '2 crèches VIP sur le département' },
											{ marker: '•', text: '20 places réservées aux parents en insertion' }
										]
									},
									indicators: [
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label:
												'Nombre de places réservées aux enfants de parents en parcours d’insertion',
											baseline: { value: 0, year: 2022 },
											targets: [
												{ year: 2023, value: 10 },
												{ year: 2026, value: 20 }
											],
											note: DEMO_TARGETS
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label: 'Nombre de parents ayant repris une formation ou un emploi'
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label: 'Part des parents en emploi ou en formation à la sortie du dispositif'
										}
									],
									state: 'en_cours',
									note: DEMO_NOTE
								}
							]
						},
						{
							code: '3.1.2',
							title:
								'accompagner les professionnels dans l’évolution de leurs pratiques afin d’accueillir un public en situation de fragilité',
							fiches: [
								{
									number: '3',
									title:
										'accompagnement avec le CADA pour l’accueil des familles demandeurs d’asile',
									context:
										'Les familles hébergées en centre d’accueil de demandeurs d’asile (CADA) connaissent mal les modes d’accueil du jeune enfant ; les équipes des EAJE souhaitent être outillées pour les accueillir.',
									steps: [
										{
											marker: '·',
											text: 'un partenariat avec des foyers d’hébergement accueillant des jeunes mères avec enfants.'
										},
										{
											marker: '1)',
											text: 'Organiser des temps d’échange entre les équipes des EAJE et celles du CADA.'
										},
										{
											marker: '2)',
											text: 'Former les professionnels à l’accueil des familles non francophones.'
										}
									],
									targetPublic:
										'Familles demandeurs d’asile et jeunes mères hébergées avec leurs enfants ; professionnels des EAJE',
									pilots: [cd],
									partners: [
										free('CADA'),
										free('Foyers d’hébergement'),
										{ label: 'Caisse d’allocations familiales de la Corrèze', org: 'caf-19' },
										{ label: 'DDETSPP', org: 'ddetspp-19' }
									],
									schedule: '2023-2025',
									indicators: [
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label: 'Nombre de professionnels d’EAJE formés'
										},
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label: 'Formalisation d’une convention avec le CADA'
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label: 'Nombre d’enfants de familles demandeurs d’asile accueillis en EAJE'
										}
									],
									state: 'en_cours',
									note: DEMO_NOTE
								},
								{
									number: '3 bis',
									title:
										'Expérimentation d’un temps d’accueil Enfants/Parents en amont de l’accueil en EAJE : l’adaptation est travaillée en collectif Parents et enfants',
									context:
										'Avant l’entrée en EAJE, des temps collectifs réunissent parents et enfants pour préparer ensemble la séparation, en lien avec les lieux d’accueil enfants-parents.',
									steps: [
										{ marker: '1)', text: 'Choisir deux EAJE expérimentateurs.' },
										{
											marker: '2)',
											text: 'Construire avec les équipes le déroulé des temps collectifs.'
										},
										{ marker: '3)', text: 'Évaluer l’expérimentation avant de l’étendre.' }
									],
									targetPublic: 'Familles dont l’enfant entre en EAJE',
									pilots: [caf],
									partners: [free('Gestionnaires d’EAJE'), free('LAEP'), free('Familles')],
									schedule: 'À partir de septembre 2023',
									startDate: '2023-09-01',
									indicators: [
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label: 'Nombre de temps collectifs d’adaptation organisés'
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label:
												'Nombre de familles ayant participé à un temps d’accueil Enfants/Parents'
										}
									],
									state: 'a_lancer',
									note: DEMO_NOTE
								}
							]
						}
					]
				}
			]
		},
		{
			code: '4',
			title: 'Un accompagnement adapté à chaque territoire',
			note: AXE_NOTE,
			children: [
				{
					code: '4.1',
					title: 'Accompagner les problématiques territoriales des équipements',
					children: [
						{
							code: '4.1.1',
							title:
								'mobiliser les financements à partir d’une entrée territoriale : territoires ruraux - péri urbains « politique de la ville »'
						},
						{
							code: '4.1.2',
							title:
								'soutenir des actions portant sur l’activité de certains types de structures : crèche parentale, les services d’accueils familiaux, ou encore les structures itinérantes.',
							fiches: [
								{
									number: '4',
									title: 'EAJE itinérant',
									context:
										'Dans les communes rurales du plateau de Millevaches et de Haute-Corrèze, la faible densité ne permet pas d’ouvrir un établissement par commune : un EAJE itinérant accueille les enfants quelques jours par semaine dans des salles mises à disposition.',
									steps: [
										{
											marker: '·',
											text: 'La réflexion et la mise en place d’un nouveau projet'
										},
										{
											marker: '·',
											text: 'la prise en compte de surcoûts liés au transport (des enfants ou de matériel)'
										},
										{ marker: '·', text: 'le renforcement des moyens en personnel' },
										{ marker: '·', text: 'le développement de la formation professionnelle' }
									],
									targetPublic: 'Familles des communes rurales sans mode d’accueil collectif',
									pilots: [caf, { label: 'Mutualité Sociale Agricole', org: 'msa' }],
									partners: [cd, free('Communes et communautés de communes rurales')],
									schedule: PLAN,
									results: {
										qualitative: [
											{
												marker: '•',
												text: 'Une offre d’accueil collectif accessible dans les territoires ruraux'
											}
										]
									},
									indicators: [
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label: 'Nombre de communes desservies par l’EAJE itinérant',
											baseline: { value: 0, year: 2022 },
											targets: [
												{ year: 2024, value: 4 },
												{ year: 2026, value: 8 }
											],
											note: DEMO_TARGETS
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label: 'Nombre d’enfants accueillis par l’EAJE itinérant'
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label: 'Taux d’occupation de l’EAJE itinérant'
										}
									],
									state: 'en_cours',
									note: DEMO_NOTE
								}
							]
						}
					]
				}
			]
		},
		{
			code: '5',
			title: 'La pérennité des établissements d’accueil',
			note: AXE_NOTE,
			children: [
				{
					code: '5.1',
					title: 'Accompagner des difficultés structurelles rencontrées par les établissements',
					children: [
						{
							code: '5.1.1',
							title:
								'Apporter un soutien provisoire à certaines structures dans l’optique d’éviter la fermeture et de les accompagner vers une gestion économiquement viable.',
							fiches: [
								{
									number: '5',
									title: 'accompagnement dans le passage d’un fonctionnement Paje en Psu',
									context:
										'Des micro-crèches financées par la Paje connaissent des difficultés de remplissage ou de trésorerie ; le passage à la prestation de service unique (Psu) peut sécuriser leur modèle économique.',
									steps: [
										{
											marker: '-',
											text: 'Mise en plan d’un plan d’accompagnement élaboré conjointement'
										},
										{ marker: '1)', text: 'Réaliser un diagnostic financier de la structure.' },
										{
											marker: '2)',
											text: 'Suivre le plan d’accompagnement en comité technique CAF-Département.'
										}
									],
									targetPublic: 'Gestionnaires de micro-crèches en difficulté',
									pilots: [caf],
									partners: [cd, free('Gestionnaires de micro-crèches')],
									schedule: PLAN,
									indicators: [
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label: 'Nombre de structures accompagnées dans le passage de la Paje à la Psu'
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label:
												'Nombre de structures toujours ouvertes un an après la fin de l’accompagnement'
										}
									],
									state: 'en_cours',
									note: DEMO_NOTE
								}
							]
						}
					]
				}
			]
		},
		{
			code: '6',
			title: 'L’innovation dans l’accueil du jeune enfant',
			note: AXE_NOTE,
			children: [
				{
					code: '6.1',
					title: 'Accompagner les actions innovantes',
					children: [
						{
							code: '6.1.1',
							title: 'mieux structurer l’offre d’accueil sur le territoire',
							fiches: [
								{
									number: '6',
									title: 'Accueil en relais',
									context:
										'Des parents aux horaires décalés enchaînent un accueil collectif et un accueil chez un assistant maternel dans la même journée ; l’accueil en relais organise ce passage sans rupture pour l’enfant.',
									targetPublic: 'Parents travaillant en horaires décalés',
									pilots: [brive],
									partners: [caf, free('Relais petite enfance'), free('Assistants maternels')],
									schedule: '2024-2026',
									indicators: [
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label: 'Nombre de places proposées en accueil en relais'
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label: 'Nombre de familles bénéficiant d’un accueil en relais'
										}
									],
									state: 'a_lancer',
									note: DEMO_NOTE
								}
							]
						},
						{
							code: '6.1.2',
							title: 'développer les passerelles entre les différents modes d’accueil',
							fiches: [
								{
									number: '7',
									title: 'Action ou projet passerelle',
									context:
										'Les projets passerelles préparent l’entrée à l’école maternelle des enfants accueillis en EAJE ou chez un assistant maternel.',
									targetPublic: 'Enfants de 2 à 3 ans et leurs parents',
									pilots: [cd],
									partners: [caf, free('Écoles maternelles'), free('Gestionnaires d’EAJE')],
									schedule: PLAN,
									indicators: [
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label: 'Nombre de projets passerelles soutenus'
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label: 'Nombre d’enfants ayant bénéficié d’un projet passerelle'
										}
									],
									state: 'en_cours',
									note: DEMO_NOTE
								}
							]
						},
						{
							code: '6.1.3',
							title: 'soutenir l’accompagnement aux métiers de la petite enfance',
							fiches: [
								{
									number: '8',
									title:
										'Eveil pédagogique pour les Ass. Mat : consitution d’outils pédagogiques avec les Ass. Mat. (projet porté par un Ram)',
									context:
										'Les assistants maternels exercent souvent seuls ; construire ensemble des outils d’éveil au relais petite enfance rompt l’isolement et enrichit l’accueil.',
									targetPublic: 'Assistants maternels agréés',
									pilots: [caf],
									partners: [
										free('Relais petite enfance'),
										{ label: 'Conseil départemental (PMI)', org: 'cd-19' },
										{ label: 'FEPEM', org: 'fepem' }
									],
									schedule: PLAN,
									indicators: [
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label: 'Nombre d’outils pédagogiques constitués'
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label: 'Nombre d’assistants maternels ayant participé au projet',
											baseline: { value: 40, year: 2022 },
											targets: [{ year: 2026, value: 120 }],
											note: DEMO_TARGETS
										}
									],
									state: 'en_cours',
									note: DEMO_NOTE
								}
							]
						},
						{
							code: '6.1.4',
							title: 'répondre à de nouveaux besoins non couverts',
							fiches: [
								{
									number: '9',
									title: 'Action de développement durable (uniquement label écolo crèche)',
									context:
										'Des gestionnaires souhaitent réduire l’empreinte environnementale de leurs établissements et la faire reconnaître par le label Écolo crèche.',
									targetPublic: 'Gestionnaires d’EAJE',
									pilots: [brive],
									partners: [caf, free('Gestionnaires d’EAJE')],
									schedule: '2025-2026',
									indicators: [
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label: 'Nombre d’EAJE labellisés Écolo crèche',
											targets: [{ year: 2026, value: 3 }],
											note: DEMO_TARGETS
										}
									],
									state: 'a_lancer',
									note: DEMO_NOTE
								}
							]
						}
					]
				}
			]
		}
	]
};
