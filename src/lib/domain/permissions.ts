export const USER_ROLES = ['administrateur', 'pilote', 'lecteur'] as const;
export type UserRole = (typeof USER_ROLES)[number];
export const USER_ROLE_LABELS: Record<UserRole, string> = {
	administrateur: 'Administrateur (coordination du schéma)',
	pilote: 'Pilote',
	lecteur: 'Lecteur (comité de pilotage)'
};

/** The signed-in person as every permission rule sees it. */
export type Actor = {
	id: number;
	role: UserRole;
	organisationId: number | null;
};

export function isAdministrator(actor: Actor | null): boolean {
	return actor?.role === 'administrateur';
}

/** A private scheme is read by any signed-in user; a public one by everybody. */
export function canReadScheme(actor: Actor | null, visibility: 'public' | 'private'): boolean {
	return visibility === 'public' || actor !== null;
}

/** Administrators edit every fiche; a pilot edits the fiches their organisation pilots. */
export function canEditFiche(
	actor: Actor | null,
	pilotOrganisationIds: readonly (number | null)[]
): boolean {
	if (!actor) return false;
	if (actor.role === 'administrateur') return true;
	return (
		actor.role === 'pilote' &&
		actor.organisationId !== null &&
		pilotOrganisationIds.includes(actor.organisationId)
	);
}
