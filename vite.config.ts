import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['src/**/*.test.ts', 'seeds/**/*.test.ts', 'db/**/*.test.ts'],
					environment: 'node'
				}
			},
			{
				extends: true,
				test: {
					name: 'e2e',
					include: ['tests/**/*.test.ts'],
					environment: 'node',
					// TEST_DATABASE=postgres: a throw-away PostgreSQL cluster unless TEST_POSTGRES_URL is set.
					globalSetup: ['tests/support/postgres-setup.ts'],
					// The browser and HTTP suites share one built server per file; keep files sequential.
					fileParallelism: false,
					testTimeout: 60_000,
					hookTimeout: 120_000
				}
			}
		]
	}
});
