import { AsyncLocalStorage } from 'node:async_hooks';

// SERVER_TIMING=1 (set at start, off by default): every response carries a Server-Timing header
// with the time its own SQL statements took and how many ran, so that a benchmark compares a page
// with the SQL of that very request (cold or warm), not with another run of other queries. Off, no
// query is timed and no header is sent.

type Timing = { sqlMs: number; statements: number };

const current = new AsyncLocalStorage<Timing>();

/** Adds one statement's milliseconds to the request it runs for (none outside a request). */
export function recordStatement(ms: number): void {
	const timing = current.getStore();
	if (!timing) return;
	timing.sqlMs += ms;
	timing.statements++;
}

/** Runs a request with its SQL timed, and sets the Server-Timing header on its response. */
export async function withServerTiming(handle: () => Promise<Response>): Promise<Response> {
	const timing: Timing = { sqlMs: 0, statements: 0 };
	const started = performance.now();
	const response = await current.run(timing, handle);
	const total = performance.now() - started;
	try {
		response.headers.set('Server-Timing', serverTimingHeader(timing, total));
	} catch {
		// An immutable response (a fetch passed through): no header, nothing else changes.
	}
	return response;
}

/** `sql;dur=1.234;desc="12", total;dur=5.678`: SQL milliseconds and statements, then the whole. */
export function serverTimingHeader(timing: Timing, totalMs: number): string {
	return `sql;dur=${timing.sqlMs.toFixed(3)};desc="${timing.statements}", total;dur=${totalMs.toFixed(3)}`;
}

/** Reads back what serverTimingHeader wrote (benchmark client). */
export function parseServerTiming(
	header: string | null
): { sqlMs: number; statements: number; totalMs: number } | null {
	const sql = /(?:^|,)\s*sql;dur=([\d.]+);desc="(\d+)"/.exec(header ?? '');
	const total = /(?:^|,)\s*total;dur=([\d.]+)/.exec(header ?? '');
	if (!sql || !total) return null;
	return { sqlMs: Number(sql[1]), statements: Number(sql[2]), totalMs: Number(total[1]) };
}
