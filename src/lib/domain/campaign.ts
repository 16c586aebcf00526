// The filters of a period's campaign page (browser-safe): what each keeps, in words, and how the
// URL names them (`?filtre=a-valider`).

export const CAMPAIGN_FILTERS = ['a-valider', 'en-retard', 'renvoye', 'complet'] as const;
export type CampaignFilter = (typeof CAMPAIGN_FILTERS)[number];

export const CAMPAIGN_FILTER_LABELS: Record<CampaignFilter, string> = {
	'a-valider': 'À valider',
	'en-retard': 'En retard',
	renvoye: 'Renvoyé',
	complet: 'Complet'
};

/** What each filter keeps, for the page's help text. */
export const CAMPAIGN_FILTER_HINTS: Record<CampaignFilter, string> = {
	'a-valider': 'des chiffres soumis attendent la validation de la coordination',
	'en-retard': 'la date de clôture est passée et des chiffres attendus ne sont pas soumis',
	renvoye: 'des chiffres ont été renvoyés au pilote pour correction',
	complet: 'tous les chiffres attendus sont soumis ou validés'
};

/** The query parameter that carries the filter. */
export const CAMPAIGN_FILTER_PARAM = 'filtre';

/** The filter named by the URL; anything else (absent, misspelt) shows everything. */
export function parseCampaignFilter(value: string | null | undefined): CampaignFilter | null {
	return CAMPAIGN_FILTERS.find((f) => f === value) ?? null;
}

export type CampaignCounts = {
	expected: number;
	submitted: number;
	validated: number;
	sentBack: number;
};

/** Whether a fiche's progress in a period (and its lateness) passes a filter. */
export function matchesCampaignFilter(
	filter: CampaignFilter | null,
	progress: CampaignCounts,
	late: boolean
): boolean {
	switch (filter) {
		case null:
			return true;
		case 'a-valider':
			// `submitted` counts validated figures too: the difference waits for review.
			return progress.submitted > progress.validated;
		case 'en-retard':
			return late;
		case 'renvoye':
			return progress.sentBack > 0;
		case 'complet':
			return progress.expected > 0 && progress.submitted === progress.expected;
	}
}
