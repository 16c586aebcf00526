import { existsSync } from 'node:fs';
import { ConfigError, config, type Config } from '../config';

/**
 * The settings of a command-line tool: `.env` of the current folder if there is one (the
 * environment wins over it), checked by the config module; a bad value ends the command with the
 * config module's French message.
 */
export function cliConfig(): Config {
	try {
		if (existsSync('.env')) process.loadEnvFile('.env');
		return config();
	} catch (error) {
		if (error instanceof ConfigError) {
			console.error(`Erreur : ${error.message}`);
			process.exit(1);
		}
		throw error;
	}
}
