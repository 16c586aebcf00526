import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// BUILD_DIR / KIT_OUT_DIR let parallel work trees build side by side; defaults otherwise.
		adapter: adapter({ out: process.env.BUILD_DIR ?? 'build', precompress: true }),
		outDir: process.env.KIT_OUT_DIR ?? '.svelte-kit',
		// The origin check is done in hooks.server.ts (src/lib/server/http/csrf.ts), same rule, so
		// that RFC 8058's one-click unsubscribe can be posted by mail providers.
		csrf: { trustedOrigins: ['*'] },
		alias: {
			$db: 'db',
			$seeds: 'seeds'
		},
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
