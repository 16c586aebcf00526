// Helpers over the plan tree the overview returns (structural types: no server import).

export type TreeLike<F> = { fiches: F[]; children: TreeLike<F>[] };

/** Every fiche of a tree in reading order: a node's own fiches, then its children's. */
export function flattenFiches<F>(nodes: TreeLike<F>[]): F[] {
	return nodes.flatMap((node) => [...node.fiches, ...flattenFiches(node.children)]);
}

/** The fiches before and after the one with `slug`, in reading order. */
export function neighbours<F extends { slug: string }>(
	nodes: TreeLike<F>[],
	slug: string
): { previous: F | null; next: F | null; index: number; total: number } {
	const all = flattenFiches(nodes);
	const index = all.findIndex((fiche) => fiche.slug === slug);
	return {
		previous: index > 0 ? all[index - 1] : null,
		next: index >= 0 && index < all.length - 1 ? all[index + 1] : null,
		index,
		total: all.length
	};
}

/**
 * "Axe stratégique 1", "Axe 1.1", "Objectif 1": the level label and the code, without repeating
 * the label when the code already starts with it (a code written "Objectif 1").
 */
export function nodeLabel(node: { levelLabel: string; code: string }): string {
	const label = node.levelLabel.trim();
	const code = node.code.trim();
	if (!label) return code;
	if (code.toLocaleLowerCase('fr').startsWith(label.toLocaleLowerCase('fr'))) return code;
	// "Axe 1" under the level "Axe stratégique": the code already names its level.
	const firstWord = (text: string) => /^\p{L}+/u.exec(text)?.[0].toLocaleLowerCase('fr') ?? '';
	const word = firstWord(code);
	if (word.length > 1 && /^\p{L}+[\s.-]/u.test(code) && word === firstWord(label)) return code;
	return `${label} ${code}`.trim();
}

/** "Axe stratégique 1 — Développer…": a node's heading as the booklet writes it. */
export function nodeHeading(node: { levelLabel: string; code: string; title: string }): string {
	const prefix = nodeLabel(node);
	return prefix ? `${prefix} — ${node.title}` : node.title;
}
