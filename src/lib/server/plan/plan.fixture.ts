import type { PlanDocumentInput } from '$lib/domain/plan-document';

/** A small plan with the awkward cases of real booklets, for integration tests. */
export const fixturePlan: PlanDocumentInput = {
	scheme: {
		slug: 'test-2020-2025',
		departmentCode: '2A',
		departmentName: 'Corse-du-Sud',
		title: 'Schéma de test',
		startYear: 2020,
		endYear: 2025,
		state: 'en_preparation',
		levelLabels: ['Axe', 'Orientation', 'Objectif opérationnel']
	},
	organisations: [
		{
			key: 'caf-2a',
			name: 'Caisse d’allocations familiales de Corse-du-Sud',
			shortName: 'CAF 2A',
			type: 'caf',
			aliases: ['Caisse d’Allocations Familiales', 'Caf']
		},
		{ key: 'ville-ajaccio', name: 'Ville d’Ajaccio', shortName: 'Ajaccio', type: 'commune_epci' }
	],
	tree: [
		{
			code: '1',
			title: 'Accueillir',
			children: [
				{
					code: '1.1',
					title: 'Orientation crèches',
					tocTitle: 'Orientation crèche (sommaire)',
					children: [
						{
							code: 'Objectif 1',
							title: 'Ouvrir des places',
							fiches: [
								{
									number: '11 bis',
									title: 'Ouvrir une crèche à vocation d’insertion',
									state: 'a_lancer',
									context: 'Premier paragraphe.\n\nSecond paragraphe.',
									steps: [
										{ text: 'Étape une', marker: '1)' },
										{
											text: 'Étape deux',
											marker: '2)',
											children: [{ text: 'Sous-point', marker: '•' }]
										}
									],
									pilots: [
										{ label: 'Caisse d’Allocations Familiales' },
										{ label: 'Ville d’Ajaccio' }
									],
									partners: [{ label: 'Familles' }, { label: 'caf' }],
									results: { quantitative: [{ text: '10 places' }] },
									indicators: [
										{
											kind: 'realisation',
											kindLabel: 'De mise en œuvre',
											label: 'Nombre de réunions'
										},
										{
											kind: 'resultat',
											label: 'Nombre et pourcentage d’enfants accueillis',
											breakdown: { label: 'Commune', values: ['Ajaccio', 'Porticcio'] }
										},
										{
											kind: 'resultat',
											label: 'Places ouvertes',
											unit: 'nombre',
											baseline: { value: 12, year: 2019 },
											targets: [{ year: 2021, value: 20 }]
										}
									]
								},
								{ number: '2', title: 'Fiche vierge', state: 'a_elaborer' },
								{
									number: '11',
									title: 'Relais petite enfance',
									state: 'en_cours',
									pilots: [{ label: 'Ajaccio' }]
								}
							]
						}
					]
				}
			]
		},
		{
			code: '2',
			title: 'Informer',
			fiches: [{ number: '10', title: 'Site internet', state: 'realisee' }]
		}
	]
};
