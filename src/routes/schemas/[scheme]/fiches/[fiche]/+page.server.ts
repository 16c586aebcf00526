import { error } from '@sveltejs/kit';
import { canEditFiche, isAdministrator } from '$lib/domain/permissions';
import { getDb } from '$lib/server/app-db';
import { ensureCanReadScheme } from '$lib/server/auth/guards';
import { getFicheHistory } from '$lib/server/plan/fiche-history';
import { listPilotOrganisationIds } from '$lib/server/plan/fiche-edit.service';
import { getFicheDetail } from '$lib/server/plan/plan.service';
import { listFicheAmendments } from '$lib/server/plan-admin/amendments.service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { params, url } = event;
	const db = getDb();
	const detail = await getFicheDetail(db, params.scheme, params.fiche);
	if (!detail) {
		error(404, {
			message: 'Schéma introuvable',
			hint: `Aucun schéma ne porte l’identifiant « ${params.scheme} ». Retrouvez la liste des schémas sur la page d’accueil.`
		});
	}
	ensureCanReadScheme(event, detail.scheme);
	if (!detail.fiche) {
		error(404, {
			message: 'Fiche action introuvable',
			hint: `Le schéma « ${detail.scheme.title} » n’a pas de fiche « ${params.fiche} ». Utilisez « Retour au schéma » pour retrouver la liste de ses fiches actions.`
		});
	}
	const user = event.locals.user;
	const [pilotIds, history, amendments] = await Promise.all([
		listPilotOrganisationIds(db, detail.ficheId),
		user ? getFicheHistory(db, detail.ficheId) : Promise.resolve([]),
		listFicheAmendments(db, detail.ficheId)
	]);
	return {
		scheme: detail.scheme,
		fiche: detail.fiche,
		previous: detail.neighbours.previous,
		next: detail.neighbours.next,
		position: detail.neighbours.position,
		total: detail.neighbours.total,
		canEdit: canEditFiche(user, pilotIds),
		isAdministrator: isAdministrator(user),
		history,
		amendments,
		saved: url.searchParams.has('enregistre')
	};
};
