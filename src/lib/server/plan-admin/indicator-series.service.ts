import type { Transaction } from 'kysely';
import { seriesChoice } from '$lib/domain/series-binding';
import { can } from '$lib/domain/policy';
import { SERIES_BY_KEY } from '$lib/domain/territory-data';
import type { CurrentUser } from '../auth/auth.service';
import { recordEvent } from '../audit/audit.service';
import type { Db } from '../db/database';
import type { Database } from '../db/schema';
import { transact } from '../db/transact';
import { actorOf } from '../audit/audit.service';
import { removeSeriesFigures, syncSeriesFigures } from '../territory-data/series-figures';
import * as q from './indicators.queries';
import {
	FORBIDDEN,
	invalid,
	notFound,
	type Forbidden,
	type Invalid,
	type NotFound
} from './results';

// Binding an indicator to a public series of the scheme's territory (issue 17, item 5): the
// coordinator picks one of the series imported for the territory or its children; the figures are
// written at once from the current values, and by every later import.

type Tx = Transaction<Database>;
type Where = { scheme: string; fiche: string };

export type SeriesOption = { value: string; label: string };
export type IndicatorSeriesView = { indicatorId: number; value: string; label: string };

const label = (seriesKey: string, name: string, code: string) =>
	`${SERIES_BY_KEY.get(seriesKey)?.label ?? seriesKey} — ${name} (${code})`;

/** The series a scheme's indicators may be bound to: its territory's, and its children's. */
export async function listSeriesOptions(db: Db | Tx, schemeId: number): Promise<SeriesOption[]> {
	const scheme = await db
		.selectFrom('scheme')
		.select('territory_id')
		.where('id', '=', schemeId)
		.executeTakeFirst();
	if (!scheme?.territory_id) return [];
	const rows = await db
		.selectFrom('territory_value as v')
		.innerJoin('territory as t', 't.id', 'v.territory_id')
		.select(['t.id', 't.code', 't.name', 't.kind', 'v.series_key'])
		.distinct()
		.where((eb) =>
			eb.or([eb('t.id', '=', scheme.territory_id!), eb('t.parent_id', '=', scheme.territory_id!)])
		)
		.orderBy('t.kind')
		.orderBy('t.name')
		.orderBy('v.series_key')
		.execute();
	// The scheme's own territory first, then its children by name.
	rows.sort((a, b) => Number(b.id === scheme.territory_id) - Number(a.id === scheme.territory_id));
	return rows.map((r) => ({
		value: seriesChoice(r.id, r.series_key),
		label: label(r.series_key, r.name, r.code)
	}));
}

/** The bindings of some indicators, for the admin list. */
export async function listIndicatorSeries(
	db: Db,
	indicatorIds: number[]
): Promise<IndicatorSeriesView[]> {
	const rows = await db
		.selectFrom('indicator_series as s')
		.innerJoin('territory as t', 't.id', 's.territory_id')
		.select(['s.indicator_id', 's.territory_id', 's.series_key', 't.code', 't.name'])
		.where('s.indicator_id', 'in', indicatorIds.length ? indicatorIds : [-1])
		.execute();
	return rows.map((r) => ({
		indicatorId: r.indicator_id,
		value: seriesChoice(r.territory_id, r.series_key),
		label: label(r.series_key, r.name, r.code)
	}));
}

async function loadIndicator(tx: Tx, user: CurrentUser, where: Where, indicatorId: number) {
	const fiche = await q.findFicheForIndicators(tx, where.scheme, where.fiche);
	const resource = fiche && { schemeId: fiche.scheme_id, visibility: fiche.visibility };
	if (!resource || !can(user, 'scheme.read', resource))
		return notFound('Fiche action introuvable dans ce schéma.');
	if (!can(user, 'scheme.configure', resource)) return FORBIDDEN;
	const row = await q.findIndicatorOfFiche(tx, fiche.id, indicatorId);
	if (!row) return notFound('Cet indicateur n’existe plus sur cette fiche.');
	return { fiche, row };
}

export type SeriesBindResult = { ok: true; figures: number } | Forbidden | NotFound | Invalid;

/** Binds the indicator to `choice` (one of listSeriesOptions) and writes its figures. */
export async function bindIndicatorSeries(
	db: Db,
	user: CurrentUser,
	where: Where,
	indicatorId: number,
	choice: { territoryId: number; seriesKey: string }
): Promise<SeriesBindResult> {
	return transact<SeriesBindResult>(db, async (tx) => {
		const found = await loadIndicator(tx, user, where, indicatorId);
		if ('ok' in found) return found;
		const options = await listSeriesOptions(tx, found.fiche.scheme_id);
		const wanted = seriesChoice(choice.territoryId, choice.seriesKey);
		if (!options.some((o) => o.value === wanted))
			return invalid('series', 'Choisissez une série du territoire du schéma.');
		const breakdowns = await q.listBreakdownValues(tx, [indicatorId]);
		if (breakdowns.length)
			return invalid('series', 'Un indicateur ventilé ne peut pas être alimenté par une série.');
		await tx.deleteFrom('indicator_series').where('indicator_id', '=', indicatorId).execute();
		await tx
			.insertInto('indicator_series')
			.values({
				indicator_id: indicatorId,
				territory_id: choice.territoryId,
				series_key: choice.seriesKey,
				bound_by: user.id
			})
			.execute();
		await recordEvent(tx, actorOf(user), {
			schemeId: found.fiche.scheme_id,
			entityType: 'indicator',
			entityId: indicatorId,
			action: 'bind_series',
			changes: { series: { old: null, new: wanted } }
		});
		const figures = await syncSeriesFigures(tx, actorOf(user), { indicatorIds: [indicatorId] });
		return { ok: true, figures };
	});
}

/** Unbinds the indicator: its imported figures go, pilots enter it again. */
export async function unbindIndicatorSeries(
	db: Db,
	user: CurrentUser,
	where: Where,
	indicatorId: number
): Promise<SeriesBindResult> {
	return transact<SeriesBindResult>(db, async (tx) => {
		const found = await loadIndicator(tx, user, where, indicatorId);
		if ('ok' in found) return found;
		const removed = await tx
			.deleteFrom('indicator_series')
			.where('indicator_id', '=', indicatorId)
			.returning(['territory_id', 'series_key'])
			.executeTakeFirst();
		if (!removed) return invalid('series', 'Cet indicateur n’est alimenté par aucune série.');
		await recordEvent(tx, actorOf(user), {
			schemeId: found.fiche.scheme_id,
			entityType: 'indicator',
			entityId: indicatorId,
			action: 'unbind_series',
			changes: {
				series: { old: seriesChoice(removed.territory_id, removed.series_key), new: null }
			}
		});
		const figures = await removeSeriesFigures(
			tx,
			actorOf(user),
			found.fiche.scheme_id,
			indicatorId
		);
		return { ok: true, figures };
	});
}
