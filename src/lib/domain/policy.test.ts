import { describe, expect, it } from 'vitest';
import {
	can,
	PLATFORM,
	refusalOf,
	roleIn,
	type Actor,
	type FicheAction,
	type SchemeAction,
	type SchemeResource
} from './policy';

// The one policy as a table: every action × the nine callers of the permission matrix, on a
// private and on a public scheme, then what a token narrows.

const A = 1;
const B = 2;
const CAF87 = 10;
const CD87 = 11;
const CAF19 = 20;

const actor = (id: number, memberships: Actor['memberships'], platformAdmin = false): Actor => ({
	id,
	platformAdmin,
	memberships
});
const CALLERS: Record<string, Actor | null> = {
	anonymous: null,
	platformAdmin: actor(1, [], true),
	coordA: actor(2, [{ schemeId: A, role: 'coordinateur', organisationId: null }]),
	coordB: actor(3, [{ schemeId: B, role: 'coordinateur', organisationId: null }]),
	pilotA: actor(4, [{ schemeId: A, role: 'pilote', organisationId: CAF87 }]),
	pilotB: actor(5, [{ schemeId: B, role: 'pilote', organisationId: CAF19 }]),
	readerA: actor(6, [{ schemeId: A, role: 'lecteur', organisationId: null }]),
	readerB: actor(7, [{ schemeId: B, role: 'lecteur', organisationId: null }])
};

const SCHEME_ACTIONS: SchemeAction[] = [
	'scheme.read',
	'scheme.readDrafts',
	'scheme.configure',
	'period.manage',
	'figure.review',
	'meeting.manage',
	'member.manage',
	'scheme.report'
];
const COORDINATION = SCHEME_ACTIONS.filter((a) => a !== 'scheme.read' && a !== 'scheme.report');

const privateA: SchemeResource = { schemeId: A, visibility: 'private' };
const publicA: SchemeResource = { schemeId: A, visibility: 'public' };
const ficheOfCaf87 = { ...privateA, pilotOrganisationIds: [CAF87] };
const ficheOfCd87 = { ...privateA, pilotOrganisationIds: [CD87, null] };

/** Who may do each scheme action on A, as the issue states it. */
const EXPECTED: Record<SchemeAction, string[]> = {
	'scheme.read': ['platformAdmin', 'coordA', 'pilotA', 'readerA'],
	'scheme.report': ['platformAdmin', 'coordA', 'pilotA'],
	...(Object.fromEntries(COORDINATION.map((a) => [a, ['platformAdmin', 'coordA']])) as Record<
		string,
		string[]
	>)
};

describe('can: scheme actions on a private scheme', () => {
	for (const action of SCHEME_ACTIONS) {
		it(action, () => {
			const allowed = Object.entries(CALLERS)
				.filter(([, who]) => can(who, action, privateA))
				.map(([name]) => name);
			expect(allowed).toEqual(EXPECTED[action]);
		});
	}
});

describe('can: a public scheme', () => {
	it('is read by everybody, and nothing more is given to outsiders', () => {
		for (const [name, who] of Object.entries(CALLERS)) {
			expect(can(who, 'scheme.read', publicA), name).toBe(true);
			for (const action of SCHEME_ACTIONS.filter((a) => a !== 'scheme.read'))
				expect(can(who, action, publicA), `${name} ${action}`).toBe(
					EXPECTED[action].includes(name)
				);
		}
	});
});

describe('can: fiche actions', () => {
	const FICHE_ACTIONS: FicheAction[] = ['fiche.edit', 'fiche.report'];
	for (const action of FICHE_ACTIONS) {
		it(`${action}: the fiche's pilots and the coordination`, () => {
			const on = (resource: typeof ficheOfCaf87) =>
				Object.entries(CALLERS)
					.filter(([, who]) => can(who, action, resource))
					.map(([name]) => name);
			expect(on(ficheOfCaf87)).toEqual(['platformAdmin', 'coordA', 'pilotA']);
			// The CAF 87 pilot on a fiche CAF 87 does not pilot; a free-text pilot (null) is nobody.
			expect(on(ficheOfCd87)).toEqual(['platformAdmin', 'coordA']);
		});
	}

	it('a pilot without an organisation reports on no fiche', () => {
		const lost = actor(9, [{ schemeId: A, role: 'pilote', organisationId: null }]);
		expect(can(lost, 'scheme.report', privateA)).toBe(true);
		expect(can(lost, 'fiche.report', ficheOfCd87)).toBe(false);
	});

	it('the same person keeps each role in its own scheme', () => {
		const both = actor(8, [
			{ schemeId: A, role: 'pilote', organisationId: CAF87 },
			{ schemeId: B, role: 'coordinateur', organisationId: null }
		]);
		expect(can(both, 'member.manage', { schemeId: B, visibility: 'private' })).toBe(true);
		expect(can(both, 'member.manage', privateA)).toBe(false);
		expect(roleIn(both, A)).toBe('pilote');
		expect(roleIn(both, B)).toBe('coordinateur');
		expect(roleIn(both, 3)).toBeNull();
	});
});

describe('can: the platform', () => {
	it('is for platform administrators only, never through a token', () => {
		const allowed = Object.entries(CALLERS)
			.filter(([, who]) => can(who, 'platform.manage', PLATFORM))
			.map(([name]) => name);
		expect(allowed).toEqual(['platformAdmin']);
		const token = { ...CALLERS.platformAdmin!, token: { schemeId: null, scope: 'all' as const } };
		expect(can(token, 'platform.manage', PLATFORM)).toBe(false);
	});
});

describe('can: tokens narrow, never widen', () => {
	const coordA = CALLERS.coordA!;
	const pilotA = CALLERS.pilotA!;
	it('a token limited to another scheme reads nothing here (a public scheme stays public)', () => {
		const elsewhere = { ...coordA, token: { schemeId: B, scope: 'all' as const } };
		expect(can(elsewhere, 'scheme.read', privateA)).toBe(false);
		expect(can(elsewhere, 'scheme.read', publicA)).toBe(true);
		expect(can(elsewhere, 'scheme.configure', publicA)).toBe(false);
	});
	it('read scope: reads, drafts included for the coordination, and writes nothing', () => {
		const read = { ...coordA, token: { schemeId: A, scope: 'read' as const } };
		expect(can(read, 'scheme.read', privateA)).toBe(true);
		expect(can(read, 'scheme.readDrafts', privateA)).toBe(true);
		expect(can(read, 'figure.review', privateA)).toBe(false);
		expect(can(read, 'fiche.report', ficheOfCaf87)).toBe(false);
	});
	it('figures scope: enters figures, configures nothing', () => {
		const figures = { ...pilotA, token: { schemeId: null, scope: 'figures' as const } };
		expect(can(figures, 'fiche.report', ficheOfCaf87)).toBe(true);
		expect(can(figures, 'fiche.edit', ficheOfCaf87)).toBe(false);
		const coordFigures = { ...coordA, token: { schemeId: null, scope: 'figures' as const } };
		expect(can(coordFigures, 'scheme.configure', privateA)).toBe(false);
	});
	it('all scope: exactly the owner’s rights', () => {
		const all = { ...pilotA, token: { schemeId: null, scope: 'all' as const } };
		expect(can(all, 'fiche.edit', ficheOfCaf87)).toBe(true);
		expect(can(all, 'scheme.configure', privateA)).toBe(false);
	});
});

describe('refusalOf: refuse before revealing', () => {
	it('signs in the anonymous, hides a private scheme from outsiders, forbids members', () => {
		expect(refusalOf(null, 'scheme.configure', privateA)).toBe('sign_in');
		expect(refusalOf(CALLERS.coordB, 'scheme.configure', privateA)).toBe('not_found');
		expect(refusalOf(CALLERS.readerB, 'scheme.read', privateA)).toBe('not_found');
		expect(refusalOf(CALLERS.readerA, 'scheme.configure', privateA)).toBe('forbidden');
		expect(refusalOf(CALLERS.coordB, 'scheme.configure', publicA)).toBe('forbidden');
		expect(refusalOf(CALLERS.coordA, 'scheme.configure', privateA)).toBeNull();
		expect(refusalOf(CALLERS.coordA, 'platform.manage', PLATFORM)).toBe('forbidden');
	});
});
