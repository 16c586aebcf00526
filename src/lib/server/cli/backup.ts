import { DurabilityError, backupDatabase } from './backup-restore';
import { cliConfig } from './cli-db';
import { backupPostgres } from './pg-backup';

// npm run db:backup -- <file>: online copy of DATABASE_PATH, safe while the server is writing;
// with DATABASE_URL, a pg_dump archive (custom format) of the PostgreSQL database.
const destination = process.argv[2];
if (!destination || destination.startsWith('-')) {
	console.error('Usage : npm run db:backup -- <fichier de sauvegarde>');
	process.exit(1);
}
const settings = cliConfig();
try {
	if (settings.DATABASE_URL) {
		const outcome = await backupPostgres(settings.DATABASE_URL, destination);
		const mb = (outcome.bytes / 1024 / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 1 });
		console.log(
			`Sauvegarde PostgreSQL écrite : ${outcome.file} (${mb} Mo, ${outcome.counts.figure ?? 0} chiffres, ` +
				`${outcome.counts.audit_event ?? 0} événements d’historique, intégrité ${outcome.integrity}) en ${outcome.ms} ms.`
		);
		process.exit(0);
	}
	const outcome = await backupDatabase(settings.DATABASE_PATH, destination);
	const mb = (outcome.bytes / 1024 / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 1 });
	console.log(
		`Sauvegarde écrite : ${outcome.file} (${mb} Mo, ${outcome.counts.figure ?? 0} chiffres, ` +
			`${outcome.counts.audit_event ?? 0} événements d’historique, intégrité ${outcome.integrity}) en ${outcome.ms} ms.`
	);
} catch (error) {
	console.error(`Erreur : ${error instanceof DurabilityError ? error.message : String(error)}`);
	process.exit(1);
}
