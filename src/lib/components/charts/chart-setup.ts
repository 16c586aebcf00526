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
import { chartData, formatChartValue, type ChartSpec } from './chart-spec';

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

function configOf(spec: ChartSpec): ChartConfiguration<'bar' | 'line', (number | null)[], string> {
	const format = (value: number | string) => formatChartValue(Number(value), spec.unit);
	return {
		type: spec.type,
		data: { labels: [...spec.labels], datasets: datasetsOf(spec) },
		options: {
			locale: 'fr-FR',
			responsive: true,
			maintainAspectRatio: false,
			animation: false,
			interaction: { mode: 'index', intersect: false },
			scales: {
				x: { stacked: spec.stacked ?? false, ticks: { autoSkip: false, maxRotation: 45 } },
				y: {
					stacked: spec.stacked ?? false,
					beginAtZero: true,
					title: { display: Boolean(spec.valueLabel), text: spec.valueLabel ?? '' },
					ticks: { precision: spec.unit === 'nombre' ? 0 : undefined, callback: format }
				}
			},
			plugins: {
				legend: { position: 'bottom', labels: { usePointStyle: true } },
				tooltip: {
					callbacks: {
						label: (item) =>
							`${item.dataset.label ?? ''} : ${formatChartValue(item.parsed.y, spec.unit)}`
					}
				}
			}
		}
	};
}

/** What the canvas was given, written on it so a test can compare it with the table. */
function markDrawn(canvas: HTMLCanvasElement, spec: ChartSpec): void {
	canvas.setAttribute('data-chart-drawn', JSON.stringify(chartData(spec)));
}

export type DrawnChart = { update: (spec: ChartSpec) => void; destroy: () => void };

export function drawChart(canvas: HTMLCanvasElement, spec: ChartSpec): DrawnChart {
	const chart = new Chart(canvas, configOf(spec));
	markDrawn(canvas, spec);
	return {
		update(next) {
			const config = configOf(next);
			chart.data = config.data;
			chart.options = config.options ?? {};
			chart.update();
			markDrawn(canvas, next);
		},
		destroy() {
			chart.destroy();
		}
	};
}
