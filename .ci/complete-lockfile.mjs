// The npm registry reachable here answers 404 for rollup's builds for other platforms, so
// `npm install` leaves them out of package-lock.json and `npm ci` then refuses the lock file.
// This adds those optional entries (with their os/cpu, never installed on linux-x64) so the
// lock file is complete. Idempotent; run it after any `npm install`.
import { readFileSync, writeFileSync } from 'node:fs';

const path = process.argv[2] ?? 'package-lock.json';
const raw = readFileSync(path, 'utf8');
const lock = JSON.parse(raw);
const packages = lock.packages;
let added = 0;

for (const meta of Object.values(packages)) {
	for (const [name, version] of Object.entries(meta.optionalDependencies ?? {})) {
		if (!name.startsWith('@rollup/rollup-') || packages[`node_modules/${name}`]) continue;
		const [os, cpu, ...rest] = name.replace('@rollup/rollup-', '').split('-');
		const entry = { version, os: [os], cpu: [cpu] };
		if (os === 'linux')
			entry.libc = [rest.includes('musl') || rest.join('-').includes('musl') ? 'musl' : 'glibc'];
		packages[`node_modules/${name}`] = { ...entry, license: 'MIT', optional: true };
		added++;
	}
}

if (added > 0) {
	const keys = Object.keys(packages).sort((a, b) =>
		a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0
	);
	lock.packages = Object.fromEntries(keys.map((k) => [k, packages[k]]));
	const indent = raw.startsWith('{\n\t') ? '\t' : 2;
	writeFileSync(path, JSON.stringify(lock, null, indent) + '\n');
}
console.log(`complete-lockfile: ${added} entrée(s) ajoutée(s)`);
