import {
	NATIONAL_LABEL,
	SERIES,
	SERIES_BY_KEY,
	SERIES_SOURCE,
	SERIES_UNIT_LABELS,
	type SeriesUnit,
	type ValueStatus
} from '$lib/domain/territory-data';
import type { Db } from '../db/database';
import type { TerritoryKind } from '../db/schema';
import * as q from './territory-data.queries';

// A territory and its public series, as the API gives them and the profile page shows them.

export type SeriesValue = { year: number; value: number | null; status: ValueStatus };
export type TerritorySeries = {
	key: string;
	label: string;
	unit: SeriesUnit;
	unitLabel: string;
	/** Where the latest of its values come from: producer, file kind, file name, import day. */
	source: string;
	values: SeriesValue[];
};
export type TerritoryData = {
	code: string;
	kind: TerritoryKind | 'national';
	name: string;
	vintage: number | null;
	population: number | null;
	parents: { code: string; kind: TerritoryKind; name: string }[];
	series: TerritorySeries[];
};

const PARIS_DAY = new Intl.DateTimeFormat('fr-FR', {
	timeZone: 'Europe/Paris',
	day: '2-digit',
	month: '2-digit',
	year: 'numeric'
});

/** The territory of this code (« 87 », a 9-digit SIREN, a commune code, « FR »), or null. */
export async function readTerritory(db: Db, rawCode: string): Promise<TerritoryData | null> {
	const code = rawCode.trim().toUpperCase();
	if (code === q.NATIONAL_CODE) {
		const values = await q.listValues(db, null);
		return {
			code,
			kind: 'national',
			name: NATIONAL_LABEL,
			vintage: null,
			population: null,
			parents: [],
			series: groupSeries(values)
		};
	}
	const kind = q.kindOfCode(code);
	if (!kind) return null;
	const territory = await q.findTerritoryByCode(db, kind, code);
	if (!territory) return null;
	const [parents, values] = await Promise.all([
		q.listParents(db, territory.parent_id),
		q.listValues(db, territory.id)
	]);
	return {
		code: territory.code,
		kind: territory.kind,
		name: territory.name,
		vintage: territory.vintage,
		population: territory.population,
		parents,
		series: groupSeries(values)
	};
}

function groupSeries(rows: Awaited<ReturnType<typeof q.listValues>>): TerritorySeries[] {
	const bySeries = new Map<string, typeof rows>();
	for (const row of rows) {
		if (!SERIES_BY_KEY.has(row.series_key)) continue;
		bySeries.set(row.series_key, [...(bySeries.get(row.series_key) ?? []), row]);
	}
	return SERIES.filter((s) => bySeries.has(s.key)).map((s) => {
		const values = bySeries.get(s.key)!;
		const latest = values.reduce((a, b) => (b.imported_at > a.imported_at ? b : a));
		return {
			key: s.key,
			label: s.label,
			unit: s.unit,
			unitLabel: SERIES_UNIT_LABELS[s.unit],
			source: `${SERIES_SOURCE} — ${latest.file_kind}, fichier « ${latest.file_name} » importé le ${PARIS_DAY.format(new Date(latest.imported_at))}`,
			values: values.map((v) => ({ year: v.year, value: v.value, status: v.status }))
		};
	});
}
