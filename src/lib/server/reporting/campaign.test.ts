import { describe, expect, it } from 'vitest';
import { parseCampaignFilter, type CampaignFilter } from '$lib/domain/campaign';
import {
	CAMPAIGN_CSV_HEADERS,
	campaignCsv,
	campaignFileName,
	filterChoices,
	foldCampaign,
	type CampaignInput
} from './campaign';
import type { EntryProgress } from './figures.service';
import { toPeriodView, type PeriodRow } from './reporting-context';

// The campaign page's fold, on hand-made rows: who is listed where, what each filter keeps, when
// « Relancer » is offered, and the CSV it exports.

const periodRow = (overrides: Partial<PeriodRow> = {}): PeriodRow => ({
	id: 7,
	scheme_id: 1,
	code: '2019',
	kind: 'annee',
	year: 2019,
	number: null,
	starts_on: '2019-01-01',
	ends_on: '2019-12-31',
	opens_on: '2020-01-06',
	closes_on: '2020-02-28',
	state: 'ouverte',
	version: 3,
	created_at: '2020-01-01T00:00:00.000Z',
	updated_at: '2020-01-01T00:00:00.000Z',
	...overrides
});

const progress = (
	expected: number,
	entered: number,
	submitted = 0,
	validated = 0,
	sentBack = 0
): EntryProgress => ({ expected, entered, submitted, validated, sentBack });

const CAF = {
	organisation_id: 1,
	organisation_slug: 'caf-87',
	organisation_name: 'Caisse d’allocations familiales de la Haute-Vienne',
	organisation_short_name: 'CAF 87'
};
const CD = {
	organisation_id: 2,
	organisation_slug: 'cd-87',
	organisation_name: 'Conseil départemental de la Haute-Vienne',
	organisation_short_name: 'CD 87'
};
const free = (label: string) => ({
	label,
	organisation_id: null,
	organisation_slug: null,
	organisation_name: null,
	organisation_short_name: null
});
const COLLECTIVITES = free('Collectivités territoriales concernées');

function input(overrides: Partial<CampaignInput> = {}): CampaignInput {
	return {
		scheme: { slug: 'haute-vienne-2017-2021', title: 'SDSF de la Haute-Vienne' },
		period: toPeriodView(periodRow(), '2020-02-01'),
		fiches: [
			{ id: 1, number: '10', slug: '10', title: 'Informer les familles' },
			{ id: 2, number: '24', slug: '24', title: 'Coordonner les acteurs' },
			{ id: 3, number: '33', slug: '33', title: 'Accompagner la scolarité' },
			{ id: 4, number: '40', slug: '40', title: 'Sans indicateur cette année' },
			{ id: 5, number: '35', slug: '35', title: 'Soutenir la parentalité' }
		],
		pilots: [
			// 10: CAF 87 with a free-text group; 24: two organisations; 33: free text only.
			{ fiche_id: 1, label: 'Caisse d’Allocations Familiales 87', ...CAF },
			{ fiche_id: 1, ...COLLECTIVITES },
			{ fiche_id: 2, label: 'Caisse d’Allocations Familiales 87', ...CAF },
			{ fiche_id: 2, label: 'Conseil départemental', ...CD },
			{ fiche_id: 3, ...COLLECTIVITES },
			{ fiche_id: 3, ...free('État') },
			{ fiche_id: 4, label: 'Conseil départemental', ...CD },
			{ fiche_id: 5, label: 'Caisse d’Allocations Familiales 87', ...CAF }
		],
		progress: new Map([
			[1, progress(4, 4, 3, 1, 1)], // one sent back, two waiting for review
			[2, progress(3, 3, 3, 3)], // all validated
			[3, progress(2, 0)],
			[5, progress(5, 5, 5, 0)] // all submitted, waiting for review
		]),
		reminders: [],
		filter: null,
		now: '2020-02-01T10:00:00.000Z',
		...overrides
	};
}

describe('campaign fold', () => {
	it('lists each pilot organisation once, a two-pilot fiche under both, free-text pilots once as text', () => {
		const view = foldCampaign(input());
		expect(view.organisations.map((o) => o.organisation.shortName)).toEqual(['CAF 87', 'CD 87']);
		const [caf, cd] = view.organisations;
		expect(caf.fiches.map((f) => f.fiche.number)).toEqual(['10', '24', '35']);
		expect(cd.fiches.map((f) => f.fiche.number)).toEqual(['24']);
		// Fiche 40 expects nothing this period: nobody is asked for it.
		expect(cd.ficheCount).toBe(1);
		expect(caf.fiches[0].otherPilots).toEqual(['Collectivités territoriales concernées']);
		expect(caf.fiches[1].otherPilots).toEqual(['CD 87']);
		expect(cd.fiches[0].otherPilots).toEqual(['CAF 87']);
		expect(caf.progress).toEqual(progress(12, 12, 11, 4, 1));
		// Fiche 33 has no organisation to remind: listed apart, with its pilots as written.
		expect(view.unassigned.map((f) => [f.fiche.number, f.otherPilots])).toEqual([
			['33', ['Collectivités territoriales concernées', 'État']]
		]);
		expect(view.freeTextPilots).toEqual([
			{
				label: 'Collectivités territoriales concernées',
				fiches: [
					{ number: '10', slug: '10' },
					{ number: '33', slug: '33' }
				]
			},
			{ label: 'État', fiches: [{ number: '33', slug: '33' }] }
		]);
		// Totals count each fiche once, whatever its number of pilots.
		expect(view.progress).toEqual(progress(14, 12, 11, 4, 1));
		expect(view.counts).toEqual({
			tous: 4,
			'a-valider': 2,
			'en-retard': 0,
			renvoye: 1,
			complet: 2
		});
		expect(view.shown).toBe(4);
	});

	it('keeps the fiches of the filter, and only the organisations that have one', () => {
		const only = (filter: CampaignFilter) => {
			const view = foldCampaign(input({ filter }));
			return {
				organisations: view.organisations.map(
					(o) => `${o.organisation.shortName}: ${o.fiches.map((f) => f.fiche.number).join(' ')}`
				),
				unassigned: view.unassigned.map((f) => f.fiche.number),
				shown: view.shown
			};
		};
		expect(only('a-valider')).toEqual({
			organisations: ['CAF 87: 10 35'],
			unassigned: [],
			shown: 2
		});
		expect(only('renvoye')).toEqual({ organisations: ['CAF 87: 10'], unassigned: [], shown: 1 });
		expect(only('complet')).toEqual({
			organisations: ['CAF 87: 24 35', 'CD 87: 24'],
			unassigned: [],
			shown: 2
		});
		expect(only('en-retard')).toEqual({ organisations: [], unassigned: [], shown: 0 });
		// The organisation's totals stay those of all its fiches.
		const filtered = foldCampaign(input({ filter: 'renvoye' }));
		expect(filtered.organisations[0].progress.expected).toBe(12);
	});

	it('flags late fiches once the closing date has passed, late organisations first', () => {
		const view = foldCampaign(input({ period: toPeriodView(periodRow(), '2020-03-02') }));
		expect(view.period.late).toBe(true);
		expect(view.counts['en-retard']).toBe(2); // 10 and 33: not everything submitted
		const late = foldCampaign(
			input({ period: toPeriodView(periodRow(), '2020-03-02'), filter: 'en-retard' })
		);
		expect(late.organisations.map((o) => [o.organisation.shortName, o.late])).toEqual([
			['CAF 87', true]
		]);
		expect(late.unassigned.map((f) => f.fiche.number)).toEqual(['33']);
		// Without a filter CD 87 (nothing late) comes after CAF 87 (late); with two late, by name.
		expect(view.organisations.map((o) => o.late)).toEqual([true, false]);
	});

	it('reads the filter from the URL, ignoring anything else', () => {
		expect(parseCampaignFilter('a-valider')).toBe('a-valider');
		expect(parseCampaignFilter('renvoye')).toBe('renvoye');
		expect(parseCampaignFilter('RENVOYE')).toBeNull();
		expect(parseCampaignFilter('<script>')).toBeNull();
		expect(parseCampaignFilter(null)).toBeNull();
		expect(filterChoices(foldCampaign(input())).map((c) => [c.filter, c.label, c.count])).toEqual([
			[null, 'Toutes les fiches', 4],
			['a-valider', 'À valider', 2],
			['en-retard', 'En retard', 0],
			['renvoye', 'Renvoyé', 1],
			['complet', 'Complet', 2]
		]);
	});

	it('offers « Relancer » an hour after the last reminder, only with something left to do in an open period', () => {
		const view = foldCampaign(
			input({
				reminders: [
					{ organisation_id: 1, created_at: '2020-02-01T09:20:00.000Z', sent_by_name: 'Claire' },
					{ organisation_id: 2, created_at: '2020-02-01T08:59:00.000Z', sent_by_name: null }
				]
			})
		);
		const [caf, cd] = view.organisations;
		expect(caf.lastReminder).toEqual({ at: '2020-02-01T09:20:00.000Z', by: 'Claire' });
		expect(caf.remindableFrom).toBe('2020-02-01T10:20:00.000Z');
		expect(caf.canRemind).toBe(false);
		// CD 87: reminded over an hour ago, but everything is validated: nothing to remind of.
		expect(cd.remindableFrom).toBeNull();
		expect(cd.leftToDo).toBe(false);
		expect(cd.canRemind).toBe(false);
		const later = foldCampaign(
			input({
				now: '2020-02-01T10:20:00.000Z',
				reminders: view.organisations.map((o) => ({
					organisation_id: o.organisation.id,
					created_at: o.lastReminder!.at,
					sent_by_name: null
				}))
			})
		);
		expect(later.organisations[0].canRemind).toBe(true);
		const closed = foldCampaign(
			input({ period: toPeriodView(periodRow({ state: 'close' }), '2020-02-01') })
		);
		expect(closed.organisations.every((o) => !o.canRemind)).toBe(true);
	});
});

describe('campaign CSV', () => {
	it('writes one line per organisation and fiche for French Excel, formulas neutralised', () => {
		const hostile = input();
		hostile.fiches = hostile.fiches.map((f) =>
			f.id === 1 ? { ...f, title: '=HYPERLINK("http://x";"clic")' } : f
		);
		const view = foldCampaign({
			...hostile,
			reminders: [
				{
					organisation_id: 1,
					created_at: '2020-02-01T09:20:00.000Z',
					sent_by_name: '@Claire; "la coord"'
				}
			]
		});
		const csv = campaignCsv(view);
		expect(csv.startsWith('\uFEFF')).toBe(true);
		const lines = csv.slice(1).split('\r\n');
		expect(lines.at(-1)).toBe('');
		expect(lines[0]).toBe(CAMPAIGN_CSV_HEADERS.join(';'));
		expect(lines[0]).toContain('Organisation pilote;Nom de l’organisation;Fiche action');
		expect(lines.slice(1, -1)).toEqual([
			`CAF 87;Caisse d’allocations familiales de la Haute-Vienne;10;"'=HYPERLINK(""http://x"";""clic"")";Collectivités territoriales concernées;Renvoyée pour correction;4;4;3;1;1;Non;01/02/2020 10:20;"'@Claire; ""la coord"""`,
			`CAF 87;Caisse d’allocations familiales de la Haute-Vienne;24;Coordonner les acteurs;CD 87;Validée;3;3;3;3;0;Non;01/02/2020 10:20;"'@Claire; ""la coord"""`,
			`CAF 87;Caisse d’allocations familiales de la Haute-Vienne;35;Soutenir la parentalité;;Soumise;5;5;5;0;0;Non;01/02/2020 10:20;"'@Claire; ""la coord"""`,
			'CD 87;Conseil départemental de la Haute-Vienne;24;Coordonner les acteurs;CAF 87;Validée;3;3;3;3;0;Non;;',
			'Sans organisation pilote;;33;Accompagner la scolarité;Collectivités territoriales concernées, État;À saisir;2;0;0;0;0;Non;;'
		]);
		expect(campaignFileName(view)).toBe('campagne-haute-vienne-2017-2021-2019.csv');
		expect(campaignFileName(foldCampaign(input({ filter: 'a-valider' })))).toBe(
			'campagne-haute-vienne-2017-2021-2019-a-valider.csv'
		);
	});

	it('exports what the filter shows', () => {
		const csv = campaignCsv(foldCampaign(input({ filter: 'renvoye' })));
		expect(csv.split('\r\n').filter(Boolean)).toHaveLength(2);
	});
});
