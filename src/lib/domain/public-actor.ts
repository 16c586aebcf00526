// An anonymous reader of a public scheme sees which organisation did something, never the person:
// agents' names are personal data the public pages have no need of.

/** What an anonymous reader sees for an act only the coordination performs. */
export const COORDINATION = 'la coordination';

/**
 * The organisation of an audit actor label ("CAF 87 — Claire Coordination" → "CAF 87"); a label
 * without one (an administrator outside any organisation, the system) → the coordination.
 */
export function organisationOfActor(label: string): string {
	const at = label.indexOf(' — ');
	return at > 0 ? label.slice(0, at) : COORDINATION;
}
