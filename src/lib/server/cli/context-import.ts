import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { migrateToLatest } from '../db/database';
import { describeSummary } from '../territory-data/summary';
import { importCoverageFile } from '../territory-data/territory-data.service';
import { exitOnSetupError, openCliDatabase } from './cli-db';

// npm run context:import -- <fichier.csv> [--essai]
// Imports a CNAF coverage-rate or places file (txcouv_pe_*, nbpla_pe_*: national, département,
// EPCI or commune), recognised by its header, and prints what it did. An unrecognised file or an
// unreadable row: nothing is imported and the exit code is 1. --essai (dry run) says what the
// import would do and writes nothing.

const args = process.argv.slice(2);
const dryRun = args.includes('--essai');
const paths = args.filter((a) => a !== '--essai');
if (paths.length !== 1) {
	console.error('Usage : npm run context:import -- <fichier.csv> [--essai]');
	process.exit(2);
}
const path = paths[0];

let bytes: Buffer;
try {
	bytes = await readFile(path);
} catch {
	console.error(`Erreur : le fichier « ${path} » est illisible ou introuvable.`);
	process.exit(1);
}

const { db } = openCliDatabase();
try {
	await migrateToLatest(db);
	const result = await importCoverageFile(db, new Uint8Array(bytes), {
		fileName: basename(path),
		userId: null,
		dryRun
	});
	if (!result.ok) {
		console.error(`Erreur : ${result.message}`);
		console.error('Rien n’a été importé.');
		process.exitCode = 1;
	} else {
		for (const line of describeSummary(result.summary, dryRun)) console.log(line);
		if (dryRun) console.log('Essai : rien n’a été enregistré.');
	}
} catch (error) {
	exitOnSetupError(error);
} finally {
	await db.destroy();
}
