import { openRawDb } from '../support/database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../support/auth';
import { listAllRoutes } from '../support/routes';
import { startServer, type RunningServer } from '../support/server';

/**
 * Every entry point of the app (each page, each endpoint method, each form action), read from the
 * source tree, against nine callers on two private schemes of two territories: scheme A is the
 * Haute-Vienne SDSF (département 87), scheme B the Corrèze SDSF (département 19). Each cell asserts
 * the exact status. Requests carry an empty body: a refused caller is stopped before any
 * validation, so the status says which rule answered. A route missing from the table fails.
 *
 * Refusals never reveal: on a private scheme an anonymous visitor is sent to sign in (the API
 * answers 404), a non-member gets 404 exactly as for a scheme that does not exist, a member
 * without the right gets 403.
 */

const CALLERS = [
	'anonymous',
	'platformAdmin',
	'coordA',
	'coordB',
	'pilotA',
	'pilotAOther',
	'pilotB',
	'readerA',
	'readerB'
] as const;
type Caller = (typeof CALLERS)[number];

const EMAIL: Record<Exclude<Caller, 'anonymous'>, string> = {
	platformAdmin: 'admin@demo.sdsf.fr',
	coordA: 'coordination@demo.sdsf.fr',
	coordB: 'coordination.correze@demo.sdsf.fr',
	// CAF 87 pilots fiche 35 of A; « pilotAOther » is the same person on a fiche CAF 87 does not pilot.
	pilotA: 'pilote.caf87@demo.sdsf.fr',
	pilotAOther: 'pilote.caf87@demo.sdsf.fr',
	pilotB: 'pilote.caf19@demo.sdsf.fr',
	readerA: 'lecteur@demo.sdsf.fr',
	readerB: 'lecteur.correze@demo.sdsf.fr'
};

const MEMBERS_OF_A: Caller[] = ['platformAdmin', 'coordA', 'pilotA', 'pilotAOther', 'readerA'];
const NON_MEMBERS_OF_A: Caller[] = ['coordB', 'pilotB', 'readerB'];

/**
 * Who may pass: `public` everyone; `signedIn` any account; `platform` platform administrators;
 * on scheme A: `read` its members, `report` those with fiches to report on (pilots, coordination),
 * `fiche` the pilots of the fiche in the path and the coordination, `coord` the coordination.
 */
type Access = 'public' | 'signedIn' | 'platform' | 'read' | 'report' | 'fiche' | 'coord';

type Rule = {
	access: Access;
	/** Concrete path; placeholders in braces are filled in from the demo (see `fill`). */
	path: string;
	/** What an allowed caller gets with an empty body: one status, or per caller. */
	ok: number | Partial<Record<Caller, number>>;
	json?: boolean;
};

const A = 'haute-vienne-2017-2021';
const S = `/schemas/${A}`;
const API = `/api/schemes/${A}`;

const allowedBy: Record<Access, (c: Caller) => boolean> = {
	public: () => true,
	signedIn: (c) => c !== 'anonymous',
	platform: (c) => c === 'platformAdmin',
	read: (c) => MEMBERS_OF_A.includes(c),
	report: (c) => ['platformAdmin', 'coordA', 'pilotA', 'pilotAOther'].includes(c),
	fiche: (c) => ['platformAdmin', 'coordA', 'pilotA'].includes(c),
	coord: (c) => ['platformAdmin', 'coordA'].includes(c)
};

function expected(rule: Rule, caller: Caller): { status: number; signIn?: boolean } {
	if (allowedBy[rule.access](caller)) {
		const ok = typeof rule.ok === 'number' ? rule.ok : (rule.ok[caller] ?? rule.ok.coordA!);
		return { status: ok };
	}
	const onScheme = !['public', 'signedIn', 'platform'].includes(rule.access);
	if (caller === 'anonymous') {
		if (onScheme && rule.json) return { status: 404 };
		return { status: 303, signIn: true };
	}
	if (onScheme && NON_MEMBERS_OF_A.includes(caller)) return { status: 404 };
	return { status: 403 };
}

const GET_OK = 200;

const MATRIX: Record<string, Rule> = {
	// — Public and account pages —
	'GET /': { access: 'public', path: '/', ok: 200 },
	// A signed-in person is sent home from the sign-in page; a visitor from the sign-out page.
	'GET /connexion': { access: 'public', path: '/connexion', ok: { anonymous: 200, coordA: 303 } },
	'POST /connexion ?/default': {
		access: 'public',
		path: '/connexion',
		ok: { anonymous: 400, coordA: 303 }
	},
	'GET /deconnexion': {
		access: 'public',
		path: '/deconnexion',
		ok: { anonymous: 303, coordA: 200 }
	},
	'POST /deconnexion ?/default': { access: 'public', path: '/deconnexion', ok: 303 },
	'GET /invitation/[token]': { access: 'public', path: '/invitation/jeton-inconnu', ok: 404 },
	'POST /invitation/[token] ?/default': {
		access: 'public',
		path: '/invitation/jeton-inconnu',
		ok: 404
	},
	'GET /mot-de-passe-oublie': { access: 'public', path: '/mot-de-passe-oublie', ok: 200 },
	'POST /mot-de-passe-oublie ?/default': {
		access: 'public',
		path: '/mot-de-passe-oublie',
		ok: 400
	},
	'GET /mot-de-passe-oublie/[token]': {
		access: 'public',
		path: '/mot-de-passe-oublie/jeton-inconnu',
		ok: 404
	},
	'POST /mot-de-passe-oublie/[token] ?/default': {
		access: 'public',
		path: '/mot-de-passe-oublie/jeton-inconnu',
		ok: 404
	},
	// The unsubscribe link of a notice: its key is the only authority (unknown key here: 404).
	'GET /desabonnement/[token]': {
		access: 'public',
		path: '/desabonnement/cle-inconnue?avis=reminder',
		ok: 404
	},
	'POST /desabonnement/[token] ?/default': {
		access: 'public',
		path: '/desabonnement/cle-inconnue?avis=reminder',
		ok: 404
	},
	'GET /healthz': { access: 'public', path: '/healthz', ok: 200 },
	'GET /organisations/[organisation]': { access: 'public', path: '/organisations/caf-87', ok: 200 },
	'GET /api/openapi.json': { access: 'public', path: '/api/openapi.json', ok: 200, json: true },
	'GET /api/schemes': { access: 'public', path: '/api/schemes', ok: 200, json: true },
	// Public territory data (CNAF open data): no account needed.
	'GET /api/territories/[code]': {
		access: 'public',
		path: '/api/territories/87',
		ok: 200,
		json: true
	},
	'ANY /api/[...rest]': { access: 'public', path: '/api/nothing/here', ok: 404, json: true },
	'GET /ma-saisie': { access: 'signedIn', path: '/ma-saisie', ok: 200 },
	'GET /profil': { access: 'signedIn', path: '/profil', ok: 200 },
	'POST /profil ?/createToken': { access: 'signedIn', path: '/profil?/createToken', ok: 400 },
	'POST /profil ?/notifications': {
		access: 'signedIn',
		path: '/profil?/notifications',
		ok: 400 // no digest frequency
	},
	'POST /profil ?/password': { access: 'signedIn', path: '/profil?/password', ok: 400 },
	'POST /profil ?/revokeToken': { access: 'signedIn', path: '/profil?/revokeToken', ok: 400 },

	// — Platform administration —
	'GET /admin': { access: 'platform', path: '/admin', ok: 200 },
	'GET /admin/courriels': { access: 'platform', path: '/admin/courriels', ok: 200 },
	'GET /admin/export-national.xlsx': {
		access: 'platform',
		path: '/admin/export-national.xlsx',
		ok: 200
	},
	'GET /admin/courriels/[id]': { access: 'platform', path: '/admin/courriels/{mail}', ok: 200 },
	'GET /admin/organisations': { access: 'platform', path: '/admin/organisations', ok: 200 },
	'POST /admin/organisations ?/create': {
		access: 'platform',
		path: '/admin/organisations?/create',
		ok: 400
	},
	'GET /admin/organisations/[slug]': {
		access: 'platform',
		path: '/admin/organisations/msa',
		ok: 200
	},
	'POST /admin/organisations/[slug] ?/update': {
		access: 'platform',
		path: '/admin/organisations/msa?/update',
		ok: 400
	},
	'GET /admin/utilisateurs': { access: 'platform', path: '/admin/utilisateurs', ok: 200 },
	'POST /admin/utilisateurs ?/invite': {
		access: 'platform',
		path: '/admin/utilisateurs?/invite',
		ok: 400
	},
	'GET /admin/utilisateurs/[id]': {
		access: 'platform',
		path: '/admin/utilisateurs/{user}',
		ok: 200
	},
	'POST /admin/utilisateurs/[id] ?/resend': {
		access: 'platform',
		path: '/admin/utilisateurs/{user}?/resend',
		ok: 400
	},
	'POST /admin/utilisateurs/[id] ?/update': {
		access: 'platform',
		path: '/admin/utilisateurs/{user}?/update',
		ok: 400
	},
	'GET /import': { access: 'platform', path: '/import', ok: 200 },
	'POST /import ?/confirmer': { access: 'platform', path: '/import?/confirmer', ok: 410 },
	'POST /import ?/televerser': { access: 'platform', path: '/import?/televerser', ok: 400 },
	'GET /import/modele.xlsx': { access: 'platform', path: '/import/modele.xlsx', ok: 200 },
	'GET /schemas/nouveau': { access: 'platform', path: '/schemas/nouveau', ok: 200 },
	'POST /schemas/nouveau ?/default': { access: 'platform', path: '/schemas/nouveau', ok: 400 },

	// — Scheme A: reading —
	'GET /schemas/[scheme]': { access: 'read', path: S, ok: GET_OK },
	'GET /schemas/[scheme]/fiches/[fiche]': { access: 'read', path: `${S}/fiches/{fiche}`, ok: 200 },
	'GET /schemas/[scheme]/fiches/[fiche]/export.xlsx': {
		access: 'read',
		path: `${S}/fiches/{fiche}/export.xlsx`,
		ok: 200
	},
	'GET /schemas/[scheme]/fiches/[fiche]/export.docx': {
		access: 'read',
		path: `${S}/fiches/{fiche}/export.docx`,
		ok: 200
	},
	'GET /schemas/[scheme]/export/livret.docx': {
		access: 'read',
		path: `${S}/export/livret.docx`,
		ok: 200
	},
	'GET /schemas/[scheme]/export/fiches.xlsx': {
		access: 'read',
		path: `${S}/export/fiches.xlsx`,
		ok: 200
	},
	'GET /schemas/[scheme]/export/plan.xlsx': {
		access: 'read',
		path: `${S}/export/plan.xlsx`,
		ok: 200
	},
	'GET /schemas/[scheme]/donnees.csv': { access: 'read', path: `${S}/donnees.csv`, ok: 200 },
	'GET /schemas/[scheme]/bilan': { access: 'read', path: `${S}/bilan`, ok: 200 },
	'GET /schemas/[scheme]/comparer': { access: 'read', path: `${S}/comparer`, ok: 200 },
	'GET /schemas/[scheme]/bilan/bilan.docx': {
		access: 'read',
		path: `${S}/bilan/bilan.docx`,
		ok: 200
	},
	'GET /schemas/[scheme]/bilan/bilan.xlsx': {
		access: 'read',
		path: `${S}/bilan/bilan.xlsx`,
		ok: 200
	},
	'GET /schemas/[scheme]/tableau-de-bord': {
		access: 'read',
		path: `${S}/tableau-de-bord`,
		ok: 200
	},
	'GET /schemas/[scheme]/rapport': { access: 'read', path: `${S}/rapport`, ok: 200 },
	'GET /schemas/[scheme]/rapport/rapport.xlsx': {
		access: 'read',
		path: `${S}/rapport/rapport.xlsx?periode=2018`,
		ok: 200
	},
	'GET /schemas/[scheme]/revue': { access: 'read', path: `${S}/revue`, ok: 200 },
	'GET /schemas/[scheme]/revue/[period]': { access: 'read', path: `${S}/revue/2018`, ok: 200 },
	'GET /schemas/[scheme]/comites': { access: 'read', path: `${S}/comites`, ok: 200 },
	'GET /schemas/[scheme]/comites/[id]': {
		access: 'read',
		path: `${S}/comites/{meeting}`,
		ok: 200
	},
	'GET /schemas/[scheme]/comites/[id]/revue': {
		access: 'read',
		path: `${S}/comites/{closed}/revue`,
		ok: 200
	},
	'GET /schemas/[scheme]/saisie/[period]/[fiche]': {
		access: 'read',
		path: `${S}/saisie/2019/{fiche}`,
		ok: 200
	},
	'GET /api/schemes/[scheme]': { access: 'read', path: API, ok: 200, json: true },
	'GET /api/schemes/[scheme]/fiches/[fiche]': {
		access: 'read',
		path: `${API}/fiches/{fiche}`,
		ok: 200,
		json: true
	},
	'GET /api/schemes/[scheme]/figures': {
		access: 'read',
		path: `${API}/figures`,
		ok: 200,
		json: true
	},
	'GET /api/schemes/[scheme]/report': {
		access: 'read',
		path: `${API}/report?period=2018`,
		ok: 200,
		json: true
	},
	'GET /api/schemes/[scheme]/periods': {
		access: 'read',
		path: `${API}/periods`,
		ok: 200,
		json: true
	},
	'GET /api/schemes/[scheme]/periods/[period]': {
		access: 'read',
		path: `${API}/periods/2019`,
		ok: 200,
		json: true
	},
	'GET /api/schemes/[scheme]/fiches/[fiche]/periods/[period]': {
		access: 'read',
		path: `${API}/fiches/{fiche}/periods/2019`,
		ok: 200,
		json: true
	},
	'GET /api/schemes/[scheme]/fiches/[fiche]/indicators/[indicator]/values/[period]': {
		access: 'read',
		path: `${API}/fiches/{fiche}/indicators/{indicator}/values/2018`,
		ok: 200,
		json: true
	},

	// — Scheme A: reporting figures —
	// Readers are told that entry by spreadsheet is for the pilots and the coordination.
	'GET /schemas/[scheme]/saisie-excel': { access: 'read', path: `${S}/saisie-excel`, ok: 200 },
	'GET /schemas/[scheme]/saisie-excel/[period]': {
		access: 'report',
		path: `${S}/saisie-excel/2019`,
		ok: 200
	},
	'GET /schemas/[scheme]/saisie-excel/[period]/modele.xlsx': {
		access: 'report',
		path: `${S}/saisie-excel/2019/modele.xlsx`,
		ok: 200
	},
	// Any pilot may upload a spreadsheet; each row is then checked against the fiches they pilot.
	'POST /schemas/[scheme]/saisie-excel/[period] ?/televerser': {
		access: 'report',
		path: `${S}/saisie-excel/2019?/televerser`,
		ok: 400
	},
	'POST /schemas/[scheme]/saisie-excel/[period] ?/confirmer': {
		access: 'report',
		path: `${S}/saisie-excel/2019?/confirmer`,
		ok: 410
	},

	// — Scheme A: one fiche, its pilots and the coordination —
	'GET /schemas/[scheme]/fiches/[fiche]/modifier': {
		access: 'fiche',
		path: `${S}/fiches/{fiche}/modifier`,
		ok: 200
	},
	'POST /schemas/[scheme]/fiches/[fiche]/modifier ?/default': {
		access: 'fiche',
		path: `${S}/fiches/{fiche}/modifier`,
		ok: 400
	},
	// Every member follows the milestones; only the fiche's pilots and the coordination get the forms.
	'GET /schemas/[scheme]/fiches/[fiche]/jalons': {
		access: 'read',
		path: `${S}/fiches/{fiche}/jalons`,
		ok: 200
	},
	'POST /schemas/[scheme]/fiches/[fiche]/jalons ?/create': {
		access: 'fiche',
		path: `${S}/fiches/{fiche}/jalons?/create`,
		ok: 400
	},
	'POST /schemas/[scheme]/fiches/[fiche]/jalons ?/delete': {
		access: 'fiche',
		path: `${S}/fiches/{fiche}/jalons?/delete`,
		ok: 404 // no milestone id: none of this fiche
	},
	'POST /schemas/[scheme]/fiches/[fiche]/jalons ?/done': {
		access: 'fiche',
		path: `${S}/fiches/{fiche}/jalons?/done`,
		ok: 404 // no milestone id: none of this fiche
	},
	'POST /schemas/[scheme]/fiches/[fiche]/jalons ?/update': {
		access: 'fiche',
		path: `${S}/fiches/{fiche}/jalons?/update`,
		ok: 400
	},
	'POST /schemas/[scheme]/saisie/[period]/[fiche] ?/bilan': {
		access: 'fiche',
		path: `${S}/saisie/2019/{fiche}?/bilan`,
		ok: 400
	},
	'POST /schemas/[scheme]/saisie/[period]/[fiche] ?/saveDraft': {
		access: 'fiche',
		path: `${S}/saisie/2019/{fiche}?/saveDraft`,
		ok: 400
	},
	'POST /schemas/[scheme]/saisie/[period]/[fiche] ?/submit': {
		access: 'fiche',
		path: `${S}/saisie/2019/{fiche}?/submit`,
		ok: 400
	},
	'POST /schemas/[scheme]/saisie/[period]/[fiche] ?/withdraw': {
		access: 'fiche',
		path: `${S}/saisie/2019/{fiche}?/withdraw`,
		ok: 400 // nothing submitted on this fiche in the demo
	},
	'PATCH /api/schemes/[scheme]/fiches/[fiche]': {
		access: 'fiche',
		path: `${API}/fiches/{fiche}`,
		ok: 428,
		json: true
	},
	'POST /api/schemes/[scheme]/fiches/[fiche]/periods/[period]/submit': {
		access: 'fiche',
		path: `${API}/fiches/{fiche}/periods/2019/submit`,
		ok: 400,
		json: true
	},
	'POST /api/schemes/[scheme]/fiches/[fiche]/periods/[period]/withdraw': {
		access: 'fiche',
		path: `${API}/fiches/{fiche}/periods/2019/withdraw`,
		ok: 400,
		json: true
	},
	'PUT /api/schemes/[scheme]/fiches/[fiche]/indicators/[indicator]/values/[period]': {
		access: 'fiche',
		path: `${API}/fiches/{fiche}/indicators/{indicator}/values/2019`,
		ok: 400,
		json: true
	},

	// — Scheme A: the coordination —
	'GET /schemas/[scheme]/membres': { access: 'coord', path: `${S}/membres`, ok: 200 },
	'POST /schemas/[scheme]/membres ?/invite': {
		access: 'coord',
		path: `${S}/membres?/invite`,
		ok: 400
	},
	'POST /schemas/[scheme]/membres ?/update': {
		access: 'coord',
		path: `${S}/membres?/update`,
		ok: 404 // no membership id: nobody of this scheme
	},
	'POST /schemas/[scheme]/membres ?/remove': {
		access: 'coord',
		path: `${S}/membres?/remove`,
		ok: 404 // no membership id: nobody of this scheme
	},
	// Funding: every member reads it; the fiche's pilots (a period of A is open) and the
	// coordination enter it.
	'GET /schemas/[scheme]/financements': { access: 'read', path: `${S}/financements`, ok: 200 },
	'GET /schemas/[scheme]/fiches/[fiche]/financements': {
		access: 'read',
		path: `${S}/fiches/{fiche}/financements`,
		ok: 200
	},
	'POST /schemas/[scheme]/fiches/[fiche]/financements ?/enregistrer': {
		access: 'fiche',
		path: `${S}/fiches/{fiche}/financements?/enregistrer`,
		ok: 400
	},
	'POST /schemas/[scheme]/fiches/[fiche]/financements ?/supprimer': {
		access: 'fiche',
		path: `${S}/fiches/{fiche}/financements?/supprimer`,
		ok: 404 // no line id: nothing of this fiche
	},
	// The territory beside the scheme: every member reads it; the coordination imports the public
	// files and sets the coverage threshold.
	'GET /schemas/[scheme]/territoire': { access: 'read', path: `${S}/territoire`, ok: 200 },
	'POST /schemas/[scheme]/territoire ?/seuil': {
		access: 'coord',
		path: `${S}/territoire?/seuil`,
		ok: 400
	},
	'GET /schemas/[scheme]/territoire/import': {
		access: 'coord',
		path: `${S}/territoire/import`,
		ok: 200
	},
	'POST /schemas/[scheme]/territoire/import ?/televerser': {
		access: 'coord',
		path: `${S}/territoire/import?/televerser`,
		ok: 400
	},
	'POST /schemas/[scheme]/territoire/import ?/confirmer': {
		access: 'coord',
		path: `${S}/territoire/import?/confirmer`,
		ok: 410
	},
	'GET /schemas/[scheme]/parametres': { access: 'coord', path: `${S}/parametres`, ok: 200 },
	'POST /schemas/[scheme]/parametres ?/default': {
		access: 'coord',
		path: `${S}/parametres`,
		ok: 400
	},
	'GET /schemas/[scheme]/plan': { access: 'coord', path: `${S}/plan`, ok: 200 },
	'POST /schemas/[scheme]/plan ?/createNode': {
		access: 'coord',
		path: `${S}/plan?/createNode`,
		ok: 400
	},
	'POST /schemas/[scheme]/plan ?/deleteNode': {
		access: 'coord',
		path: `${S}/plan?/deleteNode`,
		ok: 400
	},
	'POST /schemas/[scheme]/plan ?/moveFiche': {
		access: 'coord',
		path: `${S}/plan?/moveFiche`,
		ok: 400
	},
	'POST /schemas/[scheme]/plan ?/rename': { access: 'coord', path: `${S}/plan?/rename`, ok: 400 },
	'POST /schemas/[scheme]/plan ?/reorder': {
		access: 'coord',
		path: `${S}/plan?/reorder`,
		ok: 400
	},
	'POST /schemas/[scheme]/plan ?/reparent': {
		access: 'coord',
		path: `${S}/plan?/reparent`,
		ok: 400
	},
	'GET /schemas/[scheme]/fiches/nouvelle': {
		access: 'coord',
		path: `${S}/fiches/nouvelle`,
		ok: 200
	},
	'POST /schemas/[scheme]/fiches/nouvelle ?/default': {
		access: 'coord',
		path: `${S}/fiches/nouvelle`,
		ok: 400
	},
	'GET /schemas/[scheme]/avenants': { access: 'coord', path: `${S}/avenants`, ok: 200 },
	'GET /schemas/[scheme]/avenants/nouveau': {
		access: 'coord',
		path: `${S}/avenants/nouveau`,
		ok: 200
	},
	'POST /schemas/[scheme]/avenants/nouveau ?/default': {
		access: 'coord',
		path: `${S}/avenants/nouveau`,
		ok: 400
	},
	'GET /schemas/[scheme]/fiches/[fiche]/indicateurs': {
		access: 'coord',
		path: `${S}/fiches/{fiche}/indicateurs`,
		ok: 200
	},
	'POST /schemas/[scheme]/fiches/[fiche]/indicateurs ?/create': {
		access: 'coord',
		path: `${S}/fiches/{fiche}/indicateurs?/create`,
		ok: 400
	},
	'POST /schemas/[scheme]/fiches/[fiche]/indicateurs ?/delete': {
		access: 'coord',
		path: `${S}/fiches/{fiche}/indicateurs?/delete`,
		ok: 400
	},
	'POST /schemas/[scheme]/fiches/[fiche]/indicateurs ?/reorder': {
		access: 'coord',
		path: `${S}/fiches/{fiche}/indicateurs?/reorder`,
		ok: 400
	},
	'POST /schemas/[scheme]/fiches/[fiche]/indicateurs ?/bindSeries': {
		access: 'coord',
		path: `${S}/fiches/{fiche}/indicateurs?/bindSeries`,
		ok: 400
	},
	'POST /schemas/[scheme]/fiches/[fiche]/indicateurs ?/breakdownScope': {
		access: 'coord',
		path: `${S}/fiches/{fiche}/indicateurs?/breakdownScope`,
		ok: 400
	},
	'POST /schemas/[scheme]/fiches/[fiche]/indicateurs ?/unbindSeries': {
		access: 'coord',
		path: `${S}/fiches/{fiche}/indicateurs?/unbindSeries`,
		ok: 400
	},
	'GET /schemas/[scheme]/fiches/[fiche]/indicateurs/[indicateur]': {
		access: 'coord',
		path: `${S}/fiches/{fiche}/indicateurs/{indicator}`,
		ok: 200
	},
	'POST /schemas/[scheme]/fiches/[fiche]/indicateurs/[indicateur] ?/default': {
		access: 'coord',
		path: `${S}/fiches/{fiche}/indicateurs/{indicator}`,
		ok: 400
	},
	// Every member sees the reporting calendar; only the coordination gets the forms.
	'GET /schemas/[scheme]/periodes': { access: 'read', path: `${S}/periodes`, ok: 200 },
	'POST /schemas/[scheme]/periodes ?/create': {
		access: 'coord',
		path: `${S}/periodes?/create`,
		ok: 400
	},
	'POST /schemas/[scheme]/periodes ?/delete': {
		access: 'coord',
		path: `${S}/periodes?/delete`,
		ok: 404 // no period code: none of this scheme
	},
	'POST /schemas/[scheme]/periodes ?/state': {
		access: 'coord',
		path: `${S}/periodes?/state`,
		ok: 400
	},
	'POST /schemas/[scheme]/periodes ?/window': {
		access: 'coord',
		path: `${S}/periodes?/window`,
		ok: 400
	},
	'GET /schemas/[scheme]/saisie/[period]': { access: 'coord', path: `${S}/saisie/2019`, ok: 200 },
	'GET /schemas/[scheme]/saisie/[period]/campagne.csv': {
		access: 'coord',
		path: `${S}/saisie/2019/campagne.csv`,
		ok: 200
	},
	'POST /schemas/[scheme]/saisie/[period] ?/relancer': {
		access: 'coord',
		path: `${S}/saisie/2019?/relancer`,
		ok: 400 // no organisation named
	},
	'POST /schemas/[scheme]/saisie/[period] ?/rappels': {
		access: 'coord',
		path: `${S}/saisie/2019?/rappels`,
		ok: 200 // an empty field: no reminder before the closing
	},
	'POST /schemas/[scheme]/saisie/[period]/[fiche] ?/review': {
		access: 'coord',
		path: `${S}/saisie/2019/{fiche}?/review`,
		ok: 400
	},
	'POST /schemas/[scheme]/tableau-de-bord ?/override': {
		access: 'coord',
		path: `${S}/tableau-de-bord?/override`,
		ok: 400
	},
	'GET /schemas/[scheme]/comites/nouveau': {
		access: 'coord',
		path: `${S}/comites/nouveau`,
		ok: 200
	},
	'POST /schemas/[scheme]/comites/nouveau ?/default': {
		access: 'coord',
		path: `${S}/comites/nouveau`,
		ok: 400
	},
	'POST /schemas/[scheme]/comites/[id] ?/modifier': {
		access: 'coord',
		path: `${S}/comites/{meeting}?/modifier`,
		ok: 400
	},
	'POST /schemas/[scheme]/comites/[id] ?/suivi': {
		access: 'coord',
		path: `${S}/comites/{meeting}?/suivi`,
		ok: 400 // no decision named
	},
	'POST /schemas/[scheme]/comites/[id] ?/supprimer': {
		access: 'coord',
		path: `${S}/comites/{meeting}?/supprimer`,
		ok: 400 // no version: nothing deleted
	},
	'GET /schemas/[scheme]/comites/[id]/cloture': {
		access: 'coord',
		path: `${S}/comites/{meeting}/cloture`,
		ok: 200
	},
	'POST /schemas/[scheme]/comites/[id]/cloture ?/default': {
		access: 'coord',
		path: `${S}/comites/{meeting}/cloture`,
		ok: 400
	},
	'GET /schemas/[scheme]/comites/[id]/decisions/nouvelle': {
		access: 'coord',
		path: `${S}/comites/{meeting}/decisions/nouvelle`,
		ok: 200
	},
	'POST /schemas/[scheme]/comites/[id]/decisions/nouvelle ?/default': {
		access: 'coord',
		path: `${S}/comites/{meeting}/decisions/nouvelle`,
		ok: 400
	},
	'GET /schemas/[scheme]/comites/[id]/decisions/[decision]': {
		access: 'coord',
		path: `${S}/comites/{meeting}/decisions/{decision}`,
		ok: 200
	},
	'POST /schemas/[scheme]/comites/[id]/decisions/[decision] ?/modifier': {
		access: 'coord',
		path: `${S}/comites/{meeting}/decisions/{decision}?/modifier`,
		ok: 400
	},
	'POST /schemas/[scheme]/comites/[id]/decisions/[decision] ?/supprimer': {
		access: 'coord',
		path: `${S}/comites/{meeting}/decisions/{decision}?/supprimer`,
		ok: 400
	},
	'GET /schemas/[scheme]/bilan/[fiche]': {
		access: 'coord',
		path: `${S}/bilan/{fiche}`,
		ok: 200
	},
	'POST /schemas/[scheme]/bilan/[fiche] ?/default': {
		access: 'coord',
		path: `${S}/bilan/{fiche}`,
		ok: 400 // no version: nothing written
	},
	'GET /schemas/[scheme]/schema-suivant': {
		access: 'coord',
		path: `${S}/schema-suivant`,
		ok: 200
	},
	'POST /schemas/[scheme]/schema-suivant ?/default': {
		access: 'coord',
		path: `${S}/schema-suivant`,
		ok: 400 // no years: nothing created
	},
	'POST /api/schemes/[scheme]/next': {
		access: 'coord',
		path: `${API}/next`,
		ok: 400, // no years: nothing created
		json: true
	},
	'PATCH /api/schemes/[scheme]/periods/[period]': {
		access: 'coord',
		path: `${API}/periods/2019`,
		ok: 428,
		json: true
	},
	'POST /api/schemes/[scheme]/periods': {
		access: 'coord',
		path: `${API}/periods`,
		ok: 400,
		json: true
	},
	'POST /api/schemes/[scheme]/fiches/[fiche]/periods/[period]/review': {
		access: 'coord',
		path: `${API}/fiches/{fiche}/periods/2019/review`,
		ok: 400,
		json: true
	}
};

let server: RunningServer;
const cookies: Partial<Record<Caller, string>> = {};
/** Placeholders of the paths, per caller where they differ (the fiche of « pilotAOther »). */
let fill: (path: string, caller: Caller) => string = (p) => p;
const table: string[] = [];

beforeAll(async () => {
	server = await startServer();
	const sqlite = await openRawDb(server);
	const one = async <T>(query: string, ...args: unknown[]) =>
		(await sqlite.get(query, ...args)) as T;
	const scheme = (await one<{ id: number }>('select id from scheme where slug = ?', A)).id;
	const caf87 = (await one<{ id: number }>(`select id from organisation where slug = 'caf-87'`)).id;
	const ficheOf = async (number: string) =>
		await one<{ id: number }>(
			'select id from fiche where scheme_id = ? and number = ?',
			scheme,
			number
		);
	// A fiche of A that CAF 87 does not pilot, with indicators.
	const other = await one<{ id: number; number: string }>(
		`select f.id, f.number from fiche f
		 where f.scheme_id = ?
		   and not exists (select 1 from fiche_actor a where a.fiche_id = f.id and a.role = 'pilot' and a.organisation_id = ?)
		   and exists (select 1 from indicator i join figure g on g.indicator_id = i.id
		               where i.fiche_id = f.id and g.status = 'valide' and g.breakdown_value_id is null)
		 order by f.number_sort limit 1`,
		scheme,
		caf87
	);
	// An indicator with a validated 2018 figure (no breakdown): every member may read it.
	const indicatorOf = async (ficheId: number) =>
		(
			await one<{ id: number }>(
				`select i.id from indicator i
			 join figure f on f.indicator_id = i.id and f.breakdown_value_id is null and f.status = 'valide'
			 join reporting_period p on p.id = f.period_id and p.code = '2018'
			 where i.fiche_id = ? order by i.position limit 1`,
				ficheId
			)
		).id;
	const fiche35 = (await ficheOf('35')).id;
	const period = (
		await one<{ id: number }>(
			`select id from reporting_period where scheme_id = ? and code = '2019'`,
			scheme
		)
	).id;
	// Two meetings of A: one open with a decision, one closed through the real form below.
	const meeting = async (title: string) =>
		Number(
			await sqlite.insert(
				`insert into meeting (scheme_id, period_id, held_on, title) values (?, ?, '2020-03-12', ?)`,
				scheme,
				period,
				title
			)
		);
	const open = await meeting('CDSF de printemps');
	const closed = await meeting('COPIL de clôture');
	const decision = Number(
		await sqlite.insert(
			`insert into decision (meeting_id, position, text) values (?, 1, 'Relancer')`,
			open
		)
	);
	const user = (await one<{ id: number }>(`select id from app_user where email = ?`, EMAIL.pilotA))
		.id;
	// A message in the outbox, for its page on « Courriels envoyés ».
	const mail = Number(
		await sqlite.insert(`insert into mail (idempotency_key, kind, to_address, subject, text_body)
				 values ('matrice:1', 'test', 'personne@exemple.fr', 'Essai', 'Bonjour')`)
	);
	const indicators = new Map<number, number>();
	for (const id of [fiche35, other.id]) indicators.set(id, await indicatorOf(id));
	await sqlite.close();

	const sessions = new Map<string, string>();
	for (const caller of CALLERS) {
		if (caller === 'anonymous') continue;
		const email = EMAIL[caller];
		if (!sessions.has(email)) sessions.set(email, await signIn(server.url, email));
		cookies[caller] = sessions.get(email);
	}
	const closing = await fetch(`${server.url}${S}/comites/${closed}/cloture`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			Origin: server.url,
			Cookie: cookies.coordA!,
			Accept: 'text/html',
			'Content-Type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({ version: '1' })
	});
	expect(closing.status, 'closing a meeting through the form').toBe(303);

	fill = (path, caller) => {
		const fiche = caller === 'pilotAOther' ? other : { id: fiche35, number: '35' };
		return path
			.replaceAll('{fiche}', fiche.number.replace(' ', '-'))
			.replaceAll('{indicator}', String(indicators.get(fiche.id)))
			.replaceAll('{meeting}', String(open))
			.replaceAll('{closed}', String(closed))
			.replaceAll('{decision}', String(decision))
			.replaceAll('{user}', String(user))
			.replaceAll('{mail}', String(mail));
	};
});

afterAll(async () => {
	console.log(`Matrice des droits (${table.length} cases) :\n${table.join('\n')}`);
	await server?.stop();
});

const DISCOVERED = listAllRoutes();

async function call(route: (typeof DISCOVERED)[number], rule: Rule, caller: Caller) {
	// Signing out ends the session: that route gets a throwaway one.
	const cookie =
		route.key.startsWith('POST /deconnexion') && caller !== 'anonymous'
			? await signIn(server.url, EMAIL[caller])
			: cookies[caller];
	const method = route.method === 'fallback' ? 'POST' : route.method;
	const headers: Record<string, string> = { Origin: server.url };
	if (cookie) headers.Cookie = cookie;
	headers.Accept = rule.json ? 'application/json' : 'text/html';
	const writes = method !== 'GET';
	if (writes)
		headers['Content-Type'] = rule.json ? 'application/json' : 'application/x-www-form-urlencoded';
	return fetch(`${server.url}${fill(rule.path, caller)}`, {
		method,
		headers,
		body: writes ? (rule.json ? '{}' : '') : undefined,
		redirect: 'manual'
	});
}

describe('permission matrix: every route × nine callers on two schemes', () => {
	it('has a rule for every entry point of the code base, and none for a route that is gone', () => {
		const missing = DISCOVERED.map((r) => r.key).filter((key) => !(key in MATRIX));
		const stale = Object.keys(MATRIX).filter((key) => !DISCOVERED.some((r) => r.key === key));
		expect(missing, 'routes without a rule').toEqual([]);
		expect(stale, 'rules for routes that no longer exist').toEqual([]);
	});

	for (const route of DISCOVERED) {
		const rule = MATRIX[route.key];
		if (!rule) continue;
		it(route.key, async () => {
			const wrong: string[] = [];
			for (const caller of CALLERS) {
				const response = await call(route, rule, caller);
				await response.body?.cancel();
				const want = expected(rule, caller);
				const location = response.headers.get('location') ?? '';
				table.push(
					`${route.key.padEnd(86)} ${caller.padEnd(13)} ${response.status}${location ? ` → ${location}` : ''}`
				);
				const signInOk = !want.signIn || location.startsWith('/connexion?retour=');
				if (response.status !== want.status || !signInOk)
					wrong.push(
						`${caller}: got ${response.status}${location ? ` → ${location}` : ''}, expected ${want.status}${want.signIn ? ' → /connexion' : ''}`
					);
			}
			expect(wrong, `${route.key} (${rule.path})`).toEqual([]);
		});
	}
});
