import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { MEMBERSHIP_ROLES, type MembershipRole } from '$lib/domain/policy';
import { migrateToLatest } from '../db/database';
import { SYSTEM_ACTOR } from '../audit/audit.service';
import { insertMembership } from '../members/members.service';
import { createInvitation, createUser } from '../users/users.service';
import { cliConfig, exitOnSetupError, openCliDatabase } from './cli-db';

// npm run user:create -- --email a@b.fr --role administrateur [--name "…"] [--organisation caf-87] [--invite]
// npm run user:create -- --email p@caf.fr --role pilote --scheme haute-vienne-2017-2021 --organisation caf-87
// `administrateur` is a platform administrator; coordinateur, pilote and lecteur are memberships
// of the scheme named by --scheme. The password is typed twice at a terminal, or read from the
// first line of standard input; with --invite, the invitation is mailed instead (delivered by the
// running server, or `npm run mail:tick`; without SMTP_URL it waits on /admin/courriels), and
// --print-link also prints the link here, for an instance that has no mail at all.

const { values } = parseArgs({
	options: {
		email: { type: 'string' },
		name: { type: 'string' },
		role: { type: 'string', default: 'administrateur' },
		organisation: { type: 'string' },
		scheme: { type: 'string' },
		invite: { type: 'boolean', default: false },
		'print-link': { type: 'boolean', default: false },
		'base-url': {
			type: 'string',
			default: cliConfig().ORIGIN ?? `http://localhost:${cliConfig().PORT}`
		}
	}
});

function fail(message: string): never {
	console.error(`Erreur : ${message}`);
	process.exit(1);
}

async function readPassword(): Promise<string> {
	const rl = createInterface({
		input: process.stdin,
		output: process.stdout,
		terminal: process.stdin.isTTY
	});
	const ask = (prompt: string) =>
		new Promise<string>((resolve) => {
			if (process.stdin.isTTY) process.stdout.write(prompt);
			rl.once('line', resolve);
			rl.once('close', () => resolve(''));
		});
	const first = await ask('Mot de passe : ');
	if (process.stdin.isTTY && (await ask('Confirmation : ')) !== first)
		fail('les deux saisies diffèrent.');
	rl.close();
	return first;
}

if (!values.email) fail('--email est requis.');
const ROLES = ['administrateur', ...MEMBERSHIP_ROLES];
if (!ROLES.includes(values.role!)) fail(`--role doit valoir ${ROLES.join(', ')}.`);
const platformAdmin = values.role === 'administrateur';
if (!platformAdmin && !values.scheme) fail(`--scheme est requis pour le rôle ${values.role}.`);
if (values.role === 'pilote' && !values.organisation)
	fail('--organisation est requis pour un pilote.');

const { db } = openCliDatabase();
try {
	await migrateToLatest(db);
	const organisation = values.organisation
		? await db
				.selectFrom('organisation')
				.select('id')
				.where('slug', '=', values.organisation)
				.executeTakeFirst()
		: null;
	if (values.organisation && !organisation)
		fail(`organisation « ${values.organisation} » inconnue.`);
	const scheme = values.scheme
		? await db
				.selectFrom('scheme')
				.select(['id', 'slug'])
				.where('slug', '=', values.scheme)
				.executeTakeFirst()
		: null;
	if (values.scheme && !scheme) fail(`schéma « ${values.scheme} » inconnu.`);
	const password = values.invite ? undefined : await readPassword();
	const result = await createUser(
		db,
		SYSTEM_ACTOR,
		{
			email: values.email,
			name: values.name ?? values.email.split('@')[0],
			organisationId: organisation?.id ?? null,
			platformAdmin
		},
		password
	);
	if (!result.ok) fail(result.message);
	if (scheme)
		await insertMembership(
			db,
			SYSTEM_ACTOR,
			{ schemeId: scheme.id, slug: scheme.slug },
			{
				userId: result.userId,
				role: values.role as MembershipRole,
				organisationId: organisation?.id ?? null
			}
		);
	console.log(
		`Compte créé : ${values.email} (${platformAdmin ? 'administrateur de la plateforme' : `${values.role} de ${values.scheme}`}).`
	);
	if (values.invite) {
		const token = await createInvitation(db, result.userId);
		console.log(`Invitation envoyée par courriel à ${values.email} (lien valable 7 jours).`);
		// The link is a credential: on the terminal only when asked for.
		if (values['print-link'])
			console.log(`Lien d’invitation : ${values['base-url']}/invitation/${token}`);
	}
} catch (error) {
	exitOnSetupError(error);
} finally {
	await db.destroy();
}
