import { error, fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/app-db';
import { authorizeUser } from '$lib/server/auth/guards';
import {
	DECISION_FIELD_LABELS,
	formVersionOf,
	readListForm,
	routeIdOf
} from '$lib/server/review/meeting-forms';
import {
	deleteDecision,
	getMeeting,
	getMeetingOptions,
	updateDecision,
	type DecisionView
} from '$lib/server/review/meetings.service';
import type { Actions, PageServerLoad } from './$types';
import { readFormData } from '$lib/server/http/forms';

function where(params: { scheme: string; id: string; decision: string }) {
	const meeting = routeIdOf(params.id);
	const decision = routeIdOf(params.decision);
	if (!meeting || !decision) error(404, { message: 'Décision introuvable' });
	return { scheme: params.scheme, meeting, decision };
}

const formValues = (d: DecisionView) => ({
	text: d.text,
	fiches: d.fiches.map((f) => f.slug),
	followUpOrganisation: d.followUp.organisation?.slug ?? '',
	followUpLabel: d.followUp.label ?? '',
	dueOn: d.dueOn ?? ''
});

export const load: PageServerLoad = async (event) => {
	const user = authorizeUser(event, 'meeting.manage');
	const db = getDb();
	const target = where(event.params);
	const meeting = await getMeeting(db, user, target);
	if (!meeting.ok) error(meeting.reason === 'forbidden' ? 403 : 404, { message: meeting.message });
	const decision = meeting.meeting.decisions.find((d) => d.id === target.decision);
	if (!decision) error(404, { message: 'Décision introuvable' });
	if (meeting.meeting.state === 'closed') {
		error(409, {
			message: 'Réunion close',
			hint: 'Les décisions d’une réunion close ne se modifient plus.'
		});
	}
	const options = await getMeetingOptions(db, user, event.params.scheme);
	if (!options.ok) error(options.reason === 'forbidden' ? 403 : 404, { message: options.message });
	return {
		scheme: meeting.scheme,
		meeting: { id: meeting.meeting.id, title: meeting.meeting.title },
		decision: { id: decision.id, position: decision.position, version: decision.version },
		initial: formValues(decision),
		options: options.options,
		labels: DECISION_FIELD_LABELS
	};
};

export const actions: Actions = {
	modifier: async (event) => {
		const user = authorizeUser(event, 'meeting.manage');
		const db = getDb();
		const target = where(event.params);
		const form = readListForm(await readFormData(event.request), ['fiches']);
		const values = {
			text: String(form.text ?? ''),
			fiches: form.fiches as string[],
			followUpOrganisation: String(form.followUpOrganisation ?? ''),
			followUpLabel: String(form.followUpLabel ?? ''),
			dueOn: String(form.dueOn ?? '')
		};
		const version = formVersionOf(form.version);
		if (!version) {
			return fail(400, {
				values,
				errors: { _form: 'Formulaire incomplet : rechargez la page et recommencez.' }
			});
		}
		const result = await updateDecision(db, user, target, form, version);
		if (result.ok)
			redirect(303, `/schemas/${target.scheme}/comites/${target.meeting}?decision=1#decisions`);
		switch (result.reason) {
			case 'invalid':
				return fail(400, { values, errors: result.errors });
			case 'locked':
				return fail(409, { values, errors: { _form: result.message } });
			case 'conflict': {
				const current = formValues(result.current);
				const options = await getMeetingOptions(db, user, target.scheme);
				const fiches = new Map(
					options.ok ? options.options.fiches.map((f) => [f.slug, `n°${f.number}`]) : []
				);
				const orgs = new Map(
					options.ok ? options.options.organisations.map((o) => [o.slug, o.shortName]) : []
				);
				const row = (field: keyof typeof current, show: (v: typeof current) => string) => ({
					label: DECISION_FIELD_LABELS[field],
					mine: show(values),
					saved: show(current)
				});
				return fail(409, {
					values,
					errors: {},
					conflict: {
						message: result.message,
						currentVersion: result.current.version,
						rows: [
							row('text', (v) => v.text),
							row('fiches', (v) => v.fiches.map((s) => fiches.get(s) ?? s).join(', ')),
							row(
								'followUpOrganisation',
								(v) => orgs.get(v.followUpOrganisation) ?? v.followUpOrganisation
							),
							row('followUpLabel', (v) => v.followUpLabel),
							row('dueOn', (v) => v.dueOn)
						]
					}
				});
			}
			default:
				error(result.reason === 'forbidden' ? 403 : 404, { message: result.message });
		}
	},
	supprimer: async (event) => {
		const user = authorizeUser(event, 'meeting.manage');
		const target = where(event.params);
		const form = Object.fromEntries(await readFormData(event.request));
		const version = formVersionOf(form.version);
		if (!version) {
			return fail(400, {
				errors: { _form: 'Formulaire incomplet : rechargez la page et recommencez.' }
			});
		}
		const result = await deleteDecision(getDb(), user, target, version);
		if (result.ok)
			redirect(303, `/schemas/${target.scheme}/comites/${target.meeting}?supprime=1#decisions`);
		if (result.reason === 'conflict') {
			return fail(409, {
				errors: { _form: `${result.message} Relisez-la avant de la supprimer.` }
			});
		}
		if (result.reason === 'locked') return fail(409, { errors: { _form: result.message } });
		error(result.reason === 'forbidden' ? 403 : 404, { message: result.message });
	}
};
