import { describe, expect, it } from 'vitest';
import { COORDINATION, organisationOfActor } from './public-actor';

describe('organisationOfActor', () => {
	it('keeps the organisation of an audit label and drops the person', () => {
		expect(organisationOfActor('CAF 87 — Claire Coordination')).toBe('CAF 87');
		expect(organisationOfActor('Ville de Limoges — Sophie Bernard')).toBe('Ville de Limoges');
	});

	it('names the coordination when the label has no organisation', () => {
		expect(organisationOfActor('Claire Coordination')).toBe(COORDINATION);
		expect(organisationOfActor('')).toBe(COORDINATION);
	});
});
