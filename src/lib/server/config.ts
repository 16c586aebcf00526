import { z } from 'zod';

// Every setting the server and the command-line tools read, parsed once with zod. A bad value stops
// the start with one French line per variable, instead of a silently disabled rule or a 500 later.
// `.env.example` lists the same variables; the README's Configuration table documents them.

/** A configuration the operator must fix: printed as French lines, each naming its variable. */
export class ConfigError extends Error {}

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

const positiveInteger = (what: string, example: string) =>
	z
		.string()
		.trim()
		.regex(/^\d{1,9}$/, `nombre entier ${what} attendu (par exemple ${example})`)
		.transform(Number)
		.refine((n) => n > 0, `nombre entier ${what} strictement positif attendu`);

const headerName = z
	.string()
	.trim()
	.regex(HEADER_NAME, 'nom d’en-tête HTTP attendu (par exemple x-forwarded-for)')
	.transform((name) => name.toLowerCase());

const FLAG_TRUE = ['1', 'true', 'yes', 'oui', 'on'];
const FLAG_FALSE = ['0', 'false', 'no', 'non', 'off'];
const flag = z
	.string()
	.trim()
	.toLowerCase()
	.refine((v) => FLAG_TRUE.includes(v) || FLAG_FALSE.includes(v), '1 ou 0 attendu')
	.transform((v) => FLAG_TRUE.includes(v));

/** 0 or a positive whole number (0 turns the feature off). */
const wholeNumber = (what: string, example: string) =>
	z
		.string()
		.trim()
		.regex(/^\d{1,9}$/, `nombre entier ${what} attendu (par exemple ${example}, 0 pour désactiver)`)
		.transform(Number);

/** `smtp://user:pass@host:587` or `smtps://…`; the value holds a password and is never repeated. */
const smtpUrl = z
	.string()
	.trim()
	.refine((value) => {
		try {
			const url = new URL(value);
			return /^smtps?:$/.test(url.protocol) && url.hostname !== '';
		} catch {
			return false;
		}
	}, 'adresse du relais attendue, par exemple smtp://utilisateur:mot-de-passe@smtp.exemple.fr:587 ou smtps://…');

/** `postgres://user:pass@host:5432/base`; holds a password and is never repeated. */
const databaseUrl = z
	.string()
	.trim()
	.refine((value) => {
		try {
			const url = new URL(value);
			return /^postgres(?:ql)?:$/.test(url.protocol) && url.pathname.length > 1;
		} catch {
			return false;
		}
	}, 'adresse PostgreSQL attendue, par exemple postgres://sdsf:mot-de-passe@127.0.0.1:5432/sdsf');

/** « Nom <adresse> » or a bare address. */
const mailFrom = z
	.string()
	.trim()
	.regex(
		/^(?:[^<>\r\n]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/,
		'expéditeur attendu, par exemple « Pilotage SDSF <ne-pas-repondre@sdsf.exemple.fr> »'
	);

export const DEFAULT_MAIL_FROM = 'Pilotage SDSF <ne-pas-repondre@localhost>';

/** Variables whose value is a secret: a refusal names them without repeating what they hold. */
const SECRET_VARIABLES = new Set(['DEMO_PASSWORD', 'SMTP_URL', 'DATABASE_URL']);

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const schema = z.object({
	DATABASE_PATH: z.string().trim().default('data/sdsf.db'),
	// Set: PostgreSQL (several app processes may share it) and DATABASE_PATH is ignored.
	DATABASE_URL: databaseUrl.optional(),
	PORT: positiveInteger('(port TCP)', '3000')
		.refine((n) => n <= 65535, 'port TCP entre 1 et 65535 attendu')
		.default(3000),
	HOST: z.string().trim().default('0.0.0.0'),
	ORIGIN: z
		.string()
		.trim()
		.refine((value) => {
			try {
				const url = new URL(value);
				return /^https?:$/.test(url.protocol) && url.pathname === '/' && !url.search && !url.hash;
			} catch {
				return false;
			}
		}, 'adresse publique du site attendue, sans chemin (par exemple https://sdsf.exemple.fr)')
		.optional(),
	PROTOCOL_HEADER: headerName.optional(),
	HOST_HEADER: headerName.optional(),
	PORT_HEADER: headerName.optional(),
	ADDRESS_HEADER: headerName.optional(),
	XFF_DEPTH: positiveInteger('(nombre de proxys)', '1').default(1),
	BODY_SIZE_LIMIT: z
		.string()
		.trim()
		.regex(/^(\d+[KMG]?|Infinity)$/i, 'taille attendue, par exemple 11M ou 512K')
		.default('11M'),
	SHUTDOWN_TIMEOUT: positiveInteger('de secondes', '30').default(30),
	DEMO: flag.default(false),
	DEMO_PASSWORD: z
		.string()
		.min(12, 'au moins 12 caractères attendus')
		.max(128, 'au plus 128 caractères attendus')
		.optional(),
	SESSION_IDLE_MINUTES: positiveInteger('de minutes', '120').default(120),
	SESSION_MAX_HOURS: positiveInteger('d’heures', '12').default(12),
	IMPORT_TEMP_DIR: z.string().trim().optional(),
	SMTP_URL: smtpUrl.optional(),
	MAIL_FROM: mailFrom.default(DEFAULT_MAIL_FROM),
	MAIL_TICK_SECONDS: wholeNumber('de secondes', '60').default(60),
	MAIL_RETRY_SECONDS: positiveInteger('de secondes', '60').default(60),
	LOG_LEVEL: z
		.string()
		.trim()
		.toLowerCase()
		.pipe(z.enum(LOG_LEVELS, { error: `une valeur parmi ${LOG_LEVELS.join(', ')} attendue` }))
		.default('info'),
	// Diagnosis and benchmark (npm run bench): each response says how long its SQL took.
	SERVER_TIMING: flag.default(false)
});

export type Config = z.output<typeof schema>;

/** The variables this module reads, in `.env.example` order. */
export const CONFIG_VARIABLES = Object.keys(schema.shape) as (keyof Config)[];

type Environment = Record<string, string | undefined>;

/**
 * Parses the settings of an environment. An empty value counts as unset (`VAR=` in a .env file).
 * Throws a ConfigError naming every bad variable with the value it was given.
 */
export function parseConfig(env: Environment): Config {
	const input: Environment = {};
	for (const name of CONFIG_VARIABLES) {
		const value = env[name];
		if (value !== undefined && value.trim() !== '') input[name] = value;
	}
	const parsed = schema.safeParse(input);
	if (parsed.success) return parsed.data;
	const lines = parsed.error.issues.map((issue) => {
		const name = String(issue.path[0]);
		const shown = SECRET_VARIABLES.has(name) ? '' : ` (valeur reçue : « ${input[name]} »)`;
		return `${name} : ${issue.message}${shown}.`;
	});
	throw new ConfigError(`Configuration invalide :\n${lines.map((l) => `  - ${l}`).join('\n')}`);
}

let current: Config | null = null;

/** The process's settings, parsed from process.env on first use. */
export function config(): Config {
	current ??= parseConfig(process.env);
	return current;
}

/**
 * The public address of the site, for absolute links (e-mails): ORIGIN, or what `npm start` gives
 * adapter-node without it.
 */
export function publicOrigin(settings: Config = config()): string {
	return (settings.ORIGIN ?? `http://localhost:${settings.PORT}`).replace(/\/$/, '');
}

/** Forgets the parsed settings so the next `config()` reads process.env again (tests only). */
export function reloadConfig(): Config {
	current = null;
	return config();
}
