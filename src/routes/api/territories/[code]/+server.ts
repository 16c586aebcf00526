import { json } from '@sveltejs/kit';
import { notFound } from '$lib/server/api/responses';
import { getDb } from '$lib/server/app-db';
import { readTerritory } from '$lib/server/territory-data/territory-read.service';
import type { RequestHandler } from './$types';

// Public data (CNAF open data, official geography): no account needed.
export const GET: RequestHandler = async ({ params }) => {
	const territory = await readTerritory(getDb(), params.code);
	if (!territory) return notFound('Territoire inconnu.');
	const { code, kind, name, parents, series } = territory;
	return json({
		territory: {
			code,
			kind,
			name,
			parents,
			series: series.map(({ key, label, unit, source, values }) => ({
				key,
				label,
				unit,
				source,
				values
			}))
		}
	});
};
