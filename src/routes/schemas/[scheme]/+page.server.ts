import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { currentScheme } from '$lib/server/auth/guards';
import { listCompatibleSchemes } from '$lib/server/plan/fiche-links';
import { getSchemeOverview } from '$lib/server/plan/plan.service';
import { hasActiveFilters, parseOverviewQuery } from '$lib/ui/overview-filters';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { params, url } = event;
	const query = parseOverviewQuery(url.searchParams);
	const db = getDb();
	const overview = await getSchemeOverview(db, params.scheme, {
		pilot: query.pilote,
		partner: query.partenaire,
		states: query.etat,
		axis: query.axe,
		q: query.q
	});
	if (!overview) {
		error(404, {
			message: 'Schéma introuvable',
			hint: `Aucun schéma ne porte l’identifiant « ${params.scheme} ». Retrouvez la liste des schémas sur la page d’accueil.`
		});
	}
	const filtering = hasActiveFilters(query);
	const compatible = await listCompatibleSchemes(
		db,
		event.locals.user,
		currentScheme(event).schemeId
	);
	return {
		compatible,
		...overview,
		query,
		filtering,
		total: overview.totalCount,
		imported: url.searchParams.has('importe')
	};
};
