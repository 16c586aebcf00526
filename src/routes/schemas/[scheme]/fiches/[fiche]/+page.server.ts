import { error } from '@sveltejs/kit';
import { can, roleIn } from '$lib/domain/policy';
import { getDb } from '$lib/server/app-db';
import { currentScheme } from '$lib/server/auth/guards';
import { getFicheHistory } from '$lib/server/plan/fiche-history';
import { listLinkedFiches } from '$lib/server/plan/fiche-links';
import { listLineage } from '$lib/server/generations/generations.queries';
import { listPilotOrganisationIds } from '$lib/server/plan/fiche-edit.service';
import { getFicheDetail } from '$lib/server/plan/plan.service';
import { listFicheAmendments } from '$lib/server/plan-admin/amendments.service';
import { listPeriods } from '$lib/server/reporting/periods.service';
import { listFicheDecisions } from '$lib/server/review/meetings.service';
import { getFicheProgress } from '$lib/server/dashboard/fiche-progress';
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
	if (!detail.fiche) {
		error(404, {
			message: 'Fiche action introuvable',
			hint: `Le schéma « ${detail.scheme.title} » n’a pas de fiche « ${params.fiche} ». Utilisez « Retour au schéma » pour retrouver la liste de ses fiches actions.`
		});
	}
	const user = event.locals.user;
	const scheme = currentScheme(event);
	// People's names in the history are for the scheme's members, not for every visitor.
	const member = roleIn(user, scheme.schemeId) !== null;
	const [pilotIds, history, amendments, periods, decisions, progress, linked, lineage] =
		await Promise.all([
			listPilotOrganisationIds(db, detail.ficheId),
			member ? getFicheHistory(db, detail.ficheId) : Promise.resolve([]),
			listFicheAmendments(db, detail.ficheId),
			user ? listPeriods(db, user, params.scheme) : Promise.resolve(null),
			listFicheDecisions(db, detail.ficheId),
			getFicheProgress(db, user, { scheme: params.scheme, fiche: params.fiche }),
			listLinkedFiches(db, user, detail.ficheId),
			// The same action in the previous and next generations of the scheme (issue 18).
			listLineage(db, user, scheme.schemeId).then((all) =>
				all.filter((l) => l.ficheId === detail.ficheId)
			)
		]);
	const canEdit = can(user, 'fiche.edit', { ...scheme, pilotOrganisationIds: pilotIds });
	// Entry links for the periods open now, to those who may enter this fiche's figures.
	const openPeriods =
		canEdit && periods?.ok
			? periods.periods
					.filter((p) => p.state === 'ouverte')
					.map((p) => ({ code: p.code, label: p.label }))
			: [];
	return {
		scheme: detail.scheme,
		fiche: detail.fiche,
		previous: detail.neighbours.previous,
		next: detail.neighbours.next,
		position: detail.neighbours.position,
		total: detail.neighbours.total,
		canEdit,
		openPeriods,
		signedIn: user !== null,
		isAdministrator: can(user, 'scheme.configure', scheme),
		history,
		amendments,
		decisions,
		linked,
		lineage,
		progress: progress.ok ? progress.progress : null,
		saved: url.searchParams.has('enregistre')
	};
};
