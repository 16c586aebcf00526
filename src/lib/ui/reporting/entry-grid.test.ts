import { describe, expect, it } from 'vitest';
import type { CommentRule } from '$lib/domain/figures';
import {
	conflictRows,
	entryValuesFromForm,
	entryValuesFromSheet,
	fieldId,
	fieldLabel,
	formatInUnit,
	liveCommentRule,
	liveValueError,
	readReviewForm,
	reviewErrorField,
	type GridLine
} from './entry-grid';

const NONE: CommentRule = { required: false, reason: null, message: null };
const SPACE = '[\\u202f\\u00a0 ]';

function line(overrides: Partial<GridLine> = {}): GridLine {
	return {
		key: '78-12',
		indicator: { label: 'Nombre de connexions', unit: 'nombre', polarity: 'higher_better' },
		breakdown: { label: 'Corrèze' },
		target: null,
		previous: null,
		figure: null,
		editable: true,
		commentRule: NONE,
		...overrides
	};
}

const saved = (inputText: string, extra: Partial<NonNullable<GridLine['figure']>> = {}) => ({
	id: 5,
	inputText,
	display: inputText,
	notAvailable: false,
	comment: null,
	version: 3,
	status: 'brouillon',
	...extra
});

describe('labels and ids', () => {
	it('names a field with its indicator and breakdown value', () => {
		expect(fieldLabel('Valeur', line())).toBe('Valeur — Nombre de connexions — Corrèze');
		expect(fieldLabel('Valeur', line({ breakdown: null }))).toBe('Valeur — Nombre de connexions');
	});

	it('turns a field name into an id a fragment can target', () => {
		expect(fieldId('value.78-12')).toBe('f-value-78-12');
		expect(fieldId('comment.87')).toBe('f-comment-87');
	});

	it('writes targets in the unit, a dash when there is none', () => {
		expect(formatInUnit('nombre', 1234)).toMatch(new RegExp(`^1${SPACE}234$`));
		expect(formatInUnit('pourcentage', 12.5)).toMatch(new RegExp(`^12,5${SPACE}%$`));
		expect(formatInUnit('nombre', null)).toBe('—');
	});
});

describe('form values', () => {
	it('starts from the saved figures', () => {
		const values = entryValuesFromSheet([
			line({ key: '1', figure: saved('1 234', { comment: 'Hausse' }) }),
			line({ key: '2', figure: saved('', { notAvailable: true }) }),
			line({ key: '3' })
		]);
		expect(values).toEqual({
			'1': { value: '1 234', notAvailable: false, comment: 'Hausse' },
			'2': { value: '', notAvailable: true, comment: '' },
			'3': { value: '', notAvailable: false, comment: '' }
		});
	});

	it('keeps what a refused form carried, line by line', () => {
		const lines = [
			line({ key: '1', figure: saved('10') }),
			line({ key: '2', figure: saved('20') })
		];
		const values = entryValuesFromForm(lines, {
			'value.1': '12,5',
			'na.1': 'on',
			'comment.1': 'Pourquoi'
		});
		expect(values['1']).toEqual({ value: '12,5', notAvailable: true, comment: 'Pourquoi' });
		expect(values['2']).toEqual({ value: '20', notAvailable: false, comment: '' });
	});
});

describe('live checks', () => {
	it('asks for a comment when the typed value misses the target', () => {
		const l = line({ target: 100 });
		expect(liveCommentRule(l, { value: '80', notAvailable: false, comment: '' })).toMatchObject({
			required: true,
			reason: 'target'
		});
		expect(liveCommentRule(l, { value: '120', notAvailable: false, comment: '' }).required).toBe(
			false
		);
	});

	it('asks for a comment when the value moves more than 50 % from the previous period', () => {
		const l = line({ previous: { value: 100, display: '100' } });
		expect(liveCommentRule(l, { value: '1 000', notAvailable: false, comment: '' })).toMatchObject({
			required: true,
			reason: 'variation'
		});
		expect(liveCommentRule(l, { value: '140', notAvailable: false, comment: '' }).required).toBe(
			false
		);
		// "Non disponible" and unreadable input ask nothing.
		expect(liveCommentRule(l, { value: '', notAvailable: true, comment: '' }).required).toBe(false);
		expect(liveCommentRule(l, { value: 'abc', notAvailable: false, comment: '' }).required).toBe(
			false
		);
	});

	it('reports a value the server would refuse, in French', () => {
		expect(liveValueError(line(), { value: '12,5', notAvailable: false, comment: '' })).toBe(
			'Un nombre entier est attendu (sans décimale).'
		);
		expect(liveValueError(line(), { value: '1 234', notAvailable: false, comment: '' })).toBeNull();
		expect(liveValueError(line(), { value: 'n.d.', notAvailable: false, comment: '' })).toBeNull();
	});
});

describe('conflicts', () => {
	it('lists the lines whose saved value or comment differs from the typed one', () => {
		const lines = [
			line({ key: '1', figure: saved('10', { display: '10', comment: 'ok' }) }),
			line({ key: '2', figure: saved('20', { display: '20' }) })
		];
		const rows = conflictRows(lines, {
			'1': { value: '12', notAvailable: false, comment: 'ok' },
			'2': { value: '20', notAvailable: false, comment: 'Note' }
		});
		expect(rows).toEqual([
			{ key: '1:value', label: 'Valeur — Nombre de connexions — Corrèze', mine: '12', saved: '10' },
			{
				key: '2:comment',
				label: 'Commentaire — Nombre de connexions — Corrèze',
				mine: 'Note',
				saved: ''
			}
		]);
	});
});

describe('review form', () => {
	const form = {
		'review.5': 'Chiffre à vérifier',
		'review.6': '  ',
		'reviewVersion.5': '3',
		'reviewVersion.6': '2',
		'reviewVersion.7': 'x'
	};

	it('decides on the one figure whose button was pressed, with its reason', () => {
		expect(readReviewForm({ ...form, decide: '5:send_back' })).toEqual({
			decisions: [{ figureId: 5, version: 3, decision: 'send_back', comment: 'Chiffre à vérifier' }]
		});
		expect(readReviewForm({ ...form, decide: '6:validate' })).toEqual({
			decisions: [{ figureId: 6, version: 2, decision: 'validate', comment: '  ' }]
		});
	});

	it('« Tout valider » validates the submitted figures seen, ignoring reasons typed', () => {
		expect(readReviewForm({ ...form, decide: 'all' })).toEqual({
			comments: {},
			versions: { '5': 3, '6': 2 },
			validateOthers: true
		});
	});

	it('no button or an unknown one decides nothing', () => {
		expect(readReviewForm(form)).toEqual({ decisions: [] });
		expect(readReviewForm({ ...form, decide: '5:delete' })).toEqual({ decisions: [] });
	});

	it('maps the service error keys to the page fields', () => {
		expect(reviewErrorField('comments.5')).toBe('review.5');
		expect(
			reviewErrorField('decisions.0', readReviewForm({ ...form, decide: '5:send_back' }))
		).toBe('review.5');
		expect(reviewErrorField('decisions')).toBe('_form');
		expect(reviewErrorField('_form')).toBe('_form');
	});
});
