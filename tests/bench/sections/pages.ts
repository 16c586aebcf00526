import { Kysely, SqliteDialect } from 'kysely';
import { getDashboard } from '../../../src/lib/server/dashboard/dashboard.service';
import type { Db } from '../../../src/lib/server/db/database';
import type { Database } from '../../../src/lib/server/db/schema';
import { getFicheDetail, getSchemeDetail } from '../../../src/lib/server/plan/plan.service';
import { getReviewPack } from '../../../src/lib/server/review/review.service';
import { measureConcurrent, measureSequential, timeRepeated, type Latency } from '../load';
import type { BenchContext, BenchRow, BenchSection } from './types';

// The pages a committee uses most, against the built server: the scheme dashboard, a fiche, the
// review pack and the scheme API. Each is compared with the SQL it needs, run directly.

type Captured = { sql: string; parameters: readonly unknown[] };

/** The SQL statements a service call runs, captured once through Kysely's log. */
async function captureSql(
	context: BenchContext,
	call: (db: Db) => Promise<unknown>
): Promise<Captured[]> {
	const captured: Captured[] = [];
	const logging = new Kysely<Database>({
		dialect: new SqliteDialect({ database: context.sqlite }),
		log: (event) => {
			if (event.level === 'query')
				captured.push({ sql: event.query.sql, parameters: event.query.parameters });
		}
	});
	await call(logging);
	return captured;
}

/** Runs captured statements directly: prepared once, executed one after the other. */
async function timeRawSql(context: BenchContext, statements: Captured[]): Promise<Latency> {
	const prepared = statements.map((s) => ({
		statement: context.sqlite.prepare(s.sql),
		parameters: s.parameters
	}));
	return timeRepeated(async () => {
		for (const { statement, parameters } of prepared) {
			if (statement.reader) statement.all(...(parameters as unknown[]));
		}
	}, context.options.requests);
}

type Page = {
	name: string;
	path: string;
	/** The service call(s) whose SQL the page runs (for the raw SQL and in-process timings). */
	service: (db: Db) => Promise<unknown>;
	serviceNote: string | null;
	target: BenchRow['target'];
};

export const pagesSection: BenchSection = {
	name: 'pages',
	async run(context) {
		const { scheme, fiche, period } = context.dataset.sample;
		const today = new Date().toISOString().slice(0, 10);
		const reader = null;
		const pages: Page[] = [
			{
				name: 'Tableau de bord du schéma',
				path: `/schemas/${scheme}/tableau-de-bord?periode=${period}`,
				service: (db) => getDashboard(db, reader, scheme, { periode: period }, today),
				serviceNote: null,
				target: { p95: 15, requestsPerSecond: 250 }
			},
			{
				name: 'Fiche action',
				path: `/schemas/${scheme}/fiches/${fiche}`,
				service: (db) => getFicheDetail(db, scheme, fiche),
				serviceNote:
					'SQL et service : getFicheDetail seul (la page lit aussi historique et avenants)',
				target: null
			},
			{
				name: 'Dossier de revue',
				path: `/schemas/${scheme}/revue/${period}`,
				service: (db) => getReviewPack(db, reader, { scheme, period }, { today }),
				serviceNote: null,
				target: null
			},
			{
				name: 'API du schéma',
				path: `/api/schemes/${scheme}`,
				service: (db) => getSchemeDetail(db, scheme),
				serviceNote: null,
				target: null
			}
		];

		const rows: BenchRow[] = [];
		for (const page of pages) {
			const url = `${context.server.url}${page.path}`;
			const probe = await fetch(url, { headers: context.headers, redirect: 'manual' });
			await probe.arrayBuffer();
			const base: BenchRow = {
				section: 'pages',
				name: page.name,
				path: page.path,
				p50: null,
				p95: null,
				requestsPerSecond: null,
				rawSqlP50: null,
				serviceP50: null,
				ratio: null,
				target: page.target,
				met: null,
				note: null
			};
			if (probe.status !== 200) {
				rows.push({ ...base, note: `non mesurée : la page répond ${probe.status}` });
				context.log(`  ${page.name} : réponse ${probe.status}, non mesurée`);
				continue;
			}
			context.log(`  ${page.name} : SQL direct et service…`);
			// The raw SQL is timed on SQLite only: it is captured through SQLite's dialect.
			const statements = await captureSql(context, page.service);
			const raw = context.engine === 'sqlite' ? await timeRawSql(context, statements) : { p50: 0 };
			const service = await timeRepeated(() => page.service(context.db), context.options.requests);
			context.log(`  ${page.name} : ${context.options.requests} requêtes séquentielles…`);
			const sequential = await measureSequential(
				{ url, headers: context.headers },
				context.options.requests
			);
			context.log(
				`  ${page.name} : ${context.options.workers} clients pendant ${context.options.seconds} s…`
			);
			const concurrent = await measureConcurrent(
				{ url, headers: context.headers },
				context.options.workers,
				context.options.seconds
			);
			context.log(
				`    p50 ${sequential.p50} ms, p95 ${sequential.p95} ms ; ${concurrent.requestsPerSecond} req/s ; SQL direct ${context.engine === 'sqlite' ? `${raw.p50} ms` : '—'} ; service ${service.p50} ms`
			);
			const met = page.target
				? (page.target.p95 === undefined || sequential.p95 <= page.target.p95) &&
					(page.target.requestsPerSecond === undefined ||
						concurrent.requestsPerSecond >= page.target.requestsPerSecond)
				: null;
			rows.push({
				...base,
				p50: sequential.p50,
				p95: sequential.p95,
				requestsPerSecond: concurrent.requestsPerSecond,
				rawSqlP50: context.engine === 'sqlite' ? raw.p50 : null,
				serviceP50: service.p50,
				ratio: raw.p50 > 0 ? Math.round((sequential.p50 / raw.p50) * 10) / 10 : null,
				met,
				note: [
					`${statements.length} requêtes SQL`,
					`p95 à ${context.options.workers} clients : ${concurrent.p95} ms`,
					page.serviceNote
				]
					.filter(Boolean)
					.join(' ; ')
			});
		}
		return rows;
	}
};
