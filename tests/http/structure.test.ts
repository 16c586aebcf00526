import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server';
import { postForm, unmarkedHtml as html } from '../support/http';

// The coordinator's structure editor, indicators and amendments through HTTP against the built
// server (`npx vite build` first), in demo mode.

const DEMO_PASSWORD = 'Pilotage-SDSF-demo';
const SCHEME = 'haute-vienne-2017-2021';
const NEW_AMENDMENT = `/schemas/${SCHEME}/avenants/nouveau`;
const NEW_FICHE_TITLE =
	'Coordonner les lieux d’accueil enfants-parents des territoires prioritaires';

let server: RunningServer;
let admin: string;
let pilot: string;
let reader: string;
let objectiveId: string;

function get(path: string, cookie?: string | null) {
	return fetch(`${server.url}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
}

const post = (path: string, fields: Record<string, string | string[]>, cookie?: string | null) =>
	postForm(server.url, path, fields, cookie);

async function signIn(email: string): Promise<string> {
	const response = await post('/connexion', { email, password: DEMO_PASSWORD });
	expect(response.status, `sign-in of ${email}`).toBe(303);
	const cookie = response.headers.getSetCookie().find((c) => c.startsWith('sdsf_session='));
	expect(cookie).toBeTruthy();
	return cookie!.split(';')[0];
}

/** The fiche as the API serves it to the coordinator (the demo scheme is private). */
function apiFiche(number: string) {
	return get(`/api/schemes/${SCHEME}/fiches/${encodeURIComponent(number)}`, admin);
}

function amendmentAdding(number: string) {
	return {
		signedOn: '15/03/2022',
		title: `Avenant ajoutant la fiche ${number}`,
		description: 'Ajout d’une action sur les territoires prioritaires.',
		newFicheNumber: number,
		newFicheTitle: NEW_FICHE_TITLE,
		newFicheNodeId: objectiveId,
		newFichePilots: 'Caisse d’Allocations Familiales 87\nConseil départemental'
	};
}

beforeAll(async () => {
	server = await startServer();
	[admin, pilot, reader] = await Promise.all([
		signIn('coordination@demo.sdsf.fr'),
		signIn('pilote.caf87@demo.sdsf.fr'),
		signIn('lecteur@demo.sdsf.fr')
	]);
	// The node id comes from the form's own select, as a browser would send it.
	const page = await html(get(NEW_AMENDMENT, admin));
	const match = /<option value="(\d+)"[^>]*>[^<]*› Axe 6\.3 › Objectif 1 —/.exec(page);
	expect(match, 'option « Axe 6.3 › Objectif 1 » in the amendment form').not.toBeNull();
	objectiveId = match![1];
});
afterAll(async () => server?.stop());

describe('only the coordinator changes the structure', () => {
	it('sends an anonymous visitor to the sign-in page, creating nothing', async () => {
		const response = await post(NEW_AMENDMENT, amendmentAdding('41'));
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toMatch(/^\/connexion\?retour=/);
		expect((await apiFiche('41')).status).toBe(404);
		const page = await get(`/schemas/${SCHEME}/plan`);
		expect(page.status).toBe(303);
		expect(page.headers.get('location')).toBe(
			`/connexion?retour=${encodeURIComponent(`/schemas/${SCHEME}/plan`)}`
		);
	});

	it('refuses a pilot (403), creating nothing', async () => {
		const response = await post(NEW_AMENDMENT, amendmentAdding('41'), pilot);
		expect(response.status).toBe(403);
		expect(await html(response)).toContain('Action réservée à la coordination du schéma.');
		expect((await apiFiche('41')).status).toBe(404);
		for (const path of [
			'plan',
			'parametres',
			'avenants',
			'avenants/nouveau',
			'fiches/nouvelle',
			'fiches/40/indicateurs'
		]) {
			expect((await get(`/schemas/${SCHEME}/${path}`, pilot)).status, path).toBe(403);
		}
	});

	it('refuses a reader (403), creating nothing', async () => {
		const response = await post(NEW_AMENDMENT, amendmentAdding('41'), reader);
		expect(response.status).toBe(403);
		expect((await apiFiche('41')).status).toBe(404);
		expect(
			(await post(`/schemas/${SCHEME}/plan?/createNode`, { code: '7', title: 'Intrus' }, reader))
				.status
		).toBe(403);
		const plan = await (await get(`/api/schemes/${SCHEME}`, admin)).json();
		expect(plan.scheme.tree.map((n: { code: string }) => n.code)).toEqual([
			'1',
			'2',
			'3',
			'4',
			'5',
			'6'
		]);
	});
});

describe('amendments', () => {
	it('adds fiche 41 under axe 6.3 « Objectif 1 » by an amendment, served by the API', async () => {
		const response = await post(NEW_AMENDMENT, amendmentAdding('41'), admin);
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toMatch(
			new RegExp(`^/schemas/${SCHEME}/avenants\\?cree=\\d+$`)
		);

		const api = await apiFiche('41');
		expect(api.status).toBe(200);
		const { fiche } = await api.json();
		expect(fiche.title).toBe(NEW_FICHE_TITLE);
		expect(fiche.state).toBe('a_elaborer');
		expect(fiche.path.map((p: { code: string }) => p.code)).toEqual(['6', '6.3', 'Objectif 1']);
		expect(
			fiche.pilots.map((p: { organisation: { slug: string } | null }) => p.organisation?.slug)
		).toEqual(['caf-87', 'cd-87']);

		const list = await html(get(response.headers.get('location')!, admin));
		expect(list).toContain('Avenant ajoutant la fiche 41');
		expect(list).toContain('Signé le 15/03/2022');
		expect(list).toMatch(/Fiches ajoutées[\s\S]*Action n°41/);
	});

	it('refuses a number already used, with the message next to the field', async () => {
		const response = await post(
			NEW_AMENDMENT,
			{ ...amendmentAdding('40'), title: 'Doublon' },
			admin
		);
		expect(response.status).toBe(400);
		const page = await html(response);
		expect(page).toMatch(
			/id="newFicheNumber-erreur"[^>]*>[\s\S]*La fiche n°40 existe déjà dans ce schéma\./
		);
		expect(page).toMatch(/id="newFicheNumber"[^>]*aria-invalid="true"/);
		const list = await html(get(`/schemas/${SCHEME}/avenants`, admin));
		expect(list).not.toContain('Doublon');
	});
});

describe('structure editor and indicators', () => {
	it('adds a node and moves a fiche under it, as the public plan then shows', async () => {
		const created = await post(
			`/schemas/${SCHEME}/plan?/createNode`,
			{ code: '7', title: 'Évaluer le schéma' },
			admin
		);
		expect(created.status).toBe(200);
		const editor = await html(get(`/schemas/${SCHEME}/plan`, admin));
		const node = /<option value="(\d+)"[^>]*>Axe stratégique 7 — Évaluer le schéma<\/option>/.exec(
			editor
		);
		expect(node).not.toBeNull();
		const fiche =
			/name="ficheId" value="(\d+)"[\s\S]*?name="version" value="(\d+)"[\s\S]*?id="fiche-\1-noeud"/.exec(
				editor.slice(editor.indexOf('Action n°41'))
			);
		expect(fiche).not.toBeNull();
		const moved = await post(
			`/schemas/${SCHEME}/plan?/moveFiche`,
			{ ficheId: fiche![1], version: fiche![2], nodeId: node![1] },
			admin
		);
		expect(moved.status).toBe(200);
		const { fiche: after } = await (await apiFiche('41')).json();
		expect(after.path.map((p: { code: string }) => p.code)).toEqual(['7']);
		// The same form again is now based on an old version: refused, nothing moved.
		const stale = await post(
			`/schemas/${SCHEME}/plan?/moveFiche`,
			{ ficheId: fiche![1], version: fiche![2], nodeId: objectiveId },
			admin
		);
		expect(stale.status).toBe(409);
		expect(
			(await (await apiFiche('41')).json()).fiche.path.map((p: { code: string }) => p.code)
		).toEqual(['7']);
	});

	it('adds an indicator with French decimals and a deduced unit', async () => {
		const path = `/schemas/${SCHEME}/fiches/41/indicateurs`;
		const response = await post(
			`${path}?/create`,
			{
				kind: 'resultat',
				label: 'Taux de participation des familles',
				unit: '',
				polarity: 'higher_better',
				periodicity: 'annuelle',
				baselineValue: '12,5',
				baselineYear: '2018',
				targets: '2020 : 20\n2021 : 25,5'
			},
			admin
		);
		expect(response.status).toBe(303);
		const { fiche } = await (await apiFiche('41')).json();
		expect(fiche.indicators).toEqual([
			expect.objectContaining({
				label: 'Taux de participation des familles',
				unit: 'pourcentage',
				baseline: { value: 12.5, year: 2018 },
				targets: [
					{ year: 2020, value: 20 },
					{ year: 2021, value: 25.5 }
				]
			})
		]);
		const page = await html(get(path, admin));
		expect(page).toContain('2021 : 25,5');
	});

	it('explains a bad target line next to the field, saving nothing', async () => {
		const path = `/schemas/${SCHEME}/fiches/41/indicateurs`;
		const response = await post(
			`${path}?/create`,
			{
				kind: 'resultat',
				label: 'Nombre de réunions',
				polarity: 'higher_better',
				periodicity: 'annuelle',
				targets: '2020 vingt'
			},
			admin
		);
		expect(response.status).toBe(400);
		expect(await html(response)).toContain('Ligne 1 : écrivez « année : valeur » (ex. 2019 : 24).');
		expect((await (await apiFiche('41')).json()).fiche.indicators).toHaveLength(1);
	});

	it('shows both versions when the settings were saved in between, writing nothing', async () => {
		const page = await html(get(`/schemas/${SCHEME}/parametres`, admin));
		const version = /name="version" value="(\d+)"/.exec(page)![1];
		const settings = (title: string) => ({
			version,
			departmentCode: '87',
			departmentName: 'Haute-Vienne',
			title,
			startYear: '2017',
			endYear: '2021',
			state: 'en_cours',
			levelLabels: 'Axe stratégique\nAxe\nObjectif'
		});
		const first = await post(
			`/schemas/${SCHEME}/parametres`,
			settings('Titre enregistré en premier'),
			admin
		);
		expect(first.status).toBe(303);
		const second = await post(
			`/schemas/${SCHEME}/parametres`,
			settings('Titre arrivé trop tard'),
			admin
		);
		expect(second.status).toBe(409);
		const conflict = await html(second);
		expect(conflict).toContain('Quelqu’un a enregistré ces paramètres pendant votre saisie');
		expect(conflict).toMatch(/Titre arrivé trop tard<\/td>\s*<td[^>]*>Titre enregistré en premier/);
		const plan = await (await get(`/api/schemes/${SCHEME}`, admin)).json();
		expect(plan.scheme.title).toBe('Titre enregistré en premier');
	});

	it('refuses settings that drop a level still used by the plan', async () => {
		const page = await html(get(`/schemas/${SCHEME}/parametres`, admin));
		const version = /name="version" value="(\d+)"/.exec(page)![1];
		const response = await post(
			`/schemas/${SCHEME}/parametres`,
			{
				version,
				departmentCode: '87',
				departmentName: 'Haute-Vienne',
				title: 'Schéma',
				startYear: '2017',
				endYear: '2021',
				state: 'en_cours',
				levelLabels: 'Axe\nObjectif'
			},
			admin
		);
		expect(response.status).toBe(400);
		expect(await html(response)).toContain('gardez au moins 3 libellés');
		const plan = await (await get(`/api/schemes/${SCHEME}`, admin)).json();
		expect(plan.scheme.levelLabels).toEqual(['Axe stratégique', 'Axe', 'Objectif']);
	});
});
