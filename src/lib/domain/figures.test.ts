import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PERIODICITIES } from './enums';
import {
	MAX_FIGURE_MAGNITUDE,
	canEditFigures,
	commentRequired,
	expectedPeriodKinds,
	figureApiBodySchema,
	figureInputText,
	formatFigureValue,
	isIndicatorExpectedInPeriod,
	isMilestoneOverdue,
	parseFigureInput,
	parseFigureJson,
	parseFrenchNumber,
	parsePeriodCode,
	periodCode,
	periodSpan,
	periodTransitionError,
	previousPeriod,
	readEntryForm,
	reviewSchema,
	type PeriodRef
} from './figures';

const frenchGrouping = (n: number, decimals: number, separator: string) => {
	const [int, frac] = n.toFixed(decimals).split('.');
	const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
	return frac ? `${grouped},${frac}` : grouped;
};

describe('parseFrenchNumber', () => {
	it.each([
		['1 234,5', 1234.5],
		['1\u202f234,5', 1234.5],
		['1\u00a0234,5', 1234.5],
		['12,5 %', 12.5],
		['12,5%', 12.5],
		['1 200 €', 1200],
		['1234.5', 1234.5],
		['0,75', 0.75],
		[',5', 0.5],
		['-3', -3],
		['−3,5', -3.5],
		['  42  ', 42],
		['007', 7]
	])('reads %j as %d', (input, expected) => {
		expect(parseFrenchNumber(input)).toMatchObject({ ok: true, value: expected });
	});

	it.each([
		['', 'Saisissez un nombre.'],
		['   ', 'Saisissez un nombre.'],
		['NaN', 'Ce n’est pas un nombre'],
		['Infinity', 'Ce n’est pas un nombre'],
		['-Infinity', 'Ce n’est pas un nombre'],
		['1e309', 'notation scientifique'],
		['1E3', 'notation scientifique'],
		['١٢', 'chiffres 0 à 9'],
		['१२३', 'chiffres 0 à 9'],
		['1.234', 'ambiguë'],
		['12.500.000', 'ambiguë'],
		['1 23,5', 'Groupez les milliers'],
		['1,2,3', 'Une seule virgule'],
		['1,234.5', 'sans point'],
		['12 abc', 'Groupez les milliers'],
		['abc', 'Ce n’est pas un nombre'],
		['99999999999999', 'trop grand'],
		['1 000 000 000 001', 'trop grand'],
		['0x10', 'Ce n’est pas un nombre']
	])('refuses %j with a French message', (input, fragment) => {
		const result = parseFrenchNumber(input);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.message).toContain(fragment);
	});

	it('reads back any number written the French way, whatever the thousands space', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 999_999_999_999 }),
				fc.integer({ min: 0, max: 2 }),
				fc.constantFrom(' ', '\u00a0', '\u202f'),
				fc.boolean(),
				(cents, decimals, separator, negative) => {
					const n = (negative ? -1 : 1) * (cents / 100);
					const rounded = Number(n.toFixed(decimals));
					const text =
						(rounded < 0 ? '-' : '') + frenchGrouping(Math.abs(rounded), decimals, separator);
					const result = parseFrenchNumber(text);
					expect(result.ok, text).toBe(true);
					if (result.ok) expect(result.value).toBeCloseTo(rounded, 6);
				}
			)
		);
	});

	it('round-trips what Intl fr-FR prints', () => {
		fc.assert(
			fc.property(fc.double({ min: -1e11, max: 1e11, noNaN: true }), (n) => {
				const text = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 }).format(n);
				const result = parseFrenchNumber(text);
				expect(result.ok, text).toBe(true);
				if (result.ok)
					expect(Math.abs(result.value - Math.round(n * 100) / 100)).toBeLessThan(
						1e-6 * Math.max(1, Math.abs(n))
					);
			})
		);
	});

	it('never throws, and only ever returns finite numbers within bounds', () => {
		fc.assert(
			fc.property(
				fc.oneof(
					fc.string(),
					fc.string({
						unit: fc.constantFrom('0', '1', '9', ',', '.', ' ', '-', 'e', '%', '€', '\u202f', '١')
					}),
					fc.constantFrom('', 'NaN', '1e309', '١٢', 'Infinity', '-0', '1'.repeat(400))
				),
				(input) => {
					const result = parseFrenchNumber(input);
					if (result.ok) {
						expect(Number.isFinite(result.value)).toBe(true);
						expect(Math.abs(result.value)).toBeLessThanOrEqual(MAX_FIGURE_MAGNITUDE);
					} else {
						expect(result.message.length).toBeGreaterThan(5);
					}
				}
			)
		);
	});
});

describe('parseFigureInput', () => {
	it('types values by unit', () => {
		expect(parseFigureInput('nombre', '1 234')).toEqual({
			ok: true,
			value: { kind: 'number', value: 1234 }
		});
		expect(parseFigureInput('pourcentage', '12,5 %')).toEqual({
			ok: true,
			value: { kind: 'number', value: 12.5 }
		});
		expect(parseFigureInput('montant', '1 234,56 €')).toEqual({
			ok: true,
			value: { kind: 'number', value: 1234.56 }
		});
		expect(parseFigureInput('oui_non', 'Oui')).toEqual({
			ok: true,
			value: { kind: 'boolean', value: true }
		});
		expect(parseFigureInput('oui_non', 'NON')).toEqual({
			ok: true,
			value: { kind: 'boolean', value: false }
		});
		expect(parseFigureInput('texte', ' Deux réunions.\r\nUne visio. ')).toEqual({
			ok: true,
			value: { kind: 'text', value: 'Deux réunions.\nUne visio.' }
		});
		expect(parseFigureInput('nombre', '')).toEqual({ ok: true, value: { kind: 'empty' } });
	});

	it('reads "non disponible" as an answer distinct from zero', () => {
		for (const word of ['nd', 'N.D.', 'n/d', 'Non disponible']) {
			expect(parseFigureInput('nombre', word)).toEqual({
				ok: true,
				value: { kind: 'not_available' }
			});
		}
		expect(parseFigureInput('nombre', '0')).toEqual({
			ok: true,
			value: { kind: 'number', value: 0 }
		});
	});

	it.each([
		['nombre', '12,5', 'entier'],
		['nombre', '-4', 'négatif'],
		['nombre', '12 %', 'sans « % »'],
		['pourcentage', '100,5', 'entre 0 et 100'],
		['pourcentage', '-1', 'entre 0 et 100'],
		['pourcentage', '12,55', 'Une décimale'],
		['montant', '12,555', 'Deux décimales'],
		['montant', '-5', 'négatif'],
		['montant', '5 %', 'pas un pourcentage'],
		['oui_non', 'peut-être', '« oui » ou « non »'],
		['texte', 'x'.repeat(2001), '2'],
		['nombre', '1e309', 'scientifique'],
		['pourcentage', '١٢', 'chiffres 0 à 9']
	] as const)('refuses %s %j', (unit, raw, fragment) => {
		const result = parseFigureInput(unit, raw);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.message).toContain(fragment);
	});

	it('keeps counts whole and non-negative, percentages within 0–100 with one decimal, amounts to the cent', () => {
		fc.assert(
			fc.property(
				fc.constantFrom('nombre', 'pourcentage', 'montant' as const),
				fc.double({ min: -1e13, max: 1e13, noNaN: true }),
				(unit, n) => {
					const result = parseFigureInput(
						unit,
						new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 3 }).format(n)
					);
					if (!result.ok || result.value.kind !== 'number') return;
					const v = result.value.value;
					expect(v).toBeGreaterThanOrEqual(0);
					if (unit === 'nombre') expect(Number.isInteger(v)).toBe(true);
					if (unit === 'pourcentage') {
						expect(v).toBeLessThanOrEqual(100);
						expect(Math.round(v * 10) / 10).toBe(v);
					}
					if (unit === 'montant') expect(Math.round(v * 100) / 100).toBe(v);
				}
			)
		);
	});

	it('shows a stored value in a form that reads back to the same value', () => {
		fc.assert(
			fc.property(
				fc.oneof(
					fc.record({
						unit: fc.constant('nombre' as const),
						value: fc.integer({ min: 0, max: 1e11 })
					}),
					fc.record({
						unit: fc.constant('pourcentage' as const),
						value: fc.integer({ min: 0, max: 1000 }).map((n) => n / 10)
					}),
					fc.record({
						unit: fc.constant('montant' as const),
						value: fc.integer({ min: 0, max: 1e12 }).map((n) => n / 100)
					})
				),
				({ unit, value }) => {
					const text = figureInputText(unit, { kind: 'number', value });
					expect(parseFigureInput(unit, text)).toEqual({
						ok: true,
						value: { kind: 'number', value }
					});
					expect(formatFigureValue(unit, { kind: 'number', value })).not.toBe('');
				}
			)
		);
	});

	it('reads JSON values with the same rules', () => {
		expect(parseFigureJson('nombre', 12)).toEqual({
			ok: true,
			value: { kind: 'number', value: 12 }
		});
		expect(parseFigureJson('nombre', '1 234')).toEqual({
			ok: true,
			value: { kind: 'number', value: 1234 }
		});
		expect(parseFigureJson('oui_non', true)).toEqual({
			ok: true,
			value: { kind: 'boolean', value: true }
		});
		expect(parseFigureJson('nombre', null)).toEqual({ ok: true, value: { kind: 'empty' } });
		expect(parseFigureJson('nombre', 12.5)).toMatchObject({ ok: false });
		expect(parseFigureJson('nombre', 1e300)).toMatchObject({
			ok: false,
			message: expect.stringContaining('trop grand')
		});
		expect(parseFigureJson('nombre', -1)).toMatchObject({ ok: false });
		expect(parseFigureJson('nombre', true)).toMatchObject({ ok: false });
		expect(parseFigureJson('texte', 3)).toMatchObject({ ok: false });
		expect(parseFigureJson('nombre', { a: 1 })).toMatchObject({ ok: false });
	});
});

describe('periods', () => {
	it('writes and reads period codes', () => {
		const refs: PeriodRef[] = [
			{ kind: 'annee', year: 2019, number: null },
			{ kind: 'semestre', year: 2019, number: 1 },
			{ kind: 'trimestre', year: 2019, number: 3 }
		];
		expect(refs.map(periodCode)).toEqual(['2019', '2019-S1', '2019-T3']);
		for (const ref of refs) expect(parsePeriodCode(periodCode(ref))).toEqual(ref);
		for (const bad of ['2019-S3', '19', '2019-T5', '2019-X1', '', '2019-'])
			expect(parsePeriodCode(bad)).toBeNull();
	});

	it('spans the right months, leap years included', () => {
		expect(periodSpan({ kind: 'annee', year: 2019, number: null })).toEqual({
			startsOn: '2019-01-01',
			endsOn: '2019-12-31'
		});
		expect(periodSpan({ kind: 'semestre', year: 2019, number: 2 })).toEqual({
			startsOn: '2019-07-01',
			endsOn: '2019-12-31'
		});
		expect(periodSpan({ kind: 'trimestre', year: 2020, number: 1 })).toEqual({
			startsOn: '2020-01-01',
			endsOn: '2020-03-31'
		});
		expect(periodSpan({ kind: 'trimestre', year: 2019, number: 3 })).toEqual({
			startsOn: '2019-07-01',
			endsOn: '2019-09-30'
		});
	});

	it('finds the previous period of the same kind', () => {
		expect(periodCode(previousPeriod({ kind: 'annee', year: 2019, number: null }))).toBe('2018');
		expect(periodCode(previousPeriod({ kind: 'semestre', year: 2019, number: 1 }))).toBe('2018-S2');
		expect(periodCode(previousPeriod({ kind: 'trimestre', year: 2019, number: 1 }))).toBe(
			'2018-T4'
		);
		expect(periodCode(previousPeriod({ kind: 'trimestre', year: 2019, number: 3 }))).toBe(
			'2019-T2'
		);
	});

	it('expects each indicator in exactly the periods of its periodicity', () => {
		expect(expectedPeriodKinds('annuelle')).toEqual(['annee']);
		expect(expectedPeriodKinds('semestrielle')).toEqual(['semestre']);
		expect(expectedPeriodKinds('trimestrielle')).toEqual(['trimestre']);
		for (const periodicity of PERIODICITIES) {
			const kinds = (['annee', 'semestre', 'trimestre'] as const).filter((kind) =>
				isIndicatorExpectedInPeriod(periodicity, { kind })
			);
			expect(kinds).toHaveLength(1);
		}
		// A year period does not ask again for half-yearly figures.
		expect(isIndicatorExpectedInPeriod('semestrielle', { kind: 'annee' })).toBe(false);
	});

	it('lets figures change only in an open period, and only drafts or sent-back figures', () => {
		expect(canEditFigures('ouverte', null)).toBe(true);
		expect(canEditFigures('ouverte', 'brouillon')).toBe(true);
		expect(canEditFigures('ouverte', 'renvoye')).toBe(true);
		expect(canEditFigures('ouverte', 'soumis')).toBe(false);
		expect(canEditFigures('ouverte', 'valide')).toBe(false);
		for (const state of ['a_venir', 'close', 'validee'] as const)
			expect(canEditFigures(state, 'brouillon')).toBe(false);
	});

	it('allows the documented state changes only, and reopening with a reason', () => {
		expect(periodTransitionError('a_venir', 'ouverte', null)).toBeNull();
		expect(periodTransitionError('ouverte', 'close', null)).toBeNull();
		expect(periodTransitionError('close', 'validee', null)).toBeNull();
		expect(periodTransitionError('close', 'ouverte', null)).toBe(
			'Indiquez la raison de la réouverture.'
		);
		expect(periodTransitionError('validee', 'ouverte', '  ')).toBe(
			'Indiquez la raison de la réouverture.'
		);
		expect(periodTransitionError('validee', 'ouverte', 'Erreur de saisie CAF')).toBeNull();
		expect(periodTransitionError('a_venir', 'validee', null)).toContain('ne peut pas passer');
		expect(periodTransitionError('close', 'close', null)).toContain('déjà');
	});
});

describe('commentRequired', () => {
	const base = { target: null, previous: null, polarity: 'higher_better' as const };

	it('asks for a comment when the value misses the target, by polarity', () => {
		expect(commentRequired({ ...base, value: 20, target: 24 })).toMatchObject({
			required: true,
			reason: 'target'
		});
		expect(commentRequired({ ...base, value: 24, target: 24 })).toMatchObject({ required: false });
		expect(
			commentRequired({ ...base, value: 30, target: 24, polarity: 'lower_better' })
		).toMatchObject({ required: true, reason: 'target' });
		expect(
			commentRequired({ ...base, value: 20, target: 24, polarity: 'lower_better' })
		).toMatchObject({ required: false });
		expect(
			commentRequired({ ...base, value: 25, target: 24, polarity: 'reach_target' })
		).toMatchObject({ required: true });
	});

	it('asks for a comment beyond ±50 % of the previous period, any change from 0', () => {
		expect(commentRequired({ ...base, value: 151, previous: 100 })).toMatchObject({
			required: true,
			reason: 'variation'
		});
		expect(commentRequired({ ...base, value: 150, previous: 100 })).toMatchObject({
			required: false
		});
		expect(commentRequired({ ...base, value: 49, previous: 100 })).toMatchObject({
			required: true,
			reason: 'variation'
		});
		expect(commentRequired({ ...base, value: 50, previous: 100 })).toMatchObject({
			required: false
		});
		expect(commentRequired({ ...base, value: 1, previous: 0 })).toMatchObject({ required: true });
		expect(commentRequired({ ...base, value: 0, previous: 0 })).toMatchObject({ required: false });
		expect(commentRequired({ ...base, value: null, previous: 0, target: 5 })).toMatchObject({
			required: false
		});
	});

	it('agrees with the definition for any numbers', () => {
		fc.assert(
			fc.property(
				fc.double({ min: 0, max: 1e9, noNaN: true }),
				fc.double({ min: -1e9, max: 1e9, noNaN: true }),
				(value, previous) => {
					const rule = commentRequired({ ...base, value, previous });
					const expected =
						previous === 0 ? value !== 0 : Math.abs(value - previous) / Math.abs(previous) > 0.5;
					expect(rule.required).toBe(expected);
				}
			)
		);
	});
});

describe('milestones', () => {
	it('flags a milestone not done past its due date', () => {
		expect(isMilestoneOverdue({ dueOn: '2019-03-31', doneOn: null }, '2019-04-01')).toBe(true);
		expect(isMilestoneOverdue({ dueOn: '2019-03-31', doneOn: null }, '2019-03-31')).toBe(false);
		expect(isMilestoneOverdue({ dueOn: '2019-03-31', doneOn: '2019-04-10' }, '2020-01-01')).toBe(
			false
		);
	});
});

describe('readEntryForm', () => {
	it('reads grid fields into rows, with errors keyed by field name', () => {
		const ok = readEntryForm({
			'value.87': '1 234',
			'comment.87': ' Note ',
			'version.87': '3',
			'value.78-12': '',
			'na.78-12': 'on',
			'version.78-12': ''
		});
		expect(ok).toEqual({
			ok: true,
			rows: [
				{ key: '87', value: '1 234', notAvailable: false, comment: 'Note', version: 3 },
				{ key: '78-12', value: '', notAvailable: true, comment: null, version: null }
			]
		});
		expect(readEntryForm({ 'value.87': '1', 'version.87': 'x' })).toMatchObject({
			ok: false,
			errors: { 'value.87': expect.stringContaining('rechargez') }
		});
		expect(readEntryForm({ 'value.87': '1', 'comment.87': 'x'.repeat(2001) })).toMatchObject({
			ok: false,
			errors: { 'comment.87': expect.stringContaining('commentaire') }
		});
		expect(readEntryForm({})).toMatchObject({
			ok: false,
			errors: { _form: 'Aucune ligne à enregistrer.' }
		});
	});
});

describe('API bodies', () => {
	it('answers in French for unknown fields and unreadable values', () => {
		const unknown = figureApiBodySchema.safeParse({ value: 1, extra: 2 });
		expect(unknown.success).toBe(false);
		expect(unknown.error?.issues[0].message).toContain('Champ(s) inconnu(s) : extra');
		expect(figureApiBodySchema.safeParse({ value: { a: 1 } }).error?.issues[0].message).toContain(
			'Valeur illisible'
		);
		expect(reviewSchema.safeParse({ comments: {} }).error?.issues[0].message).toContain(
			'Versions relues'
		);
	});
});
