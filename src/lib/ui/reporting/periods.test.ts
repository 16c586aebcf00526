import { describe, expect, it } from 'vitest';
import { closingText, enteredPercent, progressText, stateActions, windowText } from './periods';

describe('period wording', () => {
	it('writes the entry window in French dates', () => {
		expect(windowText({ opensOn: '2018-12-15', closesOn: '2019-03-01' })).toBe(
			'du 15/12/2018 au 01/03/2019'
		);
	});

	it('counts the days to the closing date, or the days late', () => {
		expect(closingText(12)).toBe('Clôture dans 12 jours');
		expect(closingText(1)).toBe('Clôture demain');
		expect(closingText(0)).toBe('Clôture aujourd’hui');
		expect(closingText(-1)).toBe('En retard de 1 jour');
		expect(closingText(-3)).toBe('En retard de 3 jours');
	});

	it('summarises progress in words', () => {
		const progress = { expected: 4, entered: 3, submitted: 2, validated: 1, sentBack: 1 };
		expect(progressText(progress)).toBe(
			'3 chiffres saisis sur 4 : 1 en attente de revue, 1 validé, 1 renvoyé pour correction'
		);
		expect(progressText({ expected: 1, entered: 0, submitted: 0, validated: 0 })).toBe(
			'0 chiffre saisi sur 1, aucun soumis'
		);
		expect(enteredPercent(progress)).toBe(75);
		expect(enteredPercent({ expected: 0, entered: 0, submitted: 0, validated: 0 })).toBe(100);
	});

	it('offers the allowed state changes, reopening with a reason', () => {
		expect(stateActions('a_venir')).toEqual([
			{ state: 'ouverte', label: 'Ouvrir la saisie', needsReason: false }
		]);
		expect(stateActions('close')).toEqual([
			{ state: 'validee', label: 'Valider la période', needsReason: false },
			{ state: 'ouverte', label: 'Rouvrir la saisie', needsReason: true }
		]);
		expect(stateActions('validee').map((a) => a.needsReason)).toEqual([true]);
	});
});
