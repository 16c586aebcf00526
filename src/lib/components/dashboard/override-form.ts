import type { MeteoOverrideView } from '$lib/server/dashboard/dashboard.service';

/** What the last submission of a fiche's override form returned (the page's `form`). */
export type OverrideFormState = {
	fiche?: string;
	values?: { meteo: string; reason: string };
	errors?: Record<string, string>;
	conflict?: { message: string; current: MeteoOverrideView | null };
};
