import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { indicatorsWithTarget, schemeMilestones } from '../scheme-reads/scheme-reads.queries';
import { greatest } from '../db/portable-sql';

// The dashboard's own reads: each one is a single set-based query over a whole scheme (or one
// period of it), so the number of queries of a page never depends on the number of fiches. The
// periods, tree, pilots and figure aggregates it shares with other pages: scheme-reads.queries.ts.

type Q = Kysely<Database> | Transaction<Database>;

export function findScheme(db: Q, slug: string) {
	return db
		.selectFrom('scheme')
		.select(['id', 'slug', 'title', 'visibility', 'level_labels', 'stale_months'])
		.where('slug', '=', slug)
		.executeTakeFirst();
}

/**
 * The fiches of a scheme with their last activity: the latest of the fiche's own edit and of
 * every figure, bilan and milestone written for it. The latest figure of an indicator is read
 * with ORDER BY … LIMIT 1 so SQLite seeks the (indicator_id, updated_at) index.
 */
export function listFichesWithActivity(db: Q, schemeId: number) {
	return db
		.selectFrom('fiche')
		.select([
			'fiche.id',
			'fiche.node_id',
			'fiche.number',
			'fiche.slug',
			'fiche.title',
			'fiche.state',
			greatest<string>(db, [
				sql`fiche.updated_at`,
				sql`coalesce((select max((select fg.updated_at from figure fg where fg.indicator_id = i.id
					order by fg.updated_at desc limit 1)) from indicator i where i.fiche_id = fiche.id), '')`,
				sql`coalesce((select max(b.updated_at) from bilan b where b.fiche_id = fiche.id), '')`,
				sql`coalesce((select max(m.updated_at) from milestone m where m.fiche_id = fiche.id), '')`
			]).as('last_update')
		])
		.where('fiche.scheme_id', '=', schemeId)
		.orderBy('fiche.number_sort')
		.execute();
}
export type FicheRow = Awaited<ReturnType<typeof listFichesWithActivity>>[number];

/** Indicators of a scheme with their target for one year and their number of breakdown values. */
export function listIndicators(db: Q, schemeId: number, year: number) {
	return indicatorsWithTarget(db, schemeId, year)
		.select([
			'indicator.id',
			'indicator.fiche_id',
			'indicator.label',
			'indicator.unit',
			'indicator.polarity',
			'indicator.periodicity',
			'indicator_target.value as target',
			sql<number>`(select count(*) from indicator_breakdown_value v where v.indicator_id = indicator.id)`.as(
				'breakdown_count'
			)
		])
		.execute();
}
export type IndicatorRow = Awaited<ReturnType<typeof listIndicators>>[number];

/** Milestones of a scheme late on a date: due before it and not done by then. */
export function listLateMilestones(db: Q, schemeId: number, asOf: string) {
	return schemeMilestones(db, schemeId)
		.select([
			'milestone.id',
			'milestone.fiche_id',
			'milestone.label',
			'milestone.due_on',
			'milestone.done_on'
		])
		.where('milestone.due_on', '<', asOf)
		.where((eb) => eb.or([eb('milestone.done_on', 'is', null), eb('milestone.done_on', '>', asOf)]))
		.execute();
}

/**
 * The change counter of one scheme (migration 0008): it changes whenever anything that scheme's
 * dashboard reads does, and only then — other schemes' writes leave it alone.
 */
export function readSchemeGeneration(db: Q, schemeId: number) {
	return db
		.selectFrom('scheme_generation')
		.select('value')
		.where('scheme_id', '=', schemeId)
		.executeTakeFirst();
}

/** Weather overrides with who last wrote them; the caller says which. */
function selectOverrides(db: Q) {
	return db
		.selectFrom('meteo_override')
		.leftJoin('app_user', 'app_user.id', 'meteo_override.updated_by')
		.select([
			'meteo_override.id',
			'meteo_override.fiche_id',
			'meteo_override.meteo',
			'meteo_override.reason',
			'meteo_override.version',
			'meteo_override.updated_at',
			'app_user.name as updated_by_name'
		]);
}

/** The coordinator's weather overrides of one period. */
export function listOverrides(db: Q, periodId: number) {
	return selectOverrides(db).where('meteo_override.period_id', '=', periodId).execute();
}
export type OverrideRow = Awaited<ReturnType<typeof listOverrides>>[number];

/** History of the overrides of one period, newest first (through the overrides' own index). */
export function listOverrideEvents(db: Q, periodId: number, limit = 50) {
	return db
		.selectFrom('audit_event')
		.innerJoin('meteo_override', 'meteo_override.id', 'audit_event.entity_id')
		.innerJoin('fiche', 'fiche.id', 'meteo_override.fiche_id')
		.select([
			'audit_event.id',
			'audit_event.at',
			'audit_event.actor',
			'audit_event.action',
			'audit_event.changes',
			'audit_event.reason',
			'fiche.number as fiche_number',
			'fiche.slug as fiche_slug'
		])
		.where('audit_event.entity_type', '=', 'meteo')
		.where('meteo_override.period_id', '=', periodId)
		.orderBy('audit_event.id', 'desc')
		.limit(limit)
		.execute();
}

// ---------------------------------------------------------------------------------------------
// Override writes

export function findFicheOfScheme(db: Q, schemeId: number, ficheSlug: string) {
	return db
		.selectFrom('fiche')
		.select(['id', 'number', 'slug', 'title', 'state'])
		.where('scheme_id', '=', schemeId)
		.where('slug', '=', ficheSlug)
		.executeTakeFirst();
}

export function findPeriodOfScheme(db: Q, schemeId: number, code: string) {
	return db
		.selectFrom('reporting_period')
		.select(['id', 'code', 'kind', 'year', 'number', 'starts_on', 'ends_on', 'state'])
		.where('scheme_id', '=', schemeId)
		.where('code', '=', code)
		.executeTakeFirst();
}

export function findOverride(db: Q, ficheId: number, periodId: number) {
	return selectOverrides(db)
		.where('meteo_override.fiche_id', '=', ficheId)
		.where('meteo_override.period_id', '=', periodId)
		.executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------
// Fiche progress

export function listFicheIndicators(db: Q, ficheId: number) {
	return db
		.selectFrom('indicator')
		.select([
			'id',
			'label',
			'measure',
			'unit',
			'polarity',
			'periodicity',
			'baseline_value',
			'baseline_year',
			'breakdown_label'
		])
		.where('fiche_id', '=', ficheId)
		.orderBy('position')
		.execute();
}

/** Validated figures of a fiche, every period. */
export function listFicheValidatedFigures(db: Q, ficheId: number) {
	return db
		.selectFrom('figure')
		.innerJoin('indicator', 'indicator.id', 'figure.indicator_id')
		.select([
			'figure.indicator_id',
			'figure.period_id',
			'figure.breakdown_value_id',
			'figure.value_number',
			'figure.value_text',
			'figure.not_available',
			'figure.demo'
		])
		.where('indicator.fiche_id', '=', ficheId)
		.where('figure.status', '=', 'valide')
		.execute();
}
