import { sql } from 'kysely';
import { measureConcurrent, measureSequential, type Target } from '../load';
import {
	meets,
	type BenchContext,
	type BenchRow,
	type BenchSection,
	type CacheState
} from './types';

// The pages a committee uses most, against the built server: the scheme dashboard, a fiche, the
// review pack and the scheme API. Each page is measured twice, cold and warm:
// - cold: the server's caches are emptied before every timed request — the scheme's change counter
//   is bumped through the database, as any write in the scheme does, and every view cache of the
//   server is keyed on it (today: the dashboard's). SQLite's page cache and the prepared statements
//   stay warm, as on a server that has been running;
// - warm: nothing is emptied, a cached view is reused.
// The SQL of a row is the SQL of the same requests: the server (SERVER_TIMING=1) sends with every
// answer how long its own statements took (session, scheme gate, layout and page, all of them).
// The targets (cold, as ratios of a page over its SQL) are those of issue 15.

type Page = {
	name: string;
	path: string;
	/** Cold targets; warm rows are informative. */
	target: BenchRow['target'];
};

const TARGET_LABELS: [keyof NonNullable<BenchRow['target']>, (v: number) => string][] = [
	['ratio', (v) => `p50 ≤ ${v} × SQL`],
	['p95', (v) => `p95 ≤ ${v} ms`],
	['requestsPerSecond', (v) => `≥ ${v} req/s`],
	['rssMb', (v) => `mémoire ≤ ${v} Mo`]
];

/** The target in words: « p50 ≤ 3 × SQL, ≥ 60 req/s ». */
export function describeTarget(target: BenchRow['target']): string {
	if (!target) return '';
	return TARGET_LABELS.filter(([key]) => target[key] !== undefined)
		.map(([key, label]) => label(target[key]!))
		.join(', ');
}

/** Empties the server's view caches of a scheme: a bump of its change counter. */
function coldBefore(context: BenchContext, schemeSlug: string): () => Promise<void> {
	return async () => {
		await sql`update scheme_generation set value = value + 1
			where scheme_id = (select id from scheme where slug = ${schemeSlug})`.execute(context.db);
	};
}

export const pagesSection: BenchSection = {
	name: 'pages',
	async run(context) {
		const { scheme, fiche, period } = context.dataset.sample;
		const pages: Page[] = [
			{
				name: 'Tableau de bord du schéma',
				path: `/schemas/${scheme}/tableau-de-bord?periode=${period}`,
				target: { ratio: 3 }
			},
			{
				name: 'Fiche action',
				path: `/schemas/${scheme}/fiches/${fiche}`,
				target: { ratio: 4 }
			},
			{
				name: 'Dossier de revue',
				path: `/schemas/${scheme}/revue/${period}`,
				target: { ratio: 3, requestsPerSecond: 60 }
			},
			{
				name: 'API du schéma',
				path: `/api/schemes/${scheme}`,
				target: null
			}
		];
		// The bench's own counter bumps need no durability: no fsync per bump.
		if (context.engine === 'sqlite') context.sqlite.pragma('synchronous = NORMAL');

		const rows: BenchRow[] = [];
		for (const page of pages) {
			const url = `${context.server.url}${page.path}`;
			const probe = await fetch(url, { headers: context.headers, redirect: 'manual' });
			await probe.arrayBuffer();
			for (const cache of ['cold', 'warm'] as CacheState[]) {
				const base: BenchRow = {
					section: 'pages',
					name: page.name,
					path: page.path,
					cache,
					p50: null,
					p95: null,
					requestsPerSecond: null,
					sqlP50: null,
					sqlStatements: null,
					serviceP50: null,
					ratio: null,
					target: cache === 'cold' ? page.target : null,
					met: null,
					note: null
				};
				if (probe.status !== 200) {
					rows.push({ ...base, note: `non mesurée : la page répond ${probe.status}` });
					context.log(`  ${page.name} : réponse ${probe.status}, non mesurée`);
					break;
				}
				const target: Target = {
					url,
					headers: context.headers,
					before: cache === 'cold' ? coldBefore(context, scheme) : undefined
				};
				context.log(
					`  ${page.name} (${cache === 'cold' ? 'à froid' : 'à chaud'}) : ${context.options.requests} requêtes séquentielles…`
				);
				const sequential = await measureSequential(target, context.options.requests);
				context.log(
					`  ${page.name} (${cache === 'cold' ? 'à froid' : 'à chaud'}) : ${context.options.workers} clients pendant ${context.options.seconds} s…`
				);
				const concurrent = await measureConcurrent(
					target,
					context.options.workers,
					context.options.seconds
				);
				const sqlP50 = sequential.sql?.p50 ?? null;
				const row: BenchRow = {
					...base,
					p50: sequential.p50,
					p95: sequential.p95,
					requestsPerSecond: concurrent.requestsPerSecond,
					sqlP50,
					sqlStatements: sequential.statements,
					ratio: sqlP50 ? Math.round((sequential.p50 / sqlP50) * 10) / 10 : null,
					note: [
						sequential.statements === null
							? 'SQL non mesuré (serveur sans SERVER_TIMING=1)'
							: `${sequential.statements} requêtes SQL par page`,
						`p95 à ${context.options.workers} clients : ${concurrent.p95} ms`
					].join(' ; ')
				};
				row.met = meets(row);
				context.log(
					`    p50 ${row.p50} ms, p95 ${row.p95} ms ; ${row.requestsPerSecond} req/s ; SQL ${sqlP50 ?? '—'} ms (${row.sqlStatements ?? '—'} requêtes)${row.target ? ` ; cible ${describeTarget(row.target)} : ${row.met ? 'atteinte' : 'manquée'}` : ''}`
				);
				rows.push(row);
			}
		}
		return rows;
	}
};
