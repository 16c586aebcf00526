import { startPostgresCluster } from './database';

// Vitest global setup of the e2e project: with TEST_DATABASE=postgres and no TEST_POSTGRES_URL,
// one throw-away cluster serves the whole run (each test server still gets its own database).
export default function setup(): (() => void) | void {
	if (process.env.TEST_DATABASE !== 'postgres' || process.env.TEST_POSTGRES_URL) return;
	const cluster = startPostgresCluster();
	process.env.TEST_POSTGRES_URL = cluster.url;
	return () => cluster.stop();
}
