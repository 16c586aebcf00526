import { error, fail, redirect } from '@sveltejs/kit';
import {
	FICHE_FIELD_LABELS,
	applyMergeChoices,
	mergeFicheValues,
	ficheContentSchema,
	ficheFrameSchema,
	fieldErrors,
	toFormValues,
	versionSchema,
	type FicheFormValues
} from '$lib/domain/fiche-edit';
import { can } from '$lib/domain/policy';
import { getDb } from '$lib/server/app-db';
import { currentScheme, requireUser } from '$lib/server/auth/guards';
import {
	getFicheForEdit,
	updateFiche,
	type FicheChanges
} from '$lib/server/plan/fiche-edit.service';
import type { Actions, PageServerLoad } from './$types';
import { readFormData } from '$lib/server/http/forms';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const result = await getFicheForEdit(getDb(), user, event.params);
	if (!result.ok && result.reason === 'not_found') error(404, { message: 'Fiche introuvable' });
	if (!result.ok)
		error(403, {
			message:
				'Vous ne pouvez pas modifier cette fiche : seuls ses pilotes et la coordination du schéma le peuvent.'
		});
	return {
		scheme: result.scheme,
		fiche: result.fiche,
		values: toFormValues(result.snapshot),
		isAdministrator: can(user, 'scheme.configure', currentScheme(event))
	};
};

const FRAME_FIELDS: (keyof FicheFormValues)[] = [
	'number',
	'title',
	'priorityLabel',
	'links',
	'pilots'
];

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event);
		// Rights first, so a refused user learns nothing from validation messages.
		const editable = await getFicheForEdit(getDb(), user, event.params);
		if (!editable.ok) {
			error(editable.reason === 'not_found' ? 404 : 403, {
				message:
					editable.reason === 'not_found'
						? 'Fiche introuvable'
						: 'Vous ne pouvez pas modifier cette fiche.'
			});
		}
		// After a conflict, a field where the editor chose their own text takes it back.
		const form = applyMergeChoices(
			Object.fromEntries(
				[...(await readFormData(event.request)).entries()].map(([k, v]) => [k, String(v)])
			)
		);
		const values = form as FicheFormValues & { version: string };
		// The frame (number, title, pilots, links) is the coordination's.
		const admin = can(user, 'scheme.configure', currentScheme(event));
		const content = ficheContentSchema.safeParse(form);
		const frame = admin ? ficheFrameSchema.safeParse(form) : null;
		const version = versionSchema.safeParse(form.version);
		if (!content.success || (frame && !frame.success) || !version.success) {
			const errors = {
				...(content.success ? {} : fieldErrors(content.error)),
				...(frame && !frame.success ? fieldErrors(frame.error) : {}),
				...(version.success ? {} : { _form: 'Le formulaire est incomplet : rechargez la page.' })
			};
			return fail(400, { values, errors });
		}
		const changes: FicheChanges = { ...content.data, ...(frame?.success ? frame.data : {}) };
		const result = await updateFiche(getDb(), user, event.params, changes, version.data);
		if (result.ok)
			redirect(303, `/schemas/${event.params.scheme}/fiches/${result.slug}?enregistre=1`);
		if (result.reason === 'invalid')
			return fail(400, { values, errors: { [result.field]: result.message } });
		if (result.reason === 'conflict') {
			// Someone saved first: nothing written. Fields only one side changed merge on their own;
			// those both changed keep the saved text unless the editor chooses theirs.
			const theirs = toFormValues(result.current);
			const base = Object.fromEntries(
				Object.keys(FICHE_FIELD_LABELS)
					.filter((f) => typeof form[`base.${f}`] === 'string')
					.map((f) => [f, form[`base.${f}`]])
			) as Partial<FicheFormValues>;
			const fields = (Object.keys(FICHE_FIELD_LABELS) as (keyof FicheFormValues)[]).filter(
				(f) => admin || !FRAME_FIELDS.includes(f)
			);
			const merge = mergeFicheValues(base, theirs, values, fields);
			return fail(409, {
				values: merge.merged,
				errors: {},
				conflict: {
					theirs,
					currentVersion: result.currentVersion,
					savedBy: result.savedBy,
					savedAt: result.savedAt,
					fields: merge.conflicts,
					keptMine: merge.keptMine
				}
			});
		}
		error(result.reason === 'not_found' ? 404 : 403, {
			message:
				result.reason === 'not_found'
					? 'Fiche introuvable'
					: 'Vous ne pouvez pas modifier cette fiche.'
		});
	}
};
