import { describe, expect, it } from 'vitest';
import { closingWords, foldNotices, type NoticeInput } from './notices';

// The notices fold on hand-made rows: who is told what, about which scheme, with which links.

const HV = { slug: 'haute-vienne-2017-2021', title: 'SDSF de la Haute-Vienne' };
const CZ = { slug: 'correze-2022-2026', title: 'SDSF de la Corrèze' };
const CAF = 11;
const CD = 12;

const period = (id: number, schemeId: number, code: string, closesOn: string) => {
	const [year, rest] = code.split('-');
	const scheme = schemeId === 1 ? HV : CZ;
	return {
		id,
		scheme_id: schemeId,
		scheme_slug: scheme.slug,
		scheme_title: scheme.title,
		code,
		kind: rest ? ('semestre' as const) : ('annee' as const),
		year: Number(year),
		number: rest ? Number(rest.slice(1)) : null,
		closes_on: closesOn
	};
};

function input(overrides: Partial<NoticeInput> = {}): NoticeInput {
	return {
		today: '2020-02-23',
		memberships: [{ schemeId: 1, role: 'pilote', organisationId: CAF }],
		openPeriods: [period(101, 1, '2019', '2020-02-28'), period(102, 1, '2019-S2', '2020-06-30')],
		schemes: new Map([
			[1, HV],
			[2, CZ]
		]),
		pilotOrganisations: [
			{ scheme_id: 1, fiche_id: 35, organisation_id: CAF },
			{ scheme_id: 1, fiche_id: 24, organisation_id: CAF },
			{ scheme_id: 1, fiche_id: 24, organisation_id: CD },
			{ scheme_id: 1, fiche_id: 1, organisation_id: CD }
		],
		sentBack: [
			{ period_id: 101, fiche_id: 35, fiche_number: '35', fiche_slug: '35', count: 2 },
			{ period_id: 101, fiche_id: 1, fiche_number: '1', fiche_slug: '1', count: 4 }
		],
		awaitingReview: [],
		leftToDo: [
			{ period_id: 101, fiche_id: 24 },
			{ period_id: 101, fiche_id: 1 }
		],
		...overrides
	};
}

describe('notices', () => {
	it('tells a pilot of the figures sent back to their organisation and of the window closing', () => {
		expect(foldNotices(input())).toEqual([
			{
				kind: 'sent_back',
				scheme: HV,
				text: '2 chiffres vous ont été renvoyés',
				links: [{ label: 'fiche 35', to: 'grid', scheme: HV.slug, period: '2019', fiche: '35' }],
				urgent: true
			},
			{
				kind: 'closing',
				scheme: HV,
				text: 'La saisie Année 2019 ferme dans 5 jours : une de vos fiches reste à compléter',
				links: [{ label: 'ouvrir Ma saisie', to: 'my-entry' }],
				urgent: true
			}
		]);
		// The other pilot: the four figures of fiche 1, and two fiches left (24 is shared).
		const cd = foldNotices(
			input({ memberships: [{ schemeId: 1, role: 'pilote', organisationId: CD }] })
		);
		expect(cd.map((n) => n.text)).toEqual([
			'4 chiffres vous ont été renvoyés',
			'La saisie Année 2019 ferme dans 5 jours : 2 de vos fiches restent à compléter'
		]);
	});

	it('names the period beside each fiche when figures were sent back in several', () => {
		const notices = foldNotices(
			input({
				sentBack: [
					{ period_id: 101, fiche_id: 35, fiche_number: '35', fiche_slug: '35', count: 1 },
					{ period_id: 102, fiche_id: 24, fiche_number: '24', fiche_slug: '24', count: 1 }
				],
				leftToDo: []
			})
		);
		expect(notices).toHaveLength(1);
		expect(notices[0].text).toBe('2 chiffres vous ont été renvoyés');
		expect(notices[0].links.map((l) => l.label)).toEqual([
			'fiche 35 (Année 2019)',
			'fiche 24 (2e semestre 2019)'
		]);
		const one = foldNotices(
			input({ sentBack: [input().sentBack[0]].map((s) => ({ ...s, count: 1 })) })
		);
		expect(one[0].text).toBe('1 chiffre vous a été renvoyé');
	});

	it('says nothing of a window closing in more than 14 days, or with nothing left to do', () => {
		expect(foldNotices(input({ today: '2020-02-14' }))[1]).toMatchObject({
			kind: 'closing',
			text: 'La saisie Année 2019 ferme dans 14 jours : une de vos fiches reste à compléter',
			urgent: false
		});
		expect(foldNotices(input({ today: '2020-02-13' })).map((n) => n.kind)).toEqual(['sent_back']);
		expect(foldNotices(input({ leftToDo: [] })).map((n) => n.kind)).toEqual(['sent_back']);
	});

	it('words the last days, and a window left open past its closing date', () => {
		expect(closingWords(5)).toBe('ferme dans 5 jours');
		expect(closingWords(1)).toBe('ferme demain');
		expect(closingWords(0)).toBe('ferme aujourd’hui');
		expect(closingWords(-1)).toBe('devait fermer il y a 1 jour');
		expect(closingWords(-3)).toBe('devait fermer il y a 3 jours');
		const late = foldNotices(input({ today: '2020-03-02', sentBack: [] }));
		expect(late[0].text).toBe(
			'La saisie Année 2019 devait fermer il y a 3 jours : une de vos fiches reste à compléter'
		);
		expect(foldNotices(input({ today: '2020-02-20', sentBack: [] }))[0].urgent).toBe(false);
	});

	it('tells the coordination of every fiche left to do and of the fiches waiting for validation', () => {
		const notices = foldNotices(
			input({
				memberships: [{ schemeId: 1, role: 'coordinateur', organisationId: null }],
				awaitingReview: [
					{
						scheme_id: 1,
						period_id: 101,
						period_code: '2019',
						period_kind: 'annee',
						period_year: 2019,
						period_number: null,
						fiche_id: 10,
						count: 3
					},
					{
						scheme_id: 1,
						period_id: 101,
						period_code: '2019',
						period_kind: 'annee',
						period_year: 2019,
						period_number: null,
						fiche_id: 20,
						count: 1
					},
					{
						scheme_id: 1,
						period_id: 90,
						period_code: '2018',
						period_kind: 'annee',
						period_year: 2018,
						period_number: null,
						fiche_id: 20,
						count: 2
					},
					// Another scheme's: not theirs.
					{
						scheme_id: 2,
						period_id: 200,
						period_code: '2025',
						period_kind: 'annee',
						period_year: 2025,
						period_number: null,
						fiche_id: 900,
						count: 2
					}
				]
			})
		);
		expect(notices).toEqual([
			{
				kind: 'closing',
				scheme: HV,
				text: 'La saisie Année 2019 ferme dans 5 jours : 2 fiches restent à compléter',
				links: [
					{
						label: 'suivre la campagne',
						to: 'campaign',
						scheme: HV.slug,
						period: '2019',
						filter: null
					}
				],
				urgent: true
			},
			{
				kind: 'to_review',
				scheme: HV,
				text: '3 fiches attendent votre validation',
				links: [
					{
						label: 'Année 2019 (2 fiches)',
						to: 'campaign',
						scheme: HV.slug,
						period: '2019',
						filter: 'a-valider'
					},
					{
						label: 'Année 2018 (1 fiche)',
						to: 'campaign',
						scheme: HV.slug,
						period: '2018',
						filter: 'a-valider'
					}
				],
				urgent: false
			}
		]);
	});

	it('only speaks of the schemes the person is a member of, never to readers', () => {
		expect(
			foldNotices(input({ memberships: [{ schemeId: 1, role: 'lecteur', organisationId: null }] }))
		).toEqual([]);
		expect(
			foldNotices(input({ memberships: [{ schemeId: 2, role: 'pilote', organisationId: CAF }] }))
		).toEqual([]);
		// A pilot without an organisation pilots nothing.
		expect(
			foldNotices(input({ memberships: [{ schemeId: 1, role: 'pilote', organisationId: null }] }))
		).toEqual([]);
		expect(foldNotices(input({ memberships: [] }))).toEqual([]);
	});
});
