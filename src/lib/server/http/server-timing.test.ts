import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database';
import {
	parseServerTiming,
	recordStatement,
	serverTimingHeader,
	withServerTiming
} from './server-timing';

describe('server timing', () => {
	it('counts the statements of the request it wraps, and of that request only', async () => {
		const { db, sqlite } = openDatabase(':memory:', { onStatement: recordStatement });
		try {
			await db.selectNoFrom((eb) => eb.val(1).as('outside')).execute();
			const response = await withServerTiming(async () => {
				await db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
				await Promise.all([
					db.selectNoFrom((eb) => eb.val(2).as('two')).execute(),
					db.selectNoFrom((eb) => eb.val(3).as('three')).execute()
				]);
				return new Response('ok');
			});
			const timing = parseServerTiming(response.headers.get('server-timing'));
			expect(timing?.statements).toBe(3);
			expect(timing!.sqlMs).toBeGreaterThanOrEqual(0);
			expect(timing!.totalMs).toBeGreaterThanOrEqual(timing!.sqlMs);
		} finally {
			sqlite.close();
		}
	});

	it('times a streamed read once, when its rows are all read', async () => {
		const times: number[] = [];
		const { db, sqlite } = openDatabase(':memory:', { onStatement: (ms) => times.push(ms) });
		try {
			let rows = 0;
			for await (const _ of db.selectNoFrom((eb) => eb.val(1).as('x')).stream()) rows++;
			expect(rows).toBe(1);
			expect(times).toHaveLength(1);
		} finally {
			sqlite.close();
		}
	});

	it('writes a header it reads back', () => {
		const header = serverTimingHeader({ sqlMs: 1.23456, statements: 12 }, 5.5);
		expect(header).toBe('sql;dur=1.235;desc="12", total;dur=5.500');
		expect(parseServerTiming(header)).toEqual({ sqlMs: 1.235, statements: 12, totalMs: 5.5 });
		expect(parseServerTiming(null)).toBeNull();
	});
});
