import { getDb } from '$lib/server/app-db';
import { authorize, currentScheme } from '$lib/server/auth/guards';
import { listSchemeFunding, sumFunding } from '$lib/server/funding/funding.service';
import type { PageServerLoad } from './$types';

// The funders' view of a scheme: planned and spent by funder, by year and by strategic axis,
// optionally for one year (?annee=2019). Every member reads it.

export const load: PageServerLoad = async (event) => {
	authorize(event, 'scheme.read');
	const scheme = currentScheme(event);
	const all = await listSchemeFunding(getDb(), scheme.schemeId);
	const years = [...new Set(all.map((l) => l.year))].sort((a, b) => a - b);
	const asked = Number(event.url.searchParams.get('annee'));
	const year = years.includes(asked) ? asked : null;
	const lines = year === null ? all : all.filter((l) => l.year === year);
	return {
		scheme: { slug: scheme.slug, title: scheme.title },
		years,
		year,
		byFunder: sumFunding(lines, (l) => l.funder).sort((a, b) => b.planned - a.planned),
		byYear: sumFunding(lines, (l) => String(l.year)),
		byAxis: sumFunding(lines, (l) => l.axis ?? 'Sans axe'),
		lines
	};
};
