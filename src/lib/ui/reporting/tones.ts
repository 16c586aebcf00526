// Colours of the reporting states. The label is always written; the tone only repeats it.
import type { FigureStatus, PeriodState } from '$lib/domain/figures';

export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

export const FIGURE_STATUS_TONES: Record<FigureStatus, Tone> = {
	brouillon: 'neutral',
	soumis: 'info',
	renvoye: 'warning',
	valide: 'success'
};

/** Status of a fiche's entry for a period (the services' FicheEntryStatus). */
export const ENTRY_STATUS_TONES: Record<string, Tone> = {
	a_saisir: 'neutral',
	en_cours: 'neutral',
	soumis: 'info',
	renvoye: 'warning',
	valide: 'success'
};

export const PERIOD_STATE_TONES: Record<PeriodState, Tone> = {
	a_venir: 'neutral',
	ouverte: 'info',
	close: 'warning',
	validee: 'success'
};

export function toneOf(map: Record<string, Tone>, state: string | null | undefined): Tone {
	return (state && map[state]) || 'neutral';
}
