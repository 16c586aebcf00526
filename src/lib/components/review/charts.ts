// Geometry of the pack's small charts, computed once on the server so the SVG prints sharp and
// needs no script. Browser-safe and pure.

export type SparkPoint = { x: number; y: number; value: number; label: string };

export type Sparkline = {
	width: number;
	height: number;
	points: SparkPoint[];
	/** SVG path of the line through consecutive known values (a gap breaks the line). */
	path: string;
	/** Y of the target line, when a target is drawn. */
	targetY: number | null;
};

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Places values (null: unknown) on a small chart, oldest left. The vertical scale includes the
 * target and zero so that small moves are not blown up into cliffs.
 */
export function sparkline(
	values: { value: number | null; label: string }[],
	target: number | null,
	size: { width: number; height: number; padding: number } = { width: 120, height: 32, padding: 4 }
): Sparkline {
	const known = values.filter((v): v is { value: number; label: string } => v.value !== null);
	const all = [...known.map((v) => v.value), ...(target !== null ? [target] : []), 0];
	const min = Math.min(...all);
	const max = Math.max(...all);
	const span = max - min || 1;
	const { width, height, padding } = size;
	const step = values.length > 1 ? (width - 2 * padding) / (values.length - 1) : 0;
	const x = (i: number) => round(values.length > 1 ? padding + i * step : width / 2);
	const y = (v: number) => round(height - padding - ((v - min) / span) * (height - 2 * padding));
	const points: SparkPoint[] = [];
	let path = '';
	let drawing = false;
	values.forEach((v, i) => {
		if (v.value === null) {
			drawing = false;
			return;
		}
		const point = { x: x(i), y: y(v.value), value: v.value, label: v.label };
		points.push(point);
		path += `${drawing ? 'L' : 'M'}${point.x} ${point.y} `;
		drawing = true;
	});
	return { width, height, points, path: path.trim(), targetY: target !== null ? y(target) : null };
}

/** Bar lengths (0–100 %) of the values of a breakdown, relative to the largest. */
export function barShares(values: (number | null)[]): (number | null)[] {
	const max = Math.max(0, ...values.filter((v): v is number => v !== null && v > 0));
	return values.map((v) =>
		v === null ? null : max > 0 ? Math.round((Math.max(0, v) / max) * 1000) / 10 : 0
	);
}
