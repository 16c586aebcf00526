import { createWriteStream, statSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import {
	readFigures,
	streamFiguresWorkbook
} from '../../../src/lib/server/excel-report/figures-stream';

// Run by excel-stream.ts in a process of its own, so that the resident memory measured is the
// export's alone: every figure of the national database streamed into one .xlsx file.
// Arguments: <database> <output.xlsx>. Prints one JSON line with the measures.

const [database, output] = process.argv.slice(2);
const sqlite = new SQLite(database, { readonly: true });
const baseline = process.memoryUsage().rss;
let peak = baseline;
const sample = () => {
	peak = Math.max(peak, process.memoryUsage().rss);
};
const timer = setInterval(sample, 20);
const started = performance.now();
const result = await streamFiguresWorkbook(
	readFigures(sqlite, { validatedOnly: false }),
	createWriteStream(output),
	{
		title: 'Chiffres de tous les schémas',
		subject: 'Banc d’essai : export national en flux',
		onProgress: sample
	}
);
const seconds = (performance.now() - started) / 1000;
clearInterval(timer);
sample();
sqlite.close();
process.stdout.write(
	JSON.stringify({
		...result,
		seconds,
		baselineRss: baseline,
		peakRss: peak,
		bytes: statSync(output).size
	}) + '\n'
);
