import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, signIn } from '../support/auth';
import { listMutatingRoutes } from '../support/routes';
import { startServer, type RunningServer } from '../support/server';

/**
 * Every state-changing route of the app, read from the source tree, against five callers:
 * a visitor, a committee reader, a pilot of ANOTHER organisation (Ville de Limoges), the pilot of
 * the fiche (CAF 87, fiche 35) and the coordinator. Requests carry an empty body: a refused caller
 * must be stopped by the rights check (403, or sign-in for a visitor) before any validation; an
 * allowed caller must get past it (a French validation error, a not-found or a redirect are fine).
 * A route missing from this table fails the suite.
 */

type Role = 'visitor' | 'reader' | 'otherPilot' | 'pilot' | 'admin';
const ROLES: Role[] = ['visitor', 'reader', 'otherPilot', 'pilot', 'admin'];
const SIGNED_IN: Role[] = ['reader', 'otherPilot', 'pilot', 'admin'];
const FICHE_EDITORS: Role[] = ['pilot', 'admin'];
const ADMIN: Role[] = ['admin'];

type Rule = {
	/** Concrete path; {indicator} is replaced by an indicator id of fiche 35. */
	path: string;
	allowed: Role[] | 'everyone';
	json?: boolean;
};

const S = '/schemas/haute-vienne-2017-2021';
const A = '/api/schemes/haute-vienne-2017-2021';

const MATRIX: Record<string, Rule> = {
	'ANY /api/[...rest]': { path: '/api/nothing/here', allowed: 'everyone', json: true },
	'PATCH /api/schemes/[scheme]/fiches/[fiche]': {
		path: `${A}/fiches/35`,
		allowed: FICHE_EDITORS,
		json: true
	},
	'PATCH /api/schemes/[scheme]/periods/[period]': {
		path: `${A}/periods/2019`,
		allowed: ADMIN,
		json: true
	},
	'POST /api/schemes/[scheme]/fiches/[fiche]/periods/[period]/review': {
		path: `${A}/fiches/35/periods/2019/review`,
		allowed: ADMIN,
		json: true
	},
	'POST /api/schemes/[scheme]/fiches/[fiche]/periods/[period]/submit': {
		path: `${A}/fiches/35/periods/2019/submit`,
		allowed: FICHE_EDITORS,
		json: true
	},
	'POST /api/schemes/[scheme]/periods': { path: `${A}/periods`, allowed: ADMIN, json: true },
	'PUT /api/schemes/[scheme]/fiches/[fiche]/indicators/[indicator]/values/[period]': {
		path: `${A}/fiches/35/indicators/{indicator}/values/2019`,
		allowed: FICHE_EDITORS,
		json: true
	},
	'POST /admin/organisations ?/create': { path: '/admin/organisations?/create', allowed: ADMIN },
	'POST /admin/organisations/[slug] ?/update': {
		path: '/admin/organisations/msa?/update',
		allowed: ADMIN
	},
	'POST /admin/utilisateurs ?/invite': { path: '/admin/utilisateurs?/invite', allowed: ADMIN },
	'POST /admin/utilisateurs/[id] ?/resend': {
		path: '/admin/utilisateurs/999999?/resend',
		allowed: ADMIN
	},
	'POST /admin/utilisateurs/[id] ?/update': {
		path: '/admin/utilisateurs/999999?/update',
		allowed: ADMIN
	},
	'POST /connexion ?/default': { path: '/connexion', allowed: 'everyone' },
	'POST /deconnexion ?/default': { path: '/deconnexion', allowed: 'everyone' },
	'POST /invitation/[token] ?/default': { path: '/invitation/jeton-inconnu', allowed: 'everyone' },
	'POST /import ?/confirmer': { path: '/import?/confirmer', allowed: ADMIN },
	'POST /import ?/televerser': { path: '/import?/televerser', allowed: ADMIN },
	'POST /profil ?/createToken': { path: '/profil?/createToken', allowed: SIGNED_IN },
	'POST /profil ?/password': { path: '/profil?/password', allowed: SIGNED_IN },
	'POST /profil ?/revokeToken': { path: '/profil?/revokeToken', allowed: SIGNED_IN },
	'POST /schemas/nouveau ?/default': { path: '/schemas/nouveau', allowed: ADMIN },
	'POST /schemas/[scheme]/avenants/nouveau ?/default': {
		path: `${S}/avenants/nouveau`,
		allowed: ADMIN
	},
	'POST /schemas/[scheme]/comites/nouveau ?/default': {
		path: `${S}/comites/nouveau`,
		allowed: ADMIN
	},
	'POST /schemas/[scheme]/comites/[id] ?/modifier': {
		path: `${S}/comites/999999?/modifier`,
		allowed: ADMIN
	},
	'POST /schemas/[scheme]/comites/[id]/cloture ?/default': {
		path: `${S}/comites/999999/cloture`,
		allowed: ADMIN
	},
	'POST /schemas/[scheme]/comites/[id]/decisions/[decision] ?/modifier': {
		path: `${S}/comites/999999/decisions/999999?/modifier`,
		allowed: ADMIN
	},
	'POST /schemas/[scheme]/comites/[id]/decisions/[decision] ?/supprimer': {
		path: `${S}/comites/999999/decisions/999999?/supprimer`,
		allowed: ADMIN
	},
	'POST /schemas/[scheme]/comites/[id]/decisions/nouvelle ?/default': {
		path: `${S}/comites/999999/decisions/nouvelle`,
		allowed: ADMIN
	},
	'POST /schemas/[scheme]/fiches/[fiche]/indicateurs ?/create': {
		path: `${S}/fiches/35/indicateurs?/create`,
		allowed: ADMIN
	},
	'POST /schemas/[scheme]/fiches/[fiche]/indicateurs ?/delete': {
		path: `${S}/fiches/35/indicateurs?/delete`,
		allowed: ADMIN
	},
	'POST /schemas/[scheme]/fiches/[fiche]/indicateurs ?/reorder': {
		path: `${S}/fiches/35/indicateurs?/reorder`,
		allowed: ADMIN
	},
	'POST /schemas/[scheme]/fiches/[fiche]/indicateurs/[indicateur] ?/default': {
		path: `${S}/fiches/35/indicateurs/{indicator}`,
		allowed: ADMIN
	},
	'POST /schemas/[scheme]/fiches/[fiche]/jalons ?/create': {
		path: `${S}/fiches/35/jalons?/create`,
		allowed: FICHE_EDITORS
	},
	'POST /schemas/[scheme]/fiches/[fiche]/jalons ?/delete': {
		path: `${S}/fiches/35/jalons?/delete`,
		allowed: FICHE_EDITORS
	},
	'POST /schemas/[scheme]/fiches/[fiche]/jalons ?/done': {
		path: `${S}/fiches/35/jalons?/done`,
		allowed: FICHE_EDITORS
	},
	'POST /schemas/[scheme]/fiches/[fiche]/jalons ?/update': {
		path: `${S}/fiches/35/jalons?/update`,
		allowed: FICHE_EDITORS
	},
	'POST /schemas/[scheme]/fiches/[fiche]/modifier ?/default': {
		path: `${S}/fiches/35/modifier`,
		allowed: FICHE_EDITORS
	},
	'POST /schemas/[scheme]/fiches/nouvelle ?/default': {
		path: `${S}/fiches/nouvelle`,
		allowed: ADMIN
	},
	'POST /schemas/[scheme]/parametres ?/default': { path: `${S}/parametres`, allowed: ADMIN },
	'POST /schemas/[scheme]/periodes ?/create': { path: `${S}/periodes?/create`, allowed: ADMIN },
	'POST /schemas/[scheme]/periodes ?/delete': { path: `${S}/periodes?/delete`, allowed: ADMIN },
	'POST /schemas/[scheme]/periodes ?/state': { path: `${S}/periodes?/state`, allowed: ADMIN },
	'POST /schemas/[scheme]/periodes ?/window': { path: `${S}/periodes?/window`, allowed: ADMIN },
	'POST /schemas/[scheme]/plan ?/createNode': { path: `${S}/plan?/createNode`, allowed: ADMIN },
	'POST /schemas/[scheme]/plan ?/deleteNode': { path: `${S}/plan?/deleteNode`, allowed: ADMIN },
	'POST /schemas/[scheme]/plan ?/moveFiche': { path: `${S}/plan?/moveFiche`, allowed: ADMIN },
	'POST /schemas/[scheme]/plan ?/rename': { path: `${S}/plan?/rename`, allowed: ADMIN },
	'POST /schemas/[scheme]/plan ?/reorder': { path: `${S}/plan?/reorder`, allowed: ADMIN },
	'POST /schemas/[scheme]/plan ?/reparent': { path: `${S}/plan?/reparent`, allowed: ADMIN },
	'POST /schemas/[scheme]/saisie/[period]/[fiche] ?/bilan': {
		path: `${S}/saisie/2019/35?/bilan`,
		allowed: FICHE_EDITORS
	},
	'POST /schemas/[scheme]/saisie/[period]/[fiche] ?/review': {
		path: `${S}/saisie/2019/35?/review`,
		allowed: ADMIN
	},
	'POST /schemas/[scheme]/saisie/[period]/[fiche] ?/saveDraft': {
		path: `${S}/saisie/2019/35?/saveDraft`,
		allowed: FICHE_EDITORS
	},
	// Any pilot may upload a spreadsheet; each row is then checked against the fiches they pilot.
	'POST /schemas/[scheme]/saisie-excel/[period] ?/confirmer': {
		path: `${S}/saisie-excel/2019?/confirmer`,
		allowed: ['otherPilot', 'pilot', 'admin']
	},
	'POST /schemas/[scheme]/saisie-excel/[period] ?/televerser': {
		path: `${S}/saisie-excel/2019?/televerser`,
		allowed: ['otherPilot', 'pilot', 'admin']
	},
	'POST /schemas/[scheme]/saisie/[period]/[fiche] ?/submit': {
		path: `${S}/saisie/2019/35?/submit`,
		allowed: FICHE_EDITORS
	}
};

let server: RunningServer;
const cookies: Partial<Record<Role, string>> = {};
let indicatorId = 0;
const results: string[] = [];

const EMAIL: Record<Exclude<Role, 'visitor'>, string> = {
	reader: DEMO.reader,
	otherPilot: DEMO.limogesPilot,
	pilot: DEMO.cafPilot,
	admin: DEMO.admin
};

beforeAll(async () => {
	server = await startServer();
	for (const role of SIGNED_IN)
		cookies[role] = await signIn(server.url, EMAIL[role as keyof typeof EMAIL]);
	const fiche = await (
		await fetch(`${server.url}${A}/fiches/35`, { headers: { Cookie: cookies.admin! } })
	).json();
	indicatorId = fiche.fiche.indicators[0].id;
});
afterAll(async () => {
	console.log(`Matrice des droits (${results.length} cas) :\n${results.join('\n')}`);
	await server?.stop();
});

const DISCOVERED = listMutatingRoutes();

describe('permission matrix', () => {
	it('covers every state-changing route of the code base', () => {
		const missing = DISCOVERED.map((r) => r.key).filter((key) => !(key in MATRIX));
		const stale = Object.keys(MATRIX).filter((key) => !DISCOVERED.some((r) => r.key === key));
		expect(missing, 'routes without a permission test').toEqual([]);
		expect(stale, 'tested routes that no longer exist').toEqual([]);
	});

	for (const route of DISCOVERED) {
		const rule = MATRIX[route.key];
		if (!rule) continue;
		it(`${route.key}`, async () => {
			for (const role of ROLES) {
				// Signing out ends the session: use a throwaway one for that route.
				const cookie =
					route.key.startsWith('POST /deconnexion') && role !== 'visitor'
						? await signIn(server.url, EMAIL[role as keyof typeof EMAIL])
						: cookies[role];
				const method = route.method === 'fallback' ? 'POST' : route.method;
				const headers: Record<string, string> = { Origin: server.url };
				if (cookie) headers.Cookie = cookie;
				if (rule.json) {
					headers['Content-Type'] = 'application/json';
					headers.Accept = 'application/json';
				} else {
					headers['Content-Type'] = 'application/x-www-form-urlencoded';
					headers.Accept = 'text/html';
				}
				const response = await fetch(
					`${server.url}${rule.path.replace('{indicator}', String(indicatorId))}`,
					{
						method,
						headers,
						body: rule.json ? '{}' : '',
						redirect: 'manual'
					}
				);
				const location = response.headers.get('location') ?? '';
				const toSignIn = response.status === 303 && location.startsWith('/connexion');
				const allowed = rule.allowed === 'everyone' || rule.allowed.includes(role);
				const denied =
					response.status === 401 ||
					response.status === 403 ||
					(toSignIn && !route.key.startsWith('POST /deconnexion'));
				results.push(
					`${route.key.padEnd(80)} ${role.padEnd(10)} ${response.status}${location ? ` → ${location}` : ''}`
				);
				expect(response.status, `${route.key} as ${role}`).toBeLessThan(500);
				if (allowed) {
					expect(
						denied,
						`${route.key} as ${role} should pass the rights check (got ${response.status})`
					).toBe(false);
				} else if (role === 'visitor') {
					expect(denied, `${route.key} as visitor should be refused (got ${response.status})`).toBe(
						true
					);
				} else {
					expect(response.status, `${route.key} as ${role} should be forbidden`).toBe(403);
				}
			}
		});
	}
});
