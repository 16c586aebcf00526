import pino, { type Logger } from 'pino';
import { config } from './config';

// Structured logs: one JSON object per line on standard output (pino), level from LOG_LEVEL.
// Never log a secret: passwords, session and API tokens, invitation links. The redaction below is
// a safety net for a field added by mistake; the callers pass ids, not credentials.

const REDACTED = [
	'password',
	'token',
	'link',
	'cookie',
	'authorization',
	'*.password',
	'*.token',
	'*.link',
	'*.cookie',
	'*.authorization'
];

let instance: Logger | null = null;

/** The process-wide logger. */
export function logger(): Logger {
	instance ??= pino({
		level: config().LOG_LEVEL,
		base: { service: 'pilotage-sdsf' },
		redact: { paths: REDACTED, censor: '[masqué]' }
	});
	return instance;
}
