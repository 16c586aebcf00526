// Funding of a fiche: what the form sends, read in French. Browser-safe.

export const MAX_AMOUNT = 1e10;

/** « 12 500,50 », « 12500.5 », « 12 500 € »; blank → null (not given, never 0). */
export function parseAmount(raw: string | undefined): number | null | undefined {
	const v = (raw ?? '')
		.trim()
		.replace(/\s*€$/, '')
		.replace(/[\s\u00a0\u202f]/g, '');
	if (v === '') return null;
	if (!/^\d+([.,]\d{1,2})?$/.test(v)) return undefined;
	const n = Number(v.replace(',', '.'));
	return n <= MAX_AMOUNT ? n : undefined;
}

export type FundingInput = {
	year: number;
	organisationId: number;
	planned: number | null;
	spent: number | null;
};

/** The form's fields checked against the scheme's years; French messages by field. */
export function readFundingForm(
	values: Record<string, string>,
	years: { start: number; end: number }
): { ok: true; input: FundingInput } | { ok: false; errors: Record<string, string> } {
	const errors: Record<string, string> = {};
	const year = Number(values.annee);
	if (!Number.isInteger(year) || year < years.start || year > years.end)
		errors.annee = `Choisissez une année du schéma (${years.start} à ${years.end}).`;
	const organisationId = Number(values.financeur);
	if (!Number.isInteger(organisationId) || organisationId <= 0)
		errors.financeur = 'Choisissez le financeur.';
	const planned = parseAmount(values.prevu);
	const spent = parseAmount(values.depense);
	const amountError = 'Indiquez un montant en euros, par exemple 12 500 ou 12 500,50.';
	if (planned === undefined) errors.prevu = amountError;
	if (spent === undefined) errors.depense = amountError;
	if (planned === null && spent === null && !errors.prevu && !errors.depense)
		errors.prevu = 'Indiquez au moins le montant prévu ou le montant dépensé.';
	if (Object.keys(errors).length) return { ok: false, errors };
	return {
		ok: true,
		input: { year, organisationId, planned: planned ?? null, spent: spent ?? null }
	};
}
