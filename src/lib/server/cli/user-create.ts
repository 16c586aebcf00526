import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { USER_ROLES, type UserRole } from '$lib/domain/permissions';
import { migrateToLatest } from '../db/database';
import { SYSTEM_ACTOR } from '../audit/audit.service';
import { createInvitation, createUser } from '../users/users.service';
import { cliConfig, exitOnSetupError, openCliDatabase } from './cli-db';

// npm run user:create -- --email a@b.fr --role administrateur [--name "…"] [--organisation caf-87] [--invite]
// The password is typed twice at a terminal, or read from the first line of standard input;
// with --invite, an invitation link is printed instead.

const { values } = parseArgs({
	options: {
		email: { type: 'string' },
		name: { type: 'string' },
		role: { type: 'string', default: 'administrateur' },
		organisation: { type: 'string' },
		invite: { type: 'boolean', default: false },
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
if (!USER_ROLES.includes(values.role as UserRole))
	fail(`--role doit valoir ${USER_ROLES.join(', ')}.`);

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
	const password = values.invite ? undefined : await readPassword();
	const result = await createUser(
		db,
		SYSTEM_ACTOR,
		{
			email: values.email,
			name: values.name ?? values.email.split('@')[0],
			role: values.role as UserRole,
			organisationId: organisation?.id ?? null
		},
		password
	);
	if (!result.ok) fail(result.message);
	console.log(`Compte créé : ${values.email} (${values.role}).`);
	if (values.invite) {
		const token = await createInvitation(db, result.userId);
		console.log(`Lien d’invitation (valable 7 jours) : ${values['base-url']}/invitation/${token}`);
	}
} catch (error) {
	exitOnSetupError(error);
} finally {
	await db.destroy();
}
