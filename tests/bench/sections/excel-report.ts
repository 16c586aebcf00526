import { writeAnnualReport } from '../../../src/lib/server/excel-report/annual-report';
import { loadAnnualReport } from '../../../src/lib/server/excel-report/report.service';
import { measureSequential, timeRepeated } from '../load';
import type { BenchRow, BenchSection } from './types';

// The annual report of one department of the national dataset (60 fiches, 360 indicators, a
// year of 4 quarterly periods out of 12, 10-value breakdowns): in this process (queries + workbook)
// and through the API of the built server.

const RUNS = 5;

export const excelReportSection: BenchSection = {
	name: 'excel : rapport annuel',
	async run(context) {
		const { scheme, period } = context.dataset.sample;
		const year = period.slice(0, 4);
		const path = `/api/schemes/${scheme}/report?period=${year}`;
		const loaded = await loadAnnualReport(context.db, null, scheme, year);
		if (!loaded.ok)
			throw new Error(`Rapport ${year} de ${scheme} impossible : ${JSON.stringify(loaded)}`);
		const { report } = loaded;
		const bytes = (await writeAnnualReport(report)).length;
		context.log(
			`  rapport ${year} de ${scheme} : ${report.lines.length} lignes de chiffres, en mémoire…`
		);
		const service = await timeRepeated(
			async () => {
				const result = await loadAnnualReport(context.db, null, scheme, year);
				if (result.ok) await writeAnnualReport(result.report);
			},
			RUNS,
			1
		);
		context.log(`  rapport ${year} par l’API (${RUNS} requêtes)…`);
		const http = await measureSequential(
			{ url: `${context.server.url}${path}`, headers: context.headers },
			RUNS,
			1
		);
		context.log(`    service p50 ${service.p50} ms ; API p50 ${http.p50} ms, p95 ${http.p95} ms`);
		const row: BenchRow = {
			section: 'excel',
			name: `Rapport annuel ${year} d’un département (.xlsx)`,
			path,
			p50: http.p50,
			p95: http.p95,
			requestsPerSecond: null,
			cache: null,
			sqlP50: null,
			sqlStatements: null,
			serviceP50: service.p50,
			ratio: null,
			target: null,
			met: null,
			note: `${report.fiches.length} fiches, ${report.lines.length} lignes « Indicateurs » (${report.periods.length} périodes), ${report.bilans.length} bilans ; fichier ${Math.round(bytes / 1024)} Ko ; ${RUNS} mesures`
		};
		return [row];
	}
};
