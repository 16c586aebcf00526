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
export function matchOrganisation<T extends MatchableOrganisation>(
	label: string,
	organisations: readonly T[]
): T | null {
	const key = organisationMatchKey(label);
	if (!key) return null;
	for (const org of organisations) {
		const keys = [org.name, org.shortName, ...org.aliases].map(organisationMatchKey);
		if (keys.includes(key)) return org;
	}
	return null;
}
