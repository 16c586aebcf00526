import type { Transaction } from 'kysely';
import { foldSeriesIntoPeriods } from '$lib/domain/series-binding';
import {
	creationChanges,
	deletionChanges,
	diffFields,
	recordEvent,
	type AuditActor
} from '../audit/audit.service';
import type { Database } from '../db/schema';

// Writes the figures of the indicators bound to a public series (issue 17, item 5): one validated
// figure per period whose year has a value, marked with the import it came from. Runs inside the
// transaction of whatever changed the inputs (an import, a binding, a new period), so the figures
// never lag behind the series. The `figure` triggers bump the scheme's change counter as usual.

type Tx = Transaction<Database>;

// The fields of a figure's history (as figures.service records them).
const snapshot = (row: { value_number: number | null; not_available: number }) => ({
	value: row.value_number,
	notAvailable: row.not_available === 1,
	status: 'valide'
});

/**
 * Brings the series-fed figures of `filter` (every bound indicator, those of one scheme, or some
 * indicators) in line with the current values. Returns how many figures it wrote or removed.
 */
export async function syncSeriesFigures(
	tx: Tx,
	actor: AuditActor,
	filter: { indicatorIds?: number[]; schemeId?: number } = {}
): Promise<number> {
	let query = tx
		.selectFrom('indicator_series as s')
		.innerJoin('indicator as i', 'i.id', 's.indicator_id')
		.innerJoin('fiche as f', 'f.id', 'i.fiche_id')
		.select(['s.indicator_id', 's.territory_id', 's.series_key', 'i.periodicity', 'f.scheme_id']);
	if (filter.indicatorIds)
		query = query.where(
			's.indicator_id',
			'in',
			filter.indicatorIds.length ? filter.indicatorIds : [-1]
		);
	if (filter.schemeId !== undefined) query = query.where('f.scheme_id', '=', filter.schemeId);
	const bindings = await query.execute();
	let written = 0;
	for (const binding of bindings) {
		const [periods, values, existing] = await Promise.all([
			tx
				.selectFrom('reporting_period')
				.select(['id', 'year', 'kind', 'code'])
				.where('scheme_id', '=', binding.scheme_id)
				.execute(),
			tx
				.selectFrom('territory_value')
				.select(['year', 'value', 'import_id'])
				.where('territory_id', '=', binding.territory_id)
				.where('series_key', '=', binding.series_key)
				.execute(),
			tx
				.selectFrom('figure')
				.select([
					'id',
					'period_id',
					'value_number',
					'value_text',
					'not_available',
					'status',
					'source_import_id',
					'version'
				])
				.where('indicator_id', '=', binding.indicator_id)
				.where('breakdown_value_id', 'is', null)
				.execute()
		]);
		const folded = foldSeriesIntoPeriods(
			binding.periodicity,
			periods,
			values.map((v) => ({ year: v.year, value: v.value, importId: v.import_id }))
		);
		const now = new Date().toISOString();
		const event = (entityId: number, action: string, changes: ReturnType<typeof diffFields>) =>
			recordEvent(tx, actor, {
				schemeId: binding.scheme_id,
				entityType: 'figure',
				entityId,
				action,
				changes
			});
		for (const figure of folded) {
			const next = {
				value_number: figure.value,
				value_text: null,
				not_available: figure.notAvailable ? 1 : 0,
				source_import_id: figure.importId
			};
			const current = existing.find((e) => e.period_id === figure.periodId);
			if (!current) {
				const row = await tx
					.insertInto('figure')
					.values({
						indicator_id: binding.indicator_id,
						period_id: figure.periodId,
						breakdown_value_id: null,
						...next,
						status: 'valide',
						updated_by: null,
						created_at: now,
						updated_at: now,
						reviewed_at: now
					})
					.returning('id')
					.executeTakeFirstOrThrow();
				const period = periods.find((p) => p.id === figure.periodId);
				await event(
					row.id,
					'import',
					creationChanges({
						indicatorId: binding.indicator_id,
						period: period?.code,
						...snapshot(next)
					})
				);
				written++;
				continue;
			}
			const same =
				current.value_number === next.value_number &&
				current.value_text === null &&
				current.not_available === next.not_available &&
				current.source_import_id === next.source_import_id &&
				current.status === 'valide';
			if (same) continue;
			await tx
				.updateTable('figure')
				.set({
					...next,
					comment: null,
					reviewer_comment: null,
					status: 'valide',
					demo: 0,
					version: current.version + 1,
					updated_by: null,
					updated_at: now,
					reviewed_at: now
				})
				.where('id', '=', current.id)
				.execute();
			await event(current.id, 'import', diffFields(snapshot(current), snapshot(next)));
			written++;
		}
		// An imported figure whose year no longer has a value (another series was chosen) goes.
		const kept = new Set(folded.map((f) => f.periodId));
		for (const stale of existing.filter(
			(e) => e.source_import_id !== null && !kept.has(e.period_id)
		)) {
			await removeFigure(tx, actor, binding.scheme_id, stale);
			written++;
		}
	}
	return written;
}

async function removeFigure(
	tx: Tx,
	actor: AuditActor,
	schemeId: number,
	figure: {
		id: number;
		value_number: number | null;
		not_available: number;
		source_import_id: number | null;
	}
) {
	await tx.deleteFrom('figure').where('id', '=', figure.id).execute();
	await recordEvent(tx, actor, {
		schemeId,
		entityType: 'figure',
		entityId: figure.id,
		action: 'delete',
		changes: deletionChanges(snapshot(figure))
	});
}

/** Removes the imported figures of an indicator that is no longer bound to a series. */
export async function removeSeriesFigures(
	tx: Tx,
	actor: AuditActor,
	schemeId: number,
	indicatorId: number
): Promise<number> {
	const figures = await tx
		.selectFrom('figure')
		.select(['id', 'value_number', 'not_available', 'source_import_id'])
		.where('indicator_id', '=', indicatorId)
		.where('source_import_id', 'is not', null)
		.execute();
	for (const figure of figures) await removeFigure(tx, actor, schemeId, figure);
	return figures.length;
}
