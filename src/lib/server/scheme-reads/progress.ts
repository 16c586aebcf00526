import type { FigureAggregateRow } from './scheme-reads.queries';

/** Figure lines of a fiche (or a group of fiches) for one period. */
export type Progress = { expected: number; entered: number; validated: number };

export const emptyProgress = (): Progress => ({ expected: 0, entered: 0, validated: 0 });

/**
 * Counts one indicator expected in the period into `progress`: one line per breakdown value (one
 * when it has none), entered and validated as its figure aggregate for the period says, never
 * more than its lines. The dashboard and the review pack count the same way.
 */
export function countExpectedIndicator(
	progress: Progress,
	breakdownCount: number,
	aggregate: Pick<FigureAggregateRow, 'entered' | 'validated'> | undefined
): void {
	const lines = Math.max(1, breakdownCount);
	progress.expected += lines;
	progress.entered += Math.min(lines, Number(aggregate?.entered ?? 0));
	progress.validated += Math.min(lines, Number(aggregate?.validated ?? 0));
}
