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
import * as m0013 from './0013-add-territory-data';
import * as m0014 from './0014-add-fiche-funding';

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
	'0013-add-territory-data': m0013,
	'0014-add-fiche-funding': m0014
};
