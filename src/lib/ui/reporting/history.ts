// Browser-safe: a figure's history in French sentences, times in Europe/Paris.

const parisParts = new Intl.DateTimeFormat('fr-FR', {
	day: '2-digit',
	month: '2-digit',
	year: 'numeric',
	hour: '2-digit',
	minute: '2-digit',
	hourCycle: 'h23',
	timeZone: 'Europe/Paris'
});

/** A UTC ISO timestamp → "12/03/2019 à 10:05" in Paris time; anything else unchanged. */
export function formatDateTime(iso: string): string {
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) return iso;
	const part = (type: Intl.DateTimeFormatPartTypes) =>
		parisParts.formatToParts(date).find((p) => p.type === type)?.value ?? '';
	return `${part('day')}/${part('month')}/${part('year')} à ${part('hour')}:${part('minute')}`;
}

/** One event of a figure as the services give it (labels and values already in French). */
export type FigureEventInput = {
	at: string;
	actor: string;
	action: string;
	actionLabel?: string;
	summary: { field: string; label: string; old: string; new: string }[];
	reason?: string | null;
};

export type HistoryLine = {
	at: string;
	/** "CAF 87 — Marie Dupont a saisi 120 le 12/03/2019 à 10:05". */
	sentence: string;
	reason: string | null;
};

const quoted = (text: string) => (text ? `« ${text} »` : '(vide)');

function valueSide(event: FigureEventInput, side: 'old' | 'new'): string | null {
	const value = event.summary.find((c) => c.field === 'value');
	const notAvailable = event.summary.find((c) => c.field === 'notAvailable');
	if (notAvailable?.[side] === 'Oui') return 'non disponible';
	if (!value && !notAvailable) return null;
	return value?.[side] || '(vide)';
}

function verbPhrase(event: FigureEventInput): string {
	const change = (field: string) => event.summary.find((c) => c.field === field);
	switch (event.action) {
		case 'create': {
			const value = valueSide(event, 'new');
			const comment = change('comment')?.new;
			if (value && value !== '(vide)') {
				return comment ? `a saisi ${value} (commentaire ${quoted(comment)})` : `a saisi ${value}`;
			}
			return comment ? `a ajouté le commentaire ${quoted(comment)}` : 'a créé la ligne';
		}
		case 'update': {
			const parts: string[] = [];
			const before = valueSide(event, 'old');
			const after = valueSide(event, 'new');
			if (before !== null && after !== null) parts.push(`la valeur ${before} → ${after}`);
			const comment = change('comment');
			if (comment) parts.push(`le commentaire ${quoted(comment.old)} → ${quoted(comment.new)}`);
			return parts.length ? `a modifié ${parts.join(' et ')}` : 'a modifié le chiffre';
		}
		case 'submit':
			return 'a soumis le chiffre';
		case 'validate':
			return 'a validé le chiffre';
		case 'send_back': {
			const comment = change('reviewerComment')?.new;
			return comment
				? `a renvoyé le chiffre pour correction (${quoted(comment)})`
				: 'a renvoyé le chiffre pour correction';
		}
		case 'unvalidate':
			return 'a annulé la validation du chiffre (de nouveau en attente de revue)';
		case 'withdraw':
			return 'a retiré la soumission du chiffre (de nouveau en brouillon)';
		default:
			return `a enregistré l’action ${quoted(event.actionLabel ?? event.action)}`;
	}
}

/** An event as one French sentence: who, what (old → new), when. */
export function describeFigureEvent(event: FigureEventInput): HistoryLine {
	return {
		at: event.at,
		sentence: `${event.actor} ${verbPhrase(event)} le ${formatDateTime(event.at)}`,
		reason: event.reason ?? null
	};
}
