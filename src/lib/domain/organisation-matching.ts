import { foldText } from './text';

export type MatchableOrganisation = {
	id: number | string;
	name: string;
	shortName: string;
	aliases: string[];
};

/** The key two spellings of one organisation share: no case, accents, punctuation or repeated spaces. */
export function organisationMatchKey(name: string): string {
	return foldText(name).replace(/\s+/g, ' ');
}

/** Finds the organisation a free label names, by name, short name or alias; null when none does. */
/** Every organisation this label names (by name, short name or alias). */
export function findOrganisationMatches<T extends MatchableOrganisation>(
	label: string,
	organisations: readonly T[]
): T[] {
	const key = organisationMatchKey(label);
	if (!key) return [];
	return organisations.filter((org) =>
		[org.name, org.shortName, ...org.aliases].map(organisationMatchKey).includes(key)
	);
}

/**
 * The one organisation this label names, or null: none, or several (an ambiguous label is asked
 * of a person, never guessed — see findOrganisationMatches).
 */
export function matchOrganisation<T extends MatchableOrganisation>(
	label: string,
	organisations: readonly T[]
): T | null {
	const found = findOrganisationMatches(label, organisations);
	return found.length === 1 ? found[0] : null;
}
