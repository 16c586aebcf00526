import { periodCode, previousPeriod } from '$lib/domain/figures';
import { can, schemeResource } from '$lib/domain/policy';
import type { CurrentUser } from '../auth/auth.service';
import { getDashboard } from '../dashboard/dashboard.service';
import type { Db } from '../db/database';
import * as sq from '../scheme-reads/scheme-reads.queries';
import {
	notFound,
	today as todayIso,
	type Forbidden,
	type NotFound,
	type Tx
} from '../reporting/results';
import type { ReviewPack } from './review-pack';
import { foldReviewPack } from './review-pack.fold';
import * as q from './review.queries';

// The review pack of a scheme for a period: cover, summary per strategic axis, one block per
// fiche. Built from a fixed number of set-based queries (the dashboard's ten, then six of its
// own), whatever the size of the plan. Weather and off-target judgements are the dashboard's.

/** How many periods of the same kind the small history charts show (the period and those before). */
export const HISTORY_LENGTH = 8;

export type ReviewWhere = { scheme: string; period: string };
export type ReviewPackResult = { ok: true; pack: ReviewPack } | NotFound | Forbidden;

/**
 * The pack, for whoever may read the scheme. Values are validated figures only: what a committee
 * may quote; progress counts say how much is entered and validated. `now` and `today` are
 * parameters so tests (and frozen packs) are reproducible.
 */
export async function getReviewPack(
	db: Db | Tx,
	user: CurrentUser | null,
	where: ReviewWhere,
	options: { today?: string; now?: Date } = {}
): Promise<ReviewPackResult> {
	const today = options.today ?? todayIso();
	const now = options.now ?? new Date();
	const scheme = await sq.findScheme(db, where.scheme);
	if (!scheme) return notFound(`Aucun schéma « ${where.scheme} ».`);
	if (!can(user, 'scheme.read', schemeResource(scheme)))
		return notFound(`Aucun schéma « ${where.scheme} ».`);
	const periods = await sq.listPeriods(db, scheme.id);
	const period = periods.find((p) => p.code === where.period.trim().toUpperCase());
	if (!period) return notFound(`Aucune période « ${where.period} » dans ce schéma.`);

	const dashboard = await getDashboard(db, user, scheme.slug, { periode: period.code }, today);
	if (!dashboard.ok) return dashboard;

	// The period and the ones of the same kind before it, oldest first, for the history charts.
	const sameKind = periods
		.filter((p) => p.kind === period.kind && p.starts_on <= period.starts_on)
		.sort((a, b) => (a.starts_on < b.starts_on ? -1 : 1))
		.slice(-HISTORY_LENGTH);
	const previousCode = periodCode(previousPeriod(period));
	const previous = periods.find((p) => p.code === previousCode) ?? null;
	const aggregatePeriods = [
		...sameKind,
		...(previous && !sameKind.includes(previous) ? [previous] : [])
	];

	const [nodes, fiches, indicators, breakdownValues, aggregates, validated, bilans, milestones] =
		await Promise.all([
			sq.listNodes(db, scheme.id),
			q.listFiches(db, scheme.id),
			q.listIndicators(db, scheme.id, period.year),
			sq.listBreakdownValues(db, scheme.id),
			sq.aggregateFigures(
				db,
				aggregatePeriods.map((p) => p.id)
			),
			q.listValidatedFigures(db, period.id),
			q.listBilans(db, scheme.id, period.id),
			q.listMilestones(db, scheme.id)
		]);

	return {
		ok: true,
		pack: foldReviewPack({
			scheme,
			period,
			sameKind,
			previous,
			dashboard: dashboard.dashboard,
			nodes,
			fiches,
			indicators,
			breakdownValues,
			aggregates,
			validated,
			bilans,
			milestones,
			now
		})
	};
}
