import { parseArgs } from 'node:util';
import { TOKEN_SCOPES, type TokenScope } from '$lib/domain/policy';
import { migrateToLatest } from '../db/database';
import { listMemberships } from '../auth/auth.queries';
import { createApiToken } from '../auth/auth.service';
import { findOwnScheme } from '../auth/tokens.service';
import { exitOnSetupError, openCliDatabase } from './cli-db';

// npm run token:create -- --email a@b.fr --name "Import SI CAF" [--scheme slug] [--scope read|figures|all]
// prints a personal API token once. --scheme limits it to one scheme the account belongs to;
// --scope to reading (read) or to reading and entering figures (figures).
const { values } = parseArgs({
	options: {
		email: { type: 'string' },
		name: { type: 'string', default: 'Jeton CLI' },
		scheme: { type: 'string' },
		scope: { type: 'string', default: 'all' }
	}
});
function fail(message: string): never {
	console.error(`Erreur : ${message}`);
	process.exit(1);
}
if (!values.email) fail('--email est requis.');
if (!(TOKEN_SCOPES as readonly string[]).includes(values.scope!))
	fail(`--scope doit valoir ${TOKEN_SCOPES.join(', ')}.`);
const { db } = openCliDatabase();
try {
	await migrateToLatest(db);
	const user = await db
		.selectFrom('app_user')
		.select(['id', 'disabled_at', 'platform_admin'])
		.where('email', '=', values.email.trim().toLowerCase())
		.executeTakeFirst();
	if (!user || user.disabled_at) fail(`aucun compte actif pour ${values.email}.`);
	let schemeId: number | null = null;
	if (values.scheme) {
		const owner = {
			platformAdmin: user.platform_admin === 1,
			memberships: await listMemberships(db, user.id)
		};
		schemeId = await findOwnScheme(db, owner, values.scheme);
		if (schemeId === null)
			fail(`schéma « ${values.scheme} » inconnu, ou ${values.email} n’en est pas membre.`);
	}
	const token = await createApiToken(db, user.id, values.name!, undefined, {
		schemeId,
		scope: values.scope as TokenScope
	});
	console.log(`Jeton « ${values.name} » (affiché une seule fois) :\n${token.token}`);
} catch (error) {
	exitOnSetupError(error);
} finally {
	await db.destroy();
}
