import { describe, expect, it } from 'vitest';
import { barShares, sparkline } from './charts';
import { cssString, printStyle } from './print-style';

describe('sparkline', () => {
	it('places known values oldest left and breaks the line at gaps', () => {
		const chart = sparkline(
			[
				{ label: '2017', value: 10 },
				{ label: '2018', value: null },
				{ label: '2019', value: 20 },
				{ label: '2020', value: 30 }
			],
			null,
			{ width: 100, height: 30, padding: 0 }
		);
		expect(chart.points.map((p) => [p.x, p.y])).toEqual([
			[0, 20],
			[66.7, 10],
			[100, 0]
		]);
		// The gap of 2018 starts a new segment.
		expect(chart.path).toBe('M0 20 M66.7 10 L100 0');
		expect(chart.targetY).toBeNull();
	});

	it('scales to include zero and the target, and centres a single value', () => {
		const chart = sparkline([{ label: '2018', value: 50 }], 100, {
			width: 100,
			height: 30,
			padding: 0
		});
		expect(chart.points).toEqual([{ x: 50, y: 15, value: 50, label: '2018' }]);
		expect(chart.targetY).toBe(0);
	});

	it('draws nothing when no value is known', () => {
		expect(sparkline([{ label: '2018', value: null }], null).points).toEqual([]);
	});
});

describe('barShares', () => {
	it('gives each value its share of the largest, unknown values none', () => {
		expect(barShares([5, 10, null, 0])).toEqual([50, 100, null, 0]);
		expect(barShares([0, 0])).toEqual([0, 0]);
	});
});

describe('print style', () => {
	it('writes texts as CSS strings that cannot escape the declaration nor the style element', () => {
		expect(cssString('Schéma 2017–2021')).toBe('"Schéma 2017–2021"');
		const hostile = cssString('a"; } body { display: none } </style><script>x</script> & \\');
		expect(hostile).not.toMatch(/[<>&]/);
		expect(hostile.slice(1, -1)).not.toMatch(/(?<!\\)"/);
		expect(hostile).toContain('\\22 ');
	});

	it('numbers pages "Page n / N" on A4 with the running header', () => {
		const css = printStyle({
			header: 'Revue de comité — Année 2018',
			footer: 'Données au 01/03/2019 à 10:00'
		});
		expect(css).toContain('size: A4');
		expect(css).toContain('@bottom-right { content: "Page " counter(page) " / " counter(pages);');
		expect(css).toContain('--review-header: "Revue de comité — Année 2018"');
		expect(css).toContain('--review-footer: "Données au 01/03/2019 à 10:00"');
	});
});
