import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { copySqliteToPostgres } from '../../src/lib/server/db/copy-to-postgres';
import { openDatabase, openPostgres, type Db } from '../../src/lib/server/db/database';
import { createPostgresDatabase, startPostgresCluster } from '../support/database';
import { startServer, type RunningServer } from '../support/server';
import { ensureNationalDb, GENERATOR_VERSION } from './national-db';
import { sections } from './sections/index';
import { describeTarget } from './sections/pages';
import type { BenchContext, BenchOptions, BenchRow } from './sections/types';

// npm run bench — builds (or reuses) the national database, starts the built server on it and
// runs every section of tests/bench/sections. Prints a table and writes bench-results/bench.json.
// Options: --rebuild (regenerate the database), --requests=N, --workers=N, --seconds=N,
// --section=NAME (run one section only, e.g. --section=pages while tuning a page),
// --database=postgres (also copy the national database into PostgreSQL — TEST_POSTGRES_URL or a
// throw-away cluster — and run the pages section there: a side-by-side table, same data, same run).
// The server must be built first (npm run build; BUILD_DIR selects another build folder).

const RESULTS = resolve('bench-results');
const DATABASE = resolve(RESULTS, 'national.db');

function option(name: string, fallback: number): number {
	const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
	const value = arg ? Number(arg.split('=')[1]) : fallback;
	if (!Number.isInteger(value) || value <= 0)
		throw new Error(`Option --${name} invalide : entier positif attendu.`);
	return value;
}

const log = (line: string) => console.log(line);

/**
 * A session for the benchmark's requests on an account of its own, created when missing: a reader
 * of every scheme (the schemes are public too), or a platform administrator (the national export).
 */
function createBenchSession(path: string, kind: 'reader' | 'admin'): string {
	const { sqlite } = openDatabase(path);
	try {
		const email = kind === 'reader' ? 'lecteur.bench@exemple.fr' : 'admin.bench@exemple.fr';
		const existing = sqlite.prepare('select id from app_user where email = ?').get(email) as
			{ id: number } | undefined;
		const userId =
			existing?.id ??
			Number(
				sqlite
					.prepare(
						kind === 'reader'
							? "insert into app_user (email, name, role) values (?, 'Lecteur du banc d’essai', 'lecteur')"
							: "insert into app_user (email, name, role, platform_admin) values (?, 'Administrateur du banc d’essai', 'lecteur', 1)"
					)
					.run(email).lastInsertRowid
			);
		if (kind === 'reader')
			sqlite
				.prepare(
					`insert into membership (user_id, scheme_id, role)
				 select ?, s.id, 'lecteur' from scheme s
				 where not exists (select 1 from membership m where m.user_id = ? and m.scheme_id = s.id)`
				)
				.run(userId, userId);
		const token = randomBytes(32).toString('base64url');
		sqlite
			.prepare('insert into user_session (token_hash, user_id, expires_at) values (?, ?, ?)')
			.run(
				createHash('sha256').update(token).digest('hex'),
				userId,
				new Date(Date.now() + 6 * 3_600_000).toISOString()
			);
		return token;
	} finally {
		sqlite.close();
	}
}

const cell = (value: number | null, digits = 1) =>
	value === null
		? '—'
		: value.toLocaleString('fr-FR', {
				maximumFractionDigits: digits,
				minimumFractionDigits: digits
			});

const CACHE_LABELS = { cold: 'à froid', warm: 'à chaud' } as const;

function printTable(rows: BenchRow[]) {
	const header = [
		'Page',
		'cache',
		'p50 ms',
		'p95 ms',
		'req/s (20)',
		'SQL ms',
		'requêtes',
		'p50 / SQL',
		'cible'
	];
	const lines = rows.map((r) => [
		r.name,
		r.cache ? CACHE_LABELS[r.cache] : '',
		cell(r.p50),
		cell(r.p95),
		cell(r.requestsPerSecond, 0),
		cell(r.sqlP50, 2),
		r.sqlStatements === null ? '—' : String(r.sqlStatements),
		r.ratio === null ? '—' : `× ${cell(r.ratio)}`,
		r.met === null
			? r.note?.startsWith('non mesurée')
				? r.note
				: ''
			: `${describeTarget(r.target)} : ${r.met ? 'atteinte' : 'MANQUÉE'}`
	]);
	const left = new Set([0, 1, 8]);
	const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
	const format = (cols: string[]) =>
		cols.map((c, i) => (left.has(i) ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' │ ');
	console.log(format(header));
	console.log(widths.map((w) => '─'.repeat(w)).join('─┼─'));
	for (const line of lines) console.log(format(line));
}

/**
 * --database=postgres: the national SQLite database (reader session included) copied into a fresh
 * PostgreSQL database, the way an installation moves (db:copy).
 */
async function preparePostgres() {
	const cluster = process.env.TEST_POSTGRES_URL ? null : startPostgresCluster();
	if (cluster) process.env.TEST_POSTGRES_URL = cluster.url;
	const created = await createPostgresDatabase();
	const db: Db = openPostgres(created.url);
	log('Copie de la base nationale vers PostgreSQL…');
	const started = Date.now();
	await copySqliteToPostgres(DATABASE, db);
	await sql`analyze`.execute(db);
	const engines = {
		url: created.url,
		db,
		copySeconds: (Date.now() - started) / 1000,
		server: null as RunningServer | null,
		rows: [] as BenchRow[],
		close: async () => {
			await db.destroy();
			await created.drop();
			cluster?.stop();
		}
	};
	log(`  copiée en ${cell(engines.copySeconds)} s`);
	return engines;
}

function printSideBySide(sqliteRows: BenchRow[], postgresRows: BenchRow[]) {
	const header = [
		'Page',
		'cache',
		'p50 SQLite',
		'p50 PG',
		'p95 SQLite',
		'p95 PG',
		'req/s SQLite',
		'req/s PG',
		'SQL SQLite',
		'SQL PG'
	];
	const lines = sqliteRows.map((s) => {
		const p = postgresRows.find((r) => r.name === s.name && r.cache === s.cache);
		return [
			s.name,
			s.cache ? CACHE_LABELS[s.cache] : '',
			cell(s.p50),
			cell(p?.p50 ?? null),
			cell(s.p95),
			cell(p?.p95 ?? null),
			cell(s.requestsPerSecond, 0),
			cell(p?.requestsPerSecond ?? null, 0),
			cell(s.sqlP50, 2),
			cell(p?.sqlP50 ?? null, 2)
		];
	});
	const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
	const format = (cols: string[]) =>
		cols.map((c, i) => (i <= 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' │ ');
	console.log(format(header));
	console.log(widths.map((w) => '─'.repeat(w)).join('─┼─'));
	for (const line of lines) console.log(format(line));
}

async function main() {
	const options: BenchOptions = {
		requests: option('requests', 200),
		workers: option('workers', 20),
		seconds: option('seconds', 10)
	};
	const build = resolve(process.env.BUILD_DIR ?? 'build', 'index.js');
	if (!existsSync(build)) {
		console.error(`Serveur non construit (${build} absent) : lancez d’abord « npm run build ».`);
		process.exit(1);
	}
	mkdirSync(RESULTS, { recursive: true });

	log('Base nationale…');
	const dataset = await ensureNationalDb(DATABASE, {
		rebuild: process.argv.includes('--rebuild'),
		log
	});
	log(
		dataset.cached
			? `  reprise de ${DATABASE} (générée en ${cell(dataset.buildSeconds)} s)`
			: `  générée en ${cell(dataset.buildSeconds)} s : ${Object.entries(dataset.counts)
					.map(([k, v]) => `${k} ${v.toLocaleString('fr-FR')}`)
					.join(', ')}`
	);

	const loadBefore = loadavg()[0];
	const token = createBenchSession(DATABASE, 'reader');
	const adminToken = createBenchSession(DATABASE, 'admin');
	const engines = process.argv.includes('--database=postgres') ? await preparePostgres() : null;
	log('Démarrage du serveur construit…');
	// SERVER_TIMING: each answer says how long its own SQL took (the pages' SQL column).
	const server = await startServer({
		databasePath: DATABASE,
		demo: false,
		env: { SERVER_TIMING: '1' }
	});
	const { db, sqlite } = openDatabase(DATABASE);
	const rows: BenchRow[] = [];
	try {
		const context: BenchContext = {
			server,
			headers: { cookie: `sdsf_session=${token}` },
			adminHeaders: { cookie: `sdsf_session=${adminToken}` },
			db,
			sqlite,
			engine: 'sqlite',
			dataset,
			options,
			log
		};
		const only = process.argv.find((a) => a.startsWith('--section='))?.split('=')[1];
		const chosen = only ? sections.filter((s) => s.name === only) : sections;
		if (chosen.length === 0)
			throw new Error(`Section « ${only} » inconnue : ${sections.map((s) => s.name).join(', ')}.`);
		for (const section of chosen) {
			log(`Section « ${section.name} »…`);
			rows.push(...(await section.run(context)));
		}
		if (engines) {
			log('Section « pages » sur PostgreSQL…');
			engines.server = await startServer({
				databaseUrl: engines.url,
				demo: false,
				env: { SERVER_TIMING: '1' }
			});
			const pg = await sections
				.find((s) => s.name === 'pages')!
				.run({ ...context, server: engines.server, db: engines.db, engine: 'postgres' });
			engines.rows = pg;
		}
	} catch (error) {
		console.error(`Échec ; fin du journal du serveur :\n${server.output().slice(-3000)}`);
		throw error;
	} finally {
		await server.stop();
		await db.destroy();
		await engines?.server?.stop();
		await engines?.close();
	}

	const load = {
		before: Math.round(loadBefore * 100) / 100,
		after: Math.round(loadavg()[0] * 100) / 100
	};
	console.log('');
	console.log(
		`Schéma mesuré : ${dataset.sample.scheme}, période ${dataset.sample.period} — ${options.requests} requêtes séquentielles, ${options.workers} clients pendant ${options.seconds} s, sur ${cpus().length} cœurs (client et serveur sur la même machine ; charge moyenne ${load.before} → ${load.after}).`
	);
	printTable(rows);
	for (const row of rows.filter((r) => r.note))
		console.log(`  · ${row.name}${row.cache ? ` (${CACHE_LABELS[row.cache]})` : ''} : ${row.note}`);
	console.log(
		'  À froid : compteur de changements du schéma incrémenté avant chaque requête mesurée (les vues en cache du serveur sont recalculées) ; SQL : durée des requêtes SQL de ces mêmes pages, mesurée par le serveur (SERVER_TIMING=1).'
	);
	if (engines) {
		console.log('');
		console.log(
			`SQLite et PostgreSQL côte à côte (mêmes données, même machine, même exécution ; copie vers PostgreSQL ${cell(engines.copySeconds)} s) :`
		);
		printSideBySide(
			rows.filter((r) => r.section === 'pages'),
			engines.rows
		);
	}

	const report = {
		generatedAt: new Date().toISOString(),
		machine: {
			cpus: cpus().length,
			cpuModel: cpus()[0]?.model ?? null,
			memoryGb: Math.round(totalmem() / 1e9),
			node: process.version,
			// Other work on the machine skews the figures: the 1-minute load average around the run.
			loadAverage: load
		},
		generatorVersion: GENERATOR_VERSION,
		dataset,
		options,
		// Issue 15's targets, on the cold rows: met or not.
		targets: rows
			.filter((r) => r.target)
			.map((r) => ({
				name: r.name,
				cache: r.cache,
				target: describeTarget(r.target),
				met: r.met
			})),
		rows,
		postgres: engines ? { copySeconds: engines.copySeconds, rows: engines.rows } : null
	};
	writeFileSync(resolve(RESULTS, 'bench.json'), JSON.stringify(report, null, 2));
	log(`\nRésultats écrits dans ${resolve(RESULTS, 'bench.json')}`);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
