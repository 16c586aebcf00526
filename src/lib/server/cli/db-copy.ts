import { DatabaseSetupError, openPostgres } from '../db/database';
import { CopyError, copySqliteToPostgres } from '../db/copy-to-postgres';
import { cliConfig } from './cli-db';

// npm run db:copy -- --to "$DATABASE_URL" [--from data/sdsf.db]: copies the SQLite installation
// (DATABASE_PATH unless --from) into an empty PostgreSQL database, checked (db/copy-to-postgres.ts).

/** The command line: `--to <postgres://…>` and, optionally, `--from <fichier SQLite>`. */
async function main(argv: string[]): Promise<number> {
	const option = (name: string) => {
		const i = argv.indexOf(name);
		return i >= 0 ? argv[i + 1] : undefined;
	};
	const to = option('--to');
	if (!to || !/^postgres(ql)?:\/\//.test(to)) {
		console.error(
			'Usage : npm run db:copy -- --to postgres://utilisateur:mot-de-passe@hôte:5432/base [--from data/sdsf.db]'
		);
		return 1;
	}
	const from = option('--from') ?? cliConfig().DATABASE_PATH;
	const target = openPostgres(to, { max: 1 });
	try {
		const outcome = await copySqliteToPostgres(from, target);
		const total = Object.values(outcome.tables).reduce((a, b) => a + b, 0);
		console.log(
			`Copie terminée : ${total} lignes dans ${Object.keys(outcome.tables).length} tables ` +
				`(${outcome.tables.figure ?? 0} chiffres, ${outcome.auditEvents} événements d’historique identiques) en ${outcome.ms} ms.\n` +
				'Nombres de lignes et historique vérifiés. Démarrez maintenant le service avec DATABASE_URL.'
		);
		return 0;
	} catch (error) {
		if (error instanceof CopyError || error instanceof DatabaseSetupError) {
			console.error(`Erreur : ${error.message} Rien n’a été écrit.`);
			return 1;
		}
		const text = String(error).split(to).join('DATABASE_URL');
		console.error(`Erreur : ${text}. Rien n’a été écrit.`);
		return 1;
	} finally {
		await target.destroy();
	}
}

process.exitCode = await main(process.argv.slice(2));
