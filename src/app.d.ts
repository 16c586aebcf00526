// See https://svelte.dev/docs/kit/types#app.d.ts
import type { CurrentUser } from '$lib/server/auth/auth.service';
import type { SchemeRef } from '$lib/server/auth/guards';

declare global {
	namespace App {
		interface Error {
			message: string;
			hint?: string;
		}
		interface Locals {
			user: CurrentUser | null;
			/** The scheme named by the URL's [scheme], once the caller may read it (see scheme-gate). */
			scheme: SchemeRef | null;
			/** X-Request-Id of the response, on every log line about the request. */
			requestId: string;
		}
	}
}

export {};
