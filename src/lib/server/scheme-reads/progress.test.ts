import { describe, expect, it } from 'vitest';
import { countExpectedIndicator, emptyProgress } from './progress';

describe('countExpectedIndicator', () => {
	it('counts one line per breakdown value, one without, capped by the lines', () => {
		const progress = emptyProgress();
		countExpectedIndicator(progress, 0, undefined);
		expect(progress).toEqual({ expected: 1, entered: 0, validated: 0 });
		countExpectedIndicator(progress, 2, { entered: 3, validated: 1 });
		expect(progress).toEqual({ expected: 3, entered: 2, validated: 1 });
		countExpectedIndicator(progress, 0, { entered: 1, validated: 1 });
		expect(progress).toEqual({ expected: 4, entered: 3, validated: 2 });
	});
});
