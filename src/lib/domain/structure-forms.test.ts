import { describe, expect, it } from 'vitest';
import { fieldErrors } from './fiche-edit';
import {
	amendmentFormSchema,
	ficheCreateSchema,
	indicatorFormSchema,
	parseDecimal,
	parseFrenchDate,
	schemeFormSchema,
	schemeSlugOf,
	targetsToText
} from './structure-forms';

const scheme = {
	departmentCode: '87',
	departmentName: 'Haute-Vienne',
	title: 'Schéma',
	startYear: '2017',
	endYear: '2021',
	state: 'en_cours',
	levelLabels: 'Axe stratégique\nAxe\nObjectif'
};

function errorsOf(
	schema: { safeParse: (v: unknown) => { success: boolean; error?: unknown } },
	input: unknown
) {
	const result = schema.safeParse(input);
	if (result.success) return {};
	return fieldErrors(result.error as Parameters<typeof fieldErrors>[0]);
}

describe('numbers and dates as French people type them', () => {
	it('reads decimals with a comma, spaces or a point', () => {
		expect(parseDecimal('12,5')).toBe(12.5);
		expect(parseDecimal('1 234,5')).toBe(1234.5);
		expect(parseDecimal('1\u202f234')).toBe(1234);
		expect(parseDecimal('-3.25')).toBe(-3.25);
		expect(parseDecimal('12,5 %')).toBeNull();
		expect(parseDecimal('douze')).toBeNull();
	});

	it('reads dd/mm/yyyy and ISO dates, refusing impossible ones', () => {
		expect(parseFrenchDate('31/12/2018')).toBe('2018-12-31');
		expect(parseFrenchDate('1/3/2022')).toBe('2022-03-01');
		expect(parseFrenchDate('2022-03-01')).toBe('2022-03-01');
		expect(parseFrenchDate('31/02/2022')).toBeNull();
		expect(parseFrenchDate('2022')).toBeNull();
	});

	it('writes targets back as lines the form reads again', () => {
		const text = targetsToText([
			{ year: 2021, value: 12.5 },
			{ year: 2019, value: 24 }
		]);
		expect(text).toBe('2019 : 24\n2021 : 12,5');
		expect(
			indicatorFormSchema.parse({
				kind: 'resultat',
				label: 'Nombre',
				polarity: 'higher_better',
				periodicity: 'annuelle',
				targets: text
			}).targets
		).toEqual([
			{ year: 2019, value: 24 },
			{ year: 2021, value: 12.5 }
		]);
	});
});

describe('scheme form', () => {
	it('parses a valid scheme with its level labels and visibility', () => {
		const parsed = schemeFormSchema.parse({
			...scheme,
			departmentCode: '2a',
			levelLabels: 'Axe\n\n  Orientation  \n',
			visibility: 'public'
		});
		expect(parsed).toMatchObject({
			departmentCode: '2A',
			levelLabels: ['Axe', 'Orientation'],
			visibility: 'public',
			startYear: 2017
		});
		expect(schemeFormSchema.parse(scheme).visibility).toBe('private');
		expect(schemeSlugOf('Haute-Vienne', 2017, 2021)).toBe('haute-vienne-2017-2021');
	});

	it('explains each mistake in French next to its field', () => {
		expect(errorsOf(schemeFormSchema, { ...scheme, endYear: '2016' })).toEqual({
			endYear: 'L’année de fin précède l’année de début.'
		});
		expect(errorsOf(schemeFormSchema, { ...scheme, endYear: '2023' })).toEqual({
			endYear: 'Un schéma dure au plus 6 ans (ici 7 ans).'
		});
		expect(errorsOf(schemeFormSchema, { ...scheme, startYear: '17' }).startYear).toBe(
			'Année sur 4 chiffres (ex. 2024).'
		);
		expect(
			errorsOf(schemeFormSchema, { ...scheme, levelLabels: 'a\nb\nc\nd\ne' }).levelLabels
		).toBe('Au plus 4 niveaux, un par ligne.');
		expect(errorsOf(schemeFormSchema, { ...scheme, levelLabels: ' ' }).levelLabels).toBe(
			'Indiquez au moins un niveau (ex. Axe).'
		);
		expect(
			errorsOf(schemeFormSchema, { ...scheme, departmentCode: '99' }).departmentCode
		).toContain('Code de département invalide');
		expect(errorsOf(schemeFormSchema, { ...scheme, title: '  ' }).title).toBe(
			'Le titre est requis.'
		);
	});

	it('reports every mistake at once, cross-field ones included', () => {
		expect(errorsOf(schemeFormSchema, { ...scheme, title: '', endYear: '2030' })).toEqual({
			title: 'Le titre est requis.',
			endYear: 'Un schéma dure au plus 6 ans (ici 14 ans).'
		});
	});

	it('accepts six years, the most a scheme lasts', () => {
		expect(
			schemeFormSchema.safeParse({ ...scheme, startYear: '2020', endYear: '2025' }).success
		).toBe(true);
	});
});

describe('fiche creation form', () => {
	it('requires a number, a title and a node', () => {
		expect(errorsOf(ficheCreateSchema, { number: '', title: '', nodeId: '' })).toEqual({
			number: 'Le numéro est requis.',
			title: 'L’intitulé est requis.',
			nodeId: 'Choisissez où placer la fiche dans le plan.'
		});
		expect(
			errorsOf(ficheCreateSchema, { number: 'Nouvelle', title: 'X', nodeId: '3' }).number
		).toBe('Ce numéro est réservé ; choisissez-en un autre.');
		expect(
			ficheCreateSchema.parse({
				number: ' 41 ',
				title: 'T',
				nodeId: '7',
				pilots: '- CAF 87\n\nCD 87'
			})
		).toEqual({
			number: '41',
			title: 'T',
			nodeId: 7,
			pilots: ['CAF 87', 'CD 87']
		});
	});
});

describe('indicator form', () => {
	const base = {
		kind: 'realisation',
		label: 'Nombre de réunions',
		polarity: 'higher_better',
		periodicity: 'annuelle'
	};

	it('deduces the unit from the label when left empty', () => {
		expect(indicatorFormSchema.parse({ ...base, unit: '' }).unit).toBe('nombre');
		expect(indicatorFormSchema.parse({ ...base, label: '% de familles', unit: '' }).unit).toBe(
			'pourcentage'
		);
		expect(indicatorFormSchema.parse({ ...base, unit: 'texte' }).unit).toBe('texte');
	});

	it('names the faulty target line', () => {
		expect(
			errorsOf(indicatorFormSchema, { ...base, targets: '2019 : 24\n2020 beaucoup' }).targets
		).toBe('Ligne 2 : écrivez « année : valeur » (ex. 2019 : 24).');
		expect(
			errorsOf(indicatorFormSchema, { ...base, targets: '2019 : 24\n2019 : 25' }).targets
		).toBe('Ligne 2 : l’année 2019 figure deux fois.');
	});

	it('reports a bad target line and a lonely baseline value together', () => {
		expect(
			errorsOf(indicatorFormSchema, { ...base, targets: 'vingt', baselineValue: '3' })
		).toEqual({
			targets: 'Ligne 1 : écrivez « année : valeur » (ex. 2019 : 24).',
			baselineYear: 'Indiquez l’année de la valeur de référence.'
		});
	});

	it('wants a baseline value and year together, and two breakdown values at least', () => {
		expect(errorsOf(indicatorFormSchema, { ...base, baselineValue: '12,5' })).toEqual({
			baselineYear: 'Indiquez l’année de la valeur de référence.'
		});
		expect(errorsOf(indicatorFormSchema, { ...base, baselineYear: '2019' })).toEqual({
			baselineValue: 'Indiquez la valeur de référence de cette année.'
		});
		expect(
			errorsOf(indicatorFormSchema, { ...base, baselineValue: 'dix', baselineYear: '2019' })
				.baselineValue
		).toBe('Valeur de référence : un nombre est attendu (ex. 12,5).');
		expect(
			errorsOf(indicatorFormSchema, {
				...base,
				breakdownLabel: 'Commune',
				breakdownValues: 'Limoges'
			})
		).toEqual({
			breakdownValues: 'Indiquez au moins deux valeurs, une par ligne.'
		});
		expect(errorsOf(indicatorFormSchema, { ...base, breakdownValues: 'A\nB' })).toEqual({
			breakdownLabel: 'Nommez la ventilation (ex. Commune).'
		});
		expect(
			errorsOf(indicatorFormSchema, { ...base, breakdownLabel: 'Commune', breakdownValues: 'A\na' })
				.breakdownValues
		).toBe('« a » figure deux fois.');
	});
});

describe('amendment form', () => {
	const base = { signedOn: '2022-03-15', title: 'Avenant n°1', changes: [], ends: [] };

	it('keeps the new fiche only when one is described, with errors under its own fields', () => {
		expect(amendmentFormSchema.parse(base).newFiche).toBeNull();
		expect(errorsOf(amendmentFormSchema, { ...base, newFicheTitle: 'Nouvelle action' })).toEqual({
			newFicheNumber: 'Le numéro est requis.',
			newFicheNodeId: 'Choisissez où placer la fiche dans le plan.'
		});
		const parsed = amendmentFormSchema.parse({
			...base,
			newFicheNumber: '41',
			newFicheTitle: 'T',
			newFicheNodeId: '5',
			changes: ['3', '3', 'x']
		});
		expect(parsed).toMatchObject({
			newFiche: { number: '41', nodeId: 5, pilots: [] },
			changes: [3],
			ends: []
		});
	});

	it('reports a missing date together with an incomplete new fiche', () => {
		expect(errorsOf(amendmentFormSchema, { ...base, signedOn: '', newFicheNumber: '41' })).toEqual({
			signedOn: 'La date de signature est requise.',
			newFicheTitle: 'L’intitulé est requis.',
			newFicheNodeId: 'Choisissez où placer la fiche dans le plan.'
		});
	});

	it('refuses a bad date and a fiche both changed and ended', () => {
		expect(errorsOf(amendmentFormSchema, { ...base, signedOn: '32/01/2022' })).toEqual({
			signedOn: 'Date invalide (jj/mm/aaaa).'
		});
		expect(errorsOf(amendmentFormSchema, { ...base, signedOn: '' })).toEqual({
			signedOn: 'La date de signature est requise.'
		});
		expect(errorsOf(amendmentFormSchema, { ...base, changes: ['4'], ends: ['4'] })).toEqual({
			ends: 'Une fiche ne peut pas être à la fois modifiée et close par le même avenant.'
		});
	});
});
