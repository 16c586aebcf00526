// Presentation of a fiche's indicators: grouped by kind, with the measures that one booklet line
// holds ("Nombre et pourcentage de …") gathered under that line.

export type IndicatorLike = {
	kind: 'realisation' | 'resultat';
	kindLabel: string | null;
	label: string;
	measure: string | null;
	note: string | null;
};

export type IndicatorLine<I> = { label: string; measures: I[]; note: string | null };
export type IndicatorGroup<I> = {
	kind: IndicatorLike['kind'];
	heading: string;
	lines: IndicatorLine<I>[];
};

const DEFAULT_HEADINGS: Record<IndicatorLike['kind'], string> = {
	realisation: 'De réalisation',
	resultat: 'De résultat'
};

export function groupIndicators<I extends IndicatorLike>(indicators: I[]): IndicatorGroup<I>[] {
	const groups: IndicatorGroup<I>[] = [];
	for (const indicator of indicators) {
		let group = groups.find((g) => g.kind === indicator.kind);
		if (!group) {
			group = { kind: indicator.kind, heading: DEFAULT_HEADINGS[indicator.kind], lines: [] };
			groups.push(group);
		}
		if (indicator.kindLabel && group.lines.length === 0) group.heading = indicator.kindLabel;
		const last = group.lines.at(-1);
		if (last && last.label === indicator.label && indicator.measure && last.measures[0]?.measure) {
			last.measures.push(indicator);
			if (last.note !== indicator.note) last.note = null;
		} else {
			group.lines.push({ label: indicator.label, measures: [indicator], note: indicator.note });
		}
	}
	return groups;
}

/** The notes a line's measures keep on their own once the common one is shown on the line. */
export function measureNote<I extends IndicatorLike>(line: IndicatorLine<I>, indicator: I) {
	return line.note ? null : indicator.note;
}
