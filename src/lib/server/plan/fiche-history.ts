import type { Kysely } from 'kysely';
import { FICHE_STATE_LABELS, type FicheState } from '$lib/domain/enums';
import { FICHE_FIELD_LABELS } from '$lib/domain/fiche-edit';
import { listToText } from '$lib/domain/list-text';
import type { ListItem } from '$lib/domain/plan-document';
import { listEntityEvents } from '../audit/audit.service';
import type { Database } from '../db/schema';
import { describeEvents, type HistoryEntry } from '../users/history-view';

const FIELDS: Record<string, string> = {
	...FICHE_FIELD_LABELS,
	tocTitle: 'Intitulé au sommaire',
	resultsUnclassified: 'Résultats attendus',
	note: 'Note de saisie',
	nodeId: 'Place dans le plan'
};

/** The history of a fiche in French, newest first ("a passé l'état de … à …"). */
export async function getFicheHistory(
	db: Kysely<Database>,
	ficheId: number
): Promise<HistoryEntry[]> {
	const events = await listEntityEvents(db, 'fiche', ficheId);
	return describeEvents(events, {
		actions: {
			create: 'a créé la fiche',
			update: 'a modifié la fiche',
			move: 'a déplacé la fiche'
		},
		fields: FIELDS,
		value: (field, value) => {
			if (field === 'state' && typeof value === 'string')
				return FICHE_STATE_LABELS[value as FicheState] ?? value;
			if (Array.isArray(value) && value.every((v) => typeof v === 'object' && v && 'text' in v)) {
				return listToText(value as ListItem[]) || '—';
			}
			return undefined;
		}
	});
}
