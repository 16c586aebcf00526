import { parseArgs } from 'node:util';
import { migrateToLatest } from '../db/database';
import { createApiToken } from '../auth/auth.service';
import { exitOnSetupError, openCliDatabase } from './cli-db';

// npm run token:create -- --email a@b.fr --name "Import SI CAF": prints a personal API token once.
const { values } = parseArgs({
	options: { email: { type: 'string' }, name: { type: 'string', default: 'Jeton CLI' } }
});
if (!values.email) {
	console.error('Erreur : --email est requis.');
	process.exit(1);
}
const { db } = openCliDatabase();
try {
	await migrateToLatest(db);
	const user = await db
		.selectFrom('app_user')
		.select(['id', 'disabled_at'])
		.where('email', '=', values.email.trim().toLowerCase())
		.executeTakeFirst();
	if (!user || user.disabled_at) {
		console.error(`Erreur : aucun compte actif pour ${values.email}.`);
		process.exitCode = 1;
	} else {
		const token = await createApiToken(db, user.id, values.name);
		console.log(`Jeton « ${values.name} » (affiché une seule fois) :\n${token.token}`);
	}
} catch (error) {
	exitOnSetupError(error);
} finally {
	await db.destroy();
}
