import { Agent, request } from 'node:http';
import { parseServerTiming } from '../../src/lib/server/http/server-timing';

// A small load generator on keep-alive connections: N sequential requests for the latency of one
// client, then W concurrent clients for a fixed time for the throughput. No dependency. With a
// server started with SERVER_TIMING=1, each answer also says how long its own SQL took.

export type Latency = { count: number; p50: number; p95: number; mean: number; max: number };
export type Throughput = Latency & { workers: number; seconds: number; requestsPerSecond: number };
/** Latency of the pages, with the SQL time and statements the server reported for those requests. */
export type Measured = Latency & { sql: Latency | null; statements: number | null };

export type Target = {
	url: string;
	headers?: Record<string, string>;
	/** Run before each request, outside its time (e.g. empty the server's caches: a cold request). */
	before?: () => Promise<void>;
};

type Sample = { ms: number; sqlMs: number | null; statements: number | null };

/**
 * One GET, body read to the end; throws on any status but 200. A connection the server closed
 * while idle (keep-alive race) is retried once, as browsers do for a GET.
 */
async function get(agent: Agent, target: Target): Promise<Sample> {
	await target.before?.();
	try {
		return await getOnce(agent, target);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') throw error;
		return getOnce(agent, target);
	}
}

function getOnce(agent: Agent, target: Target): Promise<Sample> {
	const started = process.hrtime.bigint();
	return new Promise((resolve, reject) => {
		const req = request(
			target.url,
			{ agent, headers: { 'accept-encoding': 'identity', ...target.headers } },
			(res) => {
				res.on('data', () => {});
				res.on('end', () => {
					if (res.statusCode !== 200)
						reject(new Error(`${target.url} a répondu ${res.statusCode}`));
					else {
						const ms = Number(process.hrtime.bigint() - started) / 1e6;
						const header = res.headers['server-timing'];
						const timing = parseServerTiming(typeof header === 'string' ? header : null);
						resolve({
							ms,
							sqlMs: timing?.sqlMs ?? null,
							statements: timing?.statements ?? null
						});
					}
				});
				res.on('error', reject);
			}
		);
		req.on('error', reject);
		req.end();
	});
}

export function summarise(samples: number[]): Latency {
	const sorted = [...samples].sort((a, b) => a - b);
	const at = (q: number) =>
		sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
	const round = (n: number) => Math.round(n * 100) / 100;
	return {
		count: sorted.length,
		p50: round(at(0.5)),
		p95: round(at(0.95)),
		mean: round(sorted.reduce((s, v) => s + v, 0) / Math.max(1, sorted.length)),
		max: round(sorted.at(-1) ?? 0)
	};
}

function summariseMeasured(samples: Sample[]): Measured {
	const timed = samples.filter((s) => s.sqlMs !== null);
	const statements = timed.map((s) => s.statements!).sort((a, b) => a - b);
	return {
		...summarise(samples.map((s) => s.ms)),
		sql: timed.length === samples.length ? summarise(timed.map((s) => s.sqlMs!)) : null,
		statements: statements.length ? statements[Math.floor(statements.length / 2)] : null
	};
}

/** `warmup` unmeasured requests, then `count` one after the other. */
export async function measureSequential(
	target: Target,
	count: number,
	warmup = 20
): Promise<Measured> {
	const agent = new Agent({ keepAlive: true, maxSockets: 1 });
	try {
		for (let i = 0; i < warmup; i++) await get(agent, target);
		const samples: Sample[] = [];
		for (let i = 0; i < count; i++) samples.push(await get(agent, target));
		return summariseMeasured(samples);
	} finally {
		agent.destroy();
	}
}

/** `workers` clients, each sending its next request as soon as the previous one is answered. */
export async function measureConcurrent(
	target: Target,
	workers: number,
	seconds: number
): Promise<Throughput> {
	const agent = new Agent({ keepAlive: true, maxSockets: workers });
	const samples: number[] = [];
	const deadline = Date.now() + seconds * 1000;
	const started = process.hrtime.bigint();
	try {
		await Promise.all(
			Array.from({ length: workers }, async () => {
				while (Date.now() < deadline) samples.push((await get(agent, target)).ms);
			})
		);
	} finally {
		agent.destroy();
	}
	const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
	return {
		...summarise(samples),
		workers,
		seconds: Math.round(elapsed * 100) / 100,
		requestsPerSecond: Math.round((samples.length / elapsed) * 10) / 10
	};
}

/** Milliseconds of an async function, repeated: for in-process timings (raw SQL, services). */
export async function timeRepeated(
	fn: () => Promise<unknown>,
	count: number,
	warmup = 10
): Promise<Latency> {
	for (let i = 0; i < warmup; i++) await fn();
	const samples: number[] = [];
	for (let i = 0; i < count; i++) {
		const started = process.hrtime.bigint();
		await fn();
		samples.push(Number(process.hrtime.bigint() - started) / 1e6);
	}
	return summarise(samples);
}
