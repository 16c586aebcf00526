import { periodLabel, type PeriodKind } from '$lib/domain/figures';
import type { Membership } from '$lib/domain/policy';
import { pluralize } from '$lib/ui/format';

// The in-app notices of a signed-in person, folded from what the service read (pure): for each
// scheme they are a member of, figures sent back to their organisation, entry windows closing
// with fiches left to do, and for the coordination the fiches waiting for validation.

/** A closing date this close (in days) or passed, with fiches left to do, makes a notice. */
export const CLOSING_NOTICE_DAYS = 14;

export type NoticeLink =
	| { label: string; to: 'grid'; scheme: string; period: string; fiche: string }
	| { label: string; to: 'campaign'; scheme: string; period: string; filter: 'a-valider' | null }
	| { label: string; to: 'my-entry' };

export type Notice = {
	kind: 'sent_back' | 'closing' | 'to_review';
	scheme: { slug: string; title: string };
	/** The sentence before the links: « 2 chiffres vous ont été renvoyés ». */
	text: string;
	links: NoticeLink[];
	/** Needs action soon: figures sent back, a window closing within days or passed. */
	urgent: boolean;
};

export type NoticeInput = {
	today: string;
	memberships: readonly Membership[];
	/** The open periods of the person's schemes. */
	openPeriods: readonly {
		id: number;
		scheme_id: number;
		scheme_slug: string;
		scheme_title: string;
		code: string;
		kind: PeriodKind;
		year: number;
		number: number | null;
		closes_on: string;
	}[];
	/** Schemes by id (slug and title), for the notices of periods that are not open. */
	schemes: ReadonlyMap<number, { slug: string; title: string }>;
	pilotOrganisations: readonly { scheme_id: number; fiche_id: number; organisation_id: number }[];
	sentBack: readonly {
		period_id: number;
		fiche_id: number;
		fiche_number: string;
		fiche_slug: string;
		count: number;
	}[];
	awaitingReview: readonly {
		scheme_id: number;
		period_id: number;
		period_code: string;
		period_kind: PeriodKind;
		period_year: number;
		period_number: number | null;
		fiche_id: number;
		count: number;
	}[];
	/** Fiches with expected figures not yet submitted, in the periods closing soon (or late). */
	leftToDo: readonly { period_id: number; fiche_id: number }[];
};

const daysBetween = (from: string, to: string) =>
	Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** « ferme dans 5 jours », « ferme demain », « ferme aujourd’hui », « devait fermer il y a 3 jours ». */
export function closingWords(daysLeft: number): string {
	if (daysLeft < 0) return `devait fermer il y a ${pluralize(-daysLeft, 'jour')}`;
	if (daysLeft === 0) return 'ferme aujourd’hui';
	if (daysLeft === 1) return 'ferme demain';
	return `ferme dans ${pluralize(daysLeft, 'jour')}`;
}

export function foldNotices(input: NoticeInput): Notice[] {
	const notices: Notice[] = [];
	const piloted = (schemeId: number, organisationId: number) =>
		new Set(
			input.pilotOrganisations
				.filter((p) => p.scheme_id === schemeId && p.organisation_id === organisationId)
				.map((p) => p.fiche_id)
		);

	for (const membership of input.memberships) {
		if (membership.role === 'lecteur') continue;
		const coordinates = membership.role === 'coordinateur';
		const scheme = input.schemes.get(membership.schemeId);
		if (!scheme) continue;
		const periods = input.openPeriods.filter((p) => p.scheme_id === membership.schemeId);
		// A pilot answers for the fiches their organisation pilots; without one, for none.
		const mine = coordinates
			? null
			: membership.organisationId === null
				? new Set<number>()
				: piloted(membership.schemeId, membership.organisationId);
		const isMine = (ficheId: number) => mine === null || mine.has(ficheId);

		// Figures sent back to the pilot's organisation, in open periods.
		if (!coordinates) {
			const rows = periods.flatMap((period) =>
				input.sentBack
					.filter((s) => s.period_id === period.id && isMine(s.fiche_id))
					.map((s) => ({ ...s, period }))
			);
			const count = rows.reduce((n, r) => n + r.count, 0);
			if (count > 0) {
				const several = new Set(rows.map((r) => r.period.id)).size > 1;
				notices.push({
					kind: 'sent_back',
					scheme,
					text: `${pluralize(count, 'chiffre')} ${count > 1 ? 'vous ont été renvoyés' : 'vous a été renvoyé'}`,
					links: rows.map((r) => ({
						label: `fiche ${r.fiche_number}${several ? ` (${periodLabel(r.period)})` : ''}`,
						to: 'grid',
						scheme: scheme.slug,
						period: r.period.code,
						fiche: r.fiche_slug
					})),
					urgent: true
				});
			}
		}

		// Entry windows closing within two weeks (or passed) with fiches left to do.
		for (const period of periods) {
			const daysLeft = daysBetween(input.today, period.closes_on);
			if (daysLeft > CLOSING_NOTICE_DAYS) continue;
			const left = new Set(
				input.leftToDo
					.filter((l) => l.period_id === period.id && isMine(l.fiche_id))
					.map((l) => l.fiche_id)
			).size;
			if (left === 0) continue;
			const fiches = coordinates
				? `${pluralize(left, 'fiche reste', 'fiches restent')} à compléter`
				: `${left > 1 ? `${left} de vos fiches restent` : 'une de vos fiches reste'} à compléter`;
			notices.push({
				kind: 'closing',
				scheme,
				text: `La saisie ${periodLabel(period)} ${closingWords(daysLeft)} : ${fiches}`,
				links: [
					coordinates
						? {
								label: 'suivre la campagne',
								to: 'campaign',
								scheme: scheme.slug,
								period: period.code,
								filter: null
							}
						: { label: 'ouvrir Ma saisie', to: 'my-entry' }
				],
				urgent: daysLeft <= 7
			});
		}

		// For the coordination: fiches whose submitted figures wait for validation.
		if (coordinates) {
			const rows = input.awaitingReview.filter((a) => a.scheme_id === membership.schemeId);
			const byPeriod = new Map<number, { code: string; label: string; fiches: Set<number> }>();
			for (const r of rows) {
				const entry = byPeriod.get(r.period_id) ?? {
					code: r.period_code,
					label: periodLabel({ kind: r.period_kind, year: r.period_year, number: r.period_number }),
					fiches: new Set<number>()
				};
				entry.fiches.add(r.fiche_id);
				byPeriod.set(r.period_id, entry);
			}
			const count = [...byPeriod.values()].reduce((n, p) => n + p.fiches.size, 0);
			if (count > 0) {
				notices.push({
					kind: 'to_review',
					scheme,
					text: `${pluralize(count, 'fiche attend', 'fiches attendent')} votre validation`,
					links: [...byPeriod.values()].map((p) => ({
						label: `${p.label} (${pluralize(p.fiches.size, 'fiche')})`,
						to: 'campaign',
						scheme: scheme.slug,
						period: p.code,
						filter: 'a-valider'
					})),
					urgent: false
				});
			}
		}
	}
	return notices;
}
