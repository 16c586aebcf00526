import { describe, expect, it } from 'vitest';
import { describeFigureEvent, formatDateTime } from './history';

const actor = 'CAF 87 — Marie Dupont';

describe('formatDateTime', () => {
	it('writes a UTC instant in Paris time, winter and summer', () => {
		expect(formatDateTime('2019-03-12T09:05:00.000Z')).toBe('12/03/2019 à 10:05');
		expect(formatDateTime('2019-07-01T22:30:00Z')).toBe('02/07/2019 à 00:30');
	});

	it('leaves anything else as it is', () => {
		expect(formatDateTime('hier')).toBe('hier');
	});
});

describe('describeFigureEvent', () => {
	const at = '2019-03-12T09:05:00.000Z';

	it('says who entered which value and when', () => {
		const line = describeFigureEvent({
			at,
			actor,
			action: 'create',
			summary: [
				{ field: 'value', label: 'Valeur', old: '', new: '120' },
				{ field: 'notAvailable', label: 'Non disponible', old: '', new: 'Non' }
			]
		});
		expect(line.sentence).toBe('CAF 87 — Marie Dupont a saisi 120 le 12/03/2019 à 10:05');
	});

	it('gives the previous and the new value of a change', () => {
		const line = describeFigureEvent({
			at,
			actor,
			action: 'update',
			summary: [
				{ field: 'value', label: 'Valeur', old: '120', new: '130' },
				{ field: 'comment', label: 'Commentaire', old: '', new: 'Nouvelle campagne' }
			]
		});
		expect(line.sentence).toBe(
			'CAF 87 — Marie Dupont a modifié la valeur 120 → 130 et le commentaire (vide) → « Nouvelle campagne » le 12/03/2019 à 10:05'
		);
	});

	it('writes "non disponible", never zero', () => {
		const line = describeFigureEvent({
			at,
			actor,
			action: 'update',
			summary: [
				{ field: 'value', label: 'Valeur', old: '120', new: '' },
				{ field: 'notAvailable', label: 'Non disponible', old: 'Non', new: 'Oui' }
			]
		});
		expect(line.sentence).toContain('a modifié la valeur 120 → non disponible');
	});

	it('describes submission, validation and sending back with its comment', () => {
		const event = (
			action: string,
			summary = [] as { field: string; label: string; old: string; new: string }[]
		) => describeFigureEvent({ at, actor: 'Coordination', action, summary }).sentence;
		expect(event('submit')).toBe('Coordination a soumis le chiffre le 12/03/2019 à 10:05');
		expect(event('validate')).toBe('Coordination a validé le chiffre le 12/03/2019 à 10:05');
		expect(
			event('send_back', [
				{
					field: 'reviewerComment',
					label: 'Commentaire de la coordination',
					old: '',
					new: 'Vérifiez'
				}
			])
		).toBe(
			'Coordination a renvoyé le chiffre pour correction (« Vérifiez ») le 12/03/2019 à 10:05'
		);
	});
});
