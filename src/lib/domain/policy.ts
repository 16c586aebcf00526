// The one place that decides who may do what. Routes, services, the API and the exports ask
// `can(actor, action, resource)`; nothing else decides. Every resource names its scheme, except the
// platform itself (territories, creating schemes, all accounts).

export const MEMBERSHIP_ROLES = ['coordinateur', 'pilote', 'lecteur'] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];
export const MEMBERSHIP_ROLE_LABELS: Record<MembershipRole, string> = {
	coordinateur: 'Coordination du schéma',
	pilote: 'Pilote',
	lecteur: 'Lecteur (membre du comité)'
};

export const TOKEN_SCOPES = ['all', 'read', 'figures'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
export const TOKEN_SCOPE_LABELS: Record<TokenScope, string> = {
	all: 'Tous les droits du compte',
	read: 'Lecture seule',
	figures: 'Lecture et saisie des chiffres'
};

export type Membership = {
	schemeId: number;
	role: MembershipRole;
	/** The organisation a pilot acts for; null for coordinators and readers without one. */
	organisationId: number | null;
};

/** The signed-in person as the policy sees them. */
export type Actor = {
	id: number;
	platformAdmin: boolean;
	memberships: readonly Membership[];
	/** Set when the request carries a personal API token: it may narrow what the owner can do. */
	token?: { schemeId: number | null; scope: TokenScope } | null;
};

export type SchemeResource = { schemeId: number; visibility: 'public' | 'private' };
/** A fiche, or anything hanging from one (figure, bilan, milestone): its pilots decide. */
export type FicheResource = SchemeResource & {
	pilotOrganisationIds: readonly (number | null)[];
};
/** A fiche's funding: its pilots enter it only while one of the scheme's periods is open. */
export type FundingResource = FicheResource & { entryOpen: boolean };
export const PLATFORM = { platform: true } as const;
export type PlatformResource = typeof PLATFORM;

/** Actions on a scheme as a whole. */
export type SchemeAction =
	/** Plan, fiches, dashboard, validated figures, review packs, meetings, open data. */
	| 'scheme.read'
	/** Figures not yet validated and their comments, for every fiche. */
	| 'scheme.readDrafts'
	/** Settings, visibility, plan structure, indicators, amendments, new fiches, plan import. */
	| 'scheme.configure'
	/** Open, close and validate periods. */
	| 'period.manage'
	/** Validate or send back submitted figures; adjust the weather. */
	| 'figure.review'
	/** Committee meetings, their decisions and frozen packs. */
	| 'meeting.manage'
	/** The scheme's members: invite, change, remove; see who they are. */
	| 'member.manage'
	/** Has fiches to report on in this scheme (« Ma saisie », spreadsheet entry). */
	| 'scheme.report'
	/**
	 * « Préparer le schéma suivant »: create the next generation of this scheme from its plan (the
	 * caller becomes its coordinator). Creating an unrelated scheme stays `platform.manage`.
	 */
	| 'scheme.prepareNext'
	/** Import public territory files (CNAF coverage, places) and set the coverage threshold. */
	| 'territory.import';
/** Actions on one fiche. */
export type FicheAction =
	/** Edit the fiche's content, milestones and bilans. */
	| 'fiche.edit'
	/** Enter and submit the fiche's figures; read its drafts. */
	| 'fiche.report'
	/** Enter the fiche's funding (planned and spent by funder): pilots while a period is open. */
	| 'fiche.fund';
export type PlatformAction =
	/** Territories, schemes, organisations and every account. */
	'platform.manage';
export type Action = SchemeAction | FicheAction | PlatformAction;

const COORDINATOR_ONLY: ReadonlySet<Action> = new Set<Action>([
	'scheme.readDrafts',
	'scheme.configure',
	'period.manage',
	'figure.review',
	'meeting.manage',
	'member.manage',
	'scheme.prepareNext',
	'territory.import'
]);
const READ_ACTIONS: ReadonlySet<Action> = new Set<Action>(['scheme.read', 'scheme.readDrafts']);
const FIGURE_ACTIONS: ReadonlySet<Action> = new Set<Action>([
	'scheme.read',
	'scheme.readDrafts',
	'scheme.report',
	'fiche.report'
]);

export function membershipIn(actor: Actor | null, schemeId: number): Membership | undefined {
	return actor?.memberships.find((m) => m.schemeId === schemeId);
}

/** What a token lets through, whatever its owner may do. */
function tokenAllows(actor: Actor, action: Action, schemeId: number | null): boolean {
	const token = actor.token;
	if (!token) return true;
	if (token.schemeId !== null && token.schemeId !== schemeId) return false;
	if (token.scope === 'read') return READ_ACTIONS.has(action);
	if (token.scope === 'figures') return FIGURE_ACTIONS.has(action);
	return true;
}

export function can(
	actor: Actor | null,
	action: PlatformAction,
	resource: PlatformResource
): boolean;
export function can(actor: Actor | null, action: SchemeAction, resource: SchemeResource): boolean;
export function can(actor: Actor | null, action: FicheAction, resource: FicheResource): boolean;
export function can(
	actor: Actor | null,
	action: Action,
	resource: PlatformResource | SchemeResource | FicheResource
): boolean {
	if ('platform' in resource) {
		return !!actor?.platformAdmin && !actor.token && action === 'platform.manage';
	}
	const publicRead = action === 'scheme.read' && resource.visibility === 'public';
	if (!actor) return publicRead;
	if (!tokenAllows(actor, action, resource.schemeId)) return publicRead;
	if (actor.platformAdmin) return true;
	const membership = membershipIn(actor, resource.schemeId);
	if (!membership) return publicRead;
	if (membership.role === 'coordinateur') return true;
	if (action === 'scheme.read') return true;
	if (COORDINATOR_ONLY.has(action) || membership.role !== 'pilote') return false;
	if (action === 'scheme.report') return true;
	// fiche.edit, fiche.report, fiche.fund: the pilot's organisation pilots this fiche in this scheme.
	const pilots =
		'pilotOrganisationIds' in resource &&
		membership.organisationId !== null &&
		resource.pilotOrganisationIds.includes(membership.organisationId);
	if (action === 'fiche.fund')
		return pilots && 'entryOpen' in resource && resource.entryOpen === true;
	return pilots;
}

/**
 * Why an action is refused, so that refusals never reveal more than the caller may read:
 * `sign_in` for an anonymous visitor, `not_found` when the caller cannot even read the scheme,
 * `forbidden` when they can read it but not act. Null when allowed.
 */
export type Refusal = 'sign_in' | 'not_found' | 'forbidden';
export function refusalOf(
	actor: Actor | null,
	action: Action,
	resource: PlatformResource | SchemeResource | FicheResource
): Refusal | null {
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	if (can(actor, action as any, resource as any)) return null;
	if (!actor) return 'sign_in';
	if ('platform' in resource) return 'forbidden';
	return can(actor, 'scheme.read', resource) ? 'forbidden' : 'not_found';
}

/** The role a person holds in a scheme, as shown to them (platform administrators see all). */
export function roleIn(actor: Actor | null, schemeId: number): MembershipRole | null {
	if (actor?.platformAdmin) return 'coordinateur';
	return membershipIn(actor, schemeId)?.role ?? null;
}

/** A scheme row (`id`, `visibility`) as a policy resource. */
export function schemeResource(scheme: {
	id: number;
	visibility: 'public' | 'private';
}): SchemeResource {
	return { schemeId: scheme.id, visibility: scheme.visibility };
}
