import type { MembershipRole } from '$lib/domain/policy';
import type { Db } from '../db/database';
import { SYSTEM_ACTOR } from '../audit/audit.service';
import { insertMembership } from '../members/members.service';
import { createUser } from '../users/users.service';

/** Documented in the README; override with DEMO_PASSWORD. Demo mode only. */
export const DEFAULT_DEMO_PASSWORD = 'Pilotage-SDSF-demo';

export const HAUTE_VIENNE = 'haute-vienne-2017-2021';
export const CORREZE = 'correze-2022-2026';
export const LIMOGES_SPPE = 'limoges-sppe-2026-2031';

type DemoMembership = { scheme: string; role: MembershipRole; organisation?: string };

/** The demo accounts and their memberships (the README's table says the same). */
export const DEMO_ACCOUNTS: {
	email: string;
	name: string;
	organisation: string | null;
	platformAdmin?: boolean;
	memberships: DemoMembership[];
}[] = [
	{
		email: 'admin@demo.sdsf.fr',
		name: 'Alice Administration',
		organisation: null,
		platformAdmin: true,
		memberships: []
	},
	{
		email: 'coordination@demo.sdsf.fr',
		name: 'Claire Coordination',
		organisation: 'caf-87',
		memberships: [{ scheme: HAUTE_VIENNE, role: 'coordinateur' }]
	},
	{
		email: 'pilote.caf87@demo.sdsf.fr',
		name: 'Marie Dupont',
		organisation: 'caf-87',
		memberships: [
			{ scheme: HAUTE_VIENNE, role: 'pilote', organisation: 'caf-87' },
			{ scheme: LIMOGES_SPPE, role: 'pilote', organisation: 'caf-87' }
		]
	},
	{
		email: 'pilote.cd87@demo.sdsf.fr',
		name: 'Paul Martin',
		organisation: 'cd-87',
		memberships: [{ scheme: HAUTE_VIENNE, role: 'pilote', organisation: 'cd-87' }]
	},
	{
		email: 'pilote.limoges@demo.sdsf.fr',
		name: 'Sophie Bernard',
		organisation: 'ville-limoges',
		memberships: [
			{ scheme: HAUTE_VIENNE, role: 'pilote', organisation: 'ville-limoges' },
			{ scheme: LIMOGES_SPPE, role: 'coordinateur' }
		]
	},
	{
		email: 'lecteur@demo.sdsf.fr',
		name: 'Luc Lecteur',
		organisation: null,
		memberships: [{ scheme: HAUTE_VIENNE, role: 'lecteur' }]
	},
	{
		email: 'coordination.correze@demo.sdsf.fr',
		name: 'Nadia Coordination',
		organisation: 'cd-19',
		memberships: [{ scheme: CORREZE, role: 'coordinateur' }]
	},
	{
		email: 'pilote.caf19@demo.sdsf.fr',
		name: 'Hugo Lambert',
		organisation: 'caf-19',
		memberships: [{ scheme: CORREZE, role: 'pilote', organisation: 'caf-19' }]
	},
	{
		email: 'lecteur.correze@demo.sdsf.fr',
		name: 'Léa Lecture',
		organisation: null,
		memberships: [{ scheme: CORREZE, role: 'lecteur' }]
	},
	{
		email: 'comite.regional@demo.sdsf.fr',
		name: 'Jean Régional',
		organisation: null,
		memberships: [
			{ scheme: HAUTE_VIENNE, role: 'lecteur' },
			{ scheme: CORREZE, role: 'lecteur' }
		]
	}
];

async function organisationId(db: Db, slug: string | null | undefined): Promise<number | null> {
	if (!slug) return null;
	const row = await db
		.selectFrom('organisation')
		.select('id')
		.where('slug', '=', slug)
		.executeTakeFirst();
	return row?.id ?? null;
}

/**
 * Creates the demo accounts that do not exist yet, with their memberships in the demo schemes
 * that are loaded (idempotent: an existing membership is left as it is).
 */
export async function seedDemoAccounts(db: Db, password = DEFAULT_DEMO_PASSWORD): Promise<number> {
	let created = 0;
	for (const account of DEMO_ACCOUNTS) {
		let user = await db
			.selectFrom('app_user')
			.select('id')
			.where('email', '=', account.email)
			.executeTakeFirst();
		if (!user) {
			const result = await createUser(
				db,
				SYSTEM_ACTOR,
				{
					email: account.email,
					name: account.name,
					organisationId: await organisationId(db, account.organisation),
					platformAdmin: account.platformAdmin ?? false
				},
				password
			);
			if (!result.ok)
				throw new Error(`Compte de démonstration ${account.email} : ${result.message}`);
			user = { id: result.userId };
			created++;
		}
		for (const membership of account.memberships) {
			const scheme = await db
				.selectFrom('scheme')
				.select(['id', 'slug'])
				.where('slug', '=', membership.scheme)
				.executeTakeFirst();
			if (!scheme) continue;
			const exists = await db
				.selectFrom('membership')
				.select('id')
				.where('user_id', '=', user.id)
				.where('scheme_id', '=', scheme.id)
				.executeTakeFirst();
			if (exists) continue;
			await insertMembership(
				db,
				SYSTEM_ACTOR,
				{ schemeId: scheme.id, slug: scheme.slug },
				{
					userId: user.id,
					role: membership.role,
					organisationId: await organisationId(db, membership.organisation)
				}
			);
		}
	}
	return created;
}
