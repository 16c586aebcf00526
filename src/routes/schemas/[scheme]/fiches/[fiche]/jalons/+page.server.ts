import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { requireFicheEditor, requireUser } from '$lib/server/auth/guards';
import {
	createMilestone,
	deleteMilestone,
	listMilestones,
	updateMilestone,
	type MilestoneView
} from '$lib/server/reporting/milestones.service';
import { loadScheme } from '$lib/server/reporting/reporting-context';
import { today } from '$lib/server/reporting/results';
import type { Actions, PageServerLoad } from './$types';

type Refusal = { reason: 'not_found' | 'forbidden'; message: string };

function refuse(event: Pick<RequestEvent, 'locals' | 'url'>, result: Refusal): never {
	if (result.reason === 'forbidden' && !event.locals.user) requireUser(event);
	error(result.reason === 'not_found' ? 404 : 403, { message: result.message });
}

async function readForm(request: Request): Promise<Record<string, string>> {
	const entries = Object.fromEntries(await request.formData());
	return Object.fromEntries(
		Object.entries(entries).filter((e): e is [string, string] => typeof e[1] === 'string')
	);
}

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
	refuse(event, result);
}

export const load: PageServerLoad = async (event) => {
	const db = getDb();
	const user = event.locals.user;
	const result = await listMilestones(db, user, event.params);
	if (!result.ok) refuse(event, result);
	const scheme = await loadScheme(db, user, event.params.scheme);
	if ('reason' in scheme) refuse(event, scheme);
	return {
		scheme: { slug: scheme.slug, title: scheme.title },
		fiche: result.fiche,
		milestones: result.milestones,
		canEdit: result.canEdit,
		overdueCount: result.overdueCount
	};
};

export const actions: Actions = {
	create: async (event) => {
		const user = await requireFicheEditor(event);
		const values = await readForm(event.request);
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
		const user = await requireFicheEditor(event);
		const values = await readForm(event.request);
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
		const user = await requireFicheEditor(event);
		const values = await readForm(event.request);
		const id = numberOf(values.id);
		const db = getDb();
		const list = await listMilestones(db, user, event.params);
		if (!list.ok) refuse(event, list);
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
		const user = await requireFicheEditor(event);
		const values = await readForm(event.request);
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
