import type { Meteo } from '$lib/domain/dashboard';
import type { FicheState, IndicatorUnit, Polarity } from '$lib/domain/enums';
import type { PeriodKind, PeriodState } from '$lib/domain/figures';

// The review pack (dossier de revue de comité) as plain JSON: what the pages render, and what a
// closed meeting stores as it was reviewed. Only plain data here (no Date, no Map), so that the
// stored copy renders exactly like the live one. Bump PACK_FORMAT when the shape changes: the
// pages keep reading older frozen packs.

export const PACK_FORMAT = 1;

export type PackPeriod = {
	code: string;
	label: string;
	kind: PeriodKind;
	year: number;
	number: number | null;
	startsOn: string;
	endsOn: string;
	state: PeriodState;
	stateLabel: string;
};

/** One point of a key figure's history (periods of the same kind, oldest first). */
export type HistoryPoint = { code: string; label: string; value: number | null; display: string };

export type KeyFigure = {
	indicatorId: number;
	label: string;
	measure: string | null;
	unit: IndicatorUnit;
	polarity: Polarity;
	/** The breakdown's name ("Département") when the figure is the total of one. */
	breakdownLabel: string | null;
	/** The validated value of the period, written in French; '' when none. */
	display: string;
	value: number | null;
	/** Whether the period has a validated value (a number, a text, oui/non or "non disponible"). */
	validated: boolean;
	target: { value: number; display: string } | null;
	/** Judged by the dashboard's rule; null when there is nothing to compare. */
	offTarget: boolean | null;
	previous: { code: string; label: string; value: number | null; display: string } | null;
	/** Change from the previous period, written with its sign ("+12", "−3,5 %"); null when not computable. */
	change: { value: number; display: string; percentDisplay: string | null } | null;
	history: HistoryPoint[];
	/** Breakdown values of the period (validated ones), for the bar chart. */
	breakdown: { label: string; value: number | null; display: string }[];
	demo: boolean;
};

export type PackMilestone = {
	label: string;
	dueOn: string;
	doneOn: string | null;
	/** Late on the pack's reference date. */
	late: boolean;
};

export type PackBilan = {
	actionsDone: string | null;
	resultsObserved: string | null;
	difficulties: string | null;
	outlook: string | null;
	demo: boolean;
};

export type PackFiche = {
	number: string;
	slug: string;
	title: string;
	anchor: string;
	/** The objective (or deepest plan level) the fiche belongs to, "2.1 — Titre". */
	location: string;
	state: FicheState;
	stateLabel: string;
	pilots: string[];
	meteo: Meteo;
	meteoLabel: string;
	/** Set when the coordinator adjusted the computed weather for the period. */
	meteoOverride: { computed: Meteo; computedLabel: string; reason: string } | null;
	meteoReasons: string[];
	progress: { expected: number; entered: number; validated: number };
	figures: KeyFigure[];
	bilan: PackBilan | null;
	milestones: PackMilestone[];
};

export type AxisSummary = {
	ficheCount: number;
	byState: Record<FicheState, number>;
	byMeteo: Record<Meteo, number>;
	/** Figure slots expected for the period, entered (any status) and validated. */
	figures: { expected: number; entered: number; validated: number };
	offTargetFigures: number;
	lateMilestones: number;
};

export type PackAxis = {
	code: string;
	title: string;
	levelLabel: string;
	anchor: string;
	summary: AxisSummary;
	fiches: PackFiche[];
};

export type ReviewPack = {
	format: typeof PACK_FORMAT;
	/** When the data was read (UTC ISO): "Données au …". */
	generatedAt: string;
	/** Reference date of the late-milestone rule: the period's last day, or the day of the pack while it runs. */
	asOf: string;
	scheme: {
		slug: string;
		title: string;
		subtitle: string | null;
		departmentCode: string;
		departmentName: string;
		startYear: number;
		endYear: number;
	};
	period: PackPeriod;
	previousPeriod: { code: string; label: string } | null;
	/** Some figure, bilan or milestone is fictitious demonstration data. */
	demo: boolean;
	summary: AxisSummary;
	axes: PackAxis[];
};
