import type { Migration } from 'kysely';
import * as baseline from './0001-baseline';

// Frozen like the migrations: PostgreSQL's versions of the SQLite-only migrations 0001–0010.
// The baseline creates their end state under the first name; the others are recorded as applied
// so that both engines list the same names (healthz, backups and db:copy compare them).

const inBaseline: Migration = { up: async () => {} };

export const postgresVersions: Record<string, Migration> = {
	'0001-create-plan': baseline,
	'0002-create-accounts-and-history': inBaseline,
	'0003-create-reporting': inBaseline,
	'0004-create-dashboard': inBaseline,
	'0005-create-meetings': inBaseline,
	'0006-add-change-counter': inBaseline,
	'0007-add-territories-and-memberships': inBaseline,
	'0008-add-scheme-change-counters': inBaseline,
	'0009-add-reminders': inBaseline,
	'0010-add-mail-outbox': inBaseline
};
