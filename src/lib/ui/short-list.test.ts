import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shortenList } from './short-list';

describe('shortenList', () => {
	it('keeps the first rows in order and the full count, or everything when expanded', () => {
		fc.assert(
			fc.property(
				fc.array(fc.integer(), { maxLength: 80 }),
				fc.boolean(),
				fc.integer({ min: 1, max: 20 }),
				(rows, expanded, first) => {
					const list = shortenList(rows, expanded, first);
					expect(list.total).toBe(rows.length);
					expect(list.rows).toEqual(expanded ? rows : rows.slice(0, first));
					expect(list.rows.length).toBe(expanded ? rows.length : Math.min(first, rows.length));
				}
			)
		);
	});

	it('shows 10 of 59 late milestones by default', () => {
		const list = shortenList(
			Array.from({ length: 59 }, (_, i) => i),
			false
		);
		expect([list.rows.length, list.total, list.total - list.rows.length]).toEqual([10, 59, 49]);
	});
});
