import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// `npm run build`, second step: the start script and the command-line tools, bundled into
// build/cli/*.js (BUILD_DIR/cli) so that they run with plain `node` once devDependencies are
// pruned. Packages stay external: they come from node_modules (dependencies only).
const CLI = [
	'start',
	'migrate',
	'seed',
	'backup',
	'restore',
	'user-create',
	'token-create',
	'mail-tick',
	'db-copy',
	'context-import'
];

export default defineConfig({
	resolve: {
		alias: {
			$lib: resolve('src/lib'),
			$db: resolve('db'),
			$seeds: resolve('seeds')
		}
	},
	logLevel: 'warn',
	build: {
		ssr: true,
		target: 'node20',
		outDir: resolve(process.env.BUILD_DIR ?? 'build', 'cli'),
		emptyOutDir: true,
		sourcemap: true,
		minify: false,
		rollupOptions: {
			input: Object.fromEntries(CLI.map((name) => [name, `src/lib/server/cli/${name}.ts`])),
			output: {
				format: 'esm',
				entryFileNames: '[name].js',
				chunkFileNames: 'chunks/[name]-[hash].js'
			}
		}
	}
});
