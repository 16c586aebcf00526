import Ajv2020 from 'ajv/dist/2020';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inferMeasures } from '../../src/lib/domain/indicator-rules';
import { hauteViennePlan } from '../../seeds/haute-vienne-2017-2021';
import { DEMO, signIn } from '../support/auth';
import { HAUTE_VIENNE_FICHE_NUMBERS } from '../support/haute-vienne';
import { startServer, type RunningServer } from '../support/server';

let server: RunningServer;
let cookie: string;
let validate: (name: string, body: unknown) => void;

beforeAll(async () => {
	server = await startServer();
	cookie = await signIn(server.url, DEMO.reader);
	const spec = await (await fetch(`${server.url}/api/openapi.json`)).json();
	const ajv = new Ajv2020({ strict: false, allErrors: true });
	// Register the components so $refs resolve, then validate whole responses against them.
	ajv.addSchema({ $id: 'spec', components: spec.components });
	validate = (name, body) => {
		const check = ajv.getSchema(`spec#/components/schemas/${name}`)!;
		const ok = check(body);
		expect(ok, JSON.stringify(check.errors?.slice(0, 3), null, 1)).toBe(true);
	};
});
afterAll(async () => server?.stop());

const get = (path: string) => fetch(`${server.url}${path}`, { headers: { Cookie: cookie } });
const slug = hauteViennePlan.scheme.slug;

describe('read API', () => {
	it('keeps the private demo scheme from anonymous callers', async () => {
		const list = await (await fetch(`${server.url}/api/schemes`)).json();
		expect(list.schemes.map((s: { slug: string }) => s.slug)).not.toContain(slug);
		for (const path of [`/api/schemes/${slug}`, `/api/schemes/${slug}/fiches/1`]) {
			// A private scheme does not exist for who is not a member: 404, never 401 (issue 12).
			const response = await fetch(`${server.url}${path}`);
			expect(response.status, path).toBe(404);
			expect((await response.json()).error.code).toBe('not_found');
		}
		const bad = await fetch(`${server.url}/api/schemes/${slug}`, {
			headers: { Authorization: 'Bearer sdsf_nope' }
		});
		expect(bad.status).toBe(401);
	});

	it('serves an OpenAPI 3.1 document describing each path', async () => {
		const spec = await (await get('/api/openapi.json')).json();
		expect(spec.openapi).toBe('3.1.0');
		expect(Object.keys(spec.paths)).toEqual(
			expect.arrayContaining([
				'/api/schemes',
				'/api/schemes/{slug}',
				'/api/schemes/{slug}/fiches/{number}'
			])
		);
		for (const [path, operations] of Object.entries(
			spec.paths as Record<string, Record<string, { responses: object }>>
		)) {
			for (const [method, operation] of Object.entries(operations)) {
				if (method === 'parameters') continue;
				expect(Object.keys(operation.responses).length, `${method} ${path}`).toBeGreaterThan(0);
			}
		}
	});

	it('lists the demo scheme with its 20 fiches', async () => {
		const response = await get('/api/schemes');
		expect(response.headers.get('content-type')).toContain('application/json');
		const body = await response.json();
		validate('SchemeList', body);
		expect(body.schemes).toContainEqual(
			expect.objectContaining({
				slug,
				departmentCode: '87',
				startYear: 2017,
				endYear: 2021,
				ficheCount: 20
			})
		);
	});

	it('returns the scheme tree with level labels and fiche summaries', async () => {
		const body = await (await get(`/api/schemes/${slug}`)).json();
		validate('SchemeResponse', body);
		expect(body.scheme.levelLabels).toEqual(['Axe stratégique', 'Axe', 'Objectif']);
		expect(body.scheme.tree.map((n: { code: string }) => n.code)).toEqual([
			'1',
			'2',
			'3',
			'4',
			'5',
			'6'
		]);
		const numbers: string[] = [];
		const walk = (nodes: { fiches: { number: string }[]; children: never[] }[]) =>
			nodes.forEach((n) => {
				numbers.push(...n.fiches.map((f) => f.number));
				walk(n.children);
			});
		walk(body.scheme.tree);
		expect(numbers).toEqual(HAUTE_VIENNE_FICHE_NUMBERS);
	});

	it('returns every field of every fiche as the seed holds it', async () => {
		const fiches = hauteViennePlan.tree.flatMap(function collect(n): NonNullable<typeof n.fiches> {
			return [...(n.fiches ?? []), ...(n.children ?? []).flatMap(collect)];
		});
		for (const seed of fiches) {
			const response = await get(`/api/schemes/${slug}/fiches/${encodeURIComponent(seed.number)}`);
			expect(response.status, seed.number).toBe(200);
			const body = await response.json();
			validate('FicheResponse', body);
			const fiche = body.fiche;
			expect(fiche.title).toBe(seed.title);
			expect(fiche.state).toBe(seed.state);
			expect(fiche.context).toBe(seed.context ?? null);
			expect(fiche.targetPublic).toBe(seed.targetPublic ?? null);
			expect(fiche.schedule).toBe(seed.schedule ?? null);
			expect(fiche.links).toBe(seed.links ?? null);
			expect(fiche.tocTitle).toBe(seed.tocTitle ?? null);
			expect(fiche.pilots.map((p: { label: string }) => p.label)).toEqual(
				(seed.pilots ?? []).map((p) => p.label)
			);
			expect(fiche.partners.map((p: { label: string }) => p.label)).toEqual(
				(seed.partners ?? []).map((p) => p.label)
			);
			type Item = { text: string; children?: Item[] };
			const texts = (items: Item[]): string[] =>
				items.flatMap((i) => [i.text, ...texts(i.children ?? [])]);
			expect(texts(fiche.steps)).toEqual(texts(seed.steps ?? []));
			expect(texts(fiche.results.quantitative)).toEqual(texts(seed.results?.quantitative ?? []));
			expect(texts(fiche.results.qualitative)).toEqual(texts(seed.results?.qualitative ?? []));
			// A line holding several measures becomes one indicator per measure, in order.
			const expected = (seed.indicators ?? []).flatMap((i) => {
				const count = i.measures?.length ?? (i.unit ? 1 : inferMeasures(i.label).length);
				return Array.from({ length: count }, () => [i.label, i.kind]);
			});
			expect(
				fiche.indicators.map((i: { label: string; kind: string }) => [i.label, i.kind])
			).toEqual(expected);
		}
	});

	it('accepts the number as written or as in page addresses', async () => {
		const written = await (await get(`/api/schemes/${slug}/fiches/11%20bis`)).json();
		const slugged = await (await get(`/api/schemes/${slug}/fiches/11-bis`)).json();
		expect(written).toEqual(slugged);
		expect(written.fiche.pilots[0]).toMatchObject({
			label: 'Ville de Limoges',
			organisation: { shortName: expect.any(String), type: 'commune_epci' }
		});
	});

	it('answers JSON 404 for unknown schemes, fiches and paths', async () => {
		for (const path of [
			`/api/schemes/nope`,
			`/api/schemes/${slug}/fiches/999`,
			`/api/nothing/here`
		]) {
			const response = await get(path);
			expect(response.status, path).toBe(404);
			const body = await response.json();
			validate('Error', body);
			expect(body.error.message).toMatch(/Aucun/);
		}
	});
});
