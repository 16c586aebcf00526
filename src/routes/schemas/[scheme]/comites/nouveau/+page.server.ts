import { todayInParis } from '$lib/domain/paris-time';
import { error, fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { authorizeUser } from '$lib/server/auth/guards';
import { MEETING_FIELD_LABELS, readListForm } from '$lib/server/review/meeting-forms';
import { createMeeting, getMeetingOptions } from '$lib/server/review/meetings.service';
import type { Actions, PageServerLoad } from './$types';
import { readFormData } from '$lib/server/http/forms';

export const load: PageServerLoad = async (event) => {
	const user = authorizeUser(event, 'meeting.manage');
	const result = await getMeetingOptions(getDb(), user, event.params.scheme);
	if (!result.ok) error(result.reason === 'forbidden' ? 403 : 404, { message: result.message });
	const wanted = event.url.searchParams.get('periode')?.toUpperCase() ?? '';
	const periods = result.options.periods;
	return {
		...result,
		labels: MEETING_FIELD_LABELS,
		initial: {
			title: '',
			heldOn: todayInParis(),
			// The period named in the address, else the latest one.
			period: periods.some((p) => p.code === wanted) ? wanted : (periods.at(-1)?.code ?? ''),
			attendees: [] as string[]
		}
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = authorizeUser(event, 'meeting.manage');
		const form = readListForm(await readFormData(event.request), ['attendees']);
		const values = {
			title: String(form.title ?? ''),
			heldOn: String(form.heldOn ?? ''),
			period: String(form.period ?? ''),
			attendees: form.attendees as string[]
		};
		const result = await createMeeting(getDb(), user, event.params.scheme, form);
		if (result.ok) {
			redirect(303, `/schemas/${event.params.scheme}/comites/${result.meeting.id}?cree=1`);
		}
		if (result.reason === 'invalid') return fail(400, { values, errors: result.errors });
		error(result.reason === 'forbidden' ? 403 : 404, { message: result.message });
	}
};
