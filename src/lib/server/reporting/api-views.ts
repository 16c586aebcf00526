import type { Db } from '../db/database';
import type { EntrySheet, FigureApiView } from './figures.service';
import { mapBreakdownTerritoryCodes } from './reporting.queries';
import type { PeriodView } from './reporting-context';
import { plainValue } from './reporting-context';

// The JSON shapes of the reporting API (documented in src/lib/server/api/openapi.ts): plain
// values, stable camelCase names, no internal ids beyond what a caller needs to address things.

export function toApiPeriod(p: PeriodView) {
	return {
		code: p.code,
		kind: p.kind,
		year: p.year,
		number: p.number,
		label: p.label,
		startsOn: p.startsOn,
		endsOn: p.endsOn,
		opensOn: p.opensOn,
		closesOn: p.closesOn,
		state: p.state,
		late: p.late,
		version: p.version
	};
}

/** A figure of the API with the code of its breakdown value's territory (null: not territorial). */
export async function withTerritoryCode(db: Db, figure: FigureApiView) {
	if (!figure.breakdown) return { ...figure, breakdown: null };
	const codes = await mapBreakdownTerritoryCodes(db, [figure.breakdown.id]);
	return {
		...figure,
		breakdown: { ...figure.breakdown, territoryCode: codes.get(figure.breakdown.id) ?? null }
	};
}

export async function toApiSheet(db: Db, sheet: EntrySheet) {
	const codes = await mapBreakdownTerritoryCodes(
		db,
		sheet.lines.flatMap((line) => (line.breakdown ? [line.breakdown.id] : []))
	);
	return {
		scheme: { slug: sheet.scheme.slug, title: sheet.scheme.title },
		fiche: { number: sheet.fiche.number, slug: sheet.fiche.slug, title: sheet.fiche.title },
		period: toApiPeriod(sheet.period),
		status: sheet.status,
		progress: sheet.progress,
		demo: sheet.demo,
		lines: sheet.lines.map((line) => ({
			key: line.key,
			indicatorId: line.indicator.id,
			label: line.indicator.label,
			measure: line.indicator.measure,
			unit: line.indicator.unit,
			breakdown: line.breakdown
				? {
						id: line.breakdown.id,
						label: line.breakdown.label,
						territoryCode: codes.get(line.breakdown.id) ?? null
					}
				: null,
			target: line.target,
			previous: line.previous
				? {
						period: line.previous.periodCode,
						value: line.previous.value,
						display: line.previous.display
					}
				: null,
			editable: line.editable,
			commentRequired: line.commentRule.required,
			figure: line.figure
				? {
						id: line.figure.id,
						value: plainValue(line.figure.value),
						display: line.figure.display,
						notAvailable: line.figure.notAvailable,
						comment: line.figure.comment,
						reviewerComment: line.figure.reviewerComment,
						status: line.figure.status,
						version: line.figure.version,
						demo: line.figure.demo,
						updatedAt: line.figure.updatedAt,
						updatedBy: line.figure.updatedBy
					}
				: null
		}))
	};
}
