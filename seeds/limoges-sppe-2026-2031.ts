import type { PlanDocumentInput } from '../src/lib/domain/plan-document';

/**
 * Demo plan of a commune: the schéma pluriannuel petite enfance of the Ville de Limoges
 * 2026–2031, which a commune over 10 000 inhabitants adopts as autorité organisatrice of the
 * service public de la petite enfance and which must be compatible with the SDSF 87.
 * Its themes follow the SPPE obligations (shared/reference/open-data-and-sppe.md and the 2025
 * vade-mecum): take stock of needs, inform families through a relais petite enfance, develop the
 * offer, support its quality. Every figure and wording here is demo content.
 */

const DEMO_NOTE =
	'Fiche de démonstration : le contenu, les indicateurs et les cibles sont fictifs et ne reflètent pas un document adopté par la Ville de Limoges.';

const DEMO_TARGETS = 'Valeur de départ et cibles de démonstration.';

const PLAN = '2026-2031';

const free = (label: string) => ({ label, freeText: true });
const ville = { label: 'Ville de Limoges', org: 'ville-limoges' };
const caf = { label: 'Caisse d’allocations familiales de la Haute-Vienne', org: 'caf-87' };
const cd = { label: 'Conseil départemental de la Haute-Vienne (PMI)', org: 'cd-87' };

export const limogesSppePlan: PlanDocumentInput = {
	scheme: {
		slug: 'limoges-sppe-2026-2031',
		departmentCode: '87',
		departmentName: 'Haute-Vienne',
		title:
			'Schéma pluriannuel de maintien et de développement de l’offre d’accueil du jeune enfant de la Ville de Limoges',
		subtitle: 'Service public de la petite enfance 2026-2031 (démonstration)',
		startYear: 2026,
		endYear: 2031,
		state: 'en_preparation',
		levelLabels: ['Axe', 'Objectif'],
		description: [
			'Autorité organisatrice de l’accueil du jeune enfant depuis le 1er janvier 2025, la Ville de Limoges recense les besoins et l’offre d’accueil, informe et accompagne les familles, planifie le développement de l’offre et soutient sa qualité.',
			'Ce schéma pluriannuel fixe les actions de 2026 à 2031 avec leur calendrier, leur coût et leurs indicateurs d’évaluation. Il doit être compatible avec le schéma départemental des services aux familles de la Haute-Vienne.',
			'Plan de démonstration : son contenu est fictif.'
		].join('\n\n'),
		source:
			'Document de démonstration construit à partir des obligations du service public de la petite enfance (CASF L. 214-1-3 et D. 214-10-1).',
		kind: 'sppe',
		territory: { kind: 'commune', code: '87085', name: 'Limoges', parentCode: '87' },
		compatibleWith: ['haute-vienne-2017-2021']
	},

	// Defined as in the Haute-Vienne seed, under the same keys.
	organisations: [
		{
			key: 'ville-limoges',
			name: 'Ville de Limoges',
			shortName: 'Ville de Limoges',
			type: 'commune_epci',
			aliases: [],
			territory: '87'
		},
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
		}
	],

	tree: [
		{
			code: '1',
			title: 'Connaître les besoins des familles et l’offre d’accueil',
			children: [
				{
					code: '1.1',
					title:
						'Recenser chaque année les besoins d’accueil des enfants de moins de 3 ans et l’offre disponible',
					fiches: [
						{
							number: '1',
							title:
								'Réaliser le recensement annuel des besoins et de l’offre d’accueil du jeune enfant',
							context:
								'Le schéma pluriannuel décrit l’offre existante, les besoins des enfants de moins de 3 ans et les zones peu pourvues. Les données de la CAF (taux de couverture par commune), de la PMI (assistants maternels agréés) et les demandes des familles sont aujourd’hui dispersées.',
							steps: [
								{
									marker: '1)',
									text: 'Rassembler chaque année les données de la CAF, de la PMI et des demandes d’accueil.'
								},
								{ marker: '2)', text: 'Cartographier l’offre et la demande par quartier.' },
								{
									marker: '3)',
									text: 'Présenter le diagnostic à la commission petite enfance et au comité de suivi du schéma.'
								}
							],
							targetPublic: 'Élus et services de la Ville, partenaires de la petite enfance',
							pilots: [ville],
							partners: [caf, cd],
							schedule: 'Chaque année, au premier trimestre',
							indicators: [
								{
									kind: 'realisation',
									kindLabel: 'De réalisation',
									label: 'Réalisation du diagnostic annuel des besoins et de l’offre'
								},
								{
									kind: 'resultat',
									kindLabel: 'De résultat',
									label:
										'Taux de couverture global de la commune (places pour 100 enfants de moins de 3 ans)',
									note: 'Taux publié par la CNAF (fichier communal) ; il peut dépasser 100.'
								}
							],
							links:
								'Schéma départemental des services aux familles de la Haute-Vienne (SDSF 87), fiche n°1 : « Etudier et analyser l’offre spécifique chez les assistant(e)s maternel(le)s ».',
							linkedFiches: [{ scheme: 'haute-vienne-2017-2021', number: '1' }],
							state: 'a_lancer',
							note: DEMO_NOTE
						}
					]
				}
			]
		},
		{
			code: '2',
			title: 'Informer et accompagner les familles',
			children: [
				{
					code: '2.1',
					title:
						'Offrir à chaque famille un point d’information unique, appuyé sur le relais petite enfance',
					fiches: [
						{
							number: '2',
							title:
								'Organiser le relais petite enfance de la Ville et ses antennes de quartier comme guichet d’information des familles',
							context:
								'Depuis le 1er janvier 2026, une commune de plus de 10 000 habitants doit disposer d’un relais petite enfance. Les familles cherchent aujourd’hui un mode d’accueil auprès de plusieurs interlocuteurs.',
							steps: [
								{
									marker: '1)',
									text: 'Ouvrir une antenne du relais petite enfance dans chaque secteur de la ville.'
								},
								{
									marker: '2)',
									text: 'Tenir à jour l’offre de la ville sur monenfant.fr et sur le site de la Ville.'
								},
								{
									marker: '3)',
									text: 'Organiser chaque année un forum des modes d’accueil.'
								}
							],
							targetPublic: 'Parents et futurs parents ; assistants maternels',
							pilots: [ville, caf],
							partners: [cd, free('Assistants maternels'), free('Gestionnaires d’EAJE')],
							schedule: PLAN,
							indicators: [
								{
									kind: 'realisation',
									kindLabel: 'De réalisation',
									label: 'Nombre d’antennes du relais petite enfance ouvertes',
									baseline: { value: 1, year: 2025 },
									targets: [
										{ year: 2027, value: 3 },
										{ year: 2031, value: 5 }
									],
									note: DEMO_TARGETS
								},
								{
									kind: 'resultat',
									kindLabel: 'De résultat',
									label: 'Nombre de familles reçues ou renseignées par le relais petite enfance'
								}
							],
							links:
								'Schéma départemental des services aux familles de la Haute-Vienne (SDSF 87), fiches n°8 (antennes Relais d’Assistants Maternels sur la ville de Limoges) et n°35 (site mon-enfant.fr).',
							linkedFiches: [
								{ scheme: 'haute-vienne-2017-2021', number: '8' },
								{ scheme: 'haute-vienne-2017-2021', number: '35' }
							],
							state: 'a_lancer',
							note: DEMO_NOTE
						}
					]
				}
			]
		},
		{
			code: '3',
			title: 'Développer l’offre d’accueil là où elle manque',
			children: [
				{
					code: '3.1',
					title: 'Créer des places d’accueil dans les quartiers les moins pourvus',
					fiches: [
						{
							number: '3',
							title:
								'Créer des places en établissement d’accueil du jeune enfant dans les quartiers prioritaires',
							context:
								'Le recensement montre un taux de couverture plus faible dans les quartiers prioritaires de la politique de la ville, où vivent de nombreuses familles en parcours d’insertion.',
							steps: [
								{ marker: '1)', text: 'Identifier les sites et les gestionnaires.' },
								{
									marker: '2)',
									text: 'Monter les dossiers de financement avec la CAF (plan de création de places).'
								},
								{ marker: '3)', text: 'Ouvrir les places par tranches de 2027 à 2031.' }
							],
							targetPublic: 'Familles des quartiers prioritaires de la politique de la ville',
							pilots: [ville, caf],
							partners: [free('Gestionnaires d’EAJE'), cd],
							schedule: '2027-2031',
							indicators: [
								{
									kind: 'realisation',
									kindLabel: 'De réalisation',
									label: 'Nombre de places en EAJE créées dans les quartiers prioritaires',
									baseline: { value: 0, year: 2025 },
									targets: [
										{ year: 2028, value: 30 },
										{ year: 2031, value: 60 }
									],
									note: DEMO_TARGETS
								},
								{
									kind: 'realisation',
									kindLabel: 'De réalisation',
									label: 'Montant des investissements engagés'
								},
								{
									kind: 'resultat',
									kindLabel: 'De résultat',
									label: 'Part des enfants accueillis résidant dans un quartier prioritaire'
								}
							],
							links:
								'Schéma départemental des services aux familles de la Haute-Vienne (SDSF 87), fiche n°18 ; contrat de ville de Limoges.',
							linkedFiches: [{ scheme: 'haute-vienne-2017-2021', number: '18' }],
							state: 'a_lancer',
							note: DEMO_NOTE
						}
					]
				}
			]
		},
		{
			code: '4',
			title: 'Soutenir la qualité de l’accueil',
			children: [
				{
					code: '4.1',
					title: 'Accompagner les professionnels de l’accueil collectif et individuel',
					fiches: [
						{
							number: '4',
							title:
								'Proposer un programme annuel de professionnalisation aux équipes des EAJE et aux assistants maternels',
							context:
								'La qualité de l’accueil repose sur la formation continue des professionnels et sur des temps d’échange entre l’accueil collectif et l’accueil individuel.',
							steps: [
								{
									marker: '1)',
									text: 'Construire le programme avec la PMI et les gestionnaires.'
								},
								{
									marker: '2)',
									text: 'Ouvrir les journées pédagogiques des EAJE municipaux aux assistants maternels.'
								}
							],
							targetPublic: 'Professionnels des EAJE et assistants maternels de Limoges',
							pilots: [ville],
							partners: [caf, cd, free('Gestionnaires d’EAJE')],
							schedule: PLAN,
							indicators: [
								{
									kind: 'realisation',
									kindLabel: 'De réalisation',
									label: 'Nombre de journées de professionnalisation organisées'
								},
								{
									kind: 'resultat',
									kindLabel: 'De résultat',
									label: 'Nombre d’assistants maternels ayant participé à au moins une journée',
									targets: [{ year: 2031, value: 150 }],
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
};
