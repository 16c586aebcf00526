import type { Migration } from 'kysely';
import * as m0001 from './0001-create-plan';
import * as m0002 from './0002-create-accounts-and-history';

/** Every migration, in order. Add new ones at the end; never edit one that has shipped. */
export const migrations: Record<string, Migration> = {
	'0001-create-plan': m0001,
	'0002-create-accounts-and-history': m0002
};
