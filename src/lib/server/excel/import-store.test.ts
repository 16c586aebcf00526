import { mkdtempSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planDocumentSchema } from '$lib/domain/plan-document';
import { fixturePlan } from '../plan/plan.fixture';
import {
	PENDING_IMPORT_TTL_MS,
	discardPendingImport,
	isImportToken,
	loadPendingImport,
	purgeExpiredImports,
	savePendingImport
} from './import-store';
import { reloadConfig } from '../config';

const doc = planDocumentSchema.parse(fixturePlan);
const at = { sheet: 'Schéma', row: 2, column: 'B' };
let folder: string;
const previous = process.env.IMPORT_TEMP_DIR;

beforeAll(() => {
	folder = mkdtempSync(join(tmpdir(), 'sdsf-import-store-'));
	process.env.IMPORT_TEMP_DIR = folder;
	reloadConfig();
});
afterAll(() => {
	if (previous === undefined) delete process.env.IMPORT_TEMP_DIR;
	else process.env.IMPORT_TEMP_DIR = previous;
	reloadConfig();
	rmSync(folder, { recursive: true, force: true });
});

const files = () => readdirSync(join(folder, 'pilotage-sdsf-imports'));

describe('pending imports between preview and confirmation', () => {
	it('keeps the checked plan for the user who uploaded it, in a private file not named after the token', async () => {
		const token = await savePendingImport(7, 'plan.xlsx', doc, at);
		expect(isImportToken(token)).toBe(true);
		const pending = await loadPendingImport(7, token);
		expect(pending).toMatchObject({ userId: 7, fileName: 'plan.xlsx', slugCell: at });
		expect(pending!.doc).toStrictEqual(doc);
		const [name] = files();
		expect(name).not.toContain(token);
		expect(name).toMatch(/^[0-9a-f]{64}\.json$/);
		expect(statSync(join(folder, 'pilotage-sdsf-imports', name)).mode & 0o077).toBe(0);
		await discardPendingImport(token);
		expect(await loadPendingImport(7, token)).toBeNull();
	});

	it('refuses another user, a forged token and a path in place of a token', async () => {
		const token = await savePendingImport(7, 'plan.xlsx', doc, at);
		expect(await loadPendingImport(8, token)).toBeNull();
		expect(
			await loadPendingImport(
				7,
				token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))
			)
		).toBeNull();
		expect(await loadPendingImport(7, '../../etc/passwd')).toBeNull();
		expect(await loadPendingImport(7, undefined)).toBeNull();
		expect(await loadPendingImport(7, token)).not.toBeNull();
		await discardPendingImport(token);
	});

	it('forgets an import after an hour', async () => {
		const token = await savePendingImport(7, 'plan.xlsx', doc, at);
		const [name] = files();
		const old = (Date.now() - PENDING_IMPORT_TTL_MS - 60_000) / 1000;
		utimesSync(join(folder, 'pilotage-sdsf-imports', name), old, old);
		await purgeExpiredImports();
		expect(files()).toEqual([]);
		expect(await loadPendingImport(7, token)).toBeNull();
	});
});
