import { describe, expect, it } from 'vitest';
import { daysBetween, hourInParis, mondayOf, todayInParis, weekdayInParis } from './paris-time';

describe('Paris time', () => {
	it('takes the Paris calendar day, not the UTC one, on both sides of midnight and of DST', () => {
		// 23:30 UTC on 7 December is already the 8th in Paris (UTC+1).
		expect(todayInParis(new Date('2026-12-07T23:30:00Z'))).toBe('2026-12-08');
		expect(todayInParis(new Date('2026-12-07T22:59:00Z'))).toBe('2026-12-07');
		// Summer time (UTC+2): 22:30 UTC on 30 June is 00:30 on 1 July.
		expect(todayInParis(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
		expect(hourInParis(new Date('2026-06-30T22:30:00Z'))).toBe(0);
		expect(hourInParis(new Date('2026-12-07T07:00:00Z'))).toBe(8);
	});

	it('names weekdays from Monday (1) and finds the Monday of a week', () => {
		expect(weekdayInParis(new Date('2026-12-07T09:00:00Z'))).toBe(1);
		expect(weekdayInParis(new Date('2026-12-13T09:00:00Z'))).toBe(7);
		expect(mondayOf('2026-12-13')).toBe('2026-12-07');
		expect(mondayOf('2026-12-07')).toBe('2026-12-07');
		expect(daysBetween('2026-03-09', '2026-03-16')).toBe(7);
		expect(daysBetween('2026-03-29', '2026-03-28')).toBe(-1);
	});
});
