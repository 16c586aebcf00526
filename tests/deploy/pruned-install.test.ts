import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server';

// `npm ci && npm run build && npm prune --omit=dev`, then the app and every command-line tool run
// with plain node: the build (npm test builds before this suite), package.json, the lock file and
// a copy of node_modules go to a temporary folder, where devDependencies are pruned.

const run = promisify(execFile);
const folder = mkdtempSync(join(tmpdir(), 'sdsf-pruned-'));
let server: RunningServer | null = null;
afterAll(async () => {
	await server?.stop();
	rmSync(folder, { recursive: true, force: true });
});

const databasePath = join(folder, 'data', 'sdsf.db');
const npm = (...args: string[]) =>
	run('npm', args, {
		cwd: folder,
		env: { ...process.env, DATABASE_PATH: databasePath, ORIGIN: 'https://sdsf.exemple.fr' },
		timeout: 120_000
	});

describe('a production install (devDependencies pruned)', () => {
	it('serves the app and runs every CLI with plain node', async () => {
		const started = Date.now();
		for (const name of ['build', 'package.json', 'package-lock.json', '.npmrc', 'node_modules'])
			cpSync(
				resolve(name === 'build' ? (process.env.BUILD_DIR ?? 'build') : name),
				join(folder, name),
				{
					recursive: true,
					verbatimSymlinks: true
				}
			);
		await npm('prune', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund');
		for (const dev of ['tsx', 'vite', '@sveltejs/kit', 'typescript', 'vitest'])
			expect(existsSync(join(folder, 'node_modules', dev)), dev).toBe(false);
		expect(existsSync(join(folder, 'node_modules', 'better-sqlite3'))).toBe(true);

		// Every script the README documents for operators runs built JavaScript with node.
		const scripts = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')).scripts;
		for (const name of [
			'start',
			'db:migrate',
			'db:seed',
			'db:backup',
			'db:restore',
			'user:create',
			'token:create',
			'mail:tick'
		])
			expect(scripts[name], name).toMatch(/^node build\/cli\/[\w-]+\.js$/);

		const migrated = await npm('run', 'db:migrate');
		expect(migrated.stdout).toContain('Migrations appliquées : 0001-create-plan');
		const seeded = await npm('run', 'db:seed');
		expect(seeded.stdout).toMatch(/Plans de démonstration chargés \(3 schéma\(s\), \d+ fiches\)/);
		const invited = await npm(
			'run',
			'user:create',
			'--',
			'--email',
			'pilote@exemple.fr',
			'--role',
			'pilote',
			'--scheme',
			'haute-vienne-2017-2021',
			'--organisation',
			'caf-87',
			'--invite',
			'--print-link'
		);
		expect(invited.stdout).toContain(
			'Compte créé : pilote@exemple.fr (pilote de haute-vienne-2017-2021).'
		);
		expect(invited.stdout).toContain('Invitation envoyée par courriel à pilote@exemple.fr');
		// The operator asked for the link: it is printed on their terminal, with the public address.
		expect(invited.stdout).toMatch(/https:\/\/sdsf\.exemple\.fr\/invitation\/[\w-]{43}/);
		const token = (
			await npm('run', 'token:create', '--', '--email', 'coordination@demo.sdsf.fr')
		).stdout
			.trim()
			.split('\n')
			.at(-1)!;
		expect(token).toMatch(/^\S{40,}$/);
		// nodemailer is a production dependency: the cron command runs pruned (no relay: the
		// invitation, and any notice of the day, are kept).
		expect((await npm('run', 'mail:tick')).stdout).toMatch(/Courriels : [1-9]\d* gardé\(s\)/);

		server = await startServer({
			databasePath,
			demo: false,
			buildDir: join(folder, 'build'),
			cwd: folder
		});
		const health = await fetch(`${server.url}/healthz`);
		expect(health.status).toBe(200);
		expect(await health.json()).toEqual({ status: 'ok', database: 'ok' });
		const schemes = await fetch(`${server.url}/api/schemes`, {
			headers: { Authorization: `Bearer ${token}` }
		});
		expect(schemes.status).toBe(200);
		expect((await schemes.json()).schemes.map((s: { slug: string }) => s.slug)).toContain(
			'haute-vienne-2017-2021'
		);
		expect((await fetch(`${server.url}/connexion`)).status).toBe(200);

		const backup = join(folder, 'sauvegarde.db');
		expect((await npm('run', 'db:backup', '--', backup)).stdout).toContain('intégrité ok');
		await server.stop();
		server = null;
		expect((await npm('run', 'db:restore', '--', backup)).stdout).toContain('Base restaurée');
		console.info(
			`Pruned install: copy, prune, seven CLIs and a start in ${Date.now() - started} ms.`
		);
	});
});
