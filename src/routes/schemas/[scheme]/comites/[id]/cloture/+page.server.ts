import { error, fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { authorizeUser } from '$lib/server/auth/guards';
import { formVersionOf, routeIdOf } from '$lib/server/review/meeting-forms';
import { closeMeeting, getMeeting } from '$lib/server/review/meetings.service';
import type { Actions, PageServerLoad } from './$types';
import { readFormData } from '$lib/server/http/forms';

function where(params: { scheme: string; id: string }) {
	const meeting = routeIdOf(params.id);
	if (!meeting) error(404, { message: 'Réunion introuvable' });
	return { scheme: params.scheme, meeting };
}

/** Closing asks for confirmation on its own page: it cannot be undone. */
export const load: PageServerLoad = async (event) => {
	const user = authorizeUser(event, 'meeting.manage');
	const result = await getMeeting(getDb(), user, where(event.params));
	if (!result.ok) error(result.reason === 'forbidden' ? 403 : 404, { message: result.message });
	if (result.meeting.state === 'closed') {
		redirect(303, `/schemas/${event.params.scheme}/comites/${result.meeting.id}`);
	}
	return {
		scheme: result.scheme,
		meeting: {
			id: result.meeting.id,
			title: result.meeting.title,
			heldOn: result.meeting.heldOn,
			period: result.meeting.period,
			version: result.meeting.version,
			decisionCount: result.meeting.decisionCount
		}
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = authorizeUser(event, 'meeting.manage');
		const target = where(event.params);
		const form = Object.fromEntries(await readFormData(event.request));
		const version = formVersionOf(form.version);
		if (!version)
			return fail(400, {
				errors: { _form: 'Formulaire incomplet : rechargez la page et recommencez.' }
			});
		const result = await closeMeeting(getDb(), user, target, version);
		if (result.ok) redirect(303, `/schemas/${target.scheme}/comites/${target.meeting}?close=1`);
		if (result.reason === 'conflict') {
			return fail(409, {
				errors: {
					_form: `${result.message} Vérifiez la réunion avant de la clore : rechargez cette page.`
				}
			});
		}
		if (result.reason === 'locked') return fail(409, { errors: { _form: result.message } });
		error(result.reason === 'forbidden' ? 403 : 404, { message: result.message });
	}
};
