import { error, fail } from '@sveltejs/kit';
import { fieldErrors } from '$lib/domain/fiche-edit';
import {
	ficheMoveSchema,
	nodeFormSchema,
	nodeParentSchema,
	reorderSchema
} from '$lib/domain/structure-forms';
import { getDb } from '$lib/server/app-db';
import { authorizeUser } from '$lib/server/auth/guards';
import {
	failFrom,
	failMalformed,
	idOf,
	readForm,
	versionOf
} from '$lib/server/plan-admin/form-actions';
import {
	createNode,
	deleteNode,
	getStructure,
	moveFiche,
	moveNode,
	reorderNode,
	updateNode
} from '$lib/server/plan-admin/structure.service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	authorizeUser(event, 'scheme.configure');
	const structure = await getStructure(getDb(), event.params.scheme);
	if (!structure) error(404, { message: 'Schéma introuvable' });
	return { ...structure, created: event.url.searchParams.has('cree') };
};

/** The node (or fiche) a form is about, and the version it was based on: both required. */
function targetOf(values: Record<string, string>, key: 'nodeId' | 'ficheId') {
	return { id: idOf(values[key]), version: versionOf(values.version) };
}

export const actions: Actions = {
	createNode: async (event) => {
		const user = authorizeUser(event, 'scheme.configure');
		const { values } = await readForm(event.request);
		const parent = nodeParentSchema.parse(values).parentId;
		const target = `create-${parent ?? 'racine'}`;
		const parsed = nodeFormSchema.safeParse(values);
		if (!parsed.success) return fail(400, { target, values, errors: fieldErrors(parsed.error) });
		const result = await createNode(getDb(), user, event.params.scheme, parent, parsed.data);
		if (!result.ok) return failFrom(result, { target, values });
		return { target, done: `Niveau « ${parsed.data.code} » ajouté.` };
	},

	rename: async (event) => {
		const user = authorizeUser(event, 'scheme.configure');
		const { values } = await readForm(event.request);
		const { id, version } = targetOf(values, 'nodeId');
		const target = `rename-${id}`;
		if (!id || !version) return failMalformed({ target });
		const parsed = nodeFormSchema.safeParse(values);
		if (!parsed.success) return fail(400, { target, values, errors: fieldErrors(parsed.error) });
		const result = await updateNode(getDb(), user, event.params.scheme, id, parsed.data, version);
		if (!result.ok) return failFrom(result, { target, values });
		return { target, done: `Niveau « ${parsed.data.code} » enregistré.` };
	},

	reorder: async (event) => {
		const user = authorizeUser(event, 'scheme.configure');
		const { values } = await readForm(event.request);
		const { id, version } = targetOf(values, 'nodeId');
		const target = `node-${id}`;
		const parsed = reorderSchema.safeParse(values);
		if (!id || !version || !parsed.success) return failMalformed({ target });
		const result = await reorderNode(
			getDb(),
			user,
			event.params.scheme,
			id,
			parsed.data.direction,
			version
		);
		if (!result.ok) return failFrom(result, { target, values });
		return { target, done: parsed.data.direction === 'up' ? 'Niveau monté.' : 'Niveau descendu.' };
	},

	reparent: async (event) => {
		const user = authorizeUser(event, 'scheme.configure');
		const { values } = await readForm(event.request);
		const { id, version } = targetOf(values, 'nodeId');
		const target = `reparent-${id}`;
		if (!id || !version) return failMalformed({ target });
		const { parentId } = nodeParentSchema.parse(values);
		const result = await moveNode(getDb(), user, event.params.scheme, id, parentId, version);
		if (!result.ok) return failFrom(result, { target, values });
		return { target, done: 'Niveau déplacé.' };
	},

	deleteNode: async (event) => {
		const user = authorizeUser(event, 'scheme.configure');
		const { values } = await readForm(event.request);
		const { id, version } = targetOf(values, 'nodeId');
		const target = `delete-${id}`;
		if (!id || !version) return failMalformed({ target });
		const result = await deleteNode(getDb(), user, event.params.scheme, id, version);
		if (!result.ok) return failFrom(result, { target, values });
		return { target: 'racine', done: 'Niveau supprimé.' };
	},

	moveFiche: async (event) => {
		const user = authorizeUser(event, 'scheme.configure');
		const { values } = await readForm(event.request);
		const { id, version } = targetOf(values, 'ficheId');
		const target = `fiche-${id}`;
		if (!id || !version) return failMalformed({ target });
		const parsed = ficheMoveSchema.safeParse(values);
		if (!parsed.success) return fail(400, { target, values, errors: fieldErrors(parsed.error) });
		const result = await moveFiche(
			getDb(),
			user,
			event.params.scheme,
			id,
			parsed.data.nodeId,
			version
		);
		if (!result.ok) return failFrom(result, { target, values });
		return { target, done: 'Fiche déplacée.' };
	}
};
