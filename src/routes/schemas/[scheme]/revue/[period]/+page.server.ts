import { error } from '@sveltejs/kit';
import { can } from '$lib/domain/policy';
import { getDb } from '$lib/server/app-db';
import { currentScheme, requireUser } from '$lib/server/auth/guards';
import { loadBilanForLastPeriod } from '$lib/server/bilan/bilan.service';
import { listMeetings } from '$lib/server/review/meetings.service';
import { getReviewPack } from '$lib/server/review/review.service';
import type { PageServerLoad } from './$types';

// A document to read and print: no hydration, so the pack's data is not sent a second time as JSON.
export const csr = false;

export const load: PageServerLoad = async (event) => {
	const db = getDb();
	const user = event.locals.user;
	const result = await getReviewPack(db, user, {
		scheme: event.params.scheme,
		period: event.params.period
	});
	if (!result.ok) {
		if (result.reason === 'forbidden') requireUser(event);
		error(result.reason === 'forbidden' ? 403 : 404, {
			message: result.reason === 'forbidden' ? 'Accès refusé' : 'Dossier de revue introuvable',
			hint: result.message
		});
	}
	const meetings = await listMeetings(db, user, event.params.scheme);
	return {
		pack: result.pack,
		// Meetings that reviewed this period: their frozen packs are what each committee saw.
		meetings: meetings.ok
			? meetings.meetings
					.filter((m) => m.period.code === result.pack.period.code)
					.map((m) => ({
						id: m.id,
						title: m.title,
						heldOn: m.heldOn,
						state: m.state,
						stateLabel: m.stateLabel
					}))
			: [],
		canManage: can(user, 'meeting.manage', currentScheme(event)),
		// The last period's pack ends with the end-of-scheme bilan (issue 18).
		endBilan: await loadBilanForLastPeriod(db, user, event.params.scheme, result.pack.period.code)
	};
};
