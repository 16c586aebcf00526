import type SQLite from 'better-sqlite3';
import type { Db } from '../../../src/lib/server/db/database';
import type { RunningServer } from '../../support/server';
import type { NationalDbInfo } from '../national-db';

// What every benchmark section receives and returns. A section measures one concern (pages,
// Excel export…) against the running server and the national database; run.ts prints and saves
// every row.

export type BenchOptions = {
	/** Sequential requests for p50/p95 (one client). */
	requests: number;
	/** Concurrent clients of the throughput run, and how long it lasts. */
	workers: number;
	seconds: number;
};

export type BenchContext = {
	server: RunningServer;
	/** Headers of a signed-in reader (session cookie). */
	headers: Record<string, string>;
	/** The national database, opened in this process for in-process timings. */
	db: Db;
	/** The SQLite national database (also with --database=postgres: the raw SQL is SQLite's). */
	sqlite: SQLite.Database;
	/** The engine the server and `db` run on. */
	engine: 'sqlite' | 'postgres';
	dataset: NationalDbInfo;
	options: BenchOptions;
	log: (line: string) => void;
};

export type BenchRow = {
	section: string;
	name: string;
	path: string | null;
	/** Milliseconds, one client. */
	p50: number | null;
	p95: number | null;
	/** Requests per second with `workers` concurrent clients. */
	requestsPerSecond: number | null;
	/** Milliseconds of the same data's SQL run directly (prepared statements, no HTTP, no rendering). */
	rawSqlP50: number | null;
	/** Milliseconds of the service call in this process (SQL + Kysely + shaping, no HTTP). */
	serviceP50: number | null;
	/** p50 of the page over p50 of its raw SQL. */
	ratio: number | null;
	target: { p95?: number; requestsPerSecond?: number } | null;
	met: boolean | null;
	note: string | null;
};

export type BenchSection = {
	name: string;
	run: (context: BenchContext) => Promise<BenchRow[]>;
};
