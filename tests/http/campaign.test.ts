import { openRawDb } from '../support/database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, signIn } from '../support/auth';
import { flatHtml as flat, postForm } from '../support/http';
import { startServer, type RunningServer } from '../support/server';
import { createTokens } from '../support/tokens';

// Issue 13, items 6 and 7, over HTTP against the built server (demo mode): the campaign page of
// the Haute-Vienne 2019 period (filters in the URL, « Relancer » not twice in an hour, CSV
// export, coordination only) and the in-app notices of the home page and « Ma saisie ».
// Demo 2019: 15 fiches expect figures; fiches 10 and 20 submitted, one figure of 10 sent back.

const SCHEME = 'haute-vienne-2017-2021';
const PAGE = `/schemas/${SCHEME}/saisie/2019`;
const CSV = `${PAGE}/campagne.csv`;

let server: RunningServer;
let coordination: string;
let pilot: string;

beforeAll(async () => {
	server = await startServer();
	// A fiche title a spreadsheet would take for a formula: the CSV must neutralise it.
	const sqlite = await openRawDb(server);
	await sqlite.run(
		`update fiche set title = '=HYPERLINK("http://evil.example";"Cliquez")'
			 where number = '33' and scheme_id = (select id from scheme where slug = ?)`,
		SCHEME
	);
	await sqlite.close();
	coordination = await signIn(server.url, DEMO.admin);
	pilot = await signIn(server.url, DEMO.cafPilot);
});
afterAll(async () => server?.stop());

const get = (path: string, cookie: string | null) =>
	fetch(`${server.url}${path}`, {
		redirect: 'manual',
		headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) }
	});

/** Flat HTML (support/http), links written from the root and blanks as single spaces. */
const flatHtml = async (response: Response) =>
	(await flat(response)).replace(/href="(?:\.\.?\/)+/g, 'href="/').replace(/\s+/g, ' ');

/** Fiche numbers of the table's rows, per organisation (`tbody[data-organisation]`). */
function rowsByOrganisation(html: string): Record<string, string[]> {
	const groups: Record<string, string[]> = {};
	for (const [, slug, body] of html.matchAll(
		/<tbody data-organisation="([^"]*)">([\s\S]*?)<\/tbody>/g
	)) {
		groups[slug || '(aucune)'] = [...body.matchAll(/<tr data-fiche="([^"]+)"/g)].map((m) => m[1]);
	}
	return groups;
}

describe('the campaign page of a period', () => {
	it('lists each pilot organisation once in one table, a two-pilot fiche under both, free-text pilots as text', async () => {
		const response = await get(PAGE, coordination);
		expect(response.status).toBe(200);
		const html = await flatHtml(response);
		expect(html).toContain('<h1>Campagne de saisie — Année 2019</h1>');
		expect(html.match(/<table/g)).toHaveLength(1);
		const groups = rowsByOrganisation(html);
		expect(Object.keys(groups)).toEqual(
			expect.arrayContaining(['caf-87', 'cd-87', 'ville-limoges', 'comite-clas-87'])
		);
		// Fiche 24 is piloted by CAF 87 and CD 87: one row under each, none elsewhere.
		expect(groups['caf-87']).toContain('24');
		expect(groups['cd-87']).toContain('24');
		expect(
			Object.values(groups)
				.flat()
				.filter((n) => n === '24')
		).toHaveLength(2);
		// « Collectivités territoriales concernées » (co-pilot of fiche 14) is no organisation.
		expect(html).not.toMatch(/data-organisation="[^"]*collectivites/);
		expect(html).toMatch(
			/Pilotes sans organisation rattachée<\/strong>[^<]*« Collectivités territoriales concernées » \(fiche 14\)/
		);
		// Every filter is a link keeping its choice in the URL, with its count.
		for (const [query, label] of [
			['a-valider', 'À valider (2)'],
			['en-retard', 'En retard (0)'],
			['renvoye', 'Renvoyé (1)'],
			['complet', 'Complet (1)']
		]) {
			expect(html).toContain(
				`<a href="${PAGE}?filtre=${query}">${label.replace(/ \(/, ' <span class="count">(')}</span></a>`
			);
		}
		expect(html).toContain(`<a href="${PAGE}" aria-current="page">Toutes les fiches`);
	});

	it('keeps the filter in the URL and shows only its fiches', async () => {
		const awaiting = await flatHtml(await get(`${PAGE}?filtre=a-valider`, coordination));
		expect(awaiting).toContain(`<a href="${PAGE}?filtre=a-valider" aria-current="page">À valider`);
		expect(rowsByOrganisation(awaiting)).toEqual({ 'caf-87': ['10', '20'] });
		expect(awaiting).toContain(`href="${CSV}?filtre=a-valider"`);
		const sentBack = await flatHtml(await get(`${PAGE}?filtre=renvoye`, coordination));
		expect(rowsByOrganisation(sentBack)).toEqual({ 'caf-87': ['10'] });
		const late = await flatHtml(await get(`${PAGE}?filtre=en-retard`, coordination));
		expect(late).toContain('Aucune fiche ne correspond à ce filtre.');
		// An unknown filter shows everything.
		const unknown = await flatHtml(await get(`${PAGE}?filtre=%3Cscript%3E`, coordination));
		expect(Object.values(rowsByOrganisation(unknown)).flat().length).toBeGreaterThan(15);
		expect(unknown).not.toContain('<script>');
	});

	it('records « Relancer » and refuses a second reminder within the hour, in French', async () => {
		const first = await postForm(
			server.url,
			`${PAGE}?/relancer`,
			{ organisation: 'cd-87' },
			coordination
		);
		expect(first.status).toBe(200);
		expect(await flatHtml(first)).toContain(
			'Relance enregistrée pour CD 87 : 1 courriel part vers ses pilotes.'
		);
		const again = await postForm(
			server.url,
			`${PAGE}?/relancer`,
			{ organisation: 'cd-87' },
			coordination
		);
		expect(again.status).toBe(429);
		expect(await flatHtml(again)).toMatch(
			/Une relance a déjà été enregistrée pour CD 87 (à l’instant|il y a 1 minute) \(par Claire Coordination\) : la suivante sera possible dans (60|59) minutes\./
		);
		// The page says when and by whom; the button waits for the hour to pass.
		const html = await flatHtml(await get(PAGE, coordination));
		const cd = /<tbody data-organisation="cd-87">([\s\S]*?)<\/tbody>/.exec(html)![1];
		expect(cd).toMatch(
			/Dernière relance le \d\d\/\d\d\/\d{4} à \d\d:\d\d par Claire Coordination\./
		);
		expect(cd).toContain('Nouvelle relance possible à partir de');
		expect(cd).not.toContain('>Relancer<');
		const caf = /<tbody data-organisation="caf-87">([\s\S]*?)<\/tbody>/.exec(html)![1];
		expect(caf).toContain('Aucune relance.');
		expect(caf).toContain('name="organisation" value="caf-87"');
		// The form keeps the page's filter: the answer shows the same rows.
		const filtered = await postForm(
			server.url,
			`${PAGE}?filtre=renvoye&/relancer`,
			{ organisation: 'caf-87' },
			coordination
		);
		expect(filtered.status).toBe(200);
		const answer = await flatHtml(filtered);
		expect(answer).toContain('Relance enregistrée pour CAF 87 : 1 courriel part vers ses pilotes.');
		expect(rowsByOrganisation(answer)).toEqual({ 'caf-87': ['10'] });
		// One row per reminder: organisation, period, who, when.
		const sqlite = await openRawDb(server);
		const rows =
			(await sqlite.all(`select o.slug, p.code, u.email, r.kind, r.created_at from reminder r
				 join organisation o on o.id = r.organisation_id
				 join reporting_period p on p.id = r.period_id
				 left join app_user u on u.id = r.sent_by order by r.id`)) as {
				slug: string;
				code: string;
				email: string;
				kind: string;
				created_at: string;
			}[];
		await sqlite.close();
		expect(rows.map((r) => [r.slug, r.code, r.email, r.kind])).toEqual([
			['cd-87', '2019', DEMO.admin, 'manual'],
			['caf-87', '2019', DEMO.admin, 'manual']
		]);
		expect(Date.now() - Date.parse(rows[0].created_at)).toBeLessThan(60_000);
		// Unknown organisation, or none named.
		expect(
			(await postForm(server.url, `${PAGE}?/relancer`, { organisation: 'ars' }, coordination))
				.status
		).toBe(404);
		const none = await postForm(
			server.url,
			`${PAGE}?/relancer`,
			{ organisation: '' },
			coordination
		);
		expect(none.status).toBe(400);
		expect(await flatHtml(none)).toContain('Choisissez l’organisation à relancer.');
	});

	it('exports the table as CSV for French Excel, formulas neutralised', async () => {
		const response = await get(CSV, coordination);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(response.headers.get('content-disposition')).toBe(
			`attachment; filename="campagne-${SCHEME}-2019.csv"; filename*=UTF-8''campagne-${SCHEME}-2019.csv`
		);
		expect(response.headers.get('cache-control')).toBe('private, no-store');
		const bytes = new Uint8Array(await response.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n');
		expect(lines[0]).toBe(
			'Organisation pilote;Nom de l’organisation;Fiche action;Intitulé de la fiche;Autres pilotes;Statut;Chiffres attendus;Saisis;Soumis;Validés;Renvoyés;En retard;Dernière relance;Relance par'
		);
		const of = (organisation: string, fiche: string) =>
			lines.find((l) => l.startsWith(`${organisation};`) && l.split(';')[2] === fiche);
		expect(of('CAF 87', '24')).toMatch(/;CD 87;/);
		expect(of('CD 87', '24')).toMatch(/;CAF 87;/);
		expect(of('CAF 87', '10')).toMatch(/;Renvoyée pour correction;\d+;\d+;\d+;0;1;Non;/);
		expect(of('CD 87', '1')).toMatch(/;\d\d\/\d\d\/\d{4} \d\d:\d\d;Claire Coordination$/);
		// The hostile title starts with a quote: text, never a formula.
		const clas = of('Comité CLAS 87', '33')!;
		expect(clas).toContain(`"'=HYPERLINK(""http://evil.example"";""Cliquez"")"`);
		expect(lines.some((l) => /(^|;)[=+@-]/.test(l))).toBe(false);
		expect(lines.at(-1)).toBe('');

		const filtered = await get(`${CSV}?filtre=renvoye`, coordination);
		expect(filtered.headers.get('content-disposition')).toContain(
			`filename="campagne-${SCHEME}-2019-renvoye.csv"`
		);
		const rows = (await filtered.text()).split('\r\n').filter(Boolean);
		expect(rows).toHaveLength(2);
		expect(rows[1]).toMatch(/^CAF 87;.*;10;/);
	});

	it('is refused to a pilot (403) and sends a visitor to sign in', async () => {
		for (const path of [PAGE, CSV]) {
			expect((await get(path, pilot)).status).toBe(403);
			const anonymous = await get(path, null);
			expect(anonymous.status).toBe(303);
			expect(anonymous.headers.get('location')).toMatch(/^\/connexion\?retour=/);
		}
		const refused = await postForm(
			server.url,
			`${PAGE}?/relancer`,
			{ organisation: 'caf-87' },
			pilot
		);
		expect(refused.status).toBe(403);
	});
});

describe('in-app notices', () => {
	type Line = {
		key: string;
		indicatorId: number;
		unit: string;
		previous: { value: number | null } | null;
		figure: { id: number; version: number } | null;
	};
	let tokens: Record<'admin' | 'cafPilot', string>;
	const api = async (method: string, path: string, token: string, body?: unknown) => {
		const response = await fetch(`${server.url}/api/schemes/${SCHEME}${path}`, {
			method,
			headers: {
				Authorization: `Bearer ${token}`,
				...(body !== undefined ? { 'Content-Type': 'application/json' } : {})
			},
			body: body !== undefined ? JSON.stringify(body) : undefined
		});
		return { status: response.status, body: await response.json() };
	};
	const sheet35 = async (token: string): Promise<Line[]> =>
		(await api('GET', '/fiches/35/periods/2019', token)).body.sheet.lines;

	beforeAll(async () => {
		tokens = await createTokens(server, {
			admin: DEMO.admin,
			cafPilot: DEMO.cafPilot
		});
	});

	const noticesOf = async (path: string, cookie: string) => {
		const html = await flatHtml(await get(path, cookie));
		const section = /<section class="notices" aria-labelledby="a-faire">([\s\S]*?)<\/section>/.exec(
			html
		);
		return section?.[1] ?? null;
	};

	it('tell the CAF 87 pilot of the figures sent back on fiche 35, with links, on the home page and « Ma saisie »', async () => {
		// The demo already sent one figure of fiche 10 back.
		expect(await noticesOf('/', pilot)).toContain('1 chiffre vous a été renvoyé :');

		// The pilot fills fiche 35 and submits it; the coordination sends two figures back.
		for (const line of await sheet35(tokens.cafPilot)) {
			const value = line.unit === 'oui_non' ? true : (line.previous?.value ?? 10);
			const saved = await api(
				'PUT',
				`/fiches/35/indicators/${line.indicatorId}/values/2019`,
				tokens.cafPilot,
				{ value, comment: 'Chiffre de la campagne 2019.' }
			);
			expect(saved.status, JSON.stringify(saved.body)).toBe(201);
		}
		const submitted = await api('POST', '/fiches/35/periods/2019/submit', tokens.cafPilot);
		expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
		const lines = await sheet35(tokens.admin);
		const [a, b] = lines.filter((l) => l.figure).map((l) => l.figure!);
		const review = await api('POST', '/fiches/35/periods/2019/review', tokens.admin, {
			comments: { [a.id]: 'Source à préciser.', [b.id]: 'Chiffre à vérifier.' },
			versions: Object.fromEntries(
				lines.filter((l) => l.figure).map((l) => [String(l.figure!.id), l.figure!.version])
			)
		});
		expect(review.status, JSON.stringify(review.body)).toBe(200);
		expect(review.body.sentBack).toBe(2);

		for (const path of ['/', '/ma-saisie']) {
			const notices = await noticesOf(path, pilot);
			expect(notices, path).toContain(
				`3 chiffres vous ont été renvoyés : <a href="/schemas/${SCHEME}/saisie/2019/10">fiche 10</a>, <a href="/schemas/${SCHEME}/saisie/2019/35">fiche 35</a>.`
			);
			expect(notices).toContain(
				'Schéma départemental des services aux familles de la Haute-Vienne'
			);
		}
	});

	it('tell the coordination of the fiches waiting for validation; readers and other schemes get none', async () => {
		const notices = await noticesOf('/', coordination);
		expect(notices).toMatch(
			new RegExp(
				`\\d+ fiches? attend(ent)? votre validation : <a href="${PAGE}\\?filtre=a-valider">Année 2019 \\(\\d+ fiches?\\)</a>\\.`
			)
		);
		expect(await noticesOf('/', await signIn(server.url, DEMO.reader))).toBeNull();
		// The Corrèze coordination is not told of the Haute-Vienne scheme.
		const correze = await noticesOf(
			'/',
			await signIn(server.url, 'coordination.correze@demo.sdsf.fr')
		);
		expect(correze ?? '').not.toContain('Haute-Vienne');
		// A visitor has no notices.
		expect(await noticesOf('/', '')).toBeNull();
	});
});
