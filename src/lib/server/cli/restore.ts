import { DurabilityError, restoreDatabase } from './backup-restore';
import { cliConfig } from './cli-db';
import { restorePostgres } from './pg-backup';

// npm run db:restore -- <file>: replaces DATABASE_PATH by a backup. Stop the server first: the
// command refuses while the database is open elsewhere, and refuses a file that fails
// integrity_check or comes from a newer version. The replaced file is kept beside it.
// With DATABASE_URL: pg_restore of a db:backup archive, in one transaction (servers stopped).
const candidate = process.argv[2];
if (!candidate || candidate.startsWith('-')) {
	console.error('Usage : npm run db:restore -- <fichier de sauvegarde>   (serveur arrêté)');
	process.exit(1);
}
const settings = cliConfig();
const target = settings.DATABASE_PATH;
try {
	if (settings.DATABASE_URL) {
		const outcome = await restorePostgres(candidate, settings.DATABASE_URL);
		console.log(
			`Base PostgreSQL restaurée depuis ${outcome.file} (${outcome.counts.figure ?? 0} chiffres, ` +
				`${outcome.counts.audit_event ?? 0} événements d’historique) en ${outcome.ms} ms.`
		);
		process.exit(0);
	}
	const outcome = await restoreDatabase(candidate, target);
	console.log(
		`Base restaurée : ${outcome.file} (${outcome.counts.figure ?? 0} chiffres, intégrité ${outcome.integrity}) en ${outcome.ms} ms.` +
			(outcome.previous ? `\nL’ancienne base est conservée sous ${outcome.previous}.` : '')
	);
} catch (error) {
	console.error(`Erreur : ${error instanceof DurabilityError ? error.message : String(error)}`);
	process.exit(1);
}
