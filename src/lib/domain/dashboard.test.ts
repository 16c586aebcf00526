import { describe, expect, it } from 'vitest';
import {
	addMonths,
	computeMeteo,
	dashboardQueryString,
	isMilestoneLateOn,
	isMilestoneSeverelyLate,
	isOffTarget,
	isStale,
	meteoOverrideSchema,
	meteoRules,
	monthsBetween,
	parseDashboardQuery,
	type MeteoInput
} from './dashboard';

describe('isOffTarget', () => {
	it('higher_better: off strictly below the target', () => {
		expect(isOffTarget(9, 10, 'higher_better')).toBe(true);
		expect(isOffTarget(10, 10, 'higher_better')).toBe(false);
		expect(isOffTarget(11, 10, 'higher_better')).toBe(false);
	});

	it('lower_better: off strictly above the target', () => {
		expect(isOffTarget(11, 10, 'lower_better')).toBe(true);
		expect(isOffTarget(10, 10, 'lower_better')).toBe(false);
		expect(isOffTarget(0, 10, 'lower_better')).toBe(false);
	});

	it('reach_target: off beyond 10 % of the target, either way', () => {
		expect(isOffTarget(100, 100, 'reach_target')).toBe(false);
		expect(isOffTarget(110, 100, 'reach_target')).toBe(false);
		expect(isOffTarget(90, 100, 'reach_target')).toBe(false);
		expect(isOffTarget(110.5, 100, 'reach_target')).toBe(true);
		expect(isOffTarget(89.9, 100, 'reach_target')).toBe(true);
		// 10 % of 24 is 2.4: 26.4 is within, 26.5 is not.
		expect(isOffTarget(26.4, 24, 'reach_target')).toBe(false);
		expect(isOffTarget(26.5, 24, 'reach_target')).toBe(true);
		// A target of 0 tolerates no gap; negative targets use their magnitude.
		expect(isOffTarget(0, 0, 'reach_target')).toBe(false);
		expect(isOffTarget(1, 0, 'reach_target')).toBe(true);
		expect(isOffTarget(-10.5, -10, 'reach_target')).toBe(false);
	});

	it('never off target without both numbers', () => {
		for (const polarity of ['higher_better', 'lower_better', 'reach_target'] as const) {
			expect(isOffTarget(null, 10, polarity)).toBe(false);
			expect(isOffTarget(5, null, polarity)).toBe(false);
			expect(isOffTarget(Number.NaN, 10, polarity)).toBe(false);
		}
	});
});

describe('dates', () => {
	it('adds calendar months, clamped to the last day', () => {
		expect(addMonths('2019-01-15', 6)).toBe('2019-07-15');
		expect(addMonths('2019-08-31', 6)).toBe('2020-02-29');
		expect(addMonths('2019-11-30T10:00:00.000Z', 3)).toBe('2020-02-29');
		expect(addMonths('2019-03-31', -1)).toBe('2019-02-28');
	});

	it('counts whole months', () => {
		expect(monthsBetween('2019-01-15', '2019-07-14')).toBe(5);
		expect(monthsBetween('2019-01-15', '2019-07-15')).toBe(6);
		expect(monthsBetween('2019-01-31', '2019-02-28')).toBe(1);
		expect(monthsBetween('2019-07-15', '2019-01-15')).toBe(0);
	});

	it('isStale: last update + N months reached', () => {
		expect(isStale('2019-01-15T08:00:00.000Z', '2019-07-14', 6)).toBe(false);
		expect(isStale('2019-01-15T08:00:00.000Z', '2019-07-15T00:00:00.000Z', 6)).toBe(true);
		expect(isStale('2019-01-15', '2020-01-01', 6)).toBe(true);
		expect(isStale('2019-01-15', '2019-04-15', 3)).toBe(true);
		expect(isStale(null, '2019-01-01', 6)).toBe(true);
	});

	it('late milestones on a reference date', () => {
		expect(isMilestoneLateOn({ dueOn: '2018-06-30', doneOn: null }, '2018-12-31')).toBe(true);
		// Done after the reference date: it was still late then.
		expect(isMilestoneLateOn({ dueOn: '2018-06-30', doneOn: '2019-02-01' }, '2018-12-31')).toBe(
			true
		);
		expect(isMilestoneLateOn({ dueOn: '2018-06-30', doneOn: '2018-07-01' }, '2018-12-31')).toBe(
			false
		);
		expect(isMilestoneLateOn({ dueOn: '2018-12-31', doneOn: null }, '2018-12-31')).toBe(false);
		// Due 30/09: exactly 3 months late on 30/12, more than 3 months from 31/12.
		expect(isMilestoneSeverelyLate({ dueOn: '2018-09-30', doneOn: null }, '2018-12-30')).toBe(
			false
		);
		expect(isMilestoneSeverelyLate({ dueOn: '2018-09-30', doneOn: null }, '2018-12-31')).toBe(true);
	});
});

describe('computeMeteo', () => {
	const base: MeteoInput = {
		state: 'en_cours',
		assessedIndicators: 0,
		offTargetIndicators: 0,
		validatedFigures: 0,
		lateMilestones: [],
		asOf: '2018-12-31',
		stale: false,
		staleMonths: 6
	};

	it('off track: suspended or abandoned', () => {
		expect(computeMeteo({ ...base, state: 'suspendue' }).meteo).toBe('off_track');
		expect(computeMeteo({ ...base, state: 'abandonnee', validatedFigures: 4 })).toEqual({
			meteo: 'off_track',
			reasons: ['Fiche abandonnée.']
		});
	});

	it('off track: half or more of the assessed indicators off target', () => {
		expect(
			computeMeteo({ ...base, assessedIndicators: 2, offTargetIndicators: 1, validatedFigures: 2 })
				.meteo
		).toBe('off_track');
		expect(
			computeMeteo({ ...base, assessedIndicators: 1, offTargetIndicators: 1, validatedFigures: 1 })
				.reasons
		).toEqual(['1 indicateur sur 1 hors cible (la moitié ou plus).']);
	});

	it('at risk: fewer than half off target', () => {
		const verdict = computeMeteo({
			...base,
			assessedIndicators: 3,
			offTargetIndicators: 1,
			validatedFigures: 3
		});
		expect(verdict).toEqual({ meteo: 'at_risk', reasons: ['1 indicateur sur 3 hors cible.'] });
	});

	it('milestones: late → at risk, late by more than 3 months → off track', () => {
		expect(
			computeMeteo({ ...base, lateMilestones: [{ dueOn: '2018-11-30', doneOn: null }] }).meteo
		).toBe('at_risk');
		expect(
			computeMeteo({ ...base, lateMilestones: [{ dueOn: '2018-06-30', doneOn: null }] })
		).toEqual({
			meteo: 'off_track',
			reasons: ['1 jalon en retard de plus de 3 mois.']
		});
	});

	it('stale counts only for a fiche under way', () => {
		expect(computeMeteo({ ...base, stale: true })).toEqual({
			meteo: 'at_risk',
			reasons: ['Aucune mise à jour depuis 6 mois ou plus.']
		});
		expect(computeMeteo({ ...base, state: 'a_lancer', stale: true }).meteo).toBe('not_assessed');
	});

	it('on track: done, or validated figures and nothing off target', () => {
		expect(computeMeteo({ ...base, state: 'realisee' }).meteo).toBe('on_track');
		expect(computeMeteo({ ...base, validatedFigures: 3 }).meteo).toBe('on_track');
		expect(computeMeteo({ ...base, validatedFigures: 3, assessedIndicators: 2 }).reasons).toEqual([
			'3 chiffres validés, toutes les cibles atteintes.'
		]);
	});

	it('a fiche « à lancer » is never « en bonne voie », even with validated figures', () => {
		expect(computeMeteo({ ...base, state: 'a_lancer', validatedFigures: 3 })).toEqual({
			meteo: 'not_assessed',
			reasons: ['Fiche à lancer : l’action n’a pas encore commencé.']
		});
	});

	it('not assessed: nothing validated and no warning', () => {
		for (const state of ['a_elaborer', 'a_lancer', 'en_cours'] as const) {
			expect(computeMeteo({ ...base, state }).meteo).toBe('not_assessed');
		}
	});

	it('the rules shown in the page name the stale setting', () => {
		const rules = meteoRules(9);
		expect(rules.map((r) => r.meteo)).toEqual(['off_track', 'at_risk', 'on_track', 'not_assessed']);
		expect(rules[1].conditions.join(' ')).toContain('9 mois');
	});
});

describe('URL filters', () => {
	it('reads valid filters and drops the rest', () => {
		const query = parseDashboardQuery(
			new URLSearchParams(
				'periode=2019-s1&axe=2&pilote=caf-87&etat=en_cours&etat=bidon&etat=a_lancer'
			)
		);
		expect(query).toEqual({
			periode: '2019-S1',
			axe: '2',
			pilote: 'caf-87',
			etat: ['a_lancer', 'en_cours']
		});
		expect(parseDashboardQuery(new URLSearchParams('periode=20190&pilote=CAF 87'))).toEqual({
			periode: null,
			axe: null,
			pilote: null,
			etat: []
		});
	});

	it('writes a stable query string', () => {
		expect(dashboardQueryString({ periode: '2018', etat: ['en_cours'], pilote: 'caf-87' })).toBe(
			'?periode=2018&pilote=caf-87&etat=en_cours'
		);
		expect(dashboardQueryString({})).toBe('');
	});
});

describe('override form', () => {
	it('accepts a weather with a reason, or empty to withdraw', () => {
		expect(
			meteoOverrideSchema().parse({
				fiche: '11-bis',
				periode: '2018',
				meteo: 'at_risk',
				reason: '  Retard du partenaire ',
				version: '0'
			})
		).toEqual({
			fiche: '11-bis',
			periode: '2018',
			meteo: 'at_risk',
			reason: 'Retard du partenaire',
			version: 0
		});
		expect(
			meteoOverrideSchema().parse({
				fiche: '1',
				periode: '2018',
				meteo: '',
				reason: 'Retour au calcul',
				version: '2'
			}).meteo
		).toBeNull();
	});

	it('refuses an unknown weather and a missing reason, in French', () => {
		const result = meteoOverrideSchema().safeParse({
			fiche: '1',
			periode: '2018',
			meteo: 'soleil',
			reason: ' ',
			version: '1'
		});
		expect(result.success).toBe(false);
		const messages = Object.fromEntries(result.error!.issues.map((i) => [i.path[0], i.message]));
		expect(messages.meteo).toBe('Choisissez une météo dans la liste.');
		expect(messages.reason).toContain('Indiquez la raison');
	});
});
