import type { CurrentUser } from '../auth/auth.service';
import type { Db } from '../db/database';
import { ficheProgress } from '../reporting/my-entry.service';
import * as rq from '../reporting/reporting.queries';
import { today as todayIso } from '../reporting/results';
import { CLOSING_NOTICE_DAYS, foldNotices, type Notice } from './notices';
import * as q from './notices.queries';

export type { Notice, NoticeLink } from './notices';

const daysBetween = (from: string, to: string) =>
	Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/**
 * The in-app notices of a signed-in person (home page, « Ma saisie »), for the schemes they are a
 * member of only: load, then fold (notices.ts). Readers get none: they have nothing to do.
 */
export async function getNotices(
	db: Db,
	user: CurrentUser,
	today: string = todayIso()
): Promise<Notice[]> {
	const memberships = user.memberships.filter((m) => m.role !== 'lecteur');
	if (memberships.length === 0) return [];
	const schemeIds = [...new Set(memberships.map((m) => m.schemeId))];
	const coordinated = memberships.filter((m) => m.role === 'coordinateur').map((m) => m.schemeId);
	const openPeriods = await rq.listOpenPeriods(db, schemeIds);
	const [pilotOrganisations, sentBack, awaitingReview, schemes] = await Promise.all([
		q.listPilotOrganisations(db, schemeIds),
		q.countSentBackFigures(
			db,
			openPeriods.map((p) => p.id)
		),
		q.countAwaitingReview(db, coordinated),
		q.listSchemes(db, schemeIds)
	]);
	// What is left to do is only worked out for the periods about to close (usually none).
	const closing = openPeriods.filter((p) => daysBetween(today, p.closes_on) <= CLOSING_NOTICE_DAYS);
	const leftToDo: { period_id: number; fiche_id: number }[] = [];
	for (const period of closing) {
		const fiches = await rq.listFiches(db, period.scheme_id);
		const progress = await ficheProgress(
			db,
			period,
			fiches.map((f) => f.id)
		);
		for (const [ficheId, p] of progress) {
			if (p.submitted < p.expected) leftToDo.push({ period_id: period.id, fiche_id: ficheId });
		}
	}
	return foldNotices({
		today,
		memberships,
		openPeriods,
		schemes: new Map(schemes.map((s) => [s.id, { slug: s.slug, title: s.title }])),
		pilotOrganisations,
		sentBack,
		awaitingReview,
		leftToDo
	});
}
