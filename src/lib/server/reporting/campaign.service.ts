import type { CampaignFilter } from '$lib/domain/campaign';
import type { CurrentUser } from '../auth/auth.service';
import type { Db } from '../db/database';
import * as sq from '../scheme-reads/scheme-reads.queries';
import { foldCampaign, type CampaignView } from './campaign';
import { ficheProgress } from './my-entry.service';
import { loadSchemeFor, toPeriodView } from './reporting-context';
import * as q from './reporting.queries';
import * as rq from './reminders.queries';
import { notFound, type Forbidden, type NotFound } from './results';

export type CampaignResult = ({ ok: true } & CampaignView) | NotFound | Forbidden;

/**
 * A period's campaign for the scheme's coordination: load (a fixed number of queries whatever
 * the number of fiches), then fold (campaign.ts).
 */
export async function getCampaign(
	db: Db,
	user: CurrentUser,
	where: { scheme: string; period: string },
	filter: CampaignFilter | null,
	now: string = new Date().toISOString()
): Promise<CampaignResult> {
	const scheme = await loadSchemeFor(
		db,
		user,
		where.scheme,
		'figure.review',
		'Le suivi de la campagne de saisie est réservé à la coordination du schéma.'
	);
	if ('reason' in scheme) return scheme;
	const period = await q.findPeriod(db, scheme.id, where.period.toUpperCase());
	if (!period) return notFound(`Aucune période « ${where.period} » dans ce schéma.`);
	const [fiches, pilots, reminders] = await Promise.all([
		q.listFiches(db, scheme.id),
		sq.listPilots(db, scheme.id),
		rq.listLastReminders(db, period.id)
	]);
	const progress = await ficheProgress(
		db,
		period,
		fiches.map((f) => f.id)
	);
	const view = foldCampaign({
		scheme: { slug: scheme.slug, title: scheme.title },
		period: toPeriodView(period, now.slice(0, 10)),
		fiches,
		pilots,
		progress,
		reminders,
		filter,
		now
	});
	return { ok: true, ...view };
}
