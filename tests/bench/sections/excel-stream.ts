import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BenchRow, BenchSection } from './types';

// Every figure of the national dataset (≈ 1.2 million rows: more than one sheet can hold) streamed
// as one .xlsx, in a child process whose peak resident memory is sampled every 20 ms.
// Targets: 20 s and 300 MB resident.

const TARGET_SECONDS = 20;
const TARGET_RSS_MB = 300;

type ChildResult = {
	rows: number;
	sheets: number;
	seconds: number;
	baselineRss: number;
	peakRss: number;
	bytes: number;
};

function runChild(database: string, output: string): Promise<ChildResult> {
	return new Promise((ok, fail) => {
		const child = spawn(
			process.execPath,
			[
				...process.execArgv,
				resolve('tests/bench/sections/excel-stream-child.ts'),
				database,
				output
			],
			{ stdio: ['ignore', 'pipe', 'inherit'] }
		);
		let out = '';
		child.stdout.on('data', (chunk) => (out += chunk));
		child.once('error', fail);
		child.once('exit', (code) => {
			if (code !== 0) return fail(new Error(`Export national interrompu (code ${code}).`));
			try {
				ok(JSON.parse(out.trim().split('\n').at(-1)!) as ChildResult);
			} catch (error) {
				fail(error);
			}
		});
	});
}

const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;

export const excelStreamSection: BenchSection = {
	name: 'excel : export national en flux',
	async run(context) {
		const folder = mkdtempSync(join(tmpdir(), 'sdsf-bench-stream-'));
		try {
			context.log('  tous les chiffres de la base nationale en .xlsx (processus séparé)…');
			const result = await runChild(context.dataset.path, join(folder, 'chiffres.xlsx'));
			const ms = Math.round(result.seconds * 1000);
			const met = result.seconds <= TARGET_SECONDS && result.peakRss / 1e6 <= TARGET_RSS_MB;
			context.log(
				`    ${result.rows.toLocaleString('fr-FR')} lignes sur ${result.sheets} feuilles en ${result.seconds.toFixed(1)} s ; mémoire résidente max ${mb(result.peakRss)} Mo (${mb(result.baselineRss)} Mo au départ) ; fichier ${mb(result.bytes)} Mo`
			);
			const row: BenchRow = {
				section: 'excel',
				name: 'Export national de tous les chiffres (.xlsx en flux)',
				path: null,
				p50: ms,
				p95: ms,
				requestsPerSecond: null,
				cache: null,
				sqlP50: null,
				sqlStatements: null,
				serviceP50: ms,
				ratio: null,
				target: { p95: TARGET_SECONDS * 1000 },
				met,
				note: `${result.rows.toLocaleString('fr-FR')} lignes, ${result.sheets} feuilles ; mémoire résidente max ${mb(result.peakRss)} Mo (cible ${TARGET_RSS_MB} Mo, dont ${mb(result.baselineRss)} Mo de Node et tsx au départ) ; fichier ${mb(result.bytes)} Mo ; une mesure`
			};
			return [row];
		} finally {
			rmSync(folder, { recursive: true, force: true });
		}
	}
};
