import { openRawDb, type RawDb } from '../support/database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../support/auth';
import { postForm, unmarkedHtml } from '../support/http';
import { startServer, type RunningServer } from '../support/server';

// The attacks that two départements on one instance used to get away with (issue 12, « Why »),
// replayed over HTTP against the built server: each is refused, and nothing is written.

const HV = 'haute-vienne-2017-2021';
const CORREZE = 'correze-2022-2026';
const LIMOGES = 'limoges-sppe-2026-2031';
const ACCOUNTS = {
	coordHV: 'coordination@demo.sdsf.fr',
	coordCorreze: 'coordination.correze@demo.sdsf.fr',
	pilotCaf87: 'pilote.caf87@demo.sdsf.fr',
	pilotCaf19: 'pilote.caf19@demo.sdsf.fr',
	readerHV: 'lecteur@demo.sdsf.fr',
	readerCorreze: 'lecteur.correze@demo.sdsf.fr',
	regional: 'comite.regional@demo.sdsf.fr'
} as const;
type Account = keyof typeof ACCOUNTS;

let server: RunningServer;
const cookie = {} as Record<Account, string>;
let sqlite: RawDb;
const DRAFT_COMMENT = 'Chiffre provisoire : la CAF de la Corrèze attend la remontée des EAJE';

const get = (path: string, who: Account | null, accept = 'text/html') =>
	fetch(`${server.url}${path}`, {
		redirect: 'manual',
		headers: { accept, ...(who ? { cookie: cookie[who] } : {}) }
	});
const getJson = (path: string, who: Account | null) => get(path, who, 'application/json');

async function one<T>(query: string, ...args: unknown[]): Promise<T> {
	return (await sqlite.get(query, ...args)) as T;
}

beforeAll(async () => {
	server = await startServer();
	sqlite = await openRawDb(server);
	// Corrèze reports too: an open period with a draft figure and its comment on fiche 2.
	const correze = (await one<{ id: number }>('select id from scheme where slug = ?', CORREZE)).id;
	const period = Number(
		await sqlite.insert(
			`insert into reporting_period (scheme_id, code, kind, year, starts_on, ends_on, opens_on, closes_on, state)
				 values (?, '2024', 'annee', 2024, '2024-01-01', '2024-12-31', '2025-01-01', '2099-03-31', 'ouverte')`,
			correze
		)
	);
	const indicator = (
		await one<{ id: number }>(
			`select i.id from indicator i join fiche f on f.id = i.fiche_id
		 where f.scheme_id = ? and f.number = '2' order by i.position limit 1`,
			correze
		)
	).id;
	await sqlite.run(
		`insert into figure (indicator_id, period_id, value_number, comment, status) values (?, ?, 12, ?, 'brouillon')`,
		indicator,
		period,
		DRAFT_COMMENT
	);
	for (const [key, email] of Object.entries(ACCOUNTS))
		cookie[key as Account] = await signIn(server.url, email);
});
afterAll(async () => {
	sqlite?.close();
	await server?.stop();
});

describe('one instance, two départements: nobody sees what is not theirs', () => {
	it('a member of Corrèze reads nothing of the Haute-Vienne plan, and the reverse', async () => {
		const pages = ['', '/tableau-de-bord', '/revue/2018', '/comites', '/donnees.csv', '/fiches/35'];
		for (const who of ['coordCorreze', 'pilotCaf19', 'readerCorreze'] as const)
			for (const page of pages)
				expect((await get(`/schemas/${HV}${page}`, who)).status, `${who} ${page}`).toBe(404);
		for (const who of ['coordHV', 'pilotCaf87', 'readerHV'] as const) {
			expect((await get(`/schemas/${CORREZE}/donnees.csv`, who)).status).toBe(404);
			expect((await getJson(`/api/schemes/${CORREZE}/figures`, who)).status).toBe(404);
		}
		// The account that belongs to both reads both.
		expect((await get(`/schemas/${HV}/tableau-de-bord`, 'regional')).status).toBe(200);
		expect((await get(`/schemas/${CORREZE}/tableau-de-bord`, 'regional')).status).toBe(200);
	});

	it('a private scheme of another département looks exactly like one that does not exist', async () => {
		const hidden = await get(`/schemas/${HV}/tableau-de-bord`, 'readerCorreze');
		const missing = await get(`/schemas/nulle-part/tableau-de-bord`, 'readerCorreze');
		expect(hidden.status).toBe(missing.status);
		const api = await (await getJson(`/api/schemes/${HV}`, 'readerCorreze')).json();
		const none = await (await getJson(`/api/schemes/nulle-part`, 'readerCorreze')).json();
		expect(api.error.code).toBe(none.error.code);
	});

	it('lists, the home page and organisation pages show only the schemes one belongs to', async () => {
		const listed = async (who: Account | null) =>
			((await (await getJson('/api/schemes', who)).json()).schemes as { slug: string }[])
				.map((s) => s.slug)
				.sort();
		expect(await listed(null)).toEqual([]);
		expect(await listed('readerCorreze')).toEqual([CORREZE]);
		expect(await listed('pilotCaf87')).toEqual([HV, LIMOGES].sort());
		expect(await listed('regional')).toEqual([CORREZE, HV].sort());
		const home = await unmarkedHtml(get('/', 'readerHV'));
		expect(home).toContain('Haute-Vienne');
		expect(home).not.toContain('Corrèze');
		const caf19 = await unmarkedHtml(get('/organisations/caf-19', 'readerHV'));
		expect(caf19).not.toContain(CORREZE);
		expect(await unmarkedHtml(get('/organisations/caf-19', 'readerCorreze'))).toContain(CORREZE);
	});

	it('the Haute-Vienne coordination cannot read Corrèze draft figures or their comments', async () => {
		const sheet = `/api/schemes/${CORREZE}/fiches/2/periods/2024`;
		for (const who of ['coordHV', 'pilotCaf87'] as const) {
			const response = await getJson(sheet, who);
			expect(response.status).toBe(404);
			expect(await response.text()).not.toContain('provisoire');
		}
		// Control: the Corrèze coordination does see them.
		const own = await getJson(sheet, 'coordCorreze');
		expect(own.status).toBe(200);
		expect(await own.text()).toContain(DRAFT_COMMENT);
	});

	it('the CAF 87 pilot cannot enter or submit figures in a Corrèze fiche', async () => {
		const before = (await one<{ n: number }>('select count(*) as n from figure')).n;
		const form = await postForm(
			server.url,
			`/schemas/${CORREZE}/saisie/2024/2?/saveDraft`,
			{ version: '0' },
			cookie.pilotCaf87
		);
		expect(form.status).toBe(404);
		const submit = await fetch(
			`${server.url}/api/schemes/${CORREZE}/fiches/2/periods/2024/submit`,
			{
				method: 'POST',
				headers: {
					origin: server.url,
					cookie: cookie.pilotCaf87,
					'content-type': 'application/json'
				},
				body: '{}'
			}
		);
		expect(submit.status).toBe(404);
		expect((await one<{ n: number }>('select count(*) as n from figure')).n).toBe(before);
	});

	it('« Caf » written in a Corrèze fiche is the CAF de la Corrèze, never CAF 87', async () => {
		const fiche = await (await getJson(`/api/schemes/${CORREZE}/fiches/2`, 'coordCorreze')).json();
		const pilots = fiche.fiche.pilots as { label: string; organisation: { slug: string } | null }[];
		const caf = pilots.find((p) => p.label === 'Caf');
		expect(caf?.organisation?.slug).toBe('caf-19');
		// And the CAF 87 pilot, who matches « CAF » in Haute-Vienne, has no fiche to report on there.
		const mine = await unmarkedHtml(get('/ma-saisie', 'pilotCaf87'));
		expect(mine).not.toContain('Corrèze');
	});

	it('the Corrèze coordination sees only its own people and cannot touch Haute-Vienne', async () => {
		expect((await get('/admin/utilisateurs', 'coordCorreze')).status).toBe(403);
		const members = await unmarkedHtml(get(`/schemas/${CORREZE}/membres`, 'coordCorreze'));
		expect(members).toContain('pilote.caf19@demo.sdsf.fr');
		expect(members).not.toContain('coordination@demo.sdsf.fr');
		expect(members).not.toContain('pilote.caf87@demo.sdsf.fr');

		const hvCoordination = await one<{ id: number; role: string; version: number }>(
			`select m.id, m.role, m.version from membership m join app_user u on u.id = m.user_id
			 join scheme s on s.id = m.scheme_id where u.email = ? and s.slug = ?`,
			ACCOUNTS.coordHV,
			HV
		);
		// Demoting the Haute-Vienne coordinator: through Haute-Vienne's page, and by passing its
		// membership id to Corrèze's own page.
		const demote = { membershipId: String(hvCoordination.id), role: 'lecteur', version: '1' };
		const throughHV = await postForm(
			server.url,
			`/schemas/${HV}/membres?/update`,
			demote,
			cookie.coordCorreze
		);
		expect(throughHV.status).toBe(404);
		const throughOwn = await postForm(
			server.url,
			`/schemas/${CORREZE}/membres?/update`,
			demote,
			cookie.coordCorreze
		);
		expect(throughOwn.status).toBe(404);
		const removeOwn = await postForm(
			server.url,
			`/schemas/${CORREZE}/membres?/remove`,
			{ membershipId: String(hvCoordination.id) },
			cookie.coordCorreze
		);
		expect(removeOwn.status).toBe(404);
		expect(
			(await one<{ role: string }>('select role from membership where id = ?', hvCoordination.id))
				.role
		).toBe('coordinateur');

		// Making the Haute-Vienne plan public.
		const publish = await postForm(
			server.url,
			`/schemas/${HV}/parametres`,
			{ visibility: 'public' },
			cookie.coordCorreze
		);
		expect(publish.status).toBe(404);
		expect(
			(await one<{ v: string }>('select visibility as v from scheme where slug = ?', HV)).v
		).toBe('private');
		expect((await get(`/schemas/${HV}`, null)).status).toBe(303);
	});

	it('a personal token acts with its owner’s memberships, and its narrowing holds', async () => {
		const mint = async (fields: Record<string, string>) => {
			const page = await unmarkedHtml(
				postForm(server.url, '/profil?/createToken', fields, cookie.pilotCaf87)
			);
			const token = /sdsf_[A-Za-z0-9_-]{20,}/.exec(page)?.[0];
			expect(token, page.slice(0, 400)).toBeTruthy();
			return token!;
		};
		const bearer = (token: string, path: string, init: RequestInit = {}) =>
			fetch(`${server.url}${path}`, {
				...init,
				headers: {
					authorization: `Bearer ${token}`,
					accept: 'application/json',
					...(init.headers ?? {})
				}
			});
		const all = await mint({ name: 'Tout', scheme: '', scope: 'all' });
		expect((await bearer(all, `/api/schemes/${HV}`)).status).toBe(200);
		expect((await bearer(all, `/api/schemes/${CORREZE}`)).status).toBe(404);

		const limogesOnly = await mint({ name: 'Limoges', scheme: LIMOGES, scope: 'read' });
		expect((await bearer(limogesOnly, `/api/schemes/${LIMOGES}`)).status).toBe(200);
		expect((await bearer(limogesOnly, `/api/schemes/${HV}`)).status).toBe(404);

		const readOnly = await mint({ name: 'Lecture', scheme: HV, scope: 'read' });
		const put = await bearer(readOnly, `/api/schemes/${HV}/fiches/35/periods/2019/submit`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{}'
		});
		expect(put.status).toBe(403);

		// A token cannot be narrowed to a scheme its owner does not belong to.
		const refused = await unmarkedHtml(
			postForm(
				server.url,
				'/profil?/createToken',
				{ name: 'Corrèze', scheme: CORREZE, scope: 'read' },
				cookie.pilotCaf87
			)
		);
		expect(refused).toContain('Choisissez un schéma dont vous êtes membre.');
		expect(refused).not.toMatch(/sdsf_[A-Za-z0-9_-]{20,}/);
	});

	it('links between schemes show only to who may read both ends', async () => {
		// Fiche 1 of the Limoges SPPE renvoie à la fiche 1 du SDSF 87.
		const forBoth = await unmarkedHtml(get(`/schemas/${HV}/fiches/1`, 'pilotCaf87'));
		expect(forBoth).toContain('Citée par');
		expect(forBoth).toContain(`/schemas/${LIMOGES}/fiches/1`);
		const forHVOnly = await unmarkedHtml(get(`/schemas/${HV}/fiches/1`, 'readerHV'));
		expect(forHVOnly).not.toContain(LIMOGES);
		const sppe = await unmarkedHtml(get(`/schemas/${LIMOGES}`, 'pilotCaf87'));
		expect(sppe).toContain('Doit être compatible avec');
		expect(sppe).toContain(`/schemas/${HV}"`);
	});

	it('the platform administrator creates a communal SPPE; a wrong commune code is named at its field', async () => {
		const admin = await signIn(server.url, 'admin@demo.sdsf.fr');
		const fields = {
			departmentCode: '19',
			departmentName: 'Corrèze',
			title: 'Schéma pluriannuel petite enfance',
			startYear: '2026',
			endYear: '2031',
			state: 'en_preparation',
			levelLabels: 'Axe\nObjectif',
			kind: 'sppe',
			territoryKind: 'commune',
			territoryCode: '87085',
			territoryName: 'Brive-la-Gaillarde'
		};
		const wrong = await postForm(server.url, '/schemas/nouveau', fields, admin);
		expect(wrong.status).toBe(400);
		expect(await unmarkedHtml(wrong)).toContain('Cette commune n’est pas dans le département 19.');
		const created = await postForm(
			server.url,
			'/schemas/nouveau',
			{ ...fields, territoryCode: '19031' },
			admin
		);
		expect(created.status).toBe(303);
		expect(created.headers.get('location')).toBe(
			'/schemas/brive-la-gaillarde-sppe-2026-2031/plan?cree=1'
		);
		const row = await one<{ kind: string; code: string; parent: string }>(
			`select s.kind, t.code, p.code as parent from scheme s join territory t on t.id = s.territory_id
			 join territory p on p.id = t.parent_id where s.slug = 'brive-la-gaillarde-sppe-2026-2031'`
		);
		expect(row).toEqual({ kind: 'sppe', code: '19031', parent: '19' });
		// A private scheme nobody belongs to yet: the Corrèze coordination does not see it either.
		expect((await get('/schemas/brive-la-gaillarde-sppe-2026-2031', 'coordCorreze')).status).toBe(
			404
		);
	});
});
