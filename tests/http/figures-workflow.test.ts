import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTargetDb } from '../support/database';
import { DEMO } from '../support/auth';
import { startServer, type RunningServer } from '../support/server';
import { createTokens } from '../support/tokens';

// The reporting workflow over HTTP on the built server: draft → submitted → sent back →
// resubmitted → validated; edits refused after closing; reopening by the administrator.

const SCHEME = 'haute-vienne-2017-2021';
let server: RunningServer;
let tokens: Record<'admin' | 'cafPilot', string>;

type Line = {
	key: string;
	indicatorId: number;
	unit: string;
	previous: { value: number | null } | null;
	commentRequired: boolean;
	figure: { id: number; version: number; status: string; reviewerComment: string | null } | null;
};
type Sheet = { status: string; progress: Record<string, number>; lines: Line[] };

beforeAll(async () => {
	server = await startServer();
	tokens = await createTokens(server, { admin: DEMO.admin, cafPilot: DEMO.cafPilot });
});
afterAll(async () => server?.stop());

async function call(
	method: string,
	path: string,
	token: string,
	body?: unknown,
	headers: Record<string, string> = {}
) {
	const response = await fetch(`${server.url}${path}`, {
		method,
		headers: {
			Authorization: `Bearer ${token}`,
			...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
			...headers
		},
		body: body !== undefined ? JSON.stringify(body) : undefined
	});
	return {
		status: response.status,
		etag: response.headers.get('etag'),
		body: await response.json()
	};
}

const fiche = (n: string, period = '2019') =>
	`/api/schemes/${SCHEME}/fiches/${n}/periods/${period}`;
const value = (n: string, indicatorId: number, period = '2019') =>
	`/api/schemes/${SCHEME}/fiches/${n}/indicators/${indicatorId}/values/${period}`;
const getSheet = async (n: string, token = tokens.admin): Promise<Sheet> =>
	(await call('GET', fiche(n), token)).body.sheet;
const versionsOf = (sheet: Sheet) =>
	Object.fromEntries(
		sheet.lines.filter((l) => l.figure).map((l) => [String(l.figure!.id), l.figure!.version])
	);

describe('reporting workflow over HTTP', () => {
	it('takes fiche 35 from empty to validated, through a send-back, with the whole story in the history', async () => {
		let sheet = await getSheet('35', tokens.cafPilot);
		expect(sheet.status).toBe('a_saisir');
		expect(sheet.lines.every((l) => l.figure === null)).toBe(true);

		// Draft: every line, keeping close to 2018 except one line that jumps (comment needed).
		const numbers = sheet.lines.filter((l) => l.unit === 'nombre');
		const jumper = numbers[0];
		for (const line of sheet.lines) {
			const body =
				line.unit === 'oui_non'
					? { value: true }
					: {
							value:
								line === jumper
									? Math.round((line.previous?.value ?? 10) * 3) + 1
									: (line.previous?.value ?? 10)
						};
			const saved = await call('PUT', value('35', line.indicatorId), tokens.cafPilot, body);
			expect(saved.status, JSON.stringify(saved.body)).toBe(201);
		}
		sheet = await getSheet('35', tokens.cafPilot);
		expect(sheet.status).toBe('en_cours');
		expect(sheet.lines.find((l) => l.key === jumper.key)!.commentRequired).toBe(true);

		// Submission refused until the jump is explained; nothing changes meanwhile.
		const refused = await call('POST', `${fiche('35')}/submit`, tokens.cafPilot);
		expect(refused.status).toBe(400);
		expect(refused.body.error.fields).toEqual({
			[`comment.${jumper.key}`]: expect.stringContaining('50 %')
		});
		const jumperFigure = sheet.lines.find((l) => l.key === jumper.key)!.figure!;
		const explained = await call(
			'PUT',
			value('35', jumper.indicatorId),
			tokens.cafPilot,
			{
				value: Math.round((jumper.previous?.value ?? 10) * 3) + 1,
				comment: 'Nouvelle campagne d’affichage.'
			},
			{ 'If-Match': `"${jumperFigure.version}"` }
		);
		expect(explained.status).toBe(200);

		// Submitted.
		const submitted = await call('POST', `${fiche('35')}/submit`, tokens.cafPilot);
		expect(submitted.status).toBe(200);
		expect(submitted.body).toMatchObject({
			submitted: sheet.lines.length,
			sheet: { status: 'soumis' }
		});
		const afterSubmit = await call(
			'PUT',
			value('35', jumper.indicatorId),
			tokens.cafPilot,
			{ value: 1 },
			{ 'If-Match': `"${jumperFigure.version + 2}"` }
		);
		expect(afterSubmit.status).toBe(409);
		expect(
			(await call('POST', `${fiche('35')}/review`, tokens.cafPilot, { comments: {}, versions: {} }))
				.status
		).toBe(403);

		// Sent back: one figure with a comment, the others validated.
		const seen = await getSheet('35');
		const target = seen.lines.find((l) => l.key === numbers[1].key)!;
		const review = await call('POST', `${fiche('35')}/review`, tokens.admin, {
			comments: { [target.figure!.id]: 'Ce nombre paraît faible : vérifiez la source.' },
			versions: versionsOf(seen)
		});
		expect(review.status, JSON.stringify(review.body)).toBe(200);
		expect(review.body).toMatchObject({
			validated: sheet.lines.length - 1,
			sentBack: 1,
			sheet: { status: 'renvoye' }
		});

		// The pilot sees the comment, corrects and resubmits.
		const back = await call('GET', value('35', target.indicatorId), tokens.cafPilot);
		expect(back.body.figure).toMatchObject({
			status: 'renvoye',
			reviewerComment: 'Ce nombre paraît faible : vérifiez la source.'
		});
		const corrected = await call(
			'PUT',
			value('35', target.indicatorId),
			tokens.cafPilot,
			{ value: (target.previous?.value ?? 10) + 1 },
			{ 'If-Match': back.etag! }
		);
		expect(corrected.status).toBe(200);
		const resubmitted = await call('POST', `${fiche('35')}/submit`, tokens.cafPilot);
		expect(resubmitted.body).toMatchObject({ submitted: 1, sheet: { status: 'soumis' } });

		// Validated.
		const final = await call('POST', `${fiche('35')}/review`, tokens.admin, {
			comments: {},
			versions: versionsOf(await getSheet('35'))
		});
		expect(final.status).toBe(200);
		expect(final.body.sheet).toMatchObject({
			status: 'valide',
			progress: { expected: sheet.lines.length, validated: sheet.lines.length }
		});

		// History: who did what, in order, with old → new values.
		const db = openTargetDb(server);
		try {
			const events = await db
				.selectFrom('audit_event')
				.select(['action', 'actor', 'changes'])
				.where('entity_type', '=', 'figure')
				.where('entity_id', '=', target.figure!.id)
				.orderBy('id')
				.execute();
			expect(events.map((e) => e.action)).toEqual([
				'create',
				'submit',
				'send_back',
				'update',
				'submit',
				'validate'
			]);
			expect(events.map((e) => e.actor)).toEqual([
				'CAF 87 — Marie Dupont',
				'CAF 87 — Marie Dupont',
				'CAF 87 — Claire Coordination',
				'CAF 87 — Marie Dupont',
				'CAF 87 — Marie Dupont',
				'CAF 87 — Claire Coordination'
			]);
			expect(JSON.parse(events[3].changes).value).toEqual({
				old: target.previous?.value ?? 10,
				new: (target.previous?.value ?? 10) + 1
			});
		} finally {
			await db.destroy();
		}
	});

	it('refuses edits after closing, and lets the administrator reopen the period with a reason', async () => {
		const period = `/api/schemes/${SCHEME}/periods/2019`;
		const current = await call('GET', period, tokens.admin);
		expect(current.body.period).toMatchObject({ state: 'ouverte' });
		expect(
			(
				await call(
					'PATCH',
					period,
					tokens.cafPilot,
					{ state: 'close' },
					{ 'If-Match': current.etag! }
				)
			).status
		).toBe(403);
		expect((await call('PATCH', period, tokens.admin, { state: 'close' })).status).toBe(428);
		const closed = await call(
			'PATCH',
			period,
			tokens.admin,
			{ state: 'close' },
			{ 'If-Match': current.etag! }
		);
		expect(closed.status).toBe(200);
		expect(closed.body.period.state).toBe('close');

		// Fiche 23 (CAF 87) has nothing yet for 2019: writing is refused while closed.
		const line = (await getSheet('23')).lines.find((l) => l.unit === 'nombre' && !l.figure)!;
		const refused = await call('PUT', value('23', line.indicatorId), tokens.cafPilot, { value: 5 });
		expect(refused.status).toBe(423);
		expect(refused.body.error.code).toBe('locked');
		expect((await call('POST', `${fiche('23')}/submit`, tokens.cafPilot)).status).toBe(423);

		const noReason = await call(
			'PATCH',
			period,
			tokens.admin,
			{ state: 'ouverte' },
			{ 'If-Match': closed.etag! }
		);
		expect(noReason.status).toBe(400);
		expect(noReason.body.error.fields.reason).toBe('Indiquez la raison de la réouverture.');
		const stale = await call(
			'PATCH',
			period,
			tokens.admin,
			{ state: 'ouverte', reason: 'x' },
			{ 'If-Match': current.etag! }
		);
		expect(stale.status).toBe(412);
		const reopened = await call(
			'PATCH',
			period,
			tokens.admin,
			{ state: 'ouverte', reason: 'Chiffres CAF arrivés en retard' },
			{ 'If-Match': closed.etag! }
		);
		expect(reopened.status).toBe(200);
		expect(reopened.body.period.state).toBe('ouverte');
		expect(
			(await call('PUT', value('23', line.indicatorId), tokens.cafPilot, { value: 5 })).status
		).toBe(201);

		const db = openTargetDb(server);
		try {
			const events = await db
				.selectFrom('audit_event')
				.select(['action', 'reason', 'changes'])
				.where('entity_type', '=', 'period')
				.orderBy('id', 'desc')
				.limit(2)
				.execute();
			expect(events[0]).toMatchObject({
				action: 'reopen',
				reason: 'Chiffres CAF arrivés en retard'
			});
			expect(JSON.parse(events[0].changes)).toEqual({ state: { old: 'close', new: 'ouverte' } });
			expect(events[1]).toMatchObject({ action: 'state' });
		} finally {
			await db.destroy();
		}
	});
});
