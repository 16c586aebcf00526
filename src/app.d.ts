// See https://svelte.dev/docs/kit/types#app.d.ts
import type { CurrentUser } from '$lib/server/auth/auth.service';

declare global {
	namespace App {
		interface Error {
			message: string;
			hint?: string;
		}
		interface Locals {
			user: CurrentUser | null;
			/** X-Request-Id of the response, on every log line about the request. */
			requestId: string;
		}
	}
}

export {};
