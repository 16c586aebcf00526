import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, parseConfig } from './config';

const refusal = (env: Record<string, string>) => {
	try {
		parseConfig(env);
	} catch (error) {
		expect(error).toBeInstanceOf(ConfigError);
		return (error as Error).message;
	}
	throw new Error('accepted');
};

describe('the config module', () => {
	it('gives the documented defaults for an empty environment (and for empty values)', () => {
		const defaults = parseConfig({});
		expect(defaults).toMatchObject({
			DATABASE_PATH: 'data/sdsf.db',
			PORT: 3000,
			DEMO: false,
			SESSION_IDLE_MINUTES: 120,
			SESSION_MAX_HOURS: 12,
			XFF_DEPTH: 1,
			BODY_SIZE_LIMIT: '11M',
			LOG_LEVEL: 'info'
		});
		expect(parseConfig({ SESSION_IDLE_MINUTES: '', DEMO: ' ' })).toEqual(defaults);
	});

	it('reads the values it is given', () => {
		expect(
			parseConfig({
				DEMO: 'oui',
				SESSION_IDLE_MINUTES: '30',
				SESSION_MAX_HOURS: '8',
				ADDRESS_HEADER: 'X-Forwarded-For',
				XFF_DEPTH: '2',
				ORIGIN: 'https://sdsf.exemple.fr',
				LOG_LEVEL: 'WARN'
			})
		).toMatchObject({
			DEMO: true,
			SESSION_IDLE_MINUTES: 30,
			SESSION_MAX_HOURS: 8,
			ADDRESS_HEADER: 'x-forwarded-for',
			XFF_DEPTH: 2,
			ORIGIN: 'https://sdsf.exemple.fr',
			LOG_LEVEL: 'warn'
		});
		expect(parseConfig({ DEMO: '0' }).DEMO).toBe(false);
	});

	it('refuses a bad value with a French message naming each variable and its value', () => {
		const message = refusal({
			SESSION_IDLE_MINUTES: 'abc',
			SESSION_MAX_HOURS: 'abc',
			PORT: '70000',
			DEMO: 'peut-être'
		});
		expect(message).toContain('Configuration invalide');
		expect(message).toContain(
			'SESSION_IDLE_MINUTES : nombre entier de minutes attendu (par exemple 120) (valeur reçue : « abc »)'
		);
		expect(message).toContain('SESSION_MAX_HOURS : nombre entier d’heures attendu');
		expect(message).toContain('PORT : port TCP entre 1 et 65535 attendu');
		expect(message).toContain('DEMO : 1 ou 0 attendu');
		expect(refusal({ SESSION_MAX_HOURS: '0' })).toContain('SESSION_MAX_HOURS');
		expect(refusal({ ORIGIN: 'sdsf.exemple.fr' })).toContain('ORIGIN : adresse publique');
		expect(refusal({ ORIGIN: 'https://sdsf.exemple.fr/pilotage' })).toContain('ORIGIN');
		expect(refusal({ XFF_DEPTH: '-1' })).toContain('XFF_DEPTH');
		expect(refusal({ ADDRESS_HEADER: 'x forwarded' })).toContain('ADDRESS_HEADER');
		expect(refusal({ BODY_SIZE_LIMIT: '11 Mo' })).toContain('BODY_SIZE_LIMIT');
		expect(refusal({ LOG_LEVEL: 'bavard' })).toContain('LOG_LEVEL');
	});

	it('reads the mail settings: a relay URL, the sender, the tick and the retry delay', () => {
		expect(parseConfig({})).toMatchObject({
			MAIL_FROM: 'Pilotage SDSF <ne-pas-repondre@localhost>',
			MAIL_TICK_SECONDS: 60,
			MAIL_RETRY_SECONDS: 60
		});
		expect(parseConfig({}).SMTP_URL).toBeUndefined();
		expect(
			parseConfig({
				SMTP_URL: 'smtps://relais:s%40cret@smtp.exemple.fr:465',
				MAIL_FROM: 'ne-pas-repondre@sdsf.exemple.fr',
				MAIL_TICK_SECONDS: '0'
			})
		).toMatchObject({
			SMTP_URL: 'smtps://relais:s%40cret@smtp.exemple.fr:465',
			MAIL_FROM: 'ne-pas-repondre@sdsf.exemple.fr',
			MAIL_TICK_SECONDS: 0
		});
		expect(refusal({ MAIL_FROM: 'Pilotage SDSF' })).toContain('MAIL_FROM : expéditeur attendu');
		expect(refusal({ MAIL_RETRY_SECONDS: '0' })).toContain('MAIL_RETRY_SECONDS');
		expect(refusal({ MAIL_TICK_SECONDS: 'souvent' })).toContain('MAIL_TICK_SECONDS');
	});

	it('never repeats a refused relay URL, which holds its password', () => {
		const message = refusal({ SMTP_URL: 'http://relais:motdepasse-secret@smtp.exemple.fr' });
		expect(message).toContain('SMTP_URL : adresse du relais attendue');
		expect(message).not.toContain('motdepasse-secret');
	});

	it('never repeats a refused password in its message', () => {
		const message = refusal({ DEMO_PASSWORD: 'court-' });
		expect(message).toContain('DEMO_PASSWORD');
		expect(message).not.toContain('court-');
	});

	it('is documented: .env.example lists every variable it reads, and only those', () => {
		const listed = [...readFileSync('.env.example', 'utf8').matchAll(/^#?\s*([A-Z_]+)=/gm)].map(
			(m) => m[1]
		);
		expect(new Set(listed)).toEqual(new Set(CONFIG_VARIABLES));
		const readme = readFileSync('README.md', 'utf8');
		for (const name of CONFIG_VARIABLES) expect(readme, name).toContain(`\`${name}\``);
	});
});
