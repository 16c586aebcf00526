import { fail } from '@sveltejs/kit';
import { CAMPAIGN_FILTER_PARAM, parseCampaignFilter } from '$lib/domain/campaign';
import { getDb } from '$lib/server/app-db';
import { authorizeUser, refusePage } from '$lib/server/auth/guards';
import { readFormStrings } from '$lib/server/http/forms';
import { filterChoices } from '$lib/server/reporting/campaign';
import { getCampaign } from '$lib/server/reporting/campaign.service';
import { getPeriod } from '$lib/server/reporting/periods.service';
import { remindOrganisation } from '$lib/server/reporting/reminders.service';
import { reminderDaysText } from '$lib/domain/notifications';
import {
	readReminderDays,
	updateReminderDays
} from '$lib/server/notifications/reminder-settings.service';
import type { Actions, PageServerLoad } from './$types';

// The campaign of a period, for the scheme's coordination: load → fold (reporting/campaign.ts) → view.

export const load: PageServerLoad = async (event) => {
	const user = authorizeUser(event, 'figure.review');
	const db = getDb();
	const filter = parseCampaignFilter(event.url.searchParams.get(CAMPAIGN_FILTER_PARAM));
	const result = await getCampaign(db, user, event.params, filter);
	if (!result.ok) refusePage(event, result);
	const { ok: _ok, ...campaign } = result;
	const period = await getPeriod(db, user, event.params);
	return {
		campaign,
		filters: filterChoices(campaign),
		canManage: period.ok && period.canManage,
		reminderDays: await readReminderDays(db, campaign.scheme.slug)
	};
};

export const actions: Actions = {
	/** The scheme's automatic reminders: days before the closing of each period (« 7, 1 »). */
	rappels: async (event) => {
		const user = authorizeUser(event, 'period.manage');
		const values = await readFormStrings(event.request);
		const text = values.reminderDays ?? '';
		const result = await updateReminderDays(getDb(), user, event.params.scheme, text);
		if (result.ok)
			return {
				reminders: {
					values: { reminderDays: text },
					errors: {} as Record<string, string>,
					done: reminderDaysText(result.days)
				}
			};
		if (result.reason === 'invalid')
			return fail(400, {
				reminders: { values: { reminderDays: text }, errors: result.errors, done: null }
			});
		refusePage(event, result);
	},

	/** « Relancer »: records a reminder of the organisation for this period (not twice in an hour). */
	relancer: async (event) => {
		const user = authorizeUser(event, 'figure.review');
		const values = await readFormStrings(event.request);
		const organisation = values.organisation ?? '';
		const result = await remindOrganisation(getDb(), user, event.params, organisation);
		if (result.ok) return { organisation, done: result.message, error: null };
		switch (result.reason) {
			case 'invalid':
				return fail(400, { organisation, done: null, error: result.errors.organisation });
			case 'too_soon':
				return fail(429, { organisation, done: null, error: result.message });
			case 'nothing_left':
			case 'locked':
				return fail(409, { organisation, done: null, error: result.message });
			default:
				refusePage(event, result);
		}
	}
};
