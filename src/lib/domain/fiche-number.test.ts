import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareFicheNumbers, ficheNumberSortKey } from './fiche-number';

describe('fiche number ordering', () => {
	it('orders numbers as people read them', () => {
		const shuffled = ['12', '11 bis', '2', '10', '11', '1', '11 ter', 'A2', '3b', '3'];
		expect([...shuffled].sort(compareFicheNumbers)).toEqual([
			'1',
			'2',
			'3',
			'3b',
			'10',
			'11',
			'11 bis',
			'11 ter',
			'12',
			'A2'
		]);
	});

	it('ignores case and surrounding spaces', () => {
		expect(ficheNumberSortKey(' 11 BIS ')).toBe(ficheNumberSortKey('11 bis'));
	});

	it('sorts any two integers numerically', () => {
		fc.assert(
			fc.property(fc.nat(10_000_000), fc.nat(10_000_000), (a, b) => {
				expect(Math.sign(compareFicheNumbers(String(a), String(b)))).toBe(Math.sign(a - b));
			})
		);
	});

	it('puts "n bis" right after n and before n + 1', () => {
		fc.assert(
			fc.property(fc.nat(100_000), (n) => {
				expect(compareFicheNumbers(`${n}`, `${n} bis`)).toBe(-1);
				expect(compareFicheNumbers(`${n} bis`, `${n + 1}`)).toBe(-1);
			})
		);
	});
});
