import type { PlanDocumentInput } from '../src/lib/domain/plan-document';

/**
 * Demo plan: the Haute-Vienne SDSF 2017–2021, "Livret des fiches actions 2017-2018",
 * transcribed as written (spelling, typos and punctuation of the booklet kept; blanks kept blank).
 * Source: shared/reference/sdsf-haute-vienne-fiches-actions-2017-2018.md
 */

// Context shared word for word by fiches 11 and 11 bis.
const CONTEXTE_SCOLARITE = [
	'Le déroulement de la scolarité impacte fortement la trajectoire sociale et professionnelle des enfants et des jeunes. La scolarité est ainsi source de fortes préoccupations pour les parents mais aussi pour les Pouvoirs Publics.',
	"La réussite scolaire est inégalitaire. Au-delà de cette dernière c'est aussi la réussite éducative qui est en question.",
	"Plusieurs dispositifs d'accompagnement à la scolarité sont mis en œuvre, afin d'offrir aux côtés de l'école l'appui et les ressources dont les enfants ont besoin pour leur réussite scolaire et qu'ils ne trouvent pas toujours dans leur environnement social et familiale. Permettre à chaque enfant d'accéder à ces offres est un enjeu majeur d'avenir."
].join('\n\n');

const LIEN_SCOLARITE =
	"Enquête nationale Cnaf « Les attentes et besoins des parents en matière de soutien à la parentalité » (2016), PRE Ville de Limoges, bilans des services de l'Education Nationale (absentéisme scolaire, déscolarisation ...), contrat de Ville Limoges.";

const PRIORITE = 'Priorité 2017/2018';

/** The seven departments named in fiche 31's public, as spelled there. */
const DEPARTEMENTS_CENTRE_OUEST = [
	'Haute Vienne',
	'Corrèze',
	'Creuse',
	'Vienne',
	'Charentes',
	'Charentes Maritime',
	'Deux Sèvres'
];

const free = (label: string) => ({ label, freeText: true });

export const hauteViennePlan: PlanDocumentInput = {
	scheme: {
		slug: 'haute-vienne-2017-2021',
		departmentCode: '87',
		departmentName: 'Haute-Vienne',
		title: 'Schéma départemental des services aux familles de la Haute-Vienne',
		subtitle: 'Livret des fiches actions 2017-2018',
		startYear: 2017,
		endYear: 2021,
		state: 'en_cours',
		levelLabels: ['Axe stratégique', 'Axe', 'Objectif'],
		description: [
			'Ce livret présente les actions du Schéma Départemental des Services aux Familles engagées ou à engager pour la période 2017/2018.',
			"L'ensemble du plan d'actions 2017/2021 figurent dans le paragraphe « axes stratégiques et plan d'actions » du schéma (p. 102 à 108).",
			"Il n'est pas figé, tout au long du contrat, des avenants pourront venir enrichir le plan d'actions initial.",
			'Certaines fiches actions apparaissent vierges. Elles restent à élaborer par les pilotes concernés, les commissions thématiques et groupes de travail du Schéma départemental des Services aux Familles associés.'
		].join('\n\n'),
		source:
			'Livret des fiches actions 2017-2018 du Schéma départemental des services aux familles 2017-2021 de la Haute-Vienne.',
		territory: { kind: 'departement', code: '87', name: 'Haute-Vienne' }
	},

	organisations: [
		{
			key: 'caf-87',
			name: 'Caisse d’allocations familiales de la Haute-Vienne',
			shortName: 'CAF 87',
			type: 'caf',
			aliases: [
				"Caisse d'Allocations Familiales",
				"Caisse d'Allocations Familiales 87",
				"Caisse d'Allocations Familiales F87",
				'Caf'
			],
			territory: '87'
		},
		{
			key: 'cd-87',
			name: 'Conseil départemental de la Haute-Vienne',
			shortName: 'CD 87',
			type: 'departement',
			aliases: [
				'Conseil départemental',
				"Conseil départemental (Direction de l'Insertion notamment)"
			],
			territory: '87'
		},
		{
			key: 'msa',
			name: 'Mutualité sociale agricole du Limousin',
			shortName: 'MSA Limousin',
			type: 'msa',
			aliases: ['Mutualité Sociale Agricole', 'Mutualité Social Agricole', 'MSA'],
			territory: null
		},
		{
			key: 'etat',
			name: 'Services de l’État en Haute-Vienne',
			shortName: 'État',
			type: 'etat',
			aliases: [],
			territory: null
		},
		{
			key: 'ddcspp-87',
			name: 'Direction départementale de la cohésion sociale et de la protection des populations de la Haute-Vienne',
			shortName: 'DDCSPP 87',
			type: 'etat',
			aliases: ['DDCSPP', 'DDSCPP'],
			territory: '87'
		},
		{
			key: 'education-nationale',
			name: 'Direction des services départementaux de l’Éducation nationale de la Haute-Vienne',
			shortName: 'Éducation nationale',
			type: 'education_nationale',
			aliases: [],
			territory: '87'
		},
		{
			key: 'ville-limoges',
			name: 'Ville de Limoges',
			shortName: 'Ville de Limoges',
			type: 'commune_epci',
			aliases: [],
			territory: '87'
		},
		{
			key: 'limoges-metropole',
			name: 'Communauté d’agglomération Limoges Métropole',
			shortName: 'Limoges Métropole',
			type: 'commune_epci',
			aliases: ['Agglomération de Limoges', "Communauté d'Agglomération"],
			territory: '87'
		},
		{
			key: 'comite-clas-87',
			name: 'Comité technique et de financement départemental CLAS',
			shortName: 'Comité CLAS 87',
			type: 'autre',
			aliases: ['Comité Clas87'],
			territory: '87'
		},
		{
			key: 'federation-caf-centre-ouest',
			name: "Fédération des Caisses d'Allocations Familiales du Centre-Ouest",
			shortName: 'Fédération des CAF du Centre-Ouest',
			type: 'caf',
			aliases: ['Fédération des CAF du Centre Ouest'],
			territory: null
		},
		{
			key: 'cnfpt',
			name: 'Centre national de la fonction publique territoriale',
			shortName: 'CNFPT',
			type: 'autre',
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
		},
		{
			key: 'udaf-87',
			name: 'Union départementale des associations familiales de la Haute-Vienne',
			shortName: 'UDAF 87',
			type: 'association',
			aliases: ['UDAF'],
			territory: '87'
		},
		{
			key: 'pep-87',
			name: 'Association des Pupilles de l’Enseignement Public de la Haute-Vienne',
			shortName: 'PEP 87',
			type: 'association',
			aliases: ["Association Pupilles de l'Enseignement Public (PEP 87)", 'PEP87'],
			territory: '87'
		},
		{
			key: 'ars',
			name: 'Agence régionale de santé Nouvelle-Aquitaine',
			shortName: 'ARS',
			type: 'etat',
			aliases: ['Agence Régionale de la Santé (ARS)', 'Agence Régionale de la Santé'],
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
			key: 'culture-alpha',
			name: 'Culture Alpha',
			shortName: 'Culture Alpha',
			type: 'association',
			aliases: [],
			territory: '87'
		},
		{
			key: 'loisirs-pluriel-reseau-passerelles',
			name: 'Fédération Loisirs Pluriel / Réseau Passerelles',
			shortName: 'Réseau Passerelles',
			type: 'association',
			aliases: [],
			territory: null
		},
		{
			key: 'association-maires-87',
			name: 'Association des maires et élus de la Haute-Vienne',
			shortName: 'Association des maires 87',
			type: 'association',
			aliases: ['Association des maires et élus du département'],
			territory: '87'
		}
	],

	tree: [
		{
			code: '1',
			title:
				"Développer l'offre d'accueil du jeune enfant et réduire les inégalités territoriales.",
			children: [
				{
					code: '1.1',
					title:
						"Développer et adapter l'offre d'accueil au regard du contexte de chaque territoire.",
					children: [
						{
							code: 'Objectif 1',
							title: "Agir sur l'accueil individuel pour mieux répondre aux besoins des parents.",
							fiches: [
								{
									number: '1',
									title:
										"Etudier et analyser l'offre spécifique chez les assistant(e)s maternel(le)s.",
									priorityLabel: PRIORITE,
									context: [
										"Le département de la Haute-Vienne est globalement bien couvert en mode d'accueil collectif et individuel. Toutefois, on constate un manque de connaissance dans le fonctionnement et la fréquentation des différentes solutions de garde. Ceci étant, en partie, un frein à l'adéquation de l'offre et de la demande.",
										"Ainsi, en analysant plus finement les caractéristiques de l'accueil individuel chez les assistant(e)s maternel(le)s, l'enjeu est de pouvoir mieux répondre aux besoins spécifiques des familles du territoire."
									].join('\n\n'),
									steps: [
										{
											marker: '1)',
											text: "Créer un groupe de travail pour analyser l'offre d'assistants maternels."
										},
										{
											marker: '2)',
											text: "Réaliser un bilan de la nature de l'offre deux fois par an."
										},
										{ marker: '3)', text: 'Alimenter les travaux de la CDAJE.' },
										{
											marker: '4)',
											text: "Communiquer auprès des assistants maternels sur l'intérêt de faire connaître la caractéristique de leur offre d'accueil (site internet assmat87.fr, mon-enfant.fr)"
										}
									],
									targetPublic: '/',
									pilots: [{ label: 'Conseil départemental' }],
									partners: [
										{ label: "Caisse d'Allocations Familiales" },
										{ label: 'FEPEM' },
										free('Assistant(e)s maternel(le)s'),
										{ label: 'Mutualité Sociale Agricole' },
										free('RAM')
									],
									schedule: '2017/2018',
									results: {
										quantitative: [
											{ marker: '•', text: "Recensement de l'ensemble de l'offre spécifique" }
										],
										qualitative: [
											{
												marker: '•',
												text: "Une meilleure connaissance de la tension de l'offre chez les assistant(e)s maternel(le)s: disponibilité, sous-activité, non activité (subie ou choisie)"
											},
											{
												marker: '•',
												text: "Une meilleure connaissance de l'offre spécifique chez les assistant(e)s maternel(le)s"
											}
										]
									},
									indicators: [
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label: 'Nombre de rencontres du groupe de travail'
										},
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label: "Nombre d'enquêtes et bilans réalisés par an"
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label:
												"Nombre et pourcentage d'assistants maternels qui accueillent le week-end complet, le samedi, la nuit ; les amplitudes horaires, l'accueil d'urgence ; l'accueil d'enfants en situation de handicap sur plusieurs périodes."
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label:
												"Nombre et pourcentage de places potentielles et disponibles, nombre d'assistants maternels en sous-activité et sans activité (subie ou choisie).",
											measures: [
												{ measure: 'Nombre de places potentielles et disponibles', unit: 'nombre' },
												{
													measure: 'Pourcentage de places potentielles et disponibles',
													unit: 'pourcentage'
												},
												{
													measure:
														"Nombre d'assistants maternels en sous-activité et sans activité",
													unit: 'nombre'
												}
											],
											note: 'La ligne porte trois mesures : places en nombre et en pourcentage, puis nombre d’assistants maternels en sous-activité ou sans activité.'
										}
									],
									links: "Schéma directeur de l'accueil du jeune enfant de moins de 3 ans.",
									state: 'a_lancer'
								},
								{
									number: '2',
									title:
										"Valoriser le métier d'assistant(e) maternel(le) en définissant un plan d'action commun de promotion.",
									priorityLabel: PRIORITE,
									context:
										"Le département de la Haute Vienne connaît depuis plusieurs années un vieillissement des professionnels de l'accueil individuel. Au 31/12/2015, 27% des assistants maternels agréés étaient âgés plus de 55 ans. En parallèle, on constate depuis plus de 6 ans une baisse du nombre des nouveaux agréments. De plus depuis 2012, le nombre de professionnels nouvellement agréés est inférieur au nombre de retrait d'agrément. Au regard de ces différents constats, il apparaît aujourd'hui nécessaire de mettre en œuvre des actions destinées à valoriser le métier d'assistant maternel dans le but de susciter de nouvelles vocations et par conséquent de maintenir une diversité équilibrée des modes d'accueil sur le département. L'objectif est de permettre aux parents en recherche d'une solution de garde de pouvoir continuer à choisir librement la formule adaptée à leurs besoins.",
									steps: [
										{
											marker: '1)',
											text: "Valoriser le mode d'accueil individuel auprès des parents et futurs parents : mettre en œuvre une communication adaptée sur les avantages de l'accueil individuel notamment pour les très jeunes enfants"
										},
										{
											marker: '2)',
											text: 'Susciter des vocations :',
											children: [
												{
													marker: '•',
													text: "communiquer auprès des futurs candidats sur les différentes formes d'exercice du métier,"
												},
												{
													marker: '•',
													text: "réfléchir autour d'une intervention au sein des cursus de formation (CAP Petite enfance...)"
												}
											]
										},
										{
											marker: '3)',
											text: 'Palier à la sous activité ou la non activité subie : réaliser un bilan et un accompagnement personnalisé de chaque professionnel (coaching...)'
										}
									],
									targetPublic:
										'Les assistant(e)s maternel(le)s, futur(e)s assistant(e)s maternel(le)s, parents ou futurs parents',
									pilots: [{ label: 'Conseil départemental' }],
									partners: [
										{ label: "Caisse d'Allocations Familiales" },
										free('RAM'),
										{ label: 'Mutualité Sociale Agricole' },
										{ label: 'FEPEM' }
									],
									schedule: '2017/2018',
									results: {
										quantitative: [
											{
												marker: '•',
												text: "Développer l'offre d'accueil individuel sur le département"
											}
										],
										qualitative: [
											{
												marker: '•',
												text: "Améliorer l'attractivité du métier d'assistant maternel"
											},
											{
												marker: '•',
												text: "Susciter l'intérêt des parents pour l'accueil individuel"
											},
											{
												marker: '•',
												text: "Moderniser l'image de l'accueil au domicile d'un assistant maternel"
											}
										]
									},
									indicators: [
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label:
												"Description des actions mises en œuvre en lien avec la valorisation du métier d'assistant maternel : action de communication, évènementiels..."
										},
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label: 'Nombre de supports de communication diffusés :',
											breakdown: {
												label: 'Public',
												values: ['Auprès des parents', 'Auprès des professionnels']
											},
											note: 'Les deux sous-puces du livret (« Auprès des parents », « Auprès des professionnels ») deviennent la ventilation.'
										},
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label:
												"Nombre d'animations réalisées auprès des futurs professionnels (intervention auprès des futurs candidats et/ou des étudiants)"
										},
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label:
												"Nombre d'accompagnement personnalisé auprès des professionnels en sous activité ou sans activité"
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label:
												'Evolution du nombre de professionnels agréés et du nombre places potentielles',
											measures: [
												{ measure: 'Nombre de professionnels agréés', unit: 'nombre' },
												{ measure: 'Nombre de places potentielles', unit: 'nombre' }
											],
											note: 'La ligne suit deux nombres : professionnels agréés et places potentielles.'
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label: 'Nombre de nouveaux agréments délivrés'
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label: "Comparaison du nombre de retraits et des cessations d'agrément",
											measures: [
												{ measure: "Nombre de retraits d'agrément", unit: 'nombre' },
												{ measure: "Nombre de cessations d'agrément", unit: 'nombre' }
											],
											note: 'La comparaison porte sur deux nombres (retraits, cessations), relevés séparément ; sans sens d’évolution attendu explicite.'
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label:
												"Evolution de la pyramide des âges des professionnels de l'accueil individuel"
										}
									],
									links:
										'Schéma local de la petite enfance et de la parentalité de la ville de Limoges',
									state: 'a_lancer'
								}
							]
						}
					]
				},
				{
					code: '1.2',
					title: "Réduire les inégalités territoriales en matière d'accueil du jeune enfant.",
					children: [
						{
							code: 'Objectif 1',
							title: 'Renforcer les dispositifs existants.',
							fiches: [
								{
									number: '8',
									title:
										"Accompagner la création d'antennes Relais d'Assistants Maternels sur la ville de Limoges.",
									priorityLabel: PRIORITE,
									context: null,
									steps: [],
									targetPublic: '/',
									pilots: [{ label: 'Ville de Limoges' }],
									partners: [free('RAM')],
									schedule: '...',
									links: '...',
									state: 'a_elaborer',
									note: 'Fiche à élaborer : contexte, déclinaison, résultats et indicateurs laissés vides (puces vides) ; deux puces vides après « RAM » dans les partenaires ; échéancier et lien avec les schémas écrits « ... ».'
								}
							]
						}
					]
				}
			]
		},
		{
			code: '2',
			title:
				"Mailler progressivement le territoire en matière d'offre d'accompagnement à la parentalité.",
			children: [
				{
					code: '2.1',
					title: "Favoriser une vision partagée de la parentalité et des actions d'accompagnement.",
					children: [
						{
							code: 'Objectif 1',
							title:
								'Promouvoir les enjeux liés à la parentalité auprès des acteurs du territoire (partenaires et décideurs locaux).',
							fiches: [
								{
									number: '10',
									title:
										'Sensibiliser, communiquer sur la nécessité de développer des actions de soutien à la parentalité sur les territoires.',
									tocTitle:
										'Sensibiliser, communiquer autour de la nécessité de développer des actions de soutien à la parentalité sur les territoires.',
									priorityLabel: PRIORITE,
									context: [
										"Les changements sociodémographiques, les mutations des conditions de travail, la féminisation du marché de l'emploi, la transformation de la structuration de la cellule familiale, les réformes d'Etat social modifient considérablement la condition parentale.",
										"La relation adulte enfant suppose un ensemble de fonctions, droits et obligations (morales, matérielles, juridiques, éducatives, culturelles) exercés dans l'intérêt de l'enfant. Elle s'inscrit dans un environnement géographique, social et éducatif où vivent l'enfant et sa famille.",
										"Le soutien à la parentalité est destiné à l'ensemble des parents. Il privilégie une prévention « prévenante » attentive aux caractéristiques individuelles des familles. Il tend à accompagner les parents face à une transformation des relations entre parents et enfants afin de préserver la co-responsabilisation parentale.",
										"L'ensemble des acteurs de la mise en œuvre de cette politique publique : collectivités territoriales, associations, organismes de la SS, institutions, parents ...doivent coopérer à rendre lisible et effective l'offre de service dans ce champ."
									].join('\n\n'),
									steps: [
										{
											text: 'Promouvoir, expliquer les enjeux, rendre plus accessible et plus lisible le soutien à la parentalité et la plus-value des politiques et actions conduites en direction des parents.'
										},
										{
											text: "Accompagner, convaincre les élus que le soutien à la parentalité se décline concrètement sur les territoires au même titre que l'accueil du jeune enfant. Il s'agit de maintenir l'existant et de permettre le développement mais aussi la structuration d'actions concourant au soutien à la parentalité."
										},
										{
											text: 'Formaliser avec les acteurs les différents outils et leviers à mobiliser ou créer.'
										}
									],
									targetPublic: [
										"Les élus des territoires : communes, communauté de communes, communauté d'agglomération Limoges Métropole, association des maires et élus de la Haute-Vienne",
										'Les acteurs locaux : professionnels, associations,...'
									].join('\n\n'),
									pilots: [{ label: "Caisse d'Allocations Familiales 87" }],
									partners: [
										free('Collectivités territoriales'),
										{ label: 'Association des maires et élus de la Haute-Vienne' },
										{ label: 'Conseil départemental' },
										{ label: 'Mutualité Sociale Agricole' }
									],
									schedule: '2017/2018',
									results: {
										quantitative: [
											{
												text: 'Mener une action de sensibilisation sur chaque territoire prioritaire (table de concertation...)'
											},
											{ text: "Développer l'offre d'actions dans le domaine" }
										],
										qualitative: [
											{
												text: "Apporter l'information sous différentes formes (journée de sensibilisation, outil de promotion ou communication (vidéo, plaquette, ...))"
											},
											{ text: "Susciter l'intérêt des élus" },
											{ text: 'Evolution des coopérations locales' }
										]
									},
									indicators: [
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label: 'Nombre de rencontre du groupe de travail'
										},
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label: 'Diversité de la nature des modes de communication'
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label: "Evolution du nombre d'actions"
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label: 'Nouvelles actions sur les territoires'
										}
									],
									links: 'Diagnostic CEJ, SLPE Limoges, SDEF CD , CLS Limoges,...',
									state: 'a_lancer',
									note: 'Les listes de cette fiche sont sans puce dans le livret converti : aucun marqueur reporté.'
								}
							]
						}
					]
				},
				{
					code: '2.2',
					title: "Développer et adapter l'offre d'accompagnement à la parentalité",
					children: [
						{
							code: 'Objectif 1',
							title:
								"Renforcer l'accompagnement à la scolarité autour de moments clés de la scolarisation.",
							fiches: [
								{
									number: '11',
									title:
										"Renforcer les dispositifs CLAS existants sur les Quartiers Politique de la Ville, pour certaines tranches d'âge (classe de CP, 6ème) et en développer sur les territoires non couverts.",
									tocTitle:
										"Renforcer les dispositifs CLAS existants sur les Quartiers Politique de la Ville et pour certaines tranches d'âge (classe de CP, 6ème) et en développer sur les territoires non couverts.",
									priorityLabel: PRIORITE,
									context: CONTEXTE_SCOLARITE,
									steps: [
										{
											marker: '•',
											text: "Rééquilibrer la répartition territoriale de l'offre CLAS en l'adaptant aux besoins locaux d'accompagnement scolaire de l'élève et de sa famille"
										},
										{
											marker: '•',
											text: "Proposer une offre CLAS en complémentarité et cohérence avec l'ensemble des dispositifs d'accompagnement à la scolarité des territoires"
										},
										{ marker: '•', text: "Prendre en compte le parcours de l'élève" },
										{
											marker: '•',
											text: "Orienter les élèves les plus en besoin d'accompagnement scolaire"
										},
										{
											marker: '•',
											text: "Améliorer la gouvernance/le pilotage autour de l'accompagnement à la scolarité"
										}
									],
									targetPublic:
										'Prioritairement Enfants de CP et 6eme des QP Ville de Limoges mais aussi des autres territoires de la Haute Vienne',
									pilots: [{ label: 'Comité technique et de financement départemental CLAS' }],
									partners: [
										{ label: 'Ville de Limoges' },
										{ label: 'Agglomération de Limoges' },
										{ label: "Caisse d'Allocations Familiales" },
										{ label: 'DDCSPP' },
										{ label: 'Education nationale' },
										{ label: 'Mutualité Sociale Agricole' },
										{ label: 'Conseil départemental' },
										free('Gestionnaires des CLAS'),
										free('Collectivités territoriales concernées'),
										free('Familles')
									],
									schedule: '2017 / 2018',
									results: {
										qualitative: [
											{ marker: '•', text: "Evolution du nombre d'actions spécifiques CP et 6ème" },
											{ marker: '•', text: 'Développement de la couverture territoriale' },
											{
												marker: '•',
												text: 'Evolution du pilotage des CLAS et autres dispositifs périscolaire'
											},
											{
												marker: '•',
												text: "Création d'un outil/livret « parcours de l'élève » (lien Clas /EN)"
											}
										]
									},
									indicators: [
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label: 'Fréquentation de ces CLAS spécifiques',
											unit: 'nombre',
											note: 'Fréquentation lue comme un nombre d’enfants accueillis (le libellé ne dit pas l’unité).'
										},
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label: "Evolution du nombre d'enfants orientés par les enseignants"
										},
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label: "Outil de suivi du parcours de l'élève ?",
											unit: 'oui_non',
											note: 'Le livret écrit cet indicateur sous forme de question : suivi en oui/non (l’outil existe-t-il ?).'
										},
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label:
												'Nombre et objet des rencontres des membres du comité technique et de financement CLAS',
											measures: [
												{ measure: 'Nombre de rencontres', unit: 'nombre' },
												{ measure: 'Objet des rencontres', unit: 'texte' }
											],
											note: 'La ligne porte un nombre et un objet (texte).'
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label: 'Nombre de nouvelles actions CLAS spécifiques CP et 6ème'
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label:
												'Nombre de nouvelles actions CLAS développés sur les territoires non couverts'
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label:
												"Nombre d'animateurs CLAS mobilisant l'outil livret « parcours de l'élève »."
										}
									],
									links: LIEN_SCOLARITE,
									state: 'a_lancer',
									note: 'Deux puces de partenaires fusionnaient deux acteurs (artefact de conversion) et ont été séparées : « Education nationale Mutualité Sociale Agricole » et « Gestionnaires des CLAS Collectivités territoriales concernées ». Résultats attendus : seule la rubrique « Qualitatif » figure.'
								},
								{
									number: '11 bis',
									title:
										'Développer des études dirigées pour les élèves de CP au sein des quartiers prioritaires de la politique de la Ville.',
									priorityLabel: PRIORITE,
									context: CONTEXTE_SCOLARITE,
									steps: [
										{
											text: "Renforcer les dispositifs d'accompagnement scolaire hors temps scolaire mis en place."
										},
										{
											text: "Expérimenter des « études dirigées » animées par un binôme enseignant volontaire et élève de l'école supérieure de professorat et de l'éducation (ESPE). Groupe de 12 élèves environ."
										},
										{
											text: "Donner la possibilité aux élèves de CP des QPV de Limoges de bénéficier d'un soutien renforcé dans l'acquisition de la lecture, de l'écriture et du vocabulaire. Les élèves seront orientés par les enseignants avec l'accord des parents Ces temps d'une durée de 45 minutes pourront être complétés par une activité périscolaire."
										}
									],
									targetPublic: 'Enfants de CP des 9 QP Ville de Limoges',
									pilots: [{ label: 'Ville de Limoges' }],
									partners: [
										{ label: 'DDCSPP' },
										{ label: "Caisse d'Allocations Familiales 87" },
										free('Autres membres du comité technique et de financement départemental Clas'),
										{ label: 'Agglomération de Limoges' },
										free('Familles')
									],
									schedule: null,
									results: {
										quantitative: [
											{ text: "Expérimentation effective dès le mois d'octobre 2017" },
											{ text: '1 action par école à minima' },
											{ text: '2 soirs par semaine à minima' }
										],
										qualitative: [
											{ text: 'Effectivité du binôme enseignant/ étudiant ESPE' },
											{ text: 'Orientation par les enseignants' },
											{
												text: "Des temps individuels d'échanges avec les parents afin de les associer"
											}
										]
									},
									indicators: [
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label:
												"Nombre d'enfants bénéficiaires par rapport aux enfants potentiels par quartier, par école",
											measures: [
												{ measure: "Nombre d'enfants bénéficiaires", unit: 'nombre' },
												{ measure: 'Part des enfants potentiels', unit: 'pourcentage' }
											],
											note: '« Par rapport aux enfants potentiels » : un nombre et un taux. Ventilation par quartier et par école non détaillée (quartiers et écoles non listés dans le livret).'
										},
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label: 'Nombre de binôme enseignant/ étudiant ESPE par école',
											note: 'Ventilation par école non détaillée (écoles non listées dans le livret).'
										},
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label:
												"Nombre de parents rencontrés par rapport au nombre d'enfants bénéficiaires",
											measures: [
												{ measure: 'Nombre de parents rencontrés', unit: 'nombre' },
												{
													measure: "Rapport au nombre d'enfants bénéficiaires",
													unit: 'pourcentage'
												}
											],
											note: '« Par rapport au nombre d’enfants bénéficiaires » : un nombre et un taux.'
										},
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label: 'Nombre de rencontre avec les parents'
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label:
												"A définir entre co financeurs de l'expérimentation et acteurs de l'action",
											unit: 'texte',
											note: 'Le livret laisse l’indicateur de résultat à définir : texte conservé tel quel.'
										}
									],
									links: LIEN_SCOLARITE,
									state: 'a_lancer',
									note: 'Échéancier laissé vide dans le livret. Les listes de cette fiche sont sans puce dans le livret converti : aucun marqueur reporté.'
								}
							]
						},
						{
							code: 'Objectif 2',
							title: "Mieux structurer l'action des LEAP et des LAPE.",
							tocTitle: "Mieux structurer l'action des LEAP et LAPE.",
							fiches: [
								{
									number: '12',
									title:
										"Développer une action coordonnée à l'échelle du département. Mesurer la nécessité de développer de nouvelles structures en fonction des besoins des familles.",
									priorityLabel: PRIORITE,
									context: null,
									steps: [],
									targetPublic: 'LEAP/LAPE',
									pilots: [
										{ label: "Caisse d'Allocations Familiales 87" },
										{ label: 'Conseil départemental' }
									],
									partners: [free('LEAP'), free('LAPE'), free('Familles')],
									schedule: null,
									links: null,
									state: 'a_elaborer',
									note: 'Fiche à élaborer : contexte, déclinaison, échéancier, résultats, indicateurs et lien laissés vides (puces vides). Pilotes « Caisse d’Allocations Familiales 87 / Conseil départemental » : deux pilotes.'
								}
							]
						}
					]
				},
				{
					code: '2.3',
					title:
						'Créer de nouvelles structures, des actions innovantes et développer de nouvelles thématiques en fonction des territoires et des familles.',
					children: [
						{
							code: 'Objectif 1',
							title: 'Mieux répondre aux attentes des familles des territoires.',
							tocTitle: 'Mieux répondre aux attentes des familles des territoires',
							fiches: [
								{
									number: '14',
									title:
										"Recueillir la parole des familles, leurs besoins en termes d'accompagnement à la parentalité.",
									priorityLabel: PRIORITE,
									context:
										"Une approche qualitative nécessite de mobiliser les personnes concernées par l'offre globale de services. Les différents acteurs peuvent être interrogés.",
									steps: [
										{
											marker: '•',
											text: "Recueillir des éléments qualitatifs : ressources et difficultés du rôle de parents, attentes en matière de soutien à la parentalité (type de soutien, horaires et jours, localisation, ...), connaissance et recours à l'offre de soutien à la parentalité, satisfaction par rapport à l'offre existante."
										},
										{
											marker: '•',
											text: "Diversifier les méthodes : questionnaires, ateliers et groupes d'expression, table de concertation, entretiens semi-directifs, témoignages, observations,..."
										},
										{
											marker: '•',
											text: "Impliquer/donner une place aux parents à l'échelle des diagnostics et plan d'actions locaux."
										},
										{
											marker: '•',
											text: 'Informers les parents de la possibilité de participer aux enquêtes.'
										},
										{
											marker: '•',
											text: 'Animer sur les territoires prioritaires des tables de concertation pour les parents.'
										}
									],
									targetPublic:
										'Familles avec enfants à charge âgés de 0 à 18 ans habitant la Haute-Vienne',
									pilots: [
										{ label: "Caisse d'Allocations Familiales F87" },
										free('Collectivités territoriales concernées')
									],
									partners: [
										{ label: 'Etat' },
										{ label: 'Conseil départemental' },
										{ label: 'Mutualité Social Agricole' },
										free('Autres acteurs locaux/départementaux'),
										free('Familles')
									],
									schedule: '2017/2021',
									results: {
										quantitative: [
											{
												marker: '•',
												text: 'Participation effective des parents par territoire aux actions parentalités'
											}
										],
										qualitative: [
											{
												marker: '•',
												text: "Créer des outils : questionnaire, méthodes d'animation,..."
											}
										]
									},
									indicators: [
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label: "Nombre d'outils de participation mis en œuvre"
										},
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label: 'Nombre de parents participants'
										},
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label: 'Nombre de questionnaire aux parents'
										},
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label: 'Nombre de table de concertation'
										},
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label: "Nombre d'entretien avec des parents"
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label: "Nombre d'actions développées à la suite du diagnostic"
										}
									],
									links:
										"Enquête nationale Cnaf (07/2016) « Les besoins et attentes des parents en matière de soutien à la parentalité » ; enquêtes UNAF : « Etre parent au quotidien » (2009), « Besoins des parents d'enfants de 6 à 12 ans » (2016), etc. ; bilans d'activité de porteurs de projets.",
									state: 'a_lancer',
									note: 'Pilotes « Caisse d’Allocations Familiales F87 / Collectivités territoriales concernées » : deux pilotes. Une puce vide suit le dernier indicateur de résultat.'
								}
							]
						}
					]
				}
			]
		},
		{
			code: '3',
			title:
				"Faciliter l'accès des familles vulnérables aux services d'accueil de la petite enfance et au soutien à la parentalité pour garantir l'accessibilité et la mixité.",
			note: 'Le livret ne présente pas d’axe 3.1 (aucune fiche 2017-2018).',
			children: [
				{
					code: '3.2',
					title: "Faciliter les parcours d'insertion socioprofessionnelle des parents",
					children: [
						{
							code: 'Objectif 1',
							title:
								"Faciliter les relations entre les parents et les acteurs de la petite enfance ainsi que l'Ecole.",
							fiches: [
								{
									number: '17',
									title:
										"Accompagner les publics non-francophones afin de faciliter la relation avec les structures d'accueil diverses.",
									tocTitle:
										"Accompagner les publics non-francophones afin de faciliter la relation avec les structures d'accueil diverses",
									priorityLabel: PRIORITE,
									context: null,
									steps: [],
									targetPublic:
										'Les parents, les acteurs de la petite enfance, les enseignants et personnels scolaire.',
									pilots: [
										free('Collectivités territoriales concernées'),
										{ label: "Caisse d'Allocations Familiales F87" }
									],
									partners: [
										{ label: 'Education nationale' },
										{ label: 'Conseil départemental' },
										{ label: "Caisse d'Allocations Familiales" },
										{ label: 'Mutualité Sociale Agricole' },
										{ label: 'Ville de Limoges' },
										{ label: 'Agglomération de Limoges' },
										{ label: 'Culture Alpha' },
										{ label: 'Pôle emploi' },
										free('Gestionnaires des EAJE'),
										free('Autres acteurs locaux/ départementaux')
									],
									schedule: null,
									links: 'Contrat de ville',
									state: 'a_elaborer',
									note: 'Fiche à élaborer : contexte, déclinaison, échéancier, résultats et indicateurs laissés vides (puces vides). Pilotes « Collectivités territoriales concernées / Caisse d’Allocations Familiales F87 » : deux pilotes.'
								}
							]
						},
						{
							code: 'Objectif 2',
							title:
								"Rendre accessible les solutions d'accueil aux familles en situation de pauvreté ou d'insertion socioprofessionnelle.",
							fiches: [
								{
									number: '18',
									title:
										"Faciliter l'accessibilité aux enfants résidants dans les quartiers Politique de la Ville, aux structures Etablissements d'Accueil du Jeune Enfant de leur lieu de résidence.",
									tocTitle:
										"Faciliter l'accessibilité, aux enfants résidants dans les Quartiers Politique de la Ville, aux structures Etablissements d'Accueil du Jeune Enfant de leur lieu de résidence.",
									priorityLabel: PRIORITE,
									context:
										"Le département de la Haute-Vienne est globalement bien couvert en mode de garde collectif et individuel. Toutefois, en analysant plus finement les caractéristiques des offres d'accueils, on constate un manque de connaissance dans le fonctionnement et la fréquentation des différentes solutions de garde. L'enjeu est de pouvoir mieux répondre aux besoins spécifiques des familles du territoire.",
									steps: [
										{
											marker: '•',
											text: 'Créer un groupe de travail associant les EAJE concernés.'
										},
										{
											marker: '•',
											text: 'Définir des indicateurs communs pour mesurer la fréquentation.'
										},
										{
											marker: '•',
											text: "Analyser les tendances en vue d'une optimisation de l'activité EAJE."
										}
									],
									targetPublic: '/',
									pilots: [{ label: 'Ville de Limoges' }],
									partners: [
										free('EAJE'),
										{ label: 'Service enfance de la ville de Limoges', org: 'ville-limoges' },
										free("Autres gestionnaires d'EAJE concernés"),
										{ label: "Caisse d'Allocations Familiales" },
										{ label: 'Mutualité Sociale Agricole' },
										{ label: 'Conseil Départemental' }
									],
									schedule: '2018',
									results: {
										quantitative: [
											{
												marker: '•',
												text: "Mesurer la proportion des enfants résidents sur les QPV sur l'ensemble des enfants inscrits en EAJE"
											}
										],
										qualitative: [
											{
												marker: '•',
												text: "Vérifier la fréquentation des enfants à hauteur de leur représentativité dans la population du quartier à plusieurs moments de l'année"
											}
										]
									},
									indicators: [
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label:
												'Nombre de rencontre du groupe de travail et de points de situations réguliers'
										},
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label: "Effectivité de l'analyse de la fréquentation"
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label:
												"Nombre et le pourcentage des enfants résidents sur les QPV sur l'ensemble des enfants inscrits en EAJE"
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label:
												"Nombre et pourcentage des enfants résidents sur les QPV sur l'ensemble des enfants inscrits en EAJE par rapport à leur représentativité dans la population des quartiers"
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label:
												"Evolution de ces résultats pour chaque structure et à plusieurs moments de l'année",
											note: 'Ventilation par structure non détaillée (structures non listées dans le livret).'
										}
									],
									links: null,
									state: 'a_lancer',
									note: 'Partenaire « Service enfance de la ville de Limoges » rattaché à la Ville de Limoges.'
								},
								{
									number: '20',
									title:
										"Expérimenter la mise en œuvre de nouveaux dispositifs dédiés aux publics en parcours d'insertion sociale ou professionnelle",
									priorityLabel: PRIORITE,
									context:
										"La branche famille s'est engagée à réduire les inégalités sociales en matière d'accueil du jeune enfant et à renforcer l'accès des familles les plus modestes aux différents modes d'accueil. Dans cette perspective, un partenariat entre la Cnaf, l'Etat et pôle emploi a pour but de soutenir le développement solution innovante tels que les crèches à vocation d'insertion professionnelle ou le dispositif MaCigogne. Ces deux dispositifs doivent permettre d'apporter de nouvelles solutions aux publics en insertion professionnelle ou demandeurs d'emploi, qui rencontrent des difficultés pour faire garder leur(s) enfant(s).",
									steps: [
										{
											text: "Expérimenter la mise en œuvre des Crèches à Vocation d'Insertion Professionnelles",
											children: [
												{
													marker: '1-',
													text: "Création d'une commission au sein du SDSF, composée de la CAF, l'Etat, Conseil départemental, Pôle Emploi et les acteurs de l'insertion."
												},
												{
													marker: '2-',
													text: 'Communiquer auprès des EAJE afin de susciter des candidatures.'
												},
												{
													marker: '3-',
													text: "Réfléchir à l'articulation avec le dispositif fiche navette"
												},
												{ marker: '4-', text: 'Evaluer le déploiement des crèches.' }
											]
										},
										{
											text: 'Déployer le dispositif MaCigogne sur le département de la Haute-Vienne',
											children: [
												{
													marker: '1-',
													text: 'Mettre en œuvre le partenariat entre la CAF, la MSA et Pole Emploi'
												},
												{
													marker: '2-',
													text: "Organiser une réunion collective avec les gestionnaires d'EAJE pour présenter le dispositif"
												},
												{
													marker: '3-',
													text: "Diffuser les codes d'accès permettant aux gestionnaires volontaires de s'habiller"
												},
												{ marker: '4-', text: 'Recenser les structures volontaires' }
											]
										}
									],
									targetPublic:
										"Les parents en parcours d'insertion socioprofessionnelle ou les demandeurs d'emplois",
									pilots: [{ label: "Caisse d'Allocations Familiales 87" }],
									partners: [
										{ label: "Conseil départemental (Direction de l'Insertion notamment)" },
										{ label: 'Mutualité sociale agricole' },
										{ label: 'Pôle emploi (et/ou Mission Locale)', org: 'pole-emploi' },
										free('Gestionnaires des EAJE engagés dans les dispositifs')
									],
									schedule: '2017/2018',
									results: {
										quantitative: [
											{
												text: "Augmenter les accueils effectifs des enfants dont les parents sont en situation d'insertion"
											}
										],
										qualitative: [
											{
												text: "Permettre aux parents de s'engager activement dans leur recherche d'emploi"
											},
											{
												text: "Rendre accessible le mode d'accueil EAJE aux parents en parcours d'insertion"
											},
											{
												text: "Faciliter la mise en relation des parents en recherche de mode d'accueil et les EAJE volontaires, engagés dans une démarche d'accompagnement des publics fragilisés"
											}
										]
									},
									indicators: [
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label:
												'Présentation des dispositifs crèche VIP et MaCigogne aux EAJE de la Haute Vienne + actions de communication éventuelles'
										},
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label: "Nombre d'EAJE volontaire engagés dans les dispositifs respectifs",
											breakdown: { label: 'Dispositif', values: ['crèche VIP', 'MaCigogne'] },
											note: '« Dispositifs respectifs » : crèche VIP et MaCigogne, nommés dans la fiche.'
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label: 'Nombre de familles ayant utilisé les deux dispositifs'
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label:
												'Nombre et pourcentage de demandes accordées dans le cadre des dispositifs respectifs',
											breakdown: { label: 'Dispositif', values: ['crèche VIP', 'MaCigogne'] },
											note: '« Dispositifs respectifs » : crèche VIP et MaCigogne, nommés dans la fiche.'
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label:
												"Nombre et pourcentage d'enfants accueillis dans le cadre des dispositifs respectifs",
											breakdown: { label: 'Dispositif', values: ['crèche VIP', 'MaCigogne'] },
											note: '« Dispositifs respectifs » : crèche VIP et MaCigogne, nommés dans la fiche.'
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label:
												"Nombre de parents en parcours d'insertion connaissant un retour à l'emploi sur l'ensemble des familles bénéficiant des dispositifs par EAJE et par espace géographique",
											measures: [
												{
													measure: "Nombre de parents connaissant un retour à l'emploi",
													unit: 'nombre'
												},
												{
													measure: "Part sur l'ensemble des familles bénéficiant des dispositifs",
													unit: 'pourcentage'
												}
											],
											note: '« Sur l’ensemble des familles » : un nombre et un taux. Ventilation par EAJE et par espace géographique non détaillée (valeurs non listées dans le livret).'
										}
									],
									links: null,
									state: 'a_lancer',
									note: 'Artefact de conversion : la déclinaison opérationnelle (deux sous-titres en gras et leurs points numérotés) se trouvait dans la cellule du titre, la cellule « Déclinaison opérationnelle » étant vide ; le titre est la seule première phrase en gras, le reste est reporté dans la déclinaison. Partenaire « Pôle emploi (et/ou Mission Locale) » rattaché à Pôle emploi.'
								}
							]
						}
					]
				},
				{
					code: '3.3',
					title: 'Soutenir les familles avec enfant(s) en situation de handicap.',
					children: [
						{
							code: 'Objectif 1',
							title: 'Favoriser le répit parental des familles.',
							fiches: [
								{
									number: '23',
									title:
										"Développer un plan d'action départemental autour des vacances familiales.",
									priorityLabel: PRIORITE,
									context: [
										"La branche Famille souhaite, au-delà du développement du nombre de places d'accueil et de leur juste répartition territoriale, rendre les modes d'accueil, accessibles à tous les enfants, et notamment aux enfants porteurs de handicap.",
										'En Haute-Vienne, la Caf et ses partenaires soutiennent financièrement les acteurs de la coordination et la mise en œuvre de projets dans le domaine du handicap.',
										"Plusieurs actions menées en 2015 et 2016 ont montré que le droit au répit, l'accès aux loisirs, et aux vacances en familles sont considérés comme prioritaires par les parents avec enfant(s) en situation de handicap."
									].join('\n\n'),
									steps: [
										{
											marker: '1-',
											text: 'Expérimenter un partenariat technique et financier avec la Fédération Loisirs Pluriel/ Réseau Passerelles pour faciliter le départ en vacances des familles avec enfant(s) en situation de handicap.'
										},
										{
											marker: '2-',
											text: 'Mettre en place un financement CAF complémentaire pour aider les familles les plus modestes, avec une attention renforcée pour les familles monoparentales.'
										},
										{
											marker: '3-',
											text: "Organiser une rencontre collective avec les parents d'enfant(s) en situation de handicap pour leur présenter les possibilités d'accompagnement dans le cadre de leur projet de vacances familiales."
										},
										{
											marker: '4-',
											text: 'Informer les partenaires de la Caf et les acteurs départementaux du domaine du handicap.'
										}
									],
									targetPublic: "Parents d'enfant(s) en situation de handicap",
									pilots: [
										{ label: "Caisse d'Allocations Familiales 87" },
										{ label: 'Mutualité Sociale Agricole' }
									],
									partners: [
										{ label: 'Fédération Loisirs Pluriel/Réseau Passerelles' },
										free('Acteurs spécialisés du domaine du handicap : MDPH, PEP87, CRAL...'),
										free('Partenaires tels que : EAJE, ALSH, Centres Sociaux....'),
										free('Collectivités territoriales'),
										free('Familles')
									],
									schedule: '2017/2018',
									results: {
										quantitative: [
											{
												marker: '•',
												text: 'Mesurer le nombre de familles avec enfant(s) en situation de handicap, effectivement parties en vacances, dans le cadre du plan « Vacances familiales et handicap ».'
											}
										],
										qualitative: [
											{
												marker: '•',
												text: "Permettre l'accompagnement des familles dans l'organisation de leur projet de vacances familiales"
											},
											{
												marker: '•',
												text: 'Proposer une solution adaptée et facilitante, aux familles les plus fragiles'
											},
											{ marker: '•', text: 'Lever le frein financier lié au départ en vacances' }
										]
									},
									indicators: [
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label:
												'Formalisation du conventionnement technique et financier avec Réseau Passerelles'
										},
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label: "Définition d'une aide financière individuelle complémentaire CAF"
										},
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label: "Organisation d'une réunion d'information collective"
										},
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label: "Diffusion de l'information aux partenaires de la Caf"
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label: "Nombre de personnes présentes à la réunion d'information collective"
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label:
												"Nombre de familles ayant concrétisées leur départ en vacances dans le cadre de l'accompagnement par Réseau Passerelles"
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label:
												'Rapport du nombre de familles effectivement parties en vacances sur le nombre de familles fixé dans la convention de partenariat Réseau Passerelles',
											unit: 'pourcentage',
											note: 'Rapport de deux nombres, exprimé en pourcentage du nombre de familles fixé par la convention (chiffre non donné dans le livret).'
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label:
												"Nombre de familles aidées en complément par la CAF avec l'aide financière individuelle"
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label: "% de familles ayant mobilisé également l'aide VACAF"
										}
									],
									links: "Travaux de la Commission Départementale d'Accueil du Jeune Enfant",
									state: 'a_lancer',
									note: 'Pilotes « Caisse d’Allocations Familiales 87 / Mutualité Sociale Agricole » : deux pilotes.'
								}
							]
						},
						{
							code: 'Objectif 2',
							title: "Accompagner les familles dans la recherche d'un mode d'accueil.",
							fiches: [
								{
									number: '24',
									title:
										"Poursuivre et renforcer la mission de la référente départementale pour l'accueil du jeune enfant différent.",
									tocTitle:
										"Poursuivre et renforcer les missions de la référente départementale pour l'accueil du jeune enfant différent.",
									priorityLabel: PRIORITE,
									context: [
										"Le Code des Affaires Sociales et Familiales affirme que « l'accueil des enfants handicapés soit assuré, autant que possible au milieu des autres enfants ».",
										"Si certains enfants en situation de handicap sont accueillis ponctuellement ou régulièrement en EAJE, ils restent néanmoins peu nombreux au regard des capacités d'accueil des structures et du nombre d'enfants reconnus en situation de handicap.",
										"Dès 2012, La Commission Départementale d'Accueil des Jeunes Enfants de la Haute-Vienne a souhaité renforcer ses actions d'accompagnement auprès des familles d'enfants rencontrant des difficultés de développement ou en situation de handicap et auprès des professionnels (assistantes maternelles ou personnels des crèches).",
										"Un travail partenarial a permis la création d'une fonction de référent départemental pour l'accueil du jeune enfant différent, porté par l'association des Pupilles de l'Enseignement Public de la Haute-Vienne."
									].join('\n\n'),
									steps: [
										{
											marker: '•',
											text: "Favoriser l'accès des familles à un mode de garde : information des différentes solutions d'accueil, recueil des besoins, écoute, soutien, ..."
										},
										{ marker: '•', text: "Accompagner l'accueil du jeune enfant différent." },
										{
											marker: '•',
											text: "Aider les professionnels (équipe des établissements d'accueils des jeunes enfants, assistants maternels) à s'adapter aux besoins particuliers de chaque enfant pour un accueil de qualité."
										},
										{
											marker: '•',
											text: 'Mettre en relation professionnels de la petite enfance, familles et services spécialisés...'
										}
									],
									targetPublic: 'Enfant en situation de handicap reconnu ou non',
									pilots: [
										{ label: 'Conseil départemental' },
										{ label: "Caisse d'Allocations Familiales 87" }
									],
									partners: [
										{ label: 'Mutualité Sociale Agricole' },
										{ label: "Association Pupilles de l'Enseignement Public (PEP 87)" },
										{ label: 'Agence Régionale de la Santé (ARS)' }
									],
									schedule: '2017',
									results: {
										quantitative: [
											{
												marker: '•',
												text: "Augmenter le nombre d'enfants effectivement accueillis en EAJE ou chez un(e) assistant(e) maternel(le)."
											}
										],
										qualitative: [
											{
												marker: '•',
												text: "Faciliter la recherche d'un mode d'accueil pour les familles avec enfants différents"
											},
											{
												marker: '•',
												text: "Accompagner les professionnels dans l'organisation de ces accueils spécifiques"
											},
											{
												marker: '•',
												text: "Assurer une fonction d'observatoire des conditions d'accueil des jeunes enfants différents"
											},
											{
												marker: '•',
												text: "Favoriser le lien avec d'autre acteur du domaine du handicap"
											}
										]
									},
									indicators: [
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label: 'Nombre de comité de suivi de la mission AJED, organisé chaque année'
										},
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label:
												"Recensement des actions complémentaires mise en œuvre : élaboration d'outil, partenariat avec des associations spécialisées, animation groupement d'assistants maternels ressources..."
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label: 'Nombre de situations accompagnées par le Référente AJED'
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label:
												'Dont nombre de sollicitation de parents et nombre de sollicitation de professionnel',
											measures: [
												{ measure: 'Nombre de sollicitation de parents', unit: 'nombre' },
												{ measure: 'Nombre de sollicitation de professionnel', unit: 'nombre' }
											],
											note: 'Sous-total de l’indicateur précédent, en deux nombres (parents, professionnels).'
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label:
												"Evolution du nombre d'enfants bénéficiaires de l'AEEH, accueillis en EAJE"
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label:
												"Résultats de la mission d'observatoire des conditions d'accueil du jeune enfant différent : nombre d'EAJE existants sur le département, nombre et caractéristique des EAJE accueillant des enfants différents, nombre total d'enfants différents et dont bénéficiaires de l'AEEH, retour des EAJE les pratiques professionnelles en termes d'accueil et de mesurer les difficultés particulières."
										}
									],
									links: "Travaux de la Commission Départementale d'Accueil du Jeune Enfant",
									state: 'a_lancer',
									note: 'Pilotes « Conseil départemental/ Caisse d’Allocations Familiales 87 » : deux pilotes.'
								}
							]
						}
					]
				}
			]
		},
		{
			code: '4',
			title:
				'Contribuer à la formation des acteurs de la petite enfance et du soutien à la parentalité afin de garantir un service de qualité.',
			children: [
				{
					code: '4.2',
					title:
						'Renforcer les compétences des acteurs de la petite enfance et du soutien à la parentalité.',
					children: [
						{
							code: 'Objectif 1',
							title:
								"Permettre l'appropriation des différents aspects du métier d'animateur de RAM quelle que soit l'ancienneté dans la fonction.",
							tocTitle:
								"Permettre l'appropriation des différents aspects du métier d'animateur RAM quelle que soit l'ancienneté dans la fonction.",
							fiches: [
								{
									number: '31',
									title:
										'Poursuivre le projet de formation régionale RAM engagé en 2016 pour les prises de postes des nouveaux animateurs et élaborer un programme de formation complémentaire pour les animateurs plus anciens dans la fonction.',
									priorityLabel: PRIORITE,
									context: null,
									steps: [
										{
											marker: '1)',
											text: "S'associer au travail mené par la Fédération des CAF du Centre Ouest pour élaborer le projet de formation"
										},
										{
											marker: '2)',
											text: 'Partager les besoins de formations avec les délégations CNFPT du Limousin et du Poitou Charente'
										},
										{
											marker: '3)',
											text: 'Associer ponctuellement les animateurs de RAM à la réflexion pour concevoir un contenu de formation adapté à leurs besoins'
										},
										{
											marker: '4)',
											text: "Déterminer un nouveau programme de formation à l'échelle régionale, dédié aux nouveaux animateurs de RAM à mettre en œuvre en 2018"
										},
										{
											marker: '5)',
											text: "Faire une offre de formation à l'échelle régionale, aux animateurs déjà en poste et plus anciens dans la fonction, dès la fin 2017 et également en 2018."
										}
									],
									targetPublic:
										'Les animateurs de Relais Assistants Maternels des 7 départements : Haute Vienne, Corrèze, Creuse Vienne, Charentes, Charentes Maritime et Deux Sèvres',
									pilots: [
										{ label: "Fédération des Caisses d'Allocations Familiales du Centre-Ouest" },
										{ label: 'CNFPT' }
									],
									partners: [
										free(
											'Coordonnateurs RAM des CAF des départements 87, 19, 23, 86, 16, 17 et 79'
										),
										{
											label:
												'Représentants des délégations CNFPT du Limousin et du Poitou Charentes',
											org: 'cnfpt'
										},
										free('Animateurs de RAM de différents départements'),
										{ label: 'Mutualité Sociale Agricole' }
									],
									schedule: 'A partir du second semestre 2017',
									results: {
										quantitative: [
											{
												marker: '•',
												text: '1 offre de formation en 2017 (module approfondissement)'
											},
											{
												marker: '•',
												text: '2 offres à partir de 2018 (cycle initial complet + modules approfondissement)'
											}
										],
										qualitative: [
											{
												marker: '•',
												text: 'Mettre en œuvre des formations adaptées aux besoins des animateurs de RAM quel que soit leur ancienneté dans la fonction et leur mode de gestion'
											}
										]
									},
									indicators: [
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label:
												'Nombre de rencontres/visio organisées pour travailler sur le projet : FD + Cafs et FD + Cafs + CNFPT',
											breakdown: {
												label: 'Participants',
												values: ['FD + Cafs', 'FD + Cafs + CNFPT']
											},
											note: 'Ventilation selon les deux configurations nommées par l’indicateur (FD = Fédération des CAF du Centre-Ouest).'
										},
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label: 'Nombre de rencontres ayant associées des animateurs de RAM'
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label: 'Nombre de modules de formation proposés en 2017',
											targets: [{ year: 2017, value: 1 }],
											note: 'Cible tirée du résultat attendu « 1 offre de formation en 2017 (module approfondissement) ».'
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label: 'Nombre de participants + répartition sur les 7 départements',
											breakdown: { label: 'Département', values: DEPARTEMENTS_CENTRE_OUEST },
											note: 'Participants aux modules de formation proposés en 2017 (ligne précédente). Départements tels que nommés dans le public visé.'
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label: 'Nombre de modules approfondissement proposés en 2018',
											note: 'Le résultat attendu « 2 offres à partir de 2018 (cycle initial complet + modules approfondissement) » compte des offres, pas des modules : pas de cible chiffrée reportée ici.'
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label: 'Nombre de participants + répartition sur les 7 départements',
											breakdown: { label: 'Département', values: DEPARTEMENTS_CENTRE_OUEST },
											note: 'Participants aux modules approfondissement 2018 (ligne précédente). Départements tels que nommés dans le public visé.'
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label:
												'Nombre de dates prévues sur le cycle complet dédié aux nouveaux animateurs RAM'
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label: 'Nombre de participants + répartition sur les 7 départements',
											breakdown: { label: 'Département', values: DEPARTEMENTS_CENTRE_OUEST },
											note: 'Participants au cycle complet dédié aux nouveaux animateurs (ligne précédente). Départements tels que nommés dans le public visé.'
										}
									],
									links: null,
									state: 'a_lancer',
									note: 'Pilote « Fédération des Caisses d’Allocations Familiales du Centre-Ouest CNFPT » : deux pilotes fusionnés par la conversion, séparés. Public : « Creuse Vienne » (sans virgule) lu comme deux départements, pour sept au total. Partenaire « Représentants des délégations CNFPT… » rattaché au CNFPT. Contexte et lien avec les schémas laissés vides.'
								}
							]
						},
						{
							code: 'Objectif 2',
							title: 'Renforcer les compétences des accueillant(e)s de LEAP.',
							fiches: [
								{
									number: '32',
									title:
										"Maintenir l'offre de formation à destination des accueillant(e)s LAEP (formation initiale, temps d'analyse de la pratique,...).",
									tocTitle:
										"Maintenir l'offre de formation à destination des accueillant(e)s LAEP (formation initiale, temps d'analyse de la pratique...).",
									priorityLabel: PRIORITE,
									context: null,
									steps: [],
									targetPublic: 'Les accueillant(e)s LAEP',
									pilots: [
										{ label: "Caisse d'Allocations Familiales 87" },
										{ label: 'Mutualité Sociale Agricole' }
									],
									partners: [],
									schedule: null,
									links: null,
									state: 'a_elaborer',
									note: 'Fiche à élaborer : seuls le titre, le public et les pilotes sont renseignés (partenaires : une puce vide ; résultats et indicateurs : rubriques sans contenu). Pilotes « Caisse d’Allocations Familiales 87 / Mutualité Sociale Agricole » : deux pilotes.'
								}
							]
						},
						{
							code: 'Objectif 3',
							title:
								'Renforcer les compétences des animateurs CLAS et enrichir leurs connaissances.',
							tocTitle:
								"Renforcer les compétences des animateurs CLAS et enrichir leurs connaissances de l'accompagnement à la scolarité.",
							fiches: [
								{
									number: '33',
									title:
										'Développer une formation annuelle à destination des animateurs CLAS du département.',
									priorityLabel: PRIORITE,
									context: [
										[
											"Le Contrat local d'accompagnement à la scolarité (Clas) offre, au côté de l'école, des temps d'accueil aux élèves scolarisés de l'école élémentaire au lycée. Ils sont encadrés par des accompagnateurs afin d'apporter aux élèves un appui favorisant la réussite scolaire. Ces temps sont organisés tout au long de l'année, par groupe d'enfants de classes d'âges, ils proposent :",
											"- un temps d'accueil, d'écoute, d'échanges ;",
											"- un temps d'aide dans l'organisation et la réalisation du travail personnel ;",
											"- des projets culturels ou des ateliers d'expression corporelle, manuels, scientifiques, pour éveiller la curiosité et donner l'envie d'apprendre."
										].join('\n'),
										[
											'Les parents sont aussi accompagnés dans le cadre du Clas afin de:',
											'- les aider à mieux comprendre le système scolaire,',
											"- favoriser le dialogue avec l'école/l'enseignant,",
											'- faciliter le suivi de la scolarité de leur enfant.'
										].join('\n'),
										"Les relations avec les établissements scolaires sont indispensables afin d'articuler la continuité entre l'acte éducatif de l'école et les actions d'accompagnement à la scolarité. Les tâches des accompagnateurs exigent des compétences fondées sur des savoirs faire et des savoirs être. Les évaluations nationales et locales soulignent la nécessité de renforcer les compétences de chaque intervenant. En Haute Vienne, sur les cinq dernières années, seuls 3 modules de formation collective ont été proposés à Limoges."
									].join('\n\n'),
									steps: [
										{
											marker: '•',
											text: 'Mener une enquête de besoins auprès des gestionnaires de Clas et de leur intervenants.'
										},
										{
											marker: '•',
											text: "Définir, en coopération, un cahier des charges conforme aux principes des Clas et prenant en compte les constats des membres du Comité Clas87, du bilan du PRE Limoges, de l'évaluation nationale et locale des Clas"
										},
										{
											marker: '•',
											text: "Diffusion d'un appel à candidature pour mettre en œuvre la formation."
										},
										{ marker: '•', text: 'Proposer une offre de formation annuelle cofinancée.' },
										{
											marker: '•',
											text: "Evaluer cette dernière afin de l'ajuster aux besoins locaux."
										}
									],
									targetPublic: 'Les animateurs permanents, vacataires ou bénévoles.',
									pilots: [{ label: 'Comité technique et de financement départemental Clas' }],
									partners: [
										{ label: "Caisse d'Allocations Familiales" },
										{ label: 'DDSCPP' },
										{ label: 'Agglomération de Limoges' },
										{ label: 'Mutualité Sociale Agricole' },
										{ label: 'Ville de Limoges' },
										{ label: 'Education nationale' }
									],
									schedule: "Début de l'action prévue en 2017",
									results: {
										quantitative: [{ marker: '•', text: '24 animateurs formés par an.' }],
										qualitative: [
											{
												marker: '•',
												text: 'Renforcer les compétences des intervenants sur trois volets:',
												children: [
													{
														marker: '○',
														text: "Volet accompagnement de l'enfant (concentration, attention, enrichissement du vocabulaire,...)"
													},
													{
														marker: '○',
														text: "Volet parentalité (communication, appui au suivi de la scolarité de l'enfant...)"
													},
													{
														marker: '○',
														text: 'Volet relation porteur Clas/établissements scolaires (comment créer un lien régulier, travaillé en cohérence et confiance,...)'
													}
												]
											},
											{
												marker: '•',
												text: 'Créer des outils types : mallettes pédagogiques, livret de suivi Clas élève/parent/école/porteur Clas, ...'
											}
										]
									},
									indicators: [
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label:
												"Nombre de réunions du groupe de travail pour l'élaboration partagée d'un cahier des charges."
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label:
												"Nombre d'acteurs formés annuellement sur des QPV Limoges et sur les autres territoires périurbains et ruraux.",
											targets: [
												{ year: 2017, value: 24 },
												{ year: 2018, value: 24 },
												{ year: 2019, value: 24 },
												{ year: 2020, value: 24 },
												{ year: 2021, value: 24 }
											],
											breakdown: {
												label: 'Territoire',
												values: ['QPV Limoges', 'autres territoires périurbains et ruraux']
											},
											note: 'Cible tirée du résultat attendu « 24 animateurs formés par an. » (tous territoires confondus), chaque année de 2017 (début de l’action) à 2021. Ventilation selon les deux territoires nommés par l’indicateur.'
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label: "Bilan et analyse de l'usage des outils départementaux"
										}
									],
									links: null,
									state: 'a_lancer',
									note: 'Partenaire « DDSCPP » (coquille du livret) rattaché à la DDCSPP. Lien avec les schémas laissé vide.'
								}
							]
						}
					]
				}
			]
		},
		{
			code: '5',
			title:
				"Améliorer l'information des familles sur l'offre disponible de l'accueil du jeune enfant et du soutien à la parentalité.",
			children: [
				{
					code: '5.1',
					title: "Améliorer la lisibilité de l'offre sur les territoires.",
					children: [
						{
							code: 'Objectif 1',
							title: "Faciliter l'accès à l'information à toutes les familles.",
							fiches: [
								{
									number: '34',
									title: "Optimiser/ rationaliser l'offre Internet en faveur des familles.",
									priorityLabel: null,
									context: null,
									steps: [],
									targetPublic: null,
									pilots: [
										{ label: 'Conseil départemental' },
										{ label: "Caisse d'Allocations Familiales 87" }
									],
									partners: [],
									schedule: null,
									links: null,
									state: 'a_elaborer',
									note: 'Fiche à élaborer : seuls le titre et les pilotes sont renseignés. Sa page ne porte pas la mention « Priorité 2017/2018 » ; titre et pilotes n’y sont pas en gras ; les cellules « Déclinaison opérationnelle » et « Public(s) visé(s) » sont fusionnées avec le titre et vides. Pilotes « Conseil départemental/ Caisse d’Allocations Familiales 87 » : deux pilotes.'
								},
								{
									number: '35',
									title:
										'Communiquer autour des évolutions du site www.mon-enfant.fr et de ses nouvelles applications.',
									priorityLabel: PRIORITE,
									context: [
										"Depuis sa création, le site mon-enfant.fr aide les parents et futurs parents dans leur recherche d'un mode d'accueil. Il référence la quasi-totalité de l'offre d'accueil collective, des Ram, des Laep et des accueils de loisirs financés par la branche Famille et près de 70% des assistant(e)s maternel(le)s en activité. La recherche géo localisée et les outils de simulation permettant d'estimer le coût en crèche ou le droit Paje, sont les points forts du site.",
										"D'un contenu essentiellement axé sur la petite enfance, le site vise aujourd'hui à prendre en compte l'ensemble des problématiques liées à la parentalité :",
										[
											"L'objectif est de :",
											'- favoriser la transversalité des politiques publiques en matière de petite enfance, de jeunesse et de parentalité ;',
											'- améliorer la coordination des acteurs sur un territoire ;',
											"- informer les familles sur l'offre locale existante."
										].join('\n'),
										"L'offre du site évolue pour répondre aux nouveaux besoins et pour rester attractive tant pour les familles, que pour les partenaires."
									].join('\n\n'),
									steps: [
										{
											text: "A la suite du lancement de l'appli mobile au printemps 2017 :",
											children: [
												{
													marker: '•',
													text: 'Communiquer auprès des partenaires de la branche famille pour promouvoir le nouveau service.'
												},
												{
													marker: '•',
													text: "Déployer la campagne de communication nationale spécifique à l'échelle des familles de la Haute Vienne."
												}
											]
										},
										{
											text: 'A la suite de :',
											children: [
												{
													marker: '-',
													text: "la modification des visuels de la page d'accueil (objectif : « d'atténuer » l'aspect petite enfance)"
												},
												{ marker: '-', text: "l'enrichissement du volet « Actions parentalité »" },
												{ marker: '-', text: 'et la refonte de la charte graphique du site :' },
												{
													marker: '•',
													text: "Diffusion de la nouvelle campagne de communication organisée par la Cnaf afin de promouvoir les nouveaux contenus et services développés dans le cadre d'une arborescence et d'une charte graphique revues."
												}
											]
										},
										{
											marker: '=>',
											text: "supports de communication actualisés (flyer, affiches) pour promouvoir l'offre actuelle et les enrichissements apportés par l'espace documentaire et les actions locales."
										}
									],
									targetPublic:
										'Les familles avec enfant(s) et les partenaires de la branche famille',
									pilots: [{ label: "Caisse d'Allocations Familiales 87" }],
									partners: [
										free('Les RAM'),
										free(
											"Les gestionnaires d'équipements qui accompagnent quotidiennement les familles de la Haute Vienne : EAJE, ALSH, Centres Sociaux..."
										),
										free(
											'Tous les acteurs, partenaires de la CAF, susceptibles de rencontrer des familles avec enfants ou des futurs parents.'
										)
									],
									schedule: '2017',
									results: {
										quantitative: [
											{
												marker: '•',
												text: 'Augmenter le nombre de connexions sur le site mon-enfant.fr'
											}
										],
										qualitative: [
											{ marker: '•', text: 'Promouvoir les évolutions de mon-enfant.f' },
											{
												marker: '•',
												text: 'Accroître la notoriété du site mon-enfant.fr auprès des familles avec enfants.'
											},
											{
												marker: '•',
												text: "Améliorer la connaissance de l'offre existante en matière d'action de soutien à la parentalité"
											}
										]
									},
									indicators: [
										{
											kind: 'realisation',
											kindLabel: 'De réalisation',
											label:
												'Mise en œuvre des différentes campagnes de communication : appli mobile, enrichissement du site...'
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label:
												"Nombre de support de communication diffusés sur l'ensemble du département"
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label: 'Evolution du nombre de connexion sur le site mon-enfant.fr'
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label:
												"Nombre d'actions de soutien à la parentalité, référencées sur le site mon-enfant.fr"
										}
									],
									links: null,
									state: 'a_lancer',
									note: 'Déclinaison : deux sous-titres « A la suite … » avec leurs points (puces « • » et tirets « - » tels qu’écrits, dans le même ordre), puis la ligne « => » comme point de premier niveau.'
								}
							]
						}
					]
				}
			]
		},
		{
			code: '6',
			title: "Faciliter l'action coordonnée des acteurs sur le territoire.",
			note: 'Sur la page de la fiche 40, l’intitulé est écrit sans point final.',
			children: [
				{
					code: '6.1',
					title: 'Confirmer la dynamique du schéma départemental des services aux familles.',
					children: [
						{
							code: 'Objectif 1',
							title:
								"Favoriser l'articulation des politiques « petite enfance » et « parentalité » et la coordination de l'ensemble des services aux familles à l'échelle du département.",
							fiches: [
								{
									number: '38',
									title:
										"Organiser le développement, le suivi et l'évaluation des actions du schéma départemental des services aux familles",
									tocTitle:
										"Repenser l'organisation des commissions opérationnelles « petite enfance » et « parentalité » en créant de nouveaux groupes thématiques. Intégrer au sein de ces groupes les membres du comité départemental parentalité ainsi que tous acteurs concernés par les thèmes retenus.",
									priorityLabel: PRIORITE,
									context:
										"Le diagnostic partagé a été réalisé avec le concours d'acteurs de terrain associatifs et institutionnels jusqu'alors associés dans les instances partenariales existantes. Afin de poursuivre une implication de chacun et d'associer de nouveaux acteurs, un ajustement de la composition et de l'organisation des instances du schéma départemental, doit être réalisé. L'objectif est bien d'optimiser et de coordonner la dynamique partenariale.",
									steps: [
										{
											marker: '1)',
											text: 'A partir des commissions opérationnelles « petite enfance » et « parentalité » créer 3 nouvelles commissions thématiques :',
											children: [
												{ marker: '-', text: 'accompagnement à la parentalité,' },
												{ marker: '-', text: 'accueil du jeune enfant,' },
												{ marker: '-', text: 'mutations familiales.' },
												{
													text: "Chacune des commissions associera des groupes de travail selon le plan d'action."
												}
											]
										},
										{
											marker: '2)',
											text: "Intégrer au sein de ces commissions les membres du comité départemental parentalité ainsi que les acteurs du comité d'animation."
										},
										{
											marker: '3)',
											text: 'Ouvrir les groupes de travail du schéma aux autres acteurs concernés par les thèmes retenus.'
										}
									],
									targetPublic:
										"Tous les acteurs concernés par les domaines de l'accueil de la petite enfance et l'accompagnement à la parentalité",
									pilots: [
										{ label: 'Etat' },
										{ label: "Caisse d'Allocations Familiales 87" },
										{ label: 'Conseil départemental' }
									],
									partners: [
										{ label: 'DDCSPP' },
										{ label: 'Association des maires et élus du département' },
										free('Associations et fédérations départementales ou locales'),
										{ label: 'Mutualité Sociale Agricole' },
										free('Justice'),
										free('Collectivités territoriales'),
										{ label: 'Ville de Limoges' },
										{ label: 'Education nationale' },
										{ label: 'UDAF' },
										{ label: "Communauté d'Agglomération" }
									],
									schedule: '2017/2018',
									results: {
										quantitative: [
											{ marker: '•', text: 'Mobilisation des différents acteurs' },
											{ marker: '•', text: 'Implication dans le temps des partenaires' }
										],
										qualitative: [
											{ marker: '•', text: "Réalisation progressive d'actions du plan" }
										]
									},
									indicators: [
										{
											kind: 'realisation',
											kindLabel: 'De mise en œuvre',
											label: 'Nombre de partenaires différents'
										},
										{
											kind: 'realisation',
											kindLabel: 'De mise en œuvre',
											label: 'Nombre de partenaires nouveaux'
										},
										{
											kind: 'realisation',
											kindLabel: 'De mise en œuvre',
											label: 'Nombre de rencontres des commissions'
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label: 'Nombre de groupes de travail co-animés'
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label: "Nombre d'actions réalisées au 31/12/2018 puis au 31/12/2021"
										}
									],
									links: null,
									state: 'a_lancer',
									note: 'Pilotes « Etat / Caisse d’Allocations Familiales 87/ Conseil départemental » : trois pilotes. Déclinaison : la phrase « Chacune des commissions associera… », écrite après la liste du point 1), y est rattachée sans marqueur.'
								}
							]
						}
					]
				},
				{
					code: '6.3',
					title:
						"Accompagner le développement de politiques communes enfance/parentalité sur les territoires prioritaires d'intervention",
					tocTitle: 'Renforcer et développer les partenariats.',
					children: [
						{
							code: 'Objectif 1',
							title:
								'Structurer, coordonner le travail en réseau des acteurs de la petite enfance et de la parentalité.',
							tocTitle:
								'Favoriser le développement de politiques communes « Petite enfance » et « Parentalité ».',
							fiches: [
								{
									number: '40',
									title:
										"Proposer sur les territoires d'intervention dit « prioritaires » du SDSF une démarche de diagnostic local et partagé (animation, concertation...).",
									tocTitle:
										'Initier/ accompagner le travail en réseau des acteurs de la petite enfance et de la parentalité.',
									priorityLabel: PRIORITE,
									context:
										'Animation des territoires retenus comme « prioritaires » dans le cadre du schéma.',
									steps: [
										{
											marker: '1)',
											text: 'Informé et mobiliser les acteurs sur la démarche engagée.'
										},
										{
											marker: '2)',
											text: 'Favoriser la création de temps de concertation pérennes sous une forme adaptée à chaque territoire : tables de concertation, observatoires locaux...'
										},
										{
											marker: '3)',
											text: 'Veiller à la place donnée aux familles aux étapes clefs de la démarche.'
										},
										{
											marker: '4)',
											text: "Elaborer le diagnostic territorial en s'appuyant sur les outils : « fiche diagnostic de territoire du SDSF » ainsi que de tout autre diagnostic, schéma, projet de territoire, contrat territoriaux, etc..."
										}
									],
									targetPublic: 'Acteurs et ressources du territoire dont les familles.',
									pilots: [{ label: "Caisse d'Allocations Familiales 87" }],
									partners: [
										free('Collectivités territoriales ciblées'),
										{ label: 'Association des maires et élus du département' },
										free('Justice'),
										free('Associations et fédérations départementales ou locales'),
										{ label: 'Mutualité Sociale Agricole' },
										{ label: 'Education nationale' },
										free('Familles'),
										{ label: 'Conseil départemental' },
										{ label: 'UDAF' },
										{ label: 'DDCSPP' },
										{ label: 'Ville de Limoges' },
										{ label: "Communauté d'Agglomération" }
									],
									schedule: '2017/2018',
									results: {
										unclassified: [
											{
												marker: '•',
												text: 'Organisations locales favorisant la démarche partagée'
											},
											{ marker: '•', text: "Plans d'action locaux (à partir du Sdsf)" }
										]
									},
									indicators: [
										{
											kind: 'realisation',
											kindLabel: 'De mise en œuvre',
											label: "Nombre d'acteurs différents mobilisés"
										},
										{
											kind: 'realisation',
											kindLabel: 'De mise en œuvre',
											label: 'Nombre de familles associés'
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label: 'Nombre de rencontres'
										},
										{
											kind: 'resultat',
											kindLabel: 'De résultat',
											label: 'Représentativité des acteurs'
										}
									],
									links:
										'Tout diagnostic, schéma, projet de territoire, contrat territorial, etc...',
									state: 'a_lancer',
									note: 'Résultats attendus listés sans rubrique « Quantitatif / Qualitatif » (non classés). La puce « Association des maires et élus du département Justice » fusionnait deux partenaires (artefact de conversion) : séparée.'
								}
							]
						}
					]
				}
			]
		}
	]
};
