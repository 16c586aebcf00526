import { describe, expect, it } from 'vitest';
import { isBlank, parseRichText } from './rich-text';

describe('parseRichText', () => {
	it('returns nothing for blank input', () => {
		expect(parseRichText(null)).toEqual([]);
		expect(parseRichText('')).toEqual([]);
		expect(parseRichText('  \n\n ')).toEqual([]);
	});

	it('splits paragraphs on blank lines and keeps single line breaks', () => {
		expect(parseRichText('Premier.\nSuite.\n\nSecond.')).toEqual([
			{ kind: 'paragraph', lines: ['Premier.', 'Suite.'] },
			{ kind: 'paragraph', lines: ['Second.'] }
		]);
	});

	it('turns "- " lines into a list, even right after a paragraph line', () => {
		expect(parseRichText('Constats :\n- un\n- deux\nEnfin.')).toEqual([
			{ kind: 'paragraph', lines: ['Constats :'] },
			{ kind: 'list', items: ['un', 'deux'] },
			{ kind: 'paragraph', lines: ['Enfin.'] }
		]);
	});

	it('accepts Windows line breaks and blank lines holding spaces', () => {
		expect(parseRichText('A\r\n \r\nB')).toEqual([
			{ kind: 'paragraph', lines: ['A'] },
			{ kind: 'paragraph', lines: ['B'] }
		]);
	});

	it('keeps markup as plain text (the component renders text nodes)', () => {
		expect(parseRichText('<script>alert(1)</script>')).toEqual([
			{ kind: 'paragraph', lines: ['<script>alert(1)</script>'] }
		]);
	});

	it('does not take a dash inside a word for a list', () => {
		expect(parseRichText('Saint-Junien -2 %')).toEqual([
			{ kind: 'paragraph', lines: ['Saint-Junien -2 %'] }
		]);
	});
});

describe('isBlank', () => {
	it('reads null, empty and "/" as blank', () => {
		expect(isBlank(null)).toBe(true);
		expect(isBlank(undefined)).toBe(true);
		expect(isBlank('  ')).toBe(true);
		expect(isBlank('/')).toBe(true);
		expect(isBlank('2017/2018')).toBe(false);
	});
});
