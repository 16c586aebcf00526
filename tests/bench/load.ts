import { Agent, request } from 'node:http';

// A small load generator on keep-alive connections: N sequential requests for the latency of one
// client, then W concurrent clients for a fixed time for the throughput. No dependency.

export type Latency = { count: number; p50: number; p95: number; mean: number; max: number };
export type Throughput = Latency & { workers: number; seconds: number; requestsPerSecond: number };

export type Target = { url: string; headers?: Record<string, string> };

/**
 * Milliseconds of one GET, body read to the end; throws on any status but 200. A connection the
 * server closed while idle (keep-alive race) is retried once, as browsers do for a GET.
 */
async function get(agent: Agent, target: Target): Promise<number> {
	try {
		return await getOnce(agent, target);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') throw error;
		return getOnce(agent, target);
	}
}

function getOnce(agent: Agent, target: Target): Promise<number> {
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
					else resolve(Number(process.hrtime.bigint() - started) / 1e6);
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

/** `warmup` unmeasured requests, then `count` one after the other. */
export async function measureSequential(
	target: Target,
	count: number,
	warmup = 20
): Promise<Latency> {
	const agent = new Agent({ keepAlive: true, maxSockets: 1 });
	try {
		for (let i = 0; i < warmup; i++) await get(agent, target);
		const samples: number[] = [];
		for (let i = 0; i < count; i++) samples.push(await get(agent, target));
		return summarise(samples);
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
				while (Date.now() < deadline) samples.push(await get(agent, target));
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
