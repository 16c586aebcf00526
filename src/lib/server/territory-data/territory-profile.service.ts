import {
	COVERAGE_SERIES,
	populationBand,
	sppeObligations,
	POPULATION_BAND_LABELS,
	type PopulationBand,
	type ValueStatus
} from '$lib/domain/territory-data';
import type { Db } from '../db/database';
import type { TerritoryKind } from '../db/schema';
import * as q from './territory-data.queries';
import { readTerritory, type SeriesValue, type TerritoryData } from './territory-read.service';

// The territory profile beside a scheme: its coverage rate year by year against the national
// value, the coverage of the territories under it (a département's EPCIs, else its communes; an
// EPCI's communes), those under the scheme's threshold, and the SPPE obligations of its communes.

export type ChildCoverage = {
	code: string;
	name: string;
	year: number | null;
	value: number | null;
	status: ValueStatus | null;
};

export type CommuneObligations = {
	code: string;
	name: string;
	population: number | null;
	band: PopulationBand;
	bandLabel: string;
	/** Where the band comes from: the population, or the CNAF commune file (over 10 000 only). */
	basis: 'population' | 'cnaf_commune_file';
	obligations: string[];
};

export type TerritoryProfile = {
	territory: TerritoryData & { kind: TerritoryKind };
	coverage: { year: number; territory: SeriesValue | null; national: SeriesValue | null }[];
	coverageSource: string | null;
	childKind: TerritoryKind | null;
	children: ChildCoverage[];
	/** The latest year any child has a value for. */
	childYear: number | null;
	threshold: number | null;
	underThreshold: ChildCoverage[];
	communes: CommuneObligations[];
};

export async function loadTerritoryProfile(
	db: Db,
	schemeId: number,
	territoryId: number | null
): Promise<TerritoryProfile | null> {
	if (territoryId === null) return null;
	const row = await db
		.selectFrom('territory')
		.select(['code'])
		.where('id', '=', territoryId)
		.executeTakeFirst();
	if (!row) return null;
	const [territory, national, scheme] = await Promise.all([
		readTerritory(db, row.code),
		readTerritory(db, q.NATIONAL_CODE),
		db
			.selectFrom('scheme')
			.select('coverage_threshold')
			.where('id', '=', schemeId)
			.executeTakeFirstOrThrow()
	]);
	if (!territory || territory.kind === 'national') return null;

	const own = territory.series.find((s) => s.key === COVERAGE_SERIES);
	const nat = national?.series.find((s) => s.key === COVERAGE_SERIES);
	const years = [
		...new Set([...(own?.values ?? []), ...(nat?.values ?? [])].map((v) => v.year))
	].sort((a, b) => a - b);
	const coverage = years.map((year) => ({
		year,
		territory: own?.values.find((v) => v.year === year) ?? null,
		national: nat?.values.find((v) => v.year === year) ?? null
	}));

	let childKind: TerritoryKind | null = null;
	let rows: Awaited<ReturnType<typeof q.listChildValues>> = [];
	for (const kind of territory.kind === 'departement'
		? (['epci', 'commune'] as const)
		: territory.kind === 'epci'
			? (['commune'] as const)
			: []) {
		rows = await q.listChildValues(db, territoryId, kind, COVERAGE_SERIES);
		if (rows.length) {
			childKind = kind;
			break;
		}
	}
	const children = latestPerChild(rows);
	const childYear = children.reduce<number | null>(
		(max, c) => (c.year !== null && (max === null || c.year > max) ? c.year : max),
		null
	);
	const threshold = scheme.coverage_threshold;
	const underThreshold =
		threshold === null
			? []
			: children.filter((c) => c.status === 'published' && c.value !== null && c.value < threshold);

	return {
		territory: { ...territory, kind: territory.kind },
		coverage,
		coverageSource: own?.source ?? null,
		childKind,
		children,
		childYear,
		threshold,
		underThreshold,
		communes: await listCommuneObligations(db, territoryId, territory.kind)
	};
}

/** One line per child: its latest year's coverage (a child without values keeps a blank line). */
function latestPerChild(rows: Awaited<ReturnType<typeof q.listChildValues>>): ChildCoverage[] {
	const byCode = new Map<string, ChildCoverage>();
	for (const r of rows) {
		const seen = byCode.get(r.code);
		if (!seen || (r.year !== null && (seen.year === null || r.year > seen.year)))
			byCode.set(r.code, {
				code: r.code,
				name: r.name,
				year: r.year,
				value: r.value,
				status: r.status
			});
	}
	return [...byCode.values()];
}

async function listCommuneObligations(
	db: Db,
	territoryId: number,
	kind: TerritoryKind
): Promise<CommuneObligations[]> {
	const rows =
		kind === 'commune'
			? await db
					.selectFrom('territory')
					.select(['id', 'code', 'name', 'population'])
					.where('id', '=', territoryId)
					.execute()
			: (await q.listChildValues(db, territoryId, 'commune', COVERAGE_SERIES)).filter(
					(r, i, all) => all.findIndex((o) => o.code === r.code) === i
				);
	const fromCnaf = new Set(
		(
			await db
				.selectFrom('territory_value as v')
				.innerJoin('territory_import as i', 'i.id', 'v.import_id')
				.select('v.territory_id')
				.where('i.scale', '=', 'commune')
				.where('v.territory_id', 'in', rows.length ? rows.map((r) => r.id) : [-1])
				.distinct()
				.execute()
		).map((r) => r.territory_id)
	);
	return rows.flatMap((r): CommuneObligations[] => {
		// The CNAF publishes commune figures for communes over 10 000 inhabitants only.
		const band =
			r.population !== null
				? populationBand(r.population)
				: fromCnaf.has(r.id)
					? ('over_10000' as const)
					: null;
		if (!band) return [];
		return [
			{
				code: r.code,
				name: r.name,
				population: r.population,
				band,
				bandLabel: POPULATION_BAND_LABELS[band],
				basis: r.population !== null ? 'population' : 'cnaf_commune_file',
				obligations: sppeObligations(band)
			}
		];
	});
}
