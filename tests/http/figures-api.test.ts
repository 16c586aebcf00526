import Ajv2020 from 'ajv/dist/2020';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTargetDb } from '../support/database';
import { DEMO, signIn } from '../support/auth';
import { startServer, type RunningServer } from '../support/server';
import { createTokens } from '../support/tokens';

// The figures API over HTTP against the built server: tokens, If-Match / 412, locks, 401 / 403.

const SCHEME = 'haute-vienne-2017-2021';
let server: RunningServer;
let tokens: Record<'admin' | 'cafPilot' | 'cdPilot' | 'reader', string>;
let validate: (name: string, body: unknown) => void;

type SheetLine = {
	key: string;
	indicatorId: number;
	unit: string;
	breakdown: { id: number; label: string } | null;
	figure: { id: number; version: number; status: string } | null;
	editable: boolean;
};

beforeAll(async () => {
	server = await startServer();
	tokens = await createTokens(server, {
		admin: DEMO.admin,
		cafPilot: DEMO.cafPilot,
		cdPilot: DEMO.cdPilot,
		reader: DEMO.reader
	});
	const spec = await (await fetch(`${server.url}/api/openapi.json`)).json();
	const ajv = new Ajv2020({ strict: false, allErrors: true });
	ajv.addSchema({ $id: 'spec', components: spec.components });
	validate = (name, body) => {
		const check = ajv.getSchema(`spec#/components/schemas/${name}`)!;
		expect(check(body), JSON.stringify(check.errors?.slice(0, 3))).toBe(true);
	};
});
afterAll(async () => server?.stop());

function call(
	method: string,
	path: string,
	options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}
) {
	return fetch(`${server.url}${path}`, {
		method,
		headers: {
			...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
			...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
			...options.headers
		},
		body: options.body !== undefined ? JSON.stringify(options.body) : undefined
	});
}

const valuePath = (fiche: string, indicatorId: number, period = '2019', breakdown?: string) =>
	`/api/schemes/${SCHEME}/fiches/${fiche}/indicators/${indicatorId}/values/${period}${breakdown ? `?breakdown=${encodeURIComponent(breakdown)}` : ''}`;

async function sheet(fiche: string, token = tokens.admin, period = '2019'): Promise<SheetLine[]> {
	const response = await call('GET', `/api/schemes/${SCHEME}/fiches/${fiche}/periods/${period}`, {
		token
	});
	expect(response.status).toBe(200);
	const body = await response.json();
	validate('SheetResponse', body);
	return body.sheet.lines;
}

describe('figures API', () => {
	it('documents the new paths in the OpenAPI file', async () => {
		const spec = await (await fetch(`${server.url}/api/openapi.json`)).json();
		expect(Object.keys(spec.paths)).toEqual(
			expect.arrayContaining([
				'/api/schemes/{slug}/fiches/{number}/indicators/{indicatorId}/values/{period}',
				'/api/schemes/{slug}/fiches/{number}/periods/{period}',
				'/api/schemes/{slug}/periods/{period}'
			])
		);
		expect(
			spec.paths['/api/schemes/{slug}/fiches/{number}/indicators/{indicatorId}/values/{period}'].put
				.responses
		).toHaveProperty('412');
	});

	it('answers 404 without a session or token (the scheme is private), and 401 to a bad token', async () => {
		const lines = await sheet('35');
		const path = valuePath('35', lines[1].indicatorId);
		for (const response of [
			await call('GET', path),
			await call('PUT', path, { body: { value: 3 } })
		]) {
			expect(response.status).toBe(404);
			expect((await response.json()).error.code).toBe('not_found');
		}
		const bad = await call('GET', path, { token: 'sdsf_faux' });
		expect(bad.status).toBe(401);
		expect((await bad.json()).error.code).toBe('unauthorized');
	});

	it('creates a figure with a token, then demands If-Match with its version (428, 412, 200)', async () => {
		const line = (await sheet('35')).find((l) => l.unit === 'nombre' && !l.figure)!;
		const path = valuePath('35', line.indicatorId);
		expect((await call('GET', path, { token: tokens.cafPilot })).status).toBe(404);

		const created = await call('PUT', path, {
			token: tokens.cafPilot,
			body: { value: '1 234', comment: 'Chiffre du SI CAF.' }
		});
		expect(created.status).toBe(201);
		expect(created.headers.get('etag')).toBe('"1"');
		const body = await created.json();
		validate('FigurePutResponse', body);
		expect(body.figure).toMatchObject({
			value: 1234,
			display: '1\u202f234',
			status: 'brouillon',
			version: 1,
			updatedBy: 'Marie Dupont',
			demo: false
		});

		const read = await call('GET', path, { token: tokens.cafPilot });
		expect(read.status).toBe(200);
		expect(read.headers.get('etag')).toBe('"1"');
		validate('FigureResponse', await read.json());

		const missing = await call('PUT', path, { token: tokens.cafPilot, body: { value: 1300 } });
		expect(missing.status).toBe(428);
		expect((await missing.json()).error.code).toBe('precondition_required');

		const stale = await call('PUT', path, {
			token: tokens.cafPilot,
			body: { value: 1300 },
			headers: { 'If-Match': '"7"' }
		});
		expect(stale.status).toBe(412);
		expect(stale.headers.get('etag')).toBe('"1"');
		const staleBody = await stale.json();
		validate('Error', staleBody);
		expect(staleBody).toMatchObject({ error: { code: 'precondition_failed' }, currentVersion: 1 });

		const updated = await call('PUT', path, {
			token: tokens.cafPilot,
			body: { value: 1300 },
			headers: { 'If-Match': '"1"' }
		});
		expect(updated.status).toBe(200);
		expect(updated.headers.get('etag')).toBe('"2"');
		expect((await updated.json()).figure).toMatchObject({ value: 1300, comment: null, version: 2 });

		// If-Match on a figure that does not exist yet is a failed precondition, not a creation.
		const other = (await sheet('35')).find((l) => l.unit === 'nombre' && !l.figure)!;
		expect(
			(
				await call('PUT', valuePath('35', other.indicatorId), {
					token: tokens.cafPilot,
					body: { value: 1 },
					headers: { 'If-Match': '"1"' }
				})
			).status
		).toBe(412);

		// Every write is in the append-only history, attributed to the token's owner.
		const db = openTargetDb(server);
		try {
			const figureId = (
				await db
					.selectFrom('figure')
					.innerJoin('reporting_period', 'reporting_period.id', 'figure.period_id')
					.select('figure.id')
					.where('figure.indicator_id', '=', line.indicatorId)
					.where('reporting_period.code', '=', '2019')
					.executeTakeFirstOrThrow()
			).id;
			const byId = await db
				.selectFrom('audit_event')
				.select(['action', 'actor'])
				.where('entity_type', '=', 'figure')
				.where('entity_id', '=', figureId)
				.orderBy('id')
				.execute();
			expect(byId.map((e) => e.action)).toEqual(['create', 'update']);
			expect(byId[0].actor).toBe('CAF 87 — Marie Dupont');
		} finally {
			await db.destroy();
		}
	});

	it('refuses pilots of other organisations and readers (403)', async () => {
		const line = (await sheet('35')).find((l) => l.unit === 'oui_non')!;
		for (const token of [tokens.cdPilot, tokens.reader]) {
			const response = await call('PUT', valuePath('35', line.indicatorId), {
				token,
				body: { value: true }
			});
			expect(response.status).toBe(403);
			expect((await response.json()).error.code).toBe('forbidden');
		}
	});

	it('answers 400 with a French message per field', async () => {
		const line = (await sheet('35')).find((l) => l.unit === 'nombre' && !l.figure)!;
		const cases: [unknown, string, string][] = [
			[{ value: '12,5' }, 'value', 'entier'],
			[{ value: '١٢' }, 'value', 'chiffres 0 à 9'],
			[{ value: '1e309' }, 'value', 'scientifique'],
			[{ value: -3 }, 'value', 'négatif'],
			[{ value: 3, notAvailable: true }, 'value', 'non disponible'],
			[{ value: 3, extra: 1 }, '_form', '']
		];
		for (const [body, field, fragment] of cases) {
			const response = await call('PUT', valuePath('35', line.indicatorId), {
				token: tokens.cafPilot,
				body
			});
			expect(response.status, JSON.stringify(body)).toBe(400);
			const answer = await response.json();
			validate('Error', answer);
			expect(answer.error.code).toBe('bad_request');
			if (field !== '_form') expect(answer.error.fields[field]).toContain(fragment);
		}
		const notJson = await fetch(`${server.url}${valuePath('35', line.indicatorId)}`, {
			method: 'PUT',
			headers: { Authorization: `Bearer ${tokens.cafPilot}`, 'Content-Type': 'application/json' },
			body: '{oops'
		});
		expect(notJson.status).toBe(400);
		// "Non disponible" is accepted, and is not zero.
		const na = await call('PUT', valuePath('35', line.indicatorId), {
			token: tokens.cafPilot,
			body: { notAvailable: true, comment: 'Pas encore de chiffre.' }
		});
		expect(na.status).toBe(201);
		expect((await na.json()).figure).toMatchObject({
			value: null,
			notAvailable: true,
			display: 'Non disponible'
		});
	});

	it('addresses the breakdown value by label, and explains when it is missing', async () => {
		const lines = await sheet('31');
		// Fiche 31's breakdown is « par département » (territories): labels are their names.
		const split = lines.find((l) => l.breakdown?.label === 'Haute-Vienne' && !l.figure)!;
		const missing = await call('PUT', valuePath('31', split.indicatorId), {
			token: tokens.admin,
			body: { value: 4 }
		});
		expect(missing.status).toBe(400);
		expect((await missing.json()).error.fields.breakdown).toContain('Corrèze');
		const created = await call('PUT', valuePath('31', split.indicatorId, '2019', 'haute-vienne'), {
			token: tokens.admin,
			body: { value: 4 }
		});
		expect(created.status).toBe(201);
		expect((await created.json()).figure.breakdown).toEqual({
			id: split.breakdown!.id,
			label: 'Haute-Vienne',
			territoryCode: '87'
		});
		const byId = await call(
			'GET',
			valuePath('31', split.indicatorId, '2019', String(split.breakdown!.id)),
			{ token: tokens.admin }
		);
		expect((await byId.json()).figure.value).toBe(4);
		expect(
			(
				await call('GET', valuePath('31', split.indicatorId, '2019', 'Bretagne'), {
					token: tokens.admin
				})
			).status
		).toBe(400);
		expect((await call('GET', valuePath('31', 999999), { token: tokens.admin })).status).toBe(404);
		expect(
			(await call('GET', valuePath('31', split.indicatorId, '2031'), { token: tokens.admin }))
				.status
		).toBe(404);
	});

	it('refuses writes in a validated period (423) and on a submitted figure (409)', async () => {
		const validated = (await sheet('35', tokens.admin, '2018')).find((l) => l.figure)!;
		const locked = await call('PUT', valuePath('35', validated.indicatorId, '2018'), {
			token: tokens.cafPilot,
			body: { value: 1 },
			headers: { 'If-Match': `"${validated.figure!.version}"` }
		});
		expect(locked.status).toBe(423);
		expect((await locked.json()).error).toMatchObject({
			code: 'locked',
			message: expect.stringContaining('close')
		});

		// Fiche 20 (CAF 87) was submitted in the demo: it waits for the coordinator.
		const submitted = (await sheet('20')).find(
			(l) => l.figure?.status === 'soumis' && l.unit === 'nombre'
		)!;
		const path = valuePath(
			'20',
			submitted.indicatorId,
			'2019',
			submitted.breakdown ? String(submitted.breakdown.id) : undefined
		);
		const refused = await call('PUT', path, {
			token: tokens.cafPilot,
			body: { value: 2 },
			headers: { 'If-Match': `"${submitted.figure!.version}"` }
		});
		expect(refused.status).toBe(409);
		expect((await refused.json()).error.message).toContain('soumis');
	});

	it('shows readers validated figures only', async () => {
		const lines = await sheet('20', tokens.reader);
		expect(lines.every((l) => l.figure === null || l.figure.status === 'valide')).toBe(true);
		const validated = await sheet('20', tokens.reader, '2018');
		expect(validated.filter((l) => l.figure).length).toBeGreaterThan(0);
		// A session works as well as a token.
		const cookie = await signIn(server.url, DEMO.reader);
		const response = await fetch(`${server.url}/api/schemes/${SCHEME}/periods`, {
			headers: { Cookie: cookie }
		});
		const body = await response.json();
		validate('PeriodList', body);
		expect(
			body.periods.map((p: { code: string; state: string }) => `${p.code}:${p.state}`)
		).toEqual(['2017:validee', '2018:validee', '2019:ouverte']);
	});
});
