import type { Migration } from 'kysely';
import * as m0001 from './0001-create-plan';
import * as m0002 from './0002-create-accounts-and-history';
import * as m0003 from './0003-create-reporting';
import * as m0004 from './0004-create-dashboard';
import * as m0005 from './0005-create-meetings';
import * as m0006 from './0006-add-change-counter';
import * as m0007 from './0007-add-territories-and-memberships';
import * as m0008 from './0008-add-scheme-change-counters';
import * as m0009 from './0009-add-reminders';
import * as m0010 from './0010-add-mail-outbox';
import * as m0011 from './0011-add-notification-preferences';
import * as m0012 from './0012-add-generations-and-bilans';
import * as m0013 from './0013-add-decision-follow-up';
import * as m0014 from './0014-add-territory-data';
import * as m0015 from './0015-add-fiche-funding';
import * as m0016 from './0016-add-series-bindings';
import { postgresVersions } from './postgres/index';

/** Every migration, in order. Add new ones at the end; never edit one that has shipped. */
export const migrations: Record<string, Migration> = {
	'0001-create-plan': m0001,
	'0002-create-accounts-and-history': m0002,
	'0003-create-reporting': m0003,
	'0004-create-dashboard': m0004,
	'0005-create-meetings': m0005,
	'0006-add-change-counter': m0006,
	'0007-add-territories-and-memberships': m0007,
	'0008-add-scheme-change-counters': m0008,
	'0009-add-reminders': m0009,
	'0010-add-mail-outbox': m0010,
	'0011-add-notification-preferences': m0011,
	'0012-add-generations-and-bilans': m0012,
	'0013-add-decision-follow-up': m0013,
	'0014-add-territory-data': m0014,
	'0015-add-fiche-funding': m0015,
	'0016-add-series-bindings': m0016
};

/**
 * The list a database runs: the same names on both engines. 0001–0010 were written for SQLite
 * only (FTS5, triggers, strftime); PostgreSQL runs its own versions of them (a baseline under the
 * first name, see postgres/index.ts); every migration from 0011 on is shared and portable.
 */
export function migrationsFor(dialect: 'postgres' | 'sqlite'): Record<string, Migration> {
	return dialect === 'postgres' ? { ...migrations, ...postgresVersions } : migrations;
}
