import type { UserRole } from '$lib/domain/permissions';
import type { Db } from '../db/database';
import { SYSTEM_ACTOR } from '../audit/audit.service';
import { createUser } from '../users/users.service';

/** Documented in the README; override with DEMO_PASSWORD. Demo mode only. */
export const DEFAULT_DEMO_PASSWORD = 'Pilotage-SDSF-demo';

export const DEMO_ACCOUNTS: {
	email: string;
	name: string;
	role: UserRole;
	organisation: string | null;
}[] = [
	{
		email: 'coordination@demo.sdsf.fr',
		name: 'Claire Coordination',
		role: 'administrateur',
		organisation: 'caf-87'
	},
	{
		email: 'pilote.caf87@demo.sdsf.fr',
		name: 'Marie Dupont',
		role: 'pilote',
		organisation: 'caf-87'
	},
	{ email: 'pilote.cd87@demo.sdsf.fr', name: 'Paul Martin', role: 'pilote', organisation: 'cd-87' },
	{
		email: 'pilote.limoges@demo.sdsf.fr',
		name: 'Sophie Bernard',
		role: 'pilote',
		organisation: 'ville-limoges'
	},
	{ email: 'lecteur@demo.sdsf.fr', name: 'Luc Lecteur', role: 'lecteur', organisation: null }
];

/** Creates the demo accounts that do not exist yet (idempotent). */
export async function seedDemoAccounts(db: Db, password = DEFAULT_DEMO_PASSWORD): Promise<number> {
	let created = 0;
	for (const account of DEMO_ACCOUNTS) {
		const exists = await db
			.selectFrom('app_user')
			.select('id')
			.where('email', '=', account.email)
			.executeTakeFirst();
		if (exists) continue;
		const org = account.organisation
			? await db
					.selectFrom('organisation')
					.select('id')
					.where('slug', '=', account.organisation)
					.executeTakeFirstOrThrow()
			: null;
		const result = await createUser(
			db,
			SYSTEM_ACTOR,
			{
				email: account.email,
				name: account.name,
				role: account.role,
				organisationId: org?.id ?? null
			},
			password
		);
		if (!result.ok) throw new Error(`Compte de démonstration ${account.email} : ${result.message}`);
		created++;
	}
	return created;
}
