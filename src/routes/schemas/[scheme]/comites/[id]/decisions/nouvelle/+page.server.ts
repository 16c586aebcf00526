import { error, fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { authorizeUser } from '$lib/server/auth/guards';
import { DECISION_FIELD_LABELS, readListForm, routeIdOf } from '$lib/server/review/meeting-forms';
import { addDecision, getMeeting, getMeetingOptions } from '$lib/server/review/meetings.service';
import type { Actions, PageServerLoad } from './$types';
import { readFormData } from '$lib/server/http/forms';

function where(params: { scheme: string; id: string }) {
	const meeting = routeIdOf(params.id);
	if (!meeting) error(404, { message: 'Réunion introuvable' });
	return { scheme: params.scheme, meeting };
}

export const load: PageServerLoad = async (event) => {
	const user = authorizeUser(event, 'meeting.manage');
	const db = getDb();
	const meeting = await getMeeting(db, user, where(event.params));
	if (!meeting.ok) error(meeting.reason === 'forbidden' ? 403 : 404, { message: meeting.message });
	if (meeting.meeting.state === 'closed') {
		error(409, { message: 'Réunion close', hint: 'Une réunion close ne reçoit plus de décision.' });
	}
	const options = await getMeetingOptions(db, user, event.params.scheme);
	if (!options.ok) error(options.reason === 'forbidden' ? 403 : 404, { message: options.message });
	return {
		scheme: meeting.scheme,
		meeting: { id: meeting.meeting.id, title: meeting.meeting.title },
		options: options.options,
		labels: DECISION_FIELD_LABELS
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = authorizeUser(event, 'meeting.manage');
		const target = where(event.params);
		const form = readListForm(await readFormData(event.request), ['fiches']);
		const values = {
			text: String(form.text ?? ''),
			fiches: form.fiches as string[],
			followUpOrganisation: String(form.followUpOrganisation ?? ''),
			followUpLabel: String(form.followUpLabel ?? ''),
			dueOn: String(form.dueOn ?? '')
		};
		const result = await addDecision(getDb(), user, target, form);
		if (result.ok)
			redirect(303, `/schemas/${target.scheme}/comites/${target.meeting}?decision=1#decisions`);
		if (result.reason === 'invalid') return fail(400, { values, errors: result.errors });
		if (result.reason === 'locked') return fail(409, { values, errors: { _form: result.message } });
		error(result.reason === 'forbidden' ? 403 : 404, { message: result.message });
	}
};
