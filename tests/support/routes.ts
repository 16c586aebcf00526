import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export type MutatingRoute = {
	/** e.g. "POST /schemas/[scheme]/fiches/[fiche]/modifier ?/default" or "PATCH /api/schemes/[scheme]/fiches/[fiche]" */
	key: string;
	method: string;
	route: string;
	action: string | null;
};

const ROUTES = 'src/routes';
const MUTATING = ['POST', 'PUT', 'PATCH', 'DELETE'];

function walk(folder: string): string[] {
	return readdirSync(folder).flatMap((entry) => {
		const path = join(folder, entry);
		return statSync(path).isDirectory() ? walk(path) : [path];
	});
}

function routeOf(file: string): string {
	const folder = relative(ROUTES, file).split(sep).slice(0, -1);
	// Groups "(name)" do not appear in URLs.
	return '/' + folder.filter((s) => !/^\(.*\)$/.test(s)).join('/');
}

/** Names of the form actions a +page.server.ts exports (`export const actions = { a: …, b: … }`). */
function actionNames(source: string): string[] {
	const start = source.search(/export const actions\b[^=]*=\s*\{/);
	if (start < 0) return [];
	let depth = 0;
	let body = '';
	for (let i = source.indexOf('{', start); i < source.length; i++) {
		const c = source[i];
		if (c === '{') depth++;
		if (c === '}') depth--;
		body += c;
		if (depth === 0) break;
	}
	// Top-level keys only: strip comments (a key after a doc comment was missed) and nested braces.
	let flat = body
		.slice(1, -1)
		.replace(/\/\*[\s\S]*?\*\//g, '')
		.replace(/^\s*\/\/.*$/gm, '');
	let previous = '';
	while (previous !== flat) {
		previous = flat;
		flat = flat.replace(/\{[^{}]*\}/g, '');
	}
	return [...flat.matchAll(/(?:^|,)\s*([A-Za-z_$][\w$]*)\s*(?::|\(|,|$)/g)].map((m) => m[1]);
}

/** Every state-changing entry point of the app, read from the source tree. */
export function listMutatingRoutes(): MutatingRoute[] {
	const routes: MutatingRoute[] = [];
	for (const file of walk(ROUTES)) {
		const source = readFileSync(file, 'utf8');
		if (file.endsWith('+page.server.ts')) {
			for (const action of actionNames(source)) {
				const route = routeOf(file);
				routes.push({ key: `POST ${route} ?/${action}`, method: 'POST', route, action });
			}
		} else if (file.endsWith('+server.ts')) {
			for (const method of [...MUTATING, 'fallback']) {
				const exported = new RegExp(`export (const|async function|function) ${method}\\b`).test(
					source
				);
				if (!exported) continue;
				const route = routeOf(file);
				routes.push({
					key: `${method === 'fallback' ? 'ANY' : method} ${route}`,
					method,
					route,
					action: null
				});
			}
		}
	}
	return routes.sort((a, b) => a.key.localeCompare(b.key));
}

export type AnyRoute = MutatingRoute;

/**
 * Every entry point of the app read from the source tree: each page (GET), each endpoint method
 * (GET and the state-changing ones) and each form action (POST ?/name).
 */
export function listAllRoutes(): AnyRoute[] {
	const routes: AnyRoute[] = [...listMutatingRoutes()];
	for (const file of walk(ROUTES)) {
		const route = routeOf(file);
		if (file.endsWith('+page.svelte')) {
			routes.push({ key: `GET ${route}`, method: 'GET', route, action: null });
		} else if (file.endsWith('+server.ts')) {
			const source = readFileSync(file, 'utf8');
			if (/export (const|async function|function) GET\b/.test(source))
				routes.push({ key: `GET ${route}`, method: 'GET', route, action: null });
		}
	}
	return routes.sort((a, b) => a.key.localeCompare(b.key));
}
