import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { pendingFileStore } from './pending-file-store';
import { reloadConfig } from '../config';

const record = z.object({
	userId: z.number(),
	fileName: z.string(),
	expiresAt: z.number(),
	payload: z.object({ n: z.number() })
});
const store = pendingFileStore<z.output<typeof record>>('sdsf-test-store', (raw) => {
	const parsed = record.safeParse(raw);
	return parsed.success ? parsed.data : null;
});

let folder: string;
const previous = process.env.IMPORT_TEMP_DIR;
beforeAll(() => {
	folder = mkdtempSync(join(tmpdir(), 'sdsf-pending-file-store-'));
	process.env.IMPORT_TEMP_DIR = folder;
	reloadConfig();
});
afterAll(() => {
	if (previous === undefined) delete process.env.IMPORT_TEMP_DIR;
	else process.env.IMPORT_TEMP_DIR = previous;
	reloadConfig();
	rmSync(folder, { recursive: true, force: true });
});

const onlyFile = () => {
	const names = readdirSync(join(folder, 'sdsf-test-store'));
	expect(names).toHaveLength(1);
	return join(folder, 'sdsf-test-store', names[0]);
};

describe('the pending-file store shared by the plan and figures imports', () => {
	it('gives the record back to its owner only, with its expiry an hour ahead', async () => {
		const before = Date.now();
		const token = await store.save({ userId: 3, fileName: 'a.xlsx', payload: { n: 42 } });
		const loaded = await store.load(3, token);
		expect(loaded).toMatchObject({ userId: 3, fileName: 'a.xlsx', payload: { n: 42 } });
		expect(loaded!.expiresAt).toBeGreaterThanOrEqual(before + 60 * 60 * 1000);
		expect(await store.load(4, token)).toBeNull();
		await store.discard(token);
		expect(await store.load(3, token)).toBeNull();
	});

	it('refuses a file its parser rejects', async () => {
		const token = await store.save({ userId: 3, fileName: 'a.xlsx', payload: { n: 1 } });
		const path = onlyFile();
		const stored = JSON.parse(readFileSync(path, 'utf8'));
		writeFileSync(path, JSON.stringify({ ...stored, payload: { n: 'un' } }));
		expect(await store.load(3, token)).toBeNull();
		writeFileSync(path, '{ pas du JSON');
		expect(await store.load(3, token)).toBeNull();
		await store.discard(token);
	});

	it('deletes an expired record when it is asked for', async () => {
		const token = await store.save({ userId: 3, fileName: 'a.xlsx', payload: { n: 1 } });
		const path = onlyFile();
		const stored = JSON.parse(readFileSync(path, 'utf8'));
		writeFileSync(path, JSON.stringify({ ...stored, expiresAt: Date.now() - 1 }));
		expect(await store.load(3, token)).toBeNull();
		expect(readdirSync(join(folder, 'sdsf-test-store'))).toEqual([]);
	});
});
