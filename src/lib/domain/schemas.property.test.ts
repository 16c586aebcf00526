import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FICHE_STATES } from './enums';
import {
	ficheApiPatchSchema,
	ficheContentSchema,
	ficheFrameSchema,
	fieldErrors
} from './fiche-edit';
import { listToText } from './list-text';
import { passwordProblem, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-policy';

const FIELDS = [
	'state',
	'context',
	'steps',
	'targetPublic',
	'schedule',
	'startDate',
	'endDate',
	'resultsQuantitative',
	'resultsQualitative',
	'partners'
] as const;

/** Any form a browser or a forger could post: strings of any content, sometimes missing. */
const formValue = fc.oneof(
	fc.string({ maxLength: 60 }),
	fc.string({ unit: 'grapheme', maxLength: 30 }),
	fc.constant('')
);
const anyForm = fc.dictionary(fc.constantFrom(...FIELDS), formValue);

describe('fiche form schema (property)', () => {
	it('never throws and reports errors only on known fields, in French', () => {
		fc.assert(
			fc.property(anyForm, (form) => {
				const parsed = ficheContentSchema.safeParse(form);
				if (parsed.success) return;
				for (const [field, message] of Object.entries(fieldErrors(parsed.error))) {
					expect([...FIELDS, '_form']).toContain(field);
					expect(message).toMatch(/[a-zàâçéèêëîïôûùüÿœ]/i);
					expect(message).not.toMatch(/^Invalid|expected|Required$/);
				}
			})
		);
	});

	it('accepts every valid state with free texts, and keeps paragraphs', () => {
		fc.assert(
			fc.property(
				fc.constantFrom(...FICHE_STATES),
				fc.array(fc.stringMatching(/^[A-Za-zÀ-ÿ0-9 ,.'’]{1,40}$/), { maxLength: 4 }),
				(state, paragraphs) => {
					const context = paragraphs
						.map((p) => p.trim())
						.filter(Boolean)
						.join('\n\n');
					const parsed = ficheContentSchema.safeParse({
						state,
						context,
						steps: '',
						targetPublic: '',
						schedule: '',
						startDate: '',
						endDate: '',
						resultsQuantitative: '',
						resultsQualitative: '',
						partners: ''
					});
					expect(parsed.success).toBe(true);
					expect(parsed.data!.context).toBe(context || null);
				}
			)
		);
	});

	it('refuses any state outside the list', () => {
		fc.assert(
			fc.property(
				fc.string().filter((s) => !(FICHE_STATES as readonly string[]).includes(s)),
				(state) => {
					const parsed = ficheContentSchema.safeParse({ state });
					expect(parsed.success).toBe(false);
					expect(fieldErrors(parsed.error!).state).toBe('Choisissez un état dans la liste.');
				}
			)
		);
	});

	it('round-trips lists typed as text', () => {
		const item = fc.record({
			text: fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,20}[a-z]$/),
			marker: fc.constantFrom(null, '•', '1)')
		});
		fc.assert(
			fc.property(fc.array(item, { maxLength: 6 }), (items) => {
				const parsed = ficheContentSchema.parse({
					state: 'en_cours',
					steps: listToText(items),
					context: '',
					targetPublic: '',
					schedule: '',
					startDate: '',
					endDate: '',
					resultsQuantitative: '',
					resultsQualitative: '',
					partners: ''
				});
				expect(parsed.steps).toEqual(items);
			})
		);
	});

	it('refuses end dates before start dates, on the end date field', () => {
		fc.assert(
			fc.property(
				fc.date({ min: new Date('2000-01-01'), max: new Date('2090-01-01'), noInvalidDate: true }),
				fc.integer({ min: 1, max: 3000 }),
				(start, days) => {
					const end = new Date(start.getTime() - days * 86_400_000);
					const iso = (d: Date) => d.toISOString().slice(0, 10);
					const parsed = ficheContentSchema.safeParse({
						state: 'en_cours',
						context: '',
						steps: '',
						targetPublic: '',
						schedule: '',
						startDate: iso(start),
						endDate: iso(end),
						resultsQuantitative: '',
						resultsQualitative: '',
						partners: ''
					});
					expect(parsed.success).toBe(false);
					expect(Object.keys(fieldErrors(parsed.error!))).toEqual(['endDate']);
				}
			)
		);
	});

	it('frame: numbers only of letters, digits and spaces', () => {
		fc.assert(
			fc.property(fc.string({ minLength: 1, maxLength: 20 }), (number) => {
				const parsed = ficheFrameSchema.safeParse({
					number,
					title: 'Titre',
					priorityLabel: '',
					links: '',
					pilots: ''
				});
				expect(parsed.success).toBe(
					/^[\p{L}\p{N} ]+$/u.test(number.trim()) && number.trim().length > 0
				);
			})
		);
	});

	it('API patch: unknown fields are refused, not silently ignored', () => {
		fc.assert(
			fc.property(
				fc
					.string({ minLength: 1, maxLength: 12 })
					.filter((k) => !Object.keys(ficheApiPatchSchema.shape).includes(k) && k !== '__proto__'),
				(key) => {
					expect(ficheApiPatchSchema.safeParse({ [key]: 'x' }).success).toBe(false);
				}
			)
		);
	});
});

describe('password policy (property)', () => {
	it('refuses anything shorter than the minimum, counting characters not bytes', () => {
		fc.assert(
			fc.property(
				fc.string({ unit: 'grapheme-composite', maxLength: PASSWORD_MIN_LENGTH - 1 }),
				(password) => {
					fc.pre([...password].length < PASSWORD_MIN_LENGTH);
					expect(passwordProblem(password)).toMatch(/au moins 12 caractères/);
				}
			)
		);
	});

	it('accepts long varied passphrases in any script, up to the maximum', () => {
		const word = fc.constantFrom(
			'soleil',
			'été',
			'ĉielo',
			'Привет',
			'希望',
			'ñandú',
			'crèche',
			'Limousin',
			'87',
			'!'
		);
		fc.assert(
			fc.property(fc.array(word, { minLength: 4, maxLength: 8 }), (words) => {
				const password = words.join('-');
				const length = [...password].length;
				fc.pre(
					new Set(words).size >= 3 && length >= PASSWORD_MIN_LENGTH && length <= PASSWORD_MAX_LENGTH
				);
				expect(passwordProblem(password)).toBeNull();
			})
		);
	});

	it('refuses over-long passwords', () => {
		expect(passwordProblem('a1b2'.repeat(33))).toMatch(/au plus 128/);
		expect(passwordProblem('motdepasse123')).toMatch(/trop courant/);
		expect(passwordProblem('aaaaaaaaaaaaaaaa')).toMatch(/répétitif/);
		expect(passwordProblem('abcdefghijklmnop')).toMatch(/prévisible/);
	});
});
