import { describe, expect, it } from 'vitest';
import { foldReviewPack, type ReviewPackInput } from './review-pack.fold';

// The review pack's rules on rows written by hand: no database (issue 15, load → fold → view).

const period = (id: number, code: string, year: number, state = 'ouverte') => ({
	id,
	code,
	kind: 'annee' as const,
	year,
	number: null,
	starts_on: `${year}-01-01`,
	ends_on: `${year}-12-31`,
	state: state as 'ouverte'
});
const P2018 = period(1, '2018', 2018, 'validee');
const P2019 = period(2, '2019', 2019);

const aggregate = (indicator: number, periodId: number, value: number | null, demo = 0) => ({
	indicator_id: indicator,
	period_id: periodId,
	entered: 1,
	validated: value === null ? 0 : 1,
	total_value: value,
	breakdown_sum: null,
	breakdown_numbers: 0,
	demo
});

function input(patch: Partial<ReviewPackInput> = {}): ReviewPackInput {
	return {
		scheme: {
			id: 7,
			slug: 'sdsf-87',
			title: 'SDSF de la Haute-Vienne',
			subtitle: null,
			department_code: '87',
			department_name: 'Haute-Vienne',
			start_year: 2017,
			end_year: 2021,
			level_labels: JSON.stringify(['Axe stratégique', 'Axe', 'Objectif']),
			visibility: 'private',
			stale_months: 6
		},
		period: P2019,
		sameKind: [P2018, P2019],
		previous: P2018,
		dashboard: { asOf: '2019-06-30', demo: false, fiches: [] },
		nodes: [
			{ id: 10, parent_id: null, depth: 0, position: 1, code: '1', title: 'Accueil' },
			{ id: 11, parent_id: 10, depth: 1, position: 1, code: '1.1', title: 'Offre' }
		],
		fiches: [
			{ id: 100, node_id: 11, number: '1', slug: '1', title: 'Assistants', state: 'en_cours' }
		],
		indicators: [
			{
				id: 1000,
				fiche_id: 100,
				label: 'Places',
				measure: null,
				unit: 'nombre',
				polarity: 'higher_better',
				periodicity: 'annuelle',
				breakdown_label: null,
				target: 1500
			},
			{
				id: 1001,
				fiche_id: 100,
				label: 'Taux',
				measure: null,
				unit: 'pourcentage',
				polarity: 'higher_better',
				periodicity: 'annuelle',
				breakdown_label: null,
				target: null
			}
		],
		breakdownValues: [],
		aggregates: [
			aggregate(1000, 1, 1000),
			aggregate(1000, 2, 1250),
			aggregate(1001, 1, 40),
			aggregate(1001, 2, 42.5)
		],
		validated: [],
		bilans: [],
		milestones: [
			{ fiche_id: 100, label: 'Enquête', due_on: '2019-03-01', done_on: null, demo: 0 },
			{ fiche_id: 100, label: 'Bilan', due_on: '2019-09-01', done_on: null, demo: 0 }
		],
		now: new Date('2019-07-01T08:00:00Z'),
		...patch
	};
}

describe('foldReviewPack', () => {
	it('writes each key figure with its history, its change and its target', () => {
		const pack = foldReviewPack(input());
		const [places, rate] = pack.axes[0].fiches[0].figures;
		expect(places).toMatchObject({
			value: 1250,
			offTarget: true,
			previous: { code: '2018', value: 1000 },
			change: { value: 250, display: '+250', percentDisplay: '+25\u202f%' },
			target: { value: 1500 }
		});
		expect(places.history.map((h) => h.value)).toEqual([1000, 1250]);
		// A change of a percentage is in points, never a relative change.
		expect(rate.change).toMatchObject({ display: '+2,5\u00a0pts', percentDisplay: null });
		expect(rate.offTarget).toBeNull();
	});

	it('sums fiches per axis and for the whole pack, late milestones by the dashboard’s date', () => {
		const pack = foldReviewPack(input());
		expect(pack.axes).toHaveLength(1);
		expect(pack.axes[0]).toMatchObject({
			code: '1',
			levelLabel: 'Axe stratégique',
			anchor: 'axe-1'
		});
		expect(pack.summary).toMatchObject({
			ficheCount: 1,
			offTargetFigures: 1,
			lateMilestones: 1,
			byState: { en_cours: 1 }
		});
		expect(pack.axes[0].fiches[0].milestones.map((m) => m.late)).toEqual([true, false]);
		expect(pack.axes[0].fiches[0].location).toBe('1.1 — Offre');
		expect(pack.generatedAt).toBe('2019-07-01T08:00:00.000Z');
	});

	it('says « non disponible » is not a value, and flags demonstration figures', () => {
		const pack = foldReviewPack(
			input({ aggregates: [aggregate(1000, 1, 1000), aggregate(1000, 2, null, 1)] })
		);
		const [places] = pack.axes[0].fiches[0].figures;
		expect(places.value).toBeNull();
		expect(places.change).toBeNull();
		expect(places.offTarget).toBeNull();
		expect(places.demo).toBe(true);
		expect(pack.demo).toBe(true);
	});
});
