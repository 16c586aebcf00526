import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { BenchContext, BenchRow, BenchSection } from './types';

// Every figure of the national dataset (≈ 1.2 million rows: more than one sheet can hold) downloaded
// as one .xlsx from the route platform administrators use (GET /admin/export-national.xlsx), while
// the resident memory of the server process is sampled every 20 ms.
// Targets: 20 s and 200 MB resident for the whole server.

const TARGET_SECONDS = 20;
const TARGET_RSS_MB = 200;
const PATH = '/admin/export-national.xlsx';

/** Resident memory of a process, in bytes (Linux). */
function residentBytes(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
	return kb ? Number(kb[1]) * 1024 : 0;
}

async function download(context: BenchContext, file: string): Promise<number> {
	const started = performance.now();
	await new Promise<void>((ok, fail) => {
		const req = request(
			`${context.server.url}${PATH}`,
			{ headers: context.adminHeaders },
			(res) => {
				if (res.statusCode !== 200) {
					res.resume();
					return fail(new Error(`${PATH} a répondu ${res.statusCode}`));
				}
				pipeline(res, createWriteStream(file)).then(ok, fail);
			}
		);
		req.on('error', fail);
		req.end();
	});
	return (performance.now() - started) / 1000;
}

const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;

export const excelStreamSection: BenchSection = {
	name: 'excel : export national en flux',
	async run(context) {
		const pid = context.server.process.pid!;
		const folder = mkdtempSync(join(tmpdir(), 'sdsf-bench-stream-'));
		const file = join(folder, 'chiffres.xlsx');
		try {
			context.log(`  tous les chiffres de la base nationale en .xlsx, téléchargés de ${PATH}…`);
			const baseline = residentBytes(pid);
			let peak = baseline;
			const timer = setInterval(() => (peak = Math.max(peak, residentBytes(pid))), 20);
			let seconds: number;
			try {
				seconds = await download(context, file);
			} finally {
				clearInterval(timer);
			}
			peak = Math.max(peak, residentBytes(pid));
			const bytes = statSync(file).size;
			const ms = Math.round(seconds * 1000);
			const met = seconds <= TARGET_SECONDS && peak / 1e6 <= TARGET_RSS_MB;
			context.log(
				`    ${seconds.toFixed(1)} s ; mémoire résidente max du serveur ${mb(peak)} Mo (${mb(baseline)} Mo avant) ; fichier ${mb(bytes)} Mo`
			);
			const row: BenchRow = {
				section: 'excel',
				name: 'Export national de tous les chiffres (.xlsx en flux, route)',
				path: PATH,
				cache: null,
				p50: ms,
				p95: ms,
				requestsPerSecond: null,
				sqlP50: null,
				sqlStatements: null,
				serviceP50: null,
				ratio: null,
				target: { p95: TARGET_SECONDS * 1000, rssMb: TARGET_RSS_MB },
				met,
				note: `${context.dataset.counts.figures?.toLocaleString('fr-FR') ?? '?'} chiffres ; mémoire résidente max du serveur ${mb(peak)} Mo (cible ${TARGET_RSS_MB} Mo, ${mb(baseline)} Mo avant le téléchargement) ; fichier ${mb(bytes)} Mo ; une mesure`
			};
			return [row];
		} finally {
			rmSync(folder, { recursive: true, force: true });
		}
	}
};
