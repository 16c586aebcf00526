// The choices of "Place dans le plan" when a fiche is created, alone or by an amendment.

const MAX_TITLE = 70;

/** One option a plan node, « path — title » with long titles cut, after an empty first choice. */
export function planNodeOptions(
	nodes: readonly { id: number; path: string; title: string }[]
): { value: string; label: string }[] {
	return [
		{ value: '', label: 'Choisissez un niveau du plan' },
		...nodes.map((n) => ({
			value: String(n.id),
			label: `${n.path} — ${n.title.length > MAX_TITLE ? `${n.title.slice(0, MAX_TITLE - 1)}…` : n.title}`
		}))
	];
}
