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
	/** Headers of a signed-in platform administrator. */
	adminHeaders: Record<string, string>;
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

/** Pages: measured with the server's caches emptied before each request, or left warm. */
export type CacheState = 'cold' | 'warm';

export type BenchRow = {
	section: string;
	name: string;
	path: string | null;
	/** Pages: "cold" (caches emptied before every timed request) or "warm"; null elsewhere. */
	cache: CacheState | null;
	/** Milliseconds, one client. */
	p50: number | null;
	p95: number | null;
	/** Requests per second with `workers` concurrent clients. */
	requestsPerSecond: number | null;
	/**
	 * Milliseconds of SQL of the same requests (p50), as the server timed its own statements
	 * (SERVER_TIMING=1): every statement the request ran, nothing else.
	 */
	sqlP50: number | null;
	/** SQL statements per request (median). */
	sqlStatements: number | null;
	/** Milliseconds of the service call in this process (no HTTP). */
	serviceP50: number | null;
	/** p50 of the page over p50 of its SQL, same requests. */
	ratio: number | null;
	/** What must hold: p50 at most `ratio` × its SQL, p95 at most, requests per second at least. */
	target: { ratio?: number; p95?: number; requestsPerSecond?: number; rssMb?: number } | null;
	met: boolean | null;
	note: string | null;
};

/** Whether a row meets its target (null: no target, or not measured). */
export function meets(row: BenchRow): boolean | null {
	const target = row.target;
	if (!target || row.p50 === null) return null;
	if (target.ratio !== undefined && (row.ratio === null || row.ratio > target.ratio)) return false;
	if (target.p95 !== undefined && (row.p95 === null || row.p95 > target.p95)) return false;
	if (
		target.requestsPerSecond !== undefined &&
		(row.requestsPerSecond === null || row.requestsPerSecond < target.requestsPerSecond)
	)
		return false;
	return true;
}

export type BenchSection = {
	name: string;
	run: (context: BenchContext) => Promise<BenchRow[]>;
};
