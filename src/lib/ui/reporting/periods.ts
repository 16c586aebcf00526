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

/**
 * "3 chiffres saisis sur 4 : 1 en attente de revue, 1 validé, 1 renvoyé pour correction". The
 * parts after the colon do not overlap (a validated figure is not counted as waiting), so they add
 * up to what was sent.
 */
export function progressText(progress: Progress): string {
	const entered = `${progress.entered} chiffre${progress.expected > 1 ? 's' : ''} saisi${progress.entered > 1 ? 's' : ''} sur ${progress.expected}`;
	const waiting = Math.max(0, progress.submitted - progress.validated);
	const parts = [
		waiting ? `${waiting} en attente de revue` : '',
		progress.validated ? `${progress.validated} validé${progress.validated > 1 ? 's' : ''}` : '',
		progress.sentBack
			? `${progress.sentBack} renvoyé${progress.sentBack > 1 ? 's' : ''} pour correction`
			: ''
	].filter(Boolean);
	return parts.length ? `${entered} : ${parts.join(', ')}` : `${entered}, aucun soumis`;
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
