import { getDb } from '$lib/server/app-db';
import { authorize, currentScheme } from '$lib/server/auth/guards';
import { compareGenerations } from '$lib/server/generations/compare.service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = authorize(event, 'scheme.read');
	const scheme = currentScheme(event);
	return {
		scheme: { slug: scheme.slug, title: scheme.title },
		comparison: await compareGenerations(getDb(), user, scheme.slug)
	};
};
