// Territorial breakdowns (issue 17, item 6): a breakdown whose values are territories of the
// scheme's territory (its EPCIs, its communes) or chosen départements, each value linked to its
// territory so that exports carry the official code beside the name. Pure rules, browser-safe.

export const BREAKDOWN_SCOPES = ['epci', 'commune', 'departement'] as const;
export type BreakdownScope = (typeof BREAKDOWN_SCOPES)[number];

export const BREAKDOWN_SCOPE_LABELS: Record<BreakdownScope, string> = {
	epci: 'Par EPCI du département',
	commune: 'Par commune',
	departement: 'Par département'
};

/** The breakdown's name when the indicator had none (« Ventilée par EPCI »). */
export const BREAKDOWN_SCOPE_GROUPS: Record<BreakdownScope, string> = {
	epci: 'EPCI',
	commune: 'Commune',
	departement: 'Département'
};

export function isBreakdownScope(value: unknown): value is BreakdownScope {
	return typeof value === 'string' && (BREAKDOWN_SCOPES as readonly string[]).includes(value);
}

/**
 * The form a name is compared in: no accents, no case, hyphens, apostrophes and repeated spaces
 * as one space (« Haute Vienne » = « Haute-Vienne », « deux-sevres » = « Deux Sèvres »).
 */
export function territoryNameKey(name: string): string {
	return name
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toLocaleLowerCase('fr')
		.replace(/[-‐‑‒–—'’ʼ_.]/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
}

export type BreakdownTerritory = { id: number; code: string; name: string };
export type ExistingBreakdownValue = { id: number; label: string; territoryId: number | null };
export type PlannedBreakdownValue = {
	/** The existing value row kept (its figures with it); null: a new value. */
	existingId: number | null;
	territoryId: number;
	code: string;
	label: string;
};
export type BreakdownPlan =
	{ ok: true; values: PlannedBreakdownValue[] } | { ok: false; unmatched: string[] };

/**
 * The territory an existing label stands for among `territories`: the one it is already linked
 * to, else the one whose code it is, else the only one whose name it is (accent- and
 * case-insensitive). A name two territories share is not a match: nobody can tell which.
 */
export function matchBreakdownLabel(
	value: ExistingBreakdownValue,
	territories: readonly BreakdownTerritory[]
): BreakdownTerritory | null {
	if (value.territoryId !== null) {
		const linked = territories.find((t) => t.id === value.territoryId);
		if (linked) return linked;
	}
	const label = value.label.trim();
	const byCode = territories.find((t) => t.code === label);
	if (byCode) return byCode;
	const key = territoryNameKey(label);
	const byName = territories.filter((t) => territoryNameKey(t.name) === key);
	return byName.length === 1 ? byName[0] : null;
}

/**
 * The values of a territorial breakdown: one per territory, in the given order, named as the
 * territory. Every existing value must match a territory of the list (and no other value the same
 * one), so its row and its figures carry over; otherwise nothing is planned and the labels that
 * do not match are returned.
 */
export function planTerritorialBreakdown(
	existing: readonly ExistingBreakdownValue[],
	territories: readonly BreakdownTerritory[]
): BreakdownPlan {
	const kept = new Map<number, number>(); // territory id → existing value id
	const unmatched: string[] = [];
	for (const value of existing) {
		const territory = matchBreakdownLabel(value, territories);
		if (!territory || kept.has(territory.id)) unmatched.push(value.label);
		else kept.set(territory.id, value.id);
	}
	if (unmatched.length) return { ok: false, unmatched };
	// Two communes may share a name: their code then tells the values apart.
	const names = new Map<string, number>();
	for (const t of territories) names.set(t.name, (names.get(t.name) ?? 0) + 1);
	return {
		ok: true,
		values: territories.map((t) => ({
			existingId: kept.get(t.id) ?? null,
			territoryId: t.id,
			code: t.code,
			label: names.get(t.name)! > 1 ? territoryValueLabel(t.name, t.code) : t.name
		}))
	};
}

/** The French refusal naming the labels no territory matches. */
export function unmatchedLabelsMessage(
	unmatched: readonly string[],
	scope: BreakdownScope
): string {
	const what = {
		epci: 'aucun EPCI du territoire du schéma',
		commune: 'aucune commune du territoire du schéma',
		departement: 'aucun des départements choisis'
	}[scope];
	const list = unmatched.map((l) => `« ${l} »`).join(', ');
	const plural = unmatched.length > 1;
	return (
		`Rien n’a été changé : ${plural ? 'ces valeurs' : 'cette valeur'} de ventilation ne ` +
		`${plural ? 'correspondent' : 'correspond'} à ${what} : ${list}. ` +
		`Renommez-${plural ? 'les' : 'la'} d’après le nom officiel du territoire (ou son code) ` +
		`dans « Modifier », ou retirez-${plural ? 'les' : 'la'}, puis recommencez.`
	);
}

/** « Creuse (23) »: how a territorial value is shown where its code helps. */
export function territoryValueLabel(label: string, code: string | null): string {
	return code ? `${label} (${code})` : label;
}
