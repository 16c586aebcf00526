import { describe, expect, it } from 'vitest';
import {
	can,
	membershipIn,
	PLATFORM,
	refusalOf,
	roleIn,
	schemeResource,
	type Action,
	type Actor,
	type FicheAction,
	type FicheResource,
	type Membership,
	type SchemeAction,
	type SchemeResource,
	type TokenScope
} from './policy';

// The whole rights table: every action, for each kind of person, on a public and a private scheme.
// Scheme 1 is the one asked about; scheme 2 is another. The fiche asked about is piloted by
// organisation 10; organisation 20 pilots other fiches.

const SCHEME = 1;
const OTHER = 2;
const OWN_ORG = 10;
const OTHER_ORG = 20;

const SCHEME_ACTIONS: readonly SchemeAction[] = [
	'scheme.read',
	'scheme.readDrafts',
	'scheme.configure',
	'period.manage',
	'figure.review',
	'meeting.manage',
	'member.manage',
	'scheme.report',
	'scheme.prepareNext',
	'territory.import'
];
const FICHE_ACTIONS: readonly FicheAction[] = ['fiche.edit', 'fiche.report', 'fiche.fund'];
const ALL_ACTIONS: readonly Action[] = [...SCHEME_ACTIONS, ...FICHE_ACTIONS, 'platform.manage'];

type Visibility = 'public' | 'private';
const scheme = (visibility: Visibility, schemeId = SCHEME): SchemeResource => ({
	schemeId,
	visibility
});
const fiche = (visibility: Visibility, schemeId = SCHEME): FicheResource => ({
	schemeId,
	visibility,
	pilotOrganisationIds: [null, OWN_ORG]
});

let nextId = 1;
const person = (memberships: Membership[] = [], patch: Partial<Actor> = {}): Actor => ({
	id: nextId++,
	platformAdmin: false,
	memberships,
	token: null,
	...patch
});
const member = (
	role: Membership['role'],
	schemeId = SCHEME,
	organisationId: number | null = null
): Membership => ({ schemeId, role, organisationId });
const withToken = (actor: Actor, scope: TokenScope, schemeId: number | null = null): Actor => ({
	...actor,
	token: { schemeId, scope }
});

/** `can` for any action: each kind of action gets its kind of resource. */
function allowed(actor: Actor | null, action: Action, visibility: Visibility): boolean {
	if (action === 'platform.manage') return can(actor, action, PLATFORM);
	if (action === 'fiche.edit' || action === 'fiche.report' || action === 'fiche.fund')
		return can(actor, action, fiche(visibility));
	return can(actor, action, scheme(visibility));
}
const allowedActions = (actor: Actor | null, visibility: Visibility) =>
	ALL_ACTIONS.filter((action) => allowed(actor, action, visibility));

const SCHEME_AND_FICHE: Action[] = [...SCHEME_ACTIONS, ...FICHE_ACTIONS];
const PILOT_OF_FICHE: Action[] = ['scheme.read', 'scheme.report', 'fiche.edit', 'fiche.report'];

/** Who, and what they may do on scheme 1 when it is private, then public. */
const TABLE: { who: string; actor: Actor | null; private: Action[]; public: Action[] }[] = [
	{ who: 'an anonymous visitor', actor: null, private: [], public: ['scheme.read'] },
	{
		who: 'a platform administrator (member of nothing)',
		actor: person([], { platformAdmin: true }),
		private: [...SCHEME_AND_FICHE, 'platform.manage'],
		public: [...SCHEME_AND_FICHE, 'platform.manage']
	},
	{
		who: 'the coordinator of the scheme',
		actor: person([member('coordinateur')]),
		private: SCHEME_AND_FICHE,
		public: SCHEME_AND_FICHE
	},
	{
		who: 'the coordinator of another scheme',
		actor: person([member('coordinateur', OTHER)]),
		private: [],
		public: ['scheme.read']
	},
	{
		who: 'a pilot of the fiche',
		actor: person([member('pilote', SCHEME, OWN_ORG)]),
		private: PILOT_OF_FICHE,
		public: PILOT_OF_FICHE
	},
	{
		who: 'a pilot of another fiche of the scheme',
		actor: person([member('pilote', SCHEME, OTHER_ORG)]),
		private: ['scheme.read', 'scheme.report'],
		public: ['scheme.read', 'scheme.report']
	},
	{
		who: 'a pilot of the same organisation in another scheme',
		actor: person([member('pilote', OTHER, OWN_ORG)]),
		private: [],
		public: ['scheme.read']
	},
	{
		who: 'a reader of the scheme',
		actor: person([member('lecteur')]),
		private: ['scheme.read'],
		public: ['scheme.read']
	},
	{
		who: 'a reader of another scheme',
		actor: person([member('lecteur', OTHER)]),
		private: [],
		public: ['scheme.read']
	}
];

describe('can: the rights table', () => {
	for (const row of TABLE) {
		for (const visibility of ['private', 'public'] as const) {
			it(`${row.who}, on a ${visibility === 'private' ? 'private' : 'public'} scheme`, () => {
				expect(allowedActions(row.actor, visibility)).toEqual(
					ALL_ACTIONS.filter((a) => row[visibility].includes(a))
				);
			});
		}
	}

	it('never lets a pilot without an organisation act on a fiche, even one with an empty pilot', () => {
		const orphan = person([member('lecteur')]);
		// A pilot membership always has an organisation (the database checks it); a fiche may list
		// a free-text pilot (null): null never matches.
		const nullPilot = person([{ schemeId: SCHEME, role: 'pilote', organisationId: null }]);
		for (const actor of [orphan, nullPilot]) {
			expect(can(actor, 'fiche.edit', fiche('public'))).toBe(false);
			expect(can(actor, 'fiche.report', fiche('public'))).toBe(false);
		}
	});

	it('asks fiche actions of a scheme resource without pilots: only the coordination passes', () => {
		const pilot = person([member('pilote', SCHEME, OWN_ORG)]);
		const coordinator = person([member('coordinateur')]);
		// Typed as a fiche action on a plain scheme resource, as a careless caller might.
		const bare = scheme('private') as FicheResource;
		expect(can(pilot, 'fiche.edit', bare)).toBe(false);
		expect(can(coordinator, 'fiche.edit', bare)).toBe(true);
	});

	it('reads each membership in its own scheme: a coordinator here, a reader there', () => {
		const both = person([member('coordinateur', SCHEME), member('lecteur', OTHER)]);
		expect(can(both, 'scheme.configure', scheme('private', SCHEME))).toBe(true);
		expect(can(both, 'scheme.configure', scheme('private', OTHER))).toBe(false);
		expect(can(both, 'scheme.read', scheme('private', OTHER))).toBe(true);
	});
});

describe('can: preparing the next scheme', () => {
	it('is for the coordination of this scheme only, and never through a read or figures token', () => {
		const coordinator = person([member('coordinateur')]);
		expect(can(coordinator, 'scheme.prepareNext', scheme('private'))).toBe(true);
		expect(can(coordinator, 'scheme.prepareNext', scheme('private', OTHER))).toBe(false);
		expect(
			can(person([member('pilote', SCHEME, OWN_ORG)]), 'scheme.prepareNext', scheme('public'))
		).toBe(false);
		expect(can(person([member('lecteur')]), 'scheme.prepareNext', scheme('public'))).toBe(false);
		expect(
			can(withToken(coordinator, 'all', SCHEME), 'scheme.prepareNext', scheme('private'))
		).toBe(true);
		for (const scope of ['read', 'figures'] as const)
			expect(can(withToken(coordinator, scope), 'scheme.prepareNext', scheme('private'))).toBe(
				false
			);
	});
});

describe('can: personal API tokens narrow their owner', () => {
	const coordinatorOfBoth = person([member('coordinateur', SCHEME), member('coordinateur', OTHER)]);

	it('limited to another scheme, reaches nothing here beyond what the public may read', () => {
		const token = withToken(coordinatorOfBoth, 'all', OTHER);
		expect(allowedActions(token, 'private')).toEqual([]);
		expect(allowedActions(token, 'public')).toEqual(['scheme.read']);
		// In its own scheme it keeps every right of its owner.
		expect(can(token, 'scheme.configure', scheme('private', OTHER))).toBe(true);
		expect(can(token, 'member.manage', scheme('private', OTHER))).toBe(true);
	});

	it('limited to this scheme, acts here with its owner’s rights', () => {
		const token = withToken(coordinatorOfBoth, 'all', SCHEME);
		expect(allowedActions(token, 'private')).toEqual(SCHEME_AND_FICHE);
		expect(can(token, 'scheme.read', scheme('private', OTHER))).toBe(false);
	});

	it('with the read scope, reads (drafts too for the coordination) but never reports or configures', () => {
		expect(allowedActions(withToken(coordinatorOfBoth, 'read'), 'private')).toEqual([
			'scheme.read',
			'scheme.readDrafts'
		]);
		const pilot = person([member('pilote', SCHEME, OWN_ORG)]);
		expect(allowedActions(withToken(pilot, 'read'), 'private')).toEqual(['scheme.read']);
	});

	it('with the figures scope, reports but never edits, reviews or configures', () => {
		const pilot = person([member('pilote', SCHEME, OWN_ORG)]);
		expect(allowedActions(withToken(pilot, 'figures'), 'private')).toEqual([
			'scheme.read',
			'scheme.report',
			'fiche.report'
		]);
		expect(allowedActions(withToken(coordinatorOfBoth, 'figures'), 'private')).toEqual([
			'scheme.read',
			'scheme.readDrafts',
			'scheme.report',
			'fiche.report'
		]);
	});

	it('never gives more than its owner has', () => {
		const reader = person([member('lecteur')]);
		expect(allowedActions(withToken(reader, 'all'), 'private')).toEqual(['scheme.read']);
		expect(allowedActions(withToken(reader, 'figures'), 'private')).toEqual(['scheme.read']);
		const outsider = person([member('lecteur', OTHER)]);
		expect(allowedActions(withToken(outsider, 'all', SCHEME), 'private')).toEqual([]);
	});

	it('never manages the platform, whatever its scope, even for a platform administrator', () => {
		const admin = person([], { platformAdmin: true });
		expect(can(admin, 'platform.manage', PLATFORM)).toBe(true);
		for (const scope of ['all', 'read', 'figures'] as const)
			expect(can(withToken(admin, scope), 'platform.manage', PLATFORM)).toBe(false);
		// Within the schemes, the administrator's token keeps its scope's share of the rights.
		expect(can(withToken(admin, 'all'), 'scheme.configure', scheme('private'))).toBe(true);
		expect(can(withToken(admin, 'read'), 'scheme.configure', scheme('private'))).toBe(false);
		expect(can(withToken(admin, 'all', OTHER), 'scheme.read', scheme('private'))).toBe(false);
	});
});

describe('refusalOf', () => {
	const reader = person([member('lecteur')]);
	const outsider = person([member('coordinateur', OTHER)]);
	const pilot = person([member('pilote', SCHEME, OTHER_ORG)]);

	it('is null when the action is allowed', () => {
		expect(refusalOf(reader, 'scheme.read', scheme('private'))).toBeNull();
		expect(refusalOf(null, 'scheme.read', scheme('public'))).toBeNull();
		expect(refusalOf(person([], { platformAdmin: true }), 'platform.manage', PLATFORM)).toBeNull();
	});

	it('asks an anonymous visitor to sign in, whatever the scheme or action', () => {
		expect(refusalOf(null, 'scheme.read', scheme('private'))).toBe('sign_in');
		expect(refusalOf(null, 'scheme.configure', scheme('public'))).toBe('sign_in');
		expect(refusalOf(null, 'fiche.edit', fiche('private'))).toBe('sign_in');
		expect(refusalOf(null, 'platform.manage', PLATFORM)).toBe('sign_in');
	});

	it('answers not found to who may not even read the scheme, so that it is never revealed', () => {
		expect(refusalOf(outsider, 'scheme.read', scheme('private'))).toBe('not_found');
		expect(refusalOf(outsider, 'scheme.configure', scheme('private'))).toBe('not_found');
		expect(refusalOf(outsider, 'fiche.report', fiche('private'))).toBe('not_found');
		const narrowed = withToken(person([member('coordinateur')]), 'all', OTHER);
		expect(refusalOf(narrowed, 'scheme.read', scheme('private'))).toBe('not_found');
	});

	it('answers forbidden to who may read but not act', () => {
		expect(refusalOf(reader, 'scheme.configure', scheme('private'))).toBe('forbidden');
		expect(refusalOf(outsider, 'member.manage', scheme('public'))).toBe('forbidden');
		expect(refusalOf(pilot, 'fiche.edit', fiche('private'))).toBe('forbidden');
		expect(refusalOf(pilot, 'figure.review', scheme('private'))).toBe('forbidden');
		expect(
			refusalOf(
				withToken(person([member('coordinateur')]), 'read'),
				'period.manage',
				scheme('private')
			)
		).toBe('forbidden');
	});

	it('answers forbidden to a signed-in person outside the platform administration', () => {
		expect(refusalOf(person([member('coordinateur')]), 'platform.manage', PLATFORM)).toBe(
			'forbidden'
		);
		const admin = person([], { platformAdmin: true });
		expect(refusalOf(withToken(admin, 'all'), 'platform.manage', PLATFORM)).toBe('forbidden');
	});
});

describe('roleIn, membershipIn, schemeResource', () => {
	it('gives the role held in each scheme; the platform administration coordinates all', () => {
		const both = person([member('pilote', SCHEME, OWN_ORG), member('lecteur', OTHER)]);
		expect(roleIn(both, SCHEME)).toBe('pilote');
		expect(roleIn(both, OTHER)).toBe('lecteur');
		expect(roleIn(both, 3)).toBeNull();
		expect(roleIn(null, SCHEME)).toBeNull();
		expect(roleIn(person([], { platformAdmin: true }), 3)).toBe('coordinateur');
		expect(membershipIn(both, SCHEME)).toEqual(member('pilote', SCHEME, OWN_ORG));
		expect(membershipIn(both, 3)).toBeUndefined();
		expect(membershipIn(null, SCHEME)).toBeUndefined();
	});

	it('turns a scheme row into the resource the policy reads', () => {
		expect(schemeResource({ id: 7, visibility: 'public' })).toEqual({
			schemeId: 7,
			visibility: 'public'
		});
	});
});

describe('funding of a fiche', () => {
	const funding = (entryOpen: boolean) => ({ ...fiche('private'), entryOpen });
	it('its pilots enter it while a period is open; the coordination at any time', () => {
		const pilot = person([member('pilote', SCHEME, OWN_ORG)]);
		const otherPilot = person([member('pilote', SCHEME, OTHER_ORG)]);
		const coordinator = person([member('coordinateur')]);
		const reader = person([member('lecteur')]);
		expect(can(pilot, 'fiche.fund', funding(true))).toBe(true);
		expect(can(pilot, 'fiche.fund', funding(false))).toBe(false);
		expect(can(otherPilot, 'fiche.fund', funding(true))).toBe(false);
		expect(can(coordinator, 'fiche.fund', funding(false))).toBe(true);
		expect(can(reader, 'fiche.fund', funding(true))).toBe(false);
		expect(can(withToken(pilot, 'figures'), 'fiche.fund', funding(true))).toBe(false);
		expect(can(withToken(coordinator, 'read'), 'fiche.fund', funding(true))).toBe(false);
	});
});
