import { fail, type RequestEvent } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { requireFicheAction, refusePage } from '$lib/server/auth/guards';
import { readFormStrings } from '$lib/server/http/forms';
import {
	createMilestone,
	deleteMilestone,
	listMilestones,
	updateMilestone,
	type MilestoneView
} from '$lib/server/reporting/milestones.service';
import { today } from '$lib/server/reporting/results';
import type { Actions, PageServerLoad } from './$types';

type Refusal = { reason: 'not_found' | 'forbidden'; message: string };

const numberOf = (text: string | undefined) => (/^\d+$/.test(text ?? '') ? Number(text) : -1);

type Scope = 'create' | 'update' | 'done' | 'delete';

function refusal(
	event: RequestEvent,
	scope: Scope,
	values: Record<string, string>,
	result:
		| Refusal
		| { reason: 'invalid'; errors: Record<string, string> }
		| { reason: 'conflict'; message: string; current: MilestoneView }
) {
	const id = numberOf(values.id);
	if (result.reason === 'invalid') {
		return fail(400, { scope, id, values, errors: result.errors, conflict: null });
	}
	if (result.reason === 'conflict') {
		// Someone changed the milestone meanwhile: nothing written, both versions shown.
		return fail(409, {
			scope,
			id,
			values,
			errors: { _form: result.message } as Record<string, string>,
			conflict: result.current as MilestoneView | null
		});
	}
	// A milestone deleted meanwhile: say so on the page rather than as an error page.
	if (result.reason === 'not_found' && scope !== 'create' && id > 0) {
		return fail(404, {
			scope,
			id,
			values,
			errors: { _form: result.message } as Record<string, string>,
			conflict: null
		});
	}
	refusePage(event, result);
}

export const load: PageServerLoad = async (event) => {
	const result = await listMilestones(getDb(), event.locals.user, event.params);
	if (!result.ok) refusePage(event, result);
	return {
		scheme: result.scheme,
		fiche: result.fiche,
		milestones: result.milestones,
		canEdit: result.canEdit,
		overdueCount: result.overdueCount
	};
};

export const actions: Actions = {
	create: async (event) => {
		const user = await requireFicheAction(event);
		const values = await readFormStrings(event.request);
		const result = await createMilestone(getDb(), user, event.params, values);
		if (result.ok)
			return {
				scope: 'create' as const,
				id: result.milestone.id,
				done: `Jalon « ${result.milestone.label} » ajouté.`
			};
		return refusal(event, 'create', values, result);
	},
	update: async (event) => {
		const user = await requireFicheAction(event);
		const values = await readFormStrings(event.request);
		const id = numberOf(values.id);
		const result = await updateMilestone(
			getDb(),
			user,
			event.params,
			id,
			values,
			numberOf(values.version)
		);
		if (result.ok)
			return {
				scope: 'update' as const,
				id,
				done: `Jalon « ${result.milestone.label} » enregistré.`
			};
		return refusal(event, 'update', values, result);
	},
	done: async (event) => {
		const user = await requireFicheAction(event);
		const values = await readFormStrings(event.request);
		const id = numberOf(values.id);
		const db = getDb();
		const list = await listMilestones(db, user, event.params);
		if (!list.ok) refusePage(event, list);
		const current = list.milestones.find((m) => m.id === id);
		if (!current)
			return refusal(event, 'done', values, {
				reason: 'not_found',
				message: 'Ce jalon n’existe pas (ou plus) pour cette fiche.'
			});
		// Same label and due date; the version the user saw guards against a concurrent change.
		const result = await updateMilestone(
			db,
			user,
			event.params,
			id,
			{ label: current.label, dueOn: current.dueOn, doneOn: today() },
			numberOf(values.version)
		);
		if (result.ok)
			return {
				scope: 'done' as const,
				id,
				done: `Jalon « ${result.milestone.label} » marqué comme réalisé.`
			};
		return refusal(event, 'done', values, result);
	},
	delete: async (event) => {
		const user = await requireFicheAction(event);
		const values = await readFormStrings(event.request);
		const result = await deleteMilestone(
			getDb(),
			user,
			event.params,
			numberOf(values.id),
			numberOf(values.version)
		);
		if (result.ok) return { scope: 'delete' as const, id: null, done: 'Jalon supprimé.' };
		return refusal(event, 'delete', values, result);
	}
};
