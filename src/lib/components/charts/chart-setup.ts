import {
	BarController,
	BarElement,
	CategoryScale,
	Chart,
	Legend,
	LineController,
	LineElement,
	LinearScale,
	PointElement,
	Tooltip,
	type ChartConfiguration,
	type ChartDataset as ChartJsDataset
} from 'chart.js';
import {
	chartData,
	formatChartValue,
	valueAxisTitle,
	wrapLabel,
	type ChartSpec
} from './chart-spec';

// Loaded with `import()` by Chart.svelte once a chart is on screen: pages without charts never
// download chart.js, and only the pieces registered here end up in the bundle (tree-shaken).
Chart.register(
	BarController,
	BarElement,
	LineController,
	LineElement,
	PointElement,
	CategoryScale,
	LinearScale,
	Tooltip,
	Legend
);

const DASHES = { dashed: [8, 4], dotted: [2, 3] } as const;

function datasetsOf(spec: ChartSpec): ChartJsDataset<'bar' | 'line', (number | null)[]>[] {
	return spec.datasets.map((d) => {
		const line = (d.type ?? spec.type) === 'line';
		return {
			type: line ? 'line' : 'bar',
			label: d.label,
			// A copy: chart.js instruments the arrays it is given.
			data: [...d.data],
			backgroundColor: d.color,
			borderColor: line ? d.color : '#ffffff',
			borderWidth: line ? 2 : 1,
			borderDash: d.dash ? [...DASHES[d.dash]] : [],
			pointRadius: line ? 3 : 0,
			pointStyle: d.dash === 'dotted' ? 'rect' : d.dash === 'dashed' ? 'triangle' : 'circle',
			spanGaps: false,
			// Lines (targets) are drawn over the bars.
			order: line ? 0 : 1
		} as ChartJsDataset<'bar' | 'line', (number | null)[]>;
	});
}

/** Average width of a tick character at Chart.js's 12 px default font, in CSS pixels. */
const CHAR_PX = 6.5;

/**
 * Bars lie down when their categories would get less than 90 px each (a phone, many
 * organisations): names then read across on the left instead of being rotated and clipped.
 */
function horizontal(spec: ChartSpec, width: number): boolean {
	return (
		spec.type === 'bar' &&
		spec.datasets.every((d) => (d.type ?? 'bar') === 'bar') &&
		width / Math.max(1, spec.labels.length) < 90
	);
}

function configOf(
	spec: ChartSpec,
	width: number
): ChartConfiguration<'bar' | 'line', (number | null)[], string> {
	const format = (value: number | string) => formatChartValue(Number(value), spec.unit);
	const lying = horizontal(spec, width);
	// Category ticks wrap into their slot (a third of the width when bars lie down).
	const slot = lying ? width / 3 : width / Math.max(1, spec.labels.length);
	const chars = Math.max(8, Math.floor((slot - 8) / CHAR_PX));
	const categoryTick = (_value: number | string, index: number) =>
		wrapLabel(spec.labels[index] ?? '', chars, lying ? 2 : 3);
	const title = (text: string) => ({
		display: Boolean(text),
		text,
		font: { weight: 'bold' as const }
	});
	const category = {
		stacked: spec.stacked ?? false,
		title: title(spec.categoryLabel),
		ticks: { autoSkip: false, maxRotation: 0, callback: categoryTick }
	};
	const value = {
		stacked: spec.stacked ?? false,
		beginAtZero: true,
		title: title(valueAxisTitle(spec)),
		ticks: { precision: spec.unit === 'nombre' ? 0 : undefined, callback: format }
	};
	return {
		type: spec.type,
		data: { labels: [...spec.labels], datasets: datasetsOf(spec) },
		options: {
			locale: 'fr-FR',
			responsive: true,
			maintainAspectRatio: false,
			animation: false,
			indexAxis: lying ? 'y' : 'x',
			interaction: { mode: 'index', intersect: false, axis: lying ? 'y' : 'x' },
			scales: lying ? { x: value, y: category } : { x: category, y: value },
			plugins: {
				legend: { position: 'bottom', labels: { usePointStyle: true } },
				tooltip: {
					callbacks: {
						// The full category label, whatever the tick had room for.
						title: (items) => spec.labels[items[0]?.dataIndex ?? 0] ?? '',
						label: (item) =>
							`${item.dataset.label ?? ''} : ${formatChartValue(lying ? item.parsed.x : item.parsed.y, spec.unit)}`
					}
				}
			}
		}
	};
}

/** Lying bars need height: one band per category, whatever the screen. */
function fitHeight(canvas: HTMLCanvasElement, spec: ChartSpec, width: number): void {
	const box = canvas.parentElement;
	if (!box) return;
	box.style.height = horizontal(spec, width)
		? `${Math.max(320, spec.labels.length * (16 + 10 * spec.datasets.length) + 140)}px`
		: '';
}

/** What the canvas was given and how its axes read, written on it for the tests. */
function markDrawn(canvas: HTMLCanvasElement, spec: ChartSpec, chart: Chart): void {
	canvas.setAttribute('data-chart-drawn', JSON.stringify(chartData(spec)));
	const lying = chart.options.indexAxis === 'y';
	const scale = (id: 'x' | 'y') => chart.scales[id];
	const titleOf = (id: 'x' | 'y') => {
		const t = (scale(id)?.options as { title?: { display?: boolean; text?: unknown } }).title;
		return t?.display ? String(t.text) : '';
	};
	const categoryId = lying ? 'y' : 'x';
	canvas.setAttribute(
		'data-chart-axes',
		JSON.stringify({
			orientation: lying ? 'horizontal' : 'vertical',
			category: titleOf(categoryId),
			value: titleOf(lying ? 'x' : 'y'),
			rotation: scale(categoryId)?.labelRotation ?? 0,
			ticks: (scale(categoryId)?.ticks ?? []).map((t) => [t.label].flat())
		})
	);
}

export type DrawnChart = { update: (spec: ChartSpec) => void; destroy: () => void };

export function drawChart(canvas: HTMLCanvasElement, spec: ChartSpec): DrawnChart {
	// The figure's width: the canvas box itself is hidden until the chart is drawn.
	const widthOf = () => canvas.closest('figure')?.clientWidth || canvas.clientWidth || 600;
	fitHeight(canvas, spec, widthOf());
	const chart = new Chart(canvas, configOf(spec, widthOf()));
	markDrawn(canvas, spec, chart);
	return {
		update(next) {
			fitHeight(canvas, next, widthOf());
			const config = configOf(next, widthOf());
			chart.data = config.data;
			chart.options = config.options ?? {};
			chart.update();
			markDrawn(canvas, next, chart);
		},
		destroy() {
			chart.destroy();
		}
	};
}
