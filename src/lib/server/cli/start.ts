import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

// npm start: build when the sources are newer than the build, then serve in demo mode by default.
// Migrations and the first-run demo load happen inside the server at start-up.

function newestMtime(path: string): number {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	return readdirSync(path).reduce(
		(max, entry) => Math.max(max, newestMtime(join(path, entry))),
		stat.mtimeMs
	);
}

const built = existsSync('build/index.js') ? statSync('build/index.js').mtimeMs : 0;
const sources = Math.max(
	...[
		'src',
		'db',
		'seeds',
		'static',
		'package-lock.json',
		'svelte.config.js',
		'vite.config.ts'
	].map(newestMtime)
);
if (built < sources) {
	console.log('Construction de l’application…');
	const result = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
	if (result.status !== 0) process.exit(result.status ?? 1);
}

const port = process.env.PORT ?? '3000';
const env = {
	...process.env,
	// Without ORIGIN, adapter-node assumes https and the CSRF check would refuse every form
	// posted to http://localhost; behind a proxy, set ORIGIN to the public address.
	ORIGIN: process.env.ORIGIN ?? `http://localhost:${port}`,
	DEMO: process.env.DEMO ?? '1',
	PORT: port,
	// Excel uploads are capped at 10 MB by the app; the transport limit sits just above.
	BODY_SIZE_LIMIT: process.env.BODY_SIZE_LIMIT ?? '11M'
};
console.log(`Pilotage SDSF sur http://localhost:${env.PORT} (démo : ${env.DEMO})`);
const server = spawn(process.execPath, ['build/index.js'], { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
