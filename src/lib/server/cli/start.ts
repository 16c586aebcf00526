import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cliConfig } from './cli-config';

// npm start (node build/cli/start.js): checks the configuration (and reads .env when present),
// fills in the adapter-node settings a local start needs, then serves the adapter-node build.
// Migrations (and the demo, with DEMO=1) run inside the server at start-up; SIGTERM drains the
// requests in flight, then closes the database.

const settings = cliConfig();
// Without ORIGIN, adapter-node assumes https and the CSRF check would refuse every form posted to
// http://localhost; behind a proxy, set ORIGIN to the public address.
process.env.ORIGIN ??= settings.ORIGIN ?? `http://localhost:${settings.PORT}`;
process.env.PORT ??= String(settings.PORT);
// Excel uploads are capped at 10 MB by the app; the transport limit sits just above.
process.env.BODY_SIZE_LIMIT ??= settings.BODY_SIZE_LIMIT;

const server = join(dirname(fileURLToPath(import.meta.url)), '..', 'index.js');
await import(pathToFileURL(server).href);
