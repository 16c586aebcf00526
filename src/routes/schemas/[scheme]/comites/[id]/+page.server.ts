import { error, fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { can } from '$lib/domain/policy';
import { authorizeUser, currentScheme, requireUser } from '$lib/server/auth/guards';
import {
	MEETING_FIELD_LABELS,
	formVersionOf,
	readListForm,
	routeIdOf
} from '$lib/server/review/meeting-forms';
import {
	deleteMeeting,
	getMeeting,
	getMeetingOptions,
	listOpenDecisionsFor,
	setDecisionState,
	updateMeeting
} from '$lib/server/review/meetings.service';
import type { Actions, PageServerLoad } from './$types';
import { readFormData } from '$lib/server/http/forms';

function meetingId(segment: string): number {
	const id = routeIdOf(segment);
	if (!id) error(404, { message: 'Réunion introuvable' });
	return id;
}

export const load: PageServerLoad = async (event) => {
	const db = getDb();
	const user = event.locals.user;
	const result = await getMeeting(db, user, {
		scheme: event.params.scheme,
		meeting: meetingId(event.params.id)
	});
	if (!result.ok) {
		if (result.reason === 'forbidden') requireUser(event);
		error(result.reason === 'forbidden' ? 403 : 404, {
			message: 'Réunion introuvable',
			hint: result.message
		});
	}
	// The edit form only for administrators, and only while the meeting is open.
	const options =
		result.canManage && user ? await getMeetingOptions(db, user, event.params.scheme) : null;
	const flags = event.url.searchParams;
	// Following decisions up goes on after the meeting is closed: the coordination's, open or not.
	const canFollowUp = can(user, 'meeting.manage', currentScheme(event));
	return {
		...result,
		canFollowUp,
		openDecisions: canFollowUp
			? await listOpenDecisionsFor(db, result.meeting, currentScheme(event).schemeId)
			: [],
		options: options?.ok ? options.options : null,
		labels: MEETING_FIELD_LABELS,
		notice: flags.has('cree')
			? 'Réunion enregistrée. Ajoutez ses décisions, puis clôturez-la pour figer le dossier examiné.'
			: flags.has('enregistre')
				? 'Modifications enregistrées.'
				: flags.has('decision')
					? 'Décision enregistrée.'
					: flags.has('supprime')
						? 'Décision supprimée.'
						: flags.has('suivi')
							? 'Suivi de la décision enregistré.'
							: flags.has('close')
								? 'Réunion close : son dossier de revue est figé.'
								: null
	};
};

export const actions: Actions = {
	suivi: async (event) => {
		const user = authorizeUser(event, 'meeting.manage');
		const where = { scheme: event.params.scheme, meeting: meetingId(event.params.id) };
		const form = Object.fromEntries(await readFormData(event.request));
		const decision = routeIdOf(String(form.decision ?? ''));
		const version = formVersionOf(form.version);
		if (!decision || !version) {
			return fail(400, {
				scope: 'suivi' as const,
				errors: { _form: 'Formulaire incomplet : rechargez la page et recommencez.' }
			});
		}
		const result = await setDecisionState(
			getDb(),
			user,
			{ ...where, decision },
			form.state,
			version
		);
		if (result.ok) redirect(303, `/schemas/${where.scheme}/comites/${where.meeting}?suivi=1`);
		switch (result.reason) {
			case 'invalid':
				return fail(400, { scope: 'suivi' as const, errors: result.errors });
			case 'conflict':
				return fail(409, { scope: 'suivi' as const, errors: { _form: result.message } });
			default:
				error(result.reason === 'forbidden' ? 403 : 404, { message: result.message });
		}
	},
	supprimer: async (event) => {
		const user = authorizeUser(event, 'meeting.manage');
		const where = { scheme: event.params.scheme, meeting: meetingId(event.params.id) };
		const form = Object.fromEntries(await readFormData(event.request));
		const version = formVersionOf(form.version);
		if (!version) {
			return fail(400, {
				scope: 'supprimer' as const,
				errors: { _form: 'Formulaire incomplet : rechargez la page et recommencez.' }
			});
		}
		const result = await deleteMeeting(getDb(), user, where, version);
		if (result.ok) redirect(303, `/schemas/${where.scheme}/comites?supprimee=1`);
		switch (result.reason) {
			case 'locked':
			case 'conflict':
				return fail(409, { scope: 'supprimer' as const, errors: { _form: result.message } });
			default:
				error(result.reason === 'forbidden' ? 403 : 404, { message: result.message });
		}
	},
	modifier: async (event) => {
		const user = authorizeUser(event, 'meeting.manage');
		const db = getDb();
		const where = { scheme: event.params.scheme, meeting: meetingId(event.params.id) };
		const form = readListForm(await readFormData(event.request), ['attendees']);
		const values = {
			title: String(form.title ?? ''),
			heldOn: String(form.heldOn ?? ''),
			period: String(form.period ?? ''),
			attendees: form.attendees as string[]
		};
		const version = formVersionOf(form.version);
		if (!version) {
			return fail(400, {
				values,
				errors: { _form: 'Formulaire incomplet : rechargez la page et recommencez.' }
			});
		}
		const result = await updateMeeting(db, user, where, form, version);
		if (result.ok) redirect(303, `/schemas/${where.scheme}/comites/${where.meeting}?enregistre=1`);
		switch (result.reason) {
			case 'invalid':
				return fail(400, { values, errors: result.errors });
			case 'locked':
				return fail(409, { values, errors: { _form: result.message } });
			case 'conflict': {
				// Nothing was written: show both versions; the form keeps what was typed.
				const options = await getMeetingOptions(db, user, where.scheme);
				const names = new Map(
					options.ok ? options.options.organisations.map((o) => [o.slug, o.shortName]) : []
				);
				const periods = new Map(
					options.ok ? options.options.periods.map((p) => [p.code, p.label]) : []
				);
				const current = result.current;
				return fail(409, {
					values,
					errors: {},
					conflict: {
						message: result.message,
						currentVersion: current.version,
						rows: [
							{ label: MEETING_FIELD_LABELS.title, mine: values.title, saved: current.title },
							{ label: MEETING_FIELD_LABELS.heldOn, mine: values.heldOn, saved: current.heldOn },
							{
								label: MEETING_FIELD_LABELS.period,
								mine: periods.get(values.period) ?? values.period,
								saved: current.period.label
							},
							{
								label: MEETING_FIELD_LABELS.attendees,
								mine: values.attendees
									.map((s) => names.get(s) ?? s)
									.sort()
									.join('\n'),
								saved: current.attendees
									.map((a) => a.shortName)
									.sort()
									.join('\n')
							}
						]
					}
				});
			}
			default:
				error(result.reason === 'forbidden' ? 403 : 404, { message: result.message });
		}
	}
};
