import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

type Q = Kysely<Database>;

/** The fiche of the route (scheme slug + fiche slug) with what the indicator pages show. */
export function findFicheForIndicators(db: Q, schemeSlug: string, ficheSlug: string) {
	return db
		.selectFrom('fiche')
		.innerJoin('scheme', 'scheme.id', 'fiche.scheme_id')
		.select([
			'fiche.id',
			'fiche.scheme_id',
			'scheme.visibility',
			'fiche.number',
			'fiche.slug',
			'fiche.title',
			'scheme.slug as scheme_slug',
			'scheme.title as scheme_title',
			'scheme.start_year',
			'scheme.end_year'
		])
		.where('scheme.slug', '=', schemeSlug)
		.where('fiche.slug', '=', ficheSlug)
		.executeTakeFirst();
}

export function listIndicators(db: Q, ficheId: number) {
	return db
		.selectFrom('indicator')
		.selectAll()
		.where('fiche_id', '=', ficheId)
		.orderBy('position')
		.orderBy('id')
		.execute();
}

/** An indicator by id, only when it belongs to the fiche of the route. */
export function findIndicatorOfFiche(db: Q, ficheId: number, indicatorId: number) {
	return db
		.selectFrom('indicator')
		.selectAll()
		.where('fiche_id', '=', ficheId)
		.where('id', '=', indicatorId)
		.executeTakeFirst();
}

export function listTargets(db: Q, indicatorIds: number[]) {
	if (indicatorIds.length === 0) return Promise.resolve([]);
	return db
		.selectFrom('indicator_target')
		.select(['indicator_id', 'year', 'value'])
		.where('indicator_id', 'in', indicatorIds)
		.orderBy('year')
		.execute();
}

export function listBreakdownValues(db: Q, indicatorIds: number[]) {
	if (indicatorIds.length === 0) return Promise.resolve([]);
	return db
		.selectFrom('indicator_breakdown_value')
		.select(['id', 'indicator_id', 'position', 'label'])
		.where('indicator_id', 'in', indicatorIds)
		.orderBy('position')
		.execute();
}

export async function nextIndicatorPosition(db: Q, ficheId: number): Promise<number> {
	const row = await db
		.selectFrom('indicator')
		.select((eb) => eb.fn.max('position').as('max'))
		.where('fiche_id', '=', ficheId)
		.executeTakeFirst();
	return row?.max == null ? 0 : Number(row.max) + 1;
}

export async function replaceTargets(
	db: Q,
	indicatorId: number,
	targets: { year: number; value: number }[]
): Promise<void> {
	await db.deleteFrom('indicator_target').where('indicator_id', '=', indicatorId).execute();
	if (targets.length === 0) return;
	await db
		.insertInto('indicator_target')
		.values(targets.map((t) => ({ indicator_id: indicatorId, year: t.year, value: t.value })))
		.execute();
}

/**
 * Makes the breakdown values of an indicator the given labels, in order. A value whose label
 * stays keeps its row (and id), so figures recorded against it later are not lost.
 */
export async function syncBreakdownValues(
	db: Q,
	indicatorId: number,
	labels: string[]
): Promise<void> {
	const existing = await db
		.selectFrom('indicator_breakdown_value')
		.select(['id', 'label'])
		.where('indicator_id', '=', indicatorId)
		.execute();
	const kept = existing.filter((e) => labels.includes(e.label));
	const removed = existing.filter((e) => !labels.includes(e.label)).map((e) => e.id);
	if (removed.length)
		await db.deleteFrom('indicator_breakdown_value').where('id', 'in', removed).execute();
	for (const [position, label] of labels.entries()) {
		const row = kept.find((k) => k.label === label);
		if (row) {
			await db
				.updateTable('indicator_breakdown_value')
				.set({ position })
				.where('id', '=', row.id)
				.execute();
		} else {
			await db
				.insertInto('indicator_breakdown_value')
				.values({ indicator_id: indicatorId, position, label })
				.execute();
		}
	}
}
