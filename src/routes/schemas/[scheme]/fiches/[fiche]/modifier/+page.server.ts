import { error, fail, redirect } from '@sveltejs/kit';
import {
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
		const form = Object.fromEntries(await readFormData(event.request));
		const values = Object.fromEntries(
			Object.entries(form).map(([k, v]) => [k, String(v)])
		) as FicheFormValues & { version: string };
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
			// Someone saved first: overwrite nothing, show both versions side by side.
			return fail(409, {
				values,
				errors: {},
				conflict: { theirs: toFormValues(result.current), currentVersion: result.currentVersion }
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
