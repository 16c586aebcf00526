// Browser-safe wording of reporting periods and entry progress.
import { PERIOD_TRANSITIONS, isReopening, type PeriodState } from '$lib/domain/figures';
import { formatDate, pluralize } from '$lib/ui/format';

/** "du 15/12/2018 au 01/03/2019". */
export function windowText(period: { opensOn: string; closesOn: string }): string {
	return `du ${formatDate(period.opensOn)} au ${formatDate(period.closesOn)}`;
}

/** Days to the closing date in words: "Clôture dans 12 jours", "Clôture aujourd’hui", "En retard de 3 jours". */
export function closingText(daysLeft: number): string {
	if (daysLeft < 0) return `En retard de ${pluralize(-daysLeft, 'jour')}`;
	if (daysLeft === 0) return 'Clôture aujourd’hui';
	if (daysLeft === 1) return 'Clôture demain';
	return `Clôture dans ${pluralize(daysLeft, 'jour')}`;
}

export type Progress = {
	expected: number;
	entered: number;
	submitted: number;
	validated: number;
	sentBack?: number;
};

/** "3 saisis sur 4, 2 soumis, 1 validé" (what a screen reader reads; the table shows columns). */
export function progressText(progress: Progress): string {
	const parts = [
		`${progress.entered} saisi${progress.entered > 1 ? 's' : ''} sur ${progress.expected}`,
		`${progress.submitted} soumis`,
		`${progress.validated} validé${progress.validated > 1 ? 's' : ''}`
	];
	if (progress.sentBack) {
		parts.push(`${progress.sentBack} renvoyé${progress.sentBack > 1 ? 's' : ''}`);
	}
	return parts.join(', ');
}

/** Share of expected lines entered, 0–100 (for a progress bar; 100 when nothing is expected). */
export function enteredPercent(progress: Progress): number {
	if (progress.expected === 0) return 100;
	return Math.round((progress.entered / progress.expected) * 100);
}

const ACTION_LABELS: Record<PeriodState, Partial<Record<PeriodState, string>>> = {
	a_venir: { ouverte: 'Ouvrir la saisie' },
	ouverte: { close: 'Clore la saisie', a_venir: 'Remettre « à venir »' },
	close: { validee: 'Valider la période', ouverte: 'Rouvrir la saisie' },
	validee: { ouverte: 'Rouvrir la saisie' }
};

/** The state changes offered from a state, with the words of the button and whether a reason is needed. */
export function stateActions(
	from: PeriodState
): { state: PeriodState; label: string; needsReason: boolean }[] {
	return PERIOD_TRANSITIONS[from].map((to) => ({
		state: to,
		label: ACTION_LABELS[from][to] ?? to,
		needsReason: isReopening(from, to)
	}));
}
