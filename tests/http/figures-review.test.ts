import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTargetDb } from '../support/database';
import { DEMO } from '../support/auth';
import { startServer, type RunningServer } from '../support/server';
import { createTokens } from '../support/tokens';

// Review figure by figure over HTTP (issue 14): validate one, send one back with its reason, undo a
// validation while the period is open, the deprecated shape still accepted; a pilot withdraws a
// submission not yet reviewed. Fiche 35 of the Haute-Vienne scheme, period 2019 (empty in the demo).

const SCHEME = 'haute-vienne-2017-2021';
let server: RunningServer;
let tokens: Record<'admin' | 'cafPilot' | 'reader', string>;

type Line = {
	key: string;
	indicatorId: number;
	unit: string;
	previous: { value: number | null } | null;
	figure: { id: number; version: number; status: string; reviewerComment: string | null } | null;
};
type Sheet = { status: string; progress: Record<string, number>; lines: Line[] };

beforeAll(async () => {
	server = await startServer();
	tokens = await createTokens(server, {
		admin: DEMO.admin,
		cafPilot: DEMO.cafPilot,
		reader: DEMO.reader
	});
});
afterAll(async () => server?.stop());

async function call(method: string, path: string, token: string, body?: unknown) {
	const response = await fetch(`${server.url}${path}`, {
		method,
		headers: {
			Authorization: `Bearer ${token}`,
			...(body !== undefined ? { 'Content-Type': 'application/json' } : {})
		},
		body: body !== undefined ? JSON.stringify(body) : undefined
	});
	return { status: response.status, body: await response.json() };
}

const sheetPath = `/api/schemes/${SCHEME}/fiches/35/periods/2019`;
const valuePath = (indicatorId: number) =>
	`/api/schemes/${SCHEME}/fiches/35/indicators/${indicatorId}/values/2019`;
const getSheet = async (token = tokens.admin): Promise<Sheet> =>
	(await call('GET', sheetPath, token)).body.sheet;
const figureOf = (sheet: Sheet, key: string) => sheet.lines.find((l) => l.key === key)!.figure!;

async function enterAndSubmit() {
	const sheet = await getSheet(tokens.cafPilot);
	for (const line of sheet.lines) {
		if (line.figure) continue;
		const body = line.unit === 'oui_non' ? { value: true } : { value: line.previous?.value ?? 10 };
		const saved = await call('PUT', valuePath(line.indicatorId), tokens.cafPilot, body);
		expect(saved.status, JSON.stringify(saved.body)).toBe(201);
	}
	const submitted = await call('POST', `${sheetPath}/submit`, tokens.cafPilot);
	expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
	return submitted.body.sheet as Sheet;
}

async function eventsOf(figureId: number) {
	const db = openTargetDb(server);
	try {
		return await db
			.selectFrom('audit_event')
			.select(['action', 'changes'])
			.where('entity_type', '=', 'figure')
			.where('entity_id', '=', figureId)
			.orderBy('id')
			.execute();
	} finally {
		await db.destroy();
	}
}

describe('per-figure review over HTTP', () => {
	it('withdraws a submission not yet reviewed, back to drafts, and refuses a reader', async () => {
		const submitted = await enterAndSubmit();
		expect(submitted.status).toBe('soumis');
		expect((await call('POST', `${sheetPath}/withdraw`, tokens.reader)).status).toBe(403);

		const withdrawn = await call('POST', `${sheetPath}/withdraw`, tokens.cafPilot);
		expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
		expect(withdrawn.body.withdrawn).toBe(submitted.lines.length);
		expect(withdrawn.body.sheet.status).toBe('en_cours');
		expect(
			(withdrawn.body.sheet as Sheet).lines.every((l) => l.figure?.status === 'brouillon')
		).toBe(true);
		const first = submitted.lines[0];
		expect((await eventsOf(first.figure!.id)).map((e) => e.action)).toEqual([
			'create',
			'submit',
			'withdraw'
		]);

		// Nothing left to withdraw: a 400 that says why.
		const again = await call('POST', `${sheetPath}/withdraw`, tokens.cafPilot);
		expect(again.status).toBe(400);
		expect(again.body.error.message).toContain('rien à retirer');
	});

	it('validates one figure, sends another back with its reason, and undoes a validation', async () => {
		const sheet = await enterAndSubmit();
		const [one, two, three] = sheet.lines;
		const decide = (decisions: unknown[], token = tokens.admin) =>
			call('POST', `${sheetPath}/review`, token, { decisions });

		// A pilot cannot review; a send-back needs its reason; a wrong version is a conflict.
		expect(
			(
				await decide(
					[{ figureId: one.figure!.id, version: one.figure!.version, decision: 'validate' }],
					tokens.cafPilot
				)
			).status
		).toBe(403);
		const noReason = await decide([
			{ figureId: two.figure!.id, version: two.figure!.version, decision: 'send_back' }
		]);
		expect(noReason.status).toBe(400);
		expect(noReason.body.error.fields['decisions.0']).toContain('raison du renvoi');
		const stale = await decide([
			{ figureId: one.figure!.id, version: one.figure!.version - 1, decision: 'validate' }
		]);
		expect(stale.status).toBe(409);
		const badShape = await decide([{ figureId: one.figure!.id, decision: 'approve' }]);
		expect(badShape.status).toBe(400);

		// One validated, one sent back: the third stays submitted.
		const decided = await decide([
			{ figureId: one.figure!.id, version: one.figure!.version, decision: 'validate' },
			{
				figureId: two.figure!.id,
				version: two.figure!.version,
				decision: 'send_back',
				comment: 'Source à préciser.\r\n'
			}
		]);
		expect(decided.status, JSON.stringify(decided.body)).toBe(200);
		expect(decided.body).toMatchObject({ validated: 1, sentBack: 1, undone: 0 });
		const after = decided.body.sheet as Sheet;
		expect(figureOf(after, one.key).status).toBe('valide');
		expect(figureOf(after, two.key)).toMatchObject({
			status: 'renvoye',
			reviewerComment: 'Source à préciser.'
		});
		expect(figureOf(after, three.key).status).toBe('soumis');

		// Validating a figure already validated is refused, and says why.
		const twice = await decide([
			{ figureId: one.figure!.id, version: figureOf(after, one.key).version, decision: 'validate' }
		]);
		expect(twice.status).toBe(400);
		expect(twice.body.error.fields['decisions.0']).toContain('Seul un chiffre soumis');

		// Undo: back to « soumis », in the history.
		const undone = await decide([
			{
				figureId: one.figure!.id,
				version: figureOf(after, one.key).version,
				decision: 'undo_validation'
			}
		]);
		expect(undone.status, JSON.stringify(undone.body)).toBe(200);
		expect(undone.body).toMatchObject({ validated: 0, sentBack: 0, undone: 1 });
		expect(figureOf(undone.body.sheet, one.key).status).toBe('soumis');
		expect((await eventsOf(one.figure!.id)).map((e) => e.action)).toEqual([
			'create',
			'submit',
			'withdraw',
			'submit',
			'validate',
			'unvalidate'
		]);

		// The deprecated shape still validates the other submitted figures.
		const current = await getSheet();
		const versions = Object.fromEntries(
			current.lines.filter((l) => l.figure).map((l) => [String(l.figure!.id), l.figure!.version])
		);
		const legacy = await call('POST', `${sheetPath}/review`, tokens.admin, {
			comments: {},
			versions
		});
		expect(legacy.status, JSON.stringify(legacy.body)).toBe(200);
		expect(legacy.body.validated).toBe(sheet.lines.length - 1);
		expect(figureOf(legacy.body.sheet, two.key).status).toBe('renvoye');
	});

	it('documents the per-figure shape and marks the old one deprecated', async () => {
		const doc = await (await fetch(`${server.url}/api/openapi.json`)).json();
		const schemas = doc.components.schemas;
		expect(schemas.ReviewDecision.properties.decision.enum).toEqual([
			'validate',
			'send_back',
			'undo_validation'
		]);
		expect(schemas.LegacyReviewInput.deprecated).toBe(true);
		expect(doc.paths['/api/schemes/{slug}/fiches/{number}/periods/{period}/withdraw']).toBeTruthy();
	});
});
