import {
	CAMPAIGN_FILTERS,
	CAMPAIGN_FILTER_LABELS,
	matchesCampaignFilter,
	type CampaignFilter
} from '$lib/domain/campaign';
import { formatDateTime } from '$lib/ui/format';
import { csvRow } from '../excel/safe-cell';
import type { PilotRow } from '../scheme-reads/scheme-reads.queries';
import {
	FICHE_ENTRY_STATUS_LABELS,
	entryStatusOf,
	type EntryProgress,
	type FicheEntryStatus
} from './figures.service';
import type { PeriodView } from './reporting-context';
import { nextReminderAt } from './reminders.service';

// The campaign page of a period, folded from what the service read (pure: no database, no clock):
// pilot organisations with their fiches, the free-text pilot groups once, the fiches nobody can
// be reminded for, the filter of the URL, the last reminder of each organisation. The CSV export
// writes the same rows.

export type CampaignInput = {
	scheme: { slug: string; title: string };
	period: PeriodView;
	/** Every fiche of the scheme, in booklet order. */
	fiches: readonly { id: number; number: string; slug: string; title: string }[];
	/** Pilots of the scheme's fiches, in each fiche's order. */
	pilots: readonly Pick<
		PilotRow,
		| 'fiche_id'
		| 'label'
		| 'organisation_id'
		| 'organisation_slug'
		| 'organisation_name'
		| 'organisation_short_name'
	>[];
	/** Progress of the fiches expecting figures in the period (the others are not listed). */
	progress: ReadonlyMap<number, EntryProgress>;
	/** The last reminder of each organisation reminded for the period. */
	reminders: readonly {
		organisation_id: number;
		created_at: string;
		sent_by_name: string | null;
	}[];
	filter: CampaignFilter | null;
	/** ISO timestamp of the request. */
	now: string;
};

export type CampaignFicheRow = {
	fiche: { number: string; slug: string; title: string };
	/** The fiche's other pilots (organisations and free-text groups), as the booklet names them. */
	otherPilots: string[];
	progress: EntryProgress;
	status: FicheEntryStatus;
	statusLabel: string;
	late: boolean;
	/** Submitted figures waiting for review. */
	awaitingReview: number;
};

export type CampaignOrganisation = {
	organisation: { id: number; slug: string; shortName: string; name: string };
	/** Its fiches that pass the filter. */
	fiches: CampaignFicheRow[];
	/** How many fiches it pilots in the period, whatever the filter. */
	ficheCount: number;
	/** Progress of all its fiches. */
	progress: EntryProgress;
	late: boolean;
	/** Some expected figure is not submitted yet (a sent-back one counts). */
	leftToDo: boolean;
	lastReminder: { at: string; by: string | null } | null;
	/** « Relancer » is offered: open period, something left to do, no reminder within the hour. */
	canRemind: boolean;
	/** When the hour since the last reminder ends, while it runs (ISO timestamp). */
	remindableFrom: string | null;
};

export type CampaignView = {
	scheme: { slug: string; title: string };
	period: PeriodView;
	filter: CampaignFilter | null;
	/** Fiches passing each filter (`tous`: every fiche expecting figures), each counted once. */
	counts: Record<'tous' | CampaignFilter, number>;
	/** Every fiche expecting figures, each counted once. */
	progress: EntryProgress;
	/** Organisations with a fiche passing the filter; late ones first, then by name. */
	organisations: CampaignOrganisation[];
	/** Fiches passing the filter that no organisation pilots (free-text pilots only, or none). */
	unassigned: CampaignFicheRow[];
	/** Free-text pilot groups (« Collectivités territoriales concernées »), each once. */
	freeTextPilots: { label: string; fiches: { number: string; slug: string }[] }[];
	/** Distinct fiches shown with the filter. */
	shown: number;
};

const zero = (): EntryProgress => ({
	expected: 0,
	entered: 0,
	submitted: 0,
	validated: 0,
	sentBack: 0
});
const add = (a: EntryProgress, b: EntryProgress): EntryProgress => ({
	expected: a.expected + b.expected,
	entered: a.entered + b.entered,
	submitted: a.submitted + b.submitted,
	validated: a.validated + b.validated,
	sentBack: a.sentBack + b.sentBack
});

export function foldCampaign(input: CampaignInput): CampaignView {
	const { period, filter } = input;
	const pilotsOf = new Map<number, CampaignInput['pilots'][number][]>();
	for (const p of input.pilots) pilotsOf.set(p.fiche_id, [...(pilotsOf.get(p.fiche_id) ?? []), p]);
	const reminderOf = new Map(input.reminders.map((r) => [r.organisation_id, r]));

	const organisations = new Map<number, CampaignOrganisation>();
	const unassigned: CampaignFicheRow[] = [];
	const freeText = new Map<string, { number: string; slug: string }[]>();
	const counts = Object.fromEntries(['tous', ...CAMPAIGN_FILTERS].map((k) => [k, 0])) as Record<
		'tous' | CampaignFilter,
		number
	>;
	let total = zero();
	let shown = 0;

	for (const fiche of input.fiches) {
		const progress = input.progress.get(fiche.id);
		if (!progress) continue;
		const late = period.late && progress.submitted < progress.expected;
		const status = entryStatusOf(progress);
		const passes = matchesCampaignFilter(filter, progress, late);
		total = add(total, progress);
		counts.tous++;
		for (const f of CAMPAIGN_FILTERS) if (matchesCampaignFilter(f, progress, late)) counts[f]++;
		if (passes) shown++;

		const pilots = pilotsOf.get(fiche.id) ?? [];
		const label = (p: (typeof pilots)[number]) => p.organisation_short_name ?? p.label;
		const row = (own: number | null): CampaignFicheRow => ({
			fiche: { number: fiche.number, slug: fiche.slug, title: fiche.title },
			otherPilots: [
				...new Set(pilots.filter((p) => own === null || p.organisation_id !== own).map(label))
			],
			progress,
			status,
			statusLabel: FICHE_ENTRY_STATUS_LABELS[status],
			late,
			awaitingReview: progress.submitted - progress.validated
		});

		for (const p of pilots) {
			if (p.organisation_id !== null) continue;
			const list = freeText.get(p.label) ?? [];
			if (!list.some((f) => f.slug === fiche.slug))
				list.push({ number: fiche.number, slug: fiche.slug });
			freeText.set(p.label, list);
		}

		// One row per pilot organisation: a fiche with two pilots is listed under both, once each.
		const ownIds = [
			...new Set(pilots.map((p) => p.organisation_id).filter((id): id is number => id !== null))
		];
		if (ownIds.length === 0) {
			if (passes) unassigned.push(row(null));
			continue;
		}
		for (const id of ownIds) {
			const pilot = pilots.find((p) => p.organisation_id === id)!;
			let group = organisations.get(id);
			if (!group) {
				const last = reminderOf.get(id);
				const until = last ? nextReminderAt(last.created_at) : null;
				const waiting = until !== null && Date.parse(input.now) < Date.parse(until);
				group = {
					organisation: {
						id,
						slug: pilot.organisation_slug!,
						shortName: pilot.organisation_short_name!,
						name: pilot.organisation_name!
					},
					fiches: [],
					ficheCount: 0,
					progress: zero(),
					late: false,
					leftToDo: false,
					lastReminder: last ? { at: last.created_at, by: last.sent_by_name } : null,
					canRemind: false,
					remindableFrom: waiting ? until : null
				};
				organisations.set(id, group);
			}
			group.ficheCount++;
			group.progress = add(group.progress, progress);
			group.late ||= late;
			group.leftToDo ||= progress.submitted < progress.expected;
			if (passes) group.fiches.push(row(id));
		}
	}

	const open = period.state === 'ouverte';
	const listed = [...organisations.values()]
		.map((o) => ({ ...o, canRemind: open && o.leftToDo && o.remindableFrom === null }))
		.filter((o) => filter === null || o.fiches.length > 0)
		.sort(
			(a, b) =>
				Number(b.late) - Number(a.late) ||
				a.organisation.shortName.localeCompare(b.organisation.shortName, 'fr')
		);
	return {
		scheme: input.scheme,
		period,
		filter,
		counts,
		progress: total,
		organisations: listed,
		unassigned,
		freeTextPilots: [...freeText]
			.map(([label, fiches]) => ({ label, fiches }))
			.sort((a, b) => a.label.localeCompare(b.label, 'fr')),
		shown
	};
}

// ---------------------------------------------------------------------------------------------
// CSV export

export const CAMPAIGN_CSV_HEADERS = [
	'Organisation pilote',
	'Nom de l’organisation',
	'Fiche action',
	'Intitulé de la fiche',
	'Autres pilotes',
	'Statut',
	'Chiffres attendus',
	'Saisis',
	'Soumis',
	'Validés',
	'Renvoyés',
	'En retard',
	'Dernière relance',
	'Relance par'
] as const;

/** "12/03/2019 10:05" (Paris time): what French Excel reads as a date and time. */
const csvDateTime = (iso: string | null | undefined) =>
	iso ? formatDateTime(iso).replace(' à ', ' ') : null;

const yesNo = (value: boolean) => (value ? 'Oui' : 'Non');

/**
 * The campaign table as CSV for French Excel: BOM, `;`, CRLF, one line per organisation and
 * fiche (the fiches no organisation pilots last). Every field goes through csvRow, which
 * neutralises text a spreadsheet would take for a formula.
 */
export function campaignCsv(view: CampaignView): string {
	const lines = [csvRow(CAMPAIGN_CSV_HEADERS)];
	const line = (
		organisation: { shortName: string; name: string },
		row: CampaignFicheRow,
		reminder: CampaignOrganisation['lastReminder']
	) =>
		csvRow([
			organisation.shortName,
			organisation.name,
			row.fiche.number,
			row.fiche.title,
			row.otherPilots.join(', '),
			row.statusLabel,
			row.progress.expected,
			row.progress.entered,
			row.progress.submitted,
			row.progress.validated,
			row.progress.sentBack,
			yesNo(row.late),
			csvDateTime(reminder?.at),
			reminder?.by ?? null
		]);
	for (const o of view.organisations) {
		for (const row of o.fiches) lines.push(line(o.organisation, row, o.lastReminder));
	}
	for (const row of view.unassigned) {
		lines.push(line({ shortName: 'Sans organisation pilote', name: '' }, row, null));
	}
	return '\uFEFF' + lines.join('');
}

/** "campagne-haute-vienne-2017-2021-2019.csv", "…-2019-a-valider.csv" with a filter. */
export function campaignFileName(view: CampaignView): string {
	const filter = view.filter ? `-${view.filter}` : '';
	return `campagne-${view.scheme.slug}-${view.period.code.toLowerCase()}${filter}.csv`;
}

/** The filters with their labels and counts, in the page's order (`null`: everything). */
export function filterChoices(
	view: CampaignView
): { filter: CampaignFilter | null; label: string; count: number }[] {
	return [
		{ filter: null, label: 'Toutes les fiches', count: view.counts.tous },
		...CAMPAIGN_FILTERS.map((f) => ({
			filter: f,
			label: CAMPAIGN_FILTER_LABELS[f],
			count: view.counts[f]
		}))
	];
}
