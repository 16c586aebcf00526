import { openRawDb, type RawDb } from '../support/database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, signIn } from '../support/auth';
import { flatHtml, postForm } from '../support/http';
import { startServer, type RunningServer } from '../support/server';

// Issue 18 through HTTP against the built server (demo mode): the booklet in Word for whoever may
// read the scheme, and « Préparer le schéma suivant » by the API and the form — who may, what is
// copied (plan, fiches, pilots, indicators, links) and what is not (figures, periods), and the old
// scheme left exactly as it was (figures, history); the end-of-scheme bilan written by the
// coordination, read by the members, exported and closing the last period's review pack.

const SCHEME = 'haute-vienne-2017-2021';
const NEXT = 'haute-vienne-2022-2026';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

let server: RunningServer;
let coordinator: string;
let pilot: string;
let reader: string;
let outsider: string;

beforeAll(async () => {
	server = await startServer();
	[coordinator, pilot, reader, outsider] = await Promise.all([
		signIn(server.url, DEMO.admin),
		signIn(server.url, DEMO.cafPilot),
		signIn(server.url, DEMO.reader),
		signIn(server.url, 'coordination.correze@demo.sdsf.fr')
	]);
}, 90_000);
afterAll(async () => {
	await server?.stop();
});

const get = (path: string, cookie?: string) =>
	fetch(`${server.url}${path}`, {
		redirect: 'manual',
		headers: { ...(cookie ? { cookie } : {}), accept: 'text/html' }
	});

const postNext = (body: unknown, cookie?: string) =>
	fetch(`${server.url}/api/schemes/${SCHEME}/next`, {
		method: 'POST',
		headers: {
			origin: server.url,
			'content-type': 'application/json',
			accept: 'application/json',
			...(cookie ? { cookie } : {})
		},
		body: JSON.stringify(body)
	});

async function database<T>(work: (db: RawDb) => Promise<T>): Promise<T> {
	const db = await openRawDb(server);
	try {
		return await work(db);
	} finally {
		await db.close();
	}
}

const schemeState = (slug: string) =>
	database(async (db) => {
		const id = Number(
			(await db.get<{ id: number }>('select id from scheme where slug = ?', slug)).id
		);
		const one = async (query: string) => Number((await db.get<{ n: number }>(query, id)).n);
		return {
			id,
			figures: await db.all(
				`select f.id, f.indicator_id, f.value_number, f.status, f.version from figure f
				 join reporting_period p on p.id = f.period_id where p.scheme_id = ? order by f.id`,
				id
			),
			periods: await one('select count(*) as n from reporting_period where scheme_id = ?'),
			audit: await one('select count(*) as n from audit_event where scheme_id = ?'),
			fiches: await one('select count(*) as n from fiche where scheme_id = ?'),
			version: await one('select version as n from scheme where id = ?')
		};
	});

describe('the booklet in Word', () => {
	it('is downloaded by a member, with a safe file name, and hidden from others', async () => {
		const response = await get(`/schemas/${SCHEME}/export/livret.docx`, reader);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe(DOCX);
		expect(response.headers.get('content-disposition')).toBe(
			`attachment; filename="Livret-des-fiches-actions-${SCHEME}.docx"; filename*=UTF-8''Livret%20des%20fiches%20actions%20%E2%80%93%20${SCHEME}.docx`
		);
		const body = Buffer.from(await response.arrayBuffer());
		expect(body.subarray(0, 2).toString()).toBe('PK');
		const fiche = await get(`/schemas/${SCHEME}/fiches/11-bis/export.docx`, pilot);
		expect(fiche.status).toBe(200);
		expect(fiche.headers.get('content-disposition')).toContain('filename="Fiche-action-11-bis-');
		await fiche.body?.cancel();
		// The Corrèze coordination is no member of this private scheme: as if it did not exist.
		const refused = await get(`/schemas/${SCHEME}/export/livret.docx`, outsider);
		expect(refused.status).toBe(404);
		await refused.body?.cancel();
		expect((await get(`/schemas/${SCHEME}/fiches/999/export.docx`, reader)).status).toBe(404);
	});

	it('is offered on the scheme page and on each fiche', async () => {
		const page = await flatHtml(await get(`/schemas/${SCHEME}`, reader));
		// Links are relative to the page (« ../schemas/… »).
		expect(page).toContain(`schemas/${SCHEME}/export/livret.docx">`);
		expect(page).not.toContain('Préparer le schéma suivant');
		const fiche = await flatHtml(await get(`/schemas/${SCHEME}/fiches/35`, reader));
		expect(fiche).toContain(`schemas/${SCHEME}/fiches/35/export.docx">`);
	});
});

describe('preparing the next scheme', () => {
	it('is refused to readers and pilots (403), to other schemes’ members (404)', async () => {
		const years = { startYear: 2022, endYear: 2026 };
		for (const [who, cookie, status] of [
			['reader', reader, 403],
			['pilot', pilot, 403],
			['outsider', outsider, 404],
			['anonymous', undefined, 404]
		] as const) {
			const response = await postNext(years, cookie);
			expect(response.status, who).toBe(status);
			await response.body?.cancel();
		}
		const page = await get(`/schemas/${SCHEME}/schema-suivant`, reader);
		expect(page.status).toBe(403);
		await page.body?.cancel();
		const form = await postForm(
			server.url,
			`/schemas/${SCHEME}/schema-suivant`,
			{ startYear: '2022', endYear: '2026' },
			pilot
		);
		expect(form.status).toBe(403);
		await form.body?.cancel();
		expect(await database((db) => db.get('select id from scheme where slug = ?', NEXT))).toBe(
			undefined
		);
	});

	it('answers bad years with a 400 and French messages, and creates nothing', async () => {
		const response = await postNext({ startYear: 2026, endYear: 2022 }, coordinator);
		expect(response.status).toBe(400);
		expect(await response.json()).toEqual({
			error: {
				code: 'bad_request',
				message: 'Données invalides : voir les champs.',
				fields: { endYear: 'L’année de fin précède l’année de début.' }
			}
		});
		const unknown = await postNext({ startYear: 2022, endYear: 2026, fiches: ['99'] }, coordinator);
		expect((await unknown.json()).error.fields).toEqual({
			fiches: 'Fiche inconnue dans ce schéma : 99.'
		});
		const form = await postForm(
			server.url,
			`/schemas/${SCHEME}/schema-suivant`,
			{ startYear: 'deux mille', endYear: '2026', fiches: ['1'] },
			coordinator
		);
		expect(form.status).toBe(400);
		expect(await flatHtml(form)).toContain('Année attendue, par exemple 2022.');
	});

	it('copies the plan, the chosen fiches and their links, not the figures; the old scheme is untouched', async () => {
		const before = await schemeState(SCHEME);
		expect(before.figures.length).toBeGreaterThan(0);
		const response = await postNext(
			{ startYear: 2022, endYear: 2026, fiches: ['1', '2', '11', '11 bis', '35'] },
			coordinator
		);
		expect(response.status).toBe(201);
		const created = await response.json();
		expect(created).toEqual({
			scheme: {
				slug: NEXT,
				title: expect.any(String),
				startYear: 2022,
				endYear: 2026,
				predecessor: SCHEME
			},
			fiches: 5
		});
		expect(response.headers.get('location')).toBe(`/api/schemes/${NEXT}`);

		// The new scheme, read through the API by its coordinator.
		const api = await (
			await fetch(`${server.url}/api/schemes/${NEXT}/fiches/35`, {
				headers: { cookie: coordinator, accept: 'application/json' }
			})
		).json();
		const old = await (
			await fetch(`${server.url}/api/schemes/${SCHEME}/fiches/35`, {
				headers: { cookie: coordinator, accept: 'application/json' }
			})
		).json();
		expect(api.fiche.title).toBe(old.fiche.title);
		expect(api.fiche.pilots).toEqual(old.fiche.pilots);
		expect(api.fiche.partners).toEqual(old.fiche.partners);
		expect(api.fiche.indicators.map((i: { label: string }) => i.label)).toEqual(
			old.fiche.indicators.map((i: { label: string }) => i.label)
		);

		const after = await schemeState(NEXT);
		expect(after.fiches).toBe(5);
		expect(after.figures).toEqual([]);
		expect(after.periods).toBe(0);
		// Predecessor and successor links, fiche by fiche.
		const lineage = (
			await database((db) =>
				db.all<{ next: string; old: string; old_scheme: number }>(
					`select n.number as next, o.number as old, o.scheme_id as old_scheme from fiche_lineage l
					 join fiche n on n.id = l.fiche_id join fiche o on o.id = l.predecessor_id
					 where n.scheme_id = ? order by n.number_sort`,
					after.id
				)
			)
		).map((l) => ({ ...l, old_scheme: Number(l.old_scheme) }));
		expect(lineage).toEqual(
			['1', '2', '11', '11 bis', '35'].map((n) => ({ next: n, old: n, old_scheme: before.id }))
		);
		// The old scheme: the same figures, the same history, the same version.
		expect(await schemeState(SCHEME)).toEqual(before);

		// Each fiche page names the other generation, both ways.
		const newFiche = await flatHtml(await get(`/schemas/${NEXT}/fiches/11-bis`, coordinator));
		expect(newFiche).toContain(`schemas/${SCHEME}/fiches/11-bis">l’action n°11 bis`);
		expect(newFiche).toContain('Prolonge');
		const oldFiche = await flatHtml(await get(`/schemas/${SCHEME}/fiches/11-bis`, coordinator));
		expect(oldFiche).toContain(`schemas/${NEXT}/fiches/11-bis">l’action n°11 bis`);
		expect(oldFiche).toContain('Prolongée par');
		// The reader of the old scheme reads the new one too (members are carried over).
		const readerView = await get(`/schemas/${NEXT}`, reader);
		expect(readerView.status).toBe(200);
		await readerView.body?.cancel();
		// A second « next » of the same scheme is refused.
		const again = await postNext({ startYear: 2022, endYear: 2026 }, coordinator);
		expect(again.status).toBe(409);
		await again.body?.cancel();
		const page = await flatHtml(await get(`/schemas/${SCHEME}/schema-suivant`, coordinator));
		expect(page).toContain('Le schéma suivant existe déjà');
		expect(page).toContain(`schemas/${NEXT}">`);
	});
});

describe('the end-of-scheme bilan', () => {
	const fields = (outlook: string, version: string) => ({
		version,
		objectives: 'Mieux connaître l’offre de mon-enfant.fr.',
		actionsDone: '- Trois campagnes de communication',
		expectedEffects: '',
		resultsObserved: '=HYPERLINK("http://exemple.invalid")',
		outlook
	});

	it('is written by the coordination through its form, with its history; readers and pilots only read', async () => {
		const refused = await postForm(
			server.url,
			`/schemas/${SCHEME}/bilan/35`,
			fields('Non', '0'),
			pilot
		);
		expect(refused.status).toBe(403);
		await refused.body?.cancel();
		const edit = await get(`/schemas/${SCHEME}/bilan/35`, reader);
		expect(edit.status).toBe(403);
		await edit.body?.cancel();

		const saved = await postForm(
			server.url,
			`/schemas/${SCHEME}/bilan/35`,
			fields('Poursuivre avec les relais petite enfance.', '0'),
			coordinator
		);
		expect(saved.status).toBe(303);
		expect(saved.headers.get('location')).toBe(`/schemas/${SCHEME}/bilan?enregistre=35#fiche-35`);
		const stale = await postForm(
			server.url,
			`/schemas/${SCHEME}/bilan/35`,
			fields('Autre texte', '0'),
			coordinator
		);
		expect(stale.status).toBe(409);
		expect(await flatHtml(stale)).toContain('Ce bilan a été modifié entre-temps');
		const page = await flatHtml(await get(`/schemas/${SCHEME}/bilan/35`, coordinator));
		expect(page).toContain('Bilan écrit');
		expect(page).toContain('Poursuivre avec les relais petite enfance.');

		const list = await flatHtml(await get(`/schemas/${SCHEME}/bilan`, reader));
		expect(list).toContain('Poursuivre avec les relais petite enfance.');
		expect(list).toContain('Résultats constatés');
		expect(list).not.toContain('Modifier le bilan');
		for (const file of ['bilan.docx', 'bilan.xlsx']) {
			const response = await get(`/schemas/${SCHEME}/bilan/${file}`, reader);
			expect(response.status, file).toBe(200);
			expect(response.headers.get('content-disposition')).toContain(
				`filename="Bilan-2017-2021-${SCHEME}.${file.split('.')[1]}"`
			);
			await response.body?.cancel();
		}
		const hidden = await get(`/schemas/${SCHEME}/bilan/bilan.xlsx`, outsider);
		expect(hidden.status).toBe(404);
		await hidden.body?.cancel();
	});

	it('closes the review pack of the scheme’s last period, not the others', async () => {
		const codes = (
			await database((db) =>
				db.all<{ code: string }>(
					`select p.code from reporting_period p join scheme s on s.id = p.scheme_id
					 where s.slug = ? order by p.ends_on desc`,
					SCHEME
				)
			)
		).map((p) => p.code);
		const last = await flatHtml(await get(`/schemas/${SCHEME}/revue/${codes[0]}`, reader));
		expect(last).toContain('Bilan de fin de schéma 2017–2021');
		expect(last).toContain('Poursuivre avec les relais petite enfance.');
		const earlier = await flatHtml(await get(`/schemas/${SCHEME}/revue/${codes[1]}`, reader));
		expect(earlier).not.toContain('Bilan de fin de schéma 2017–2021');
	});
});
