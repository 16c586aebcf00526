import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listToText, textToList } from './list-text';
import type { ListItem } from './plan-document';

describe('lists edited as text', () => {
	it('reads markers and indentation as written', () => {
		expect(
			textToList(
				'1) Créer un groupe\n2) Susciter des vocations :\n  • communiquer\n\t• réfléchir\n3- Palier'
			)
		).toEqual([
			{ text: 'Créer un groupe', marker: '1)' },
			{
				text: 'Susciter des vocations :',
				marker: '2)',
				children: [
					{ text: 'communiquer', marker: '•' },
					{ text: 'réfléchir', marker: '•' }
				]
			},
			{ text: 'Palier', marker: '3-' }
		]);
	});

	it('ignores blank lines and keeps a lone marker as text', () => {
		expect(textToList('\n  \n-\nA la suite :\n')).toEqual([
			{ text: '-', marker: null },
			{ text: 'A la suite :', marker: null }
		]);
	});

	const word = fc.stringMatching(/^[A-Za-zÀ-ÿ0-9][A-Za-zÀ-ÿ0-9 ,:'’]{0,30}[A-Za-zÀ-ÿ0-9:]$/);
	const item = (depth: number): fc.Arbitrary<ListItem> =>
		fc.record({
			text: word,
			marker: fc.constantFrom(null, '•', '-', '1)', '2-', '○', '=>'),
			...(depth < 2 ? { children: fc.array(item(depth + 1), { maxLength: 3 }) } : {})
		});
	const normalise = (items: ListItem[]): ListItem[] =>
		items.map((i) =>
			i.children?.length
				? { text: i.text, marker: i.marker, children: normalise(i.children) }
				: { text: i.text, marker: i.marker }
		);

	it('round-trips any nested list through its text form', () => {
		fc.assert(
			fc.property(fc.array(item(0), { maxLength: 5 }), (items) => {
				expect(textToList(listToText(items))).toEqual(normalise(items));
			})
		);
	});
});
