import { fail, type RequestEvent } from '@sveltejs/kit';
import { readEntryForm } from '$lib/domain/figures';
import { can } from '$lib/domain/policy';
import { getDb } from '$lib/server/app-db';
import {
	authorizeUser,
	currentScheme,
	requireFicheAction,
	refusePage
} from '$lib/server/auth/guards';
import { readFormStrings } from '$lib/server/http/forms';
import { getBilan, saveBilan } from '$lib/server/reporting/bilans.service';
import {
	getEntrySheetWithHistory,
	reviewFiche,
	saveDraft,
	submitFiche,
	withdrawSubmission
} from '$lib/server/reporting/figures.service';
import { listMilestones } from '$lib/server/reporting/milestones.service';
import {
	conflictRows,
	entryValuesFromForm,
	readReviewForm,
	reviewErrorField
} from '$lib/ui/reporting/entry-grid';
import { describeFigureEvent, type HistoryLine } from '$lib/ui/reporting/history';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const db = getDb();
	const user = event.locals.user;
	const where = event.params;
	const result = await getEntrySheetWithHistory(db, user, where);
	if (!result.ok) refusePage(event, result);
	const [bilan, milestones] = await Promise.all([
		getBilan(db, user, where),
		listMilestones(db, user, { scheme: where.scheme, fiche: where.fiche })
	]);
	// The history is for the pilots of the fiche and the coordination; others get none.
	const historyByLine: Record<string, HistoryLine[]> = {};
	for (const e of result.history ?? []) (historyByLine[e.key] ??= []).push(describeFigureEvent(e));
	return {
		sheet: result.sheet,
		bilan: bilan.ok ? { ...bilan.bilan, canEdit: bilan.canEdit } : null,
		history: result.history ? historyByLine : null,
		milestones: milestones.ok
			? {
					count: milestones.milestones.length,
					overdue: milestones.overdueCount,
					demo: milestones.milestones.some((m) => m.demo)
				}
			: null,
		isAdministrator: can(user, 'figure.review', currentScheme(event)),
		signedIn: user !== null
	};
};

/** Saves the grid as drafts, or submits it: the same checks, answers and conflict screen. */
async function entryAction(
	event: RequestEvent<{ scheme: string; period: string; fiche: string }>,
	mode: 'draft' | 'submit'
) {
	const user = await requireFicheAction(event);
	const values = await readFormStrings(event.request);
	const read = readEntryForm(values);
	if (!read.ok) return fail(400, { action: 'entry' as const, values, errors: read.errors });
	const db = getDb();
	const result =
		mode === 'draft'
			? await saveDraft(db, user, event.params, read.rows)
			: await submitFiche(db, user, event.params, read.rows);
	if (result.ok) {
		return {
			action: 'entry' as const,
			saved: 'saved' in result ? result.saved : null,
			submitted: 'submitted' in result ? result.submitted : null
		};
	}
	switch (result.reason) {
		case 'invalid':
			return fail(400, { action: 'entry' as const, values, errors: result.errors });
		case 'locked':
			return fail(423, { action: 'entry' as const, values, errors: { _form: result.message } });
		case 'conflict': {
			// Someone saved first: nothing was written; both versions are shown side by side.
			const lines = result.current.lines;
			return fail(409, {
				action: 'entry' as const,
				values,
				errors: {} as Record<string, string>,
				conflict: {
					message: result.message,
					rows: conflictRows(lines, entryValuesFromForm(lines, values))
				}
			});
		}
		default:
			refusePage(event, result);
	}
}

export const actions: Actions = {
	saveDraft: (event) => entryAction(event, 'draft'),
	submit: (event) => entryAction(event, 'submit'),
	review: async (event) => {
		const user = authorizeUser(event, 'figure.review');
		const values = await readFormStrings(event.request);
		const input = readReviewForm(values);
		const result = await reviewFiche(getDb(), user, event.params, input);
		if (result.ok) {
			return {
				action: 'review' as const,
				validated: result.validated,
				sentBack: result.sentBack,
				undone: result.undone
			};
		}
		switch (result.reason) {
			case 'invalid': {
				const errors: Record<string, string> = {};
				for (const [key, message] of Object.entries(result.errors))
					errors[reviewErrorField(key, input)] ??= message;
				return fail(400, { action: 'review' as const, values, errors });
			}
			case 'locked':
			case 'conflict':
				return fail(result.reason === 'locked' ? 423 : 409, {
					action: 'review' as const,
					values,
					errors: { _form: result.message }
				});
			default:
				refusePage(event, result);
		}
	},
	withdraw: async (event) => {
		const user = await requireFicheAction(event, 'fiche.report');
		const result = await withdrawSubmission(getDb(), user, event.params);
		if (result.ok) return { action: 'entry' as const, withdrawn: result.withdrawn };
		switch (result.reason) {
			case 'invalid':
				return fail(400, { action: 'entry' as const, errors: result.errors });
			case 'locked':
				return fail(423, { action: 'entry' as const, errors: { _form: result.message } });
			default:
				refusePage(event, result);
		}
	},
	bilan: async (event) => {
		const user = await requireFicheAction(event);
		const values = await readFormStrings(event.request);
		const version = /^\d+$/.test(values.version ?? '') ? Number(values.version) : -1;
		if (version < 0) {
			return fail(400, {
				action: 'bilan' as const,
				values,
				errors: { _form: 'Le formulaire est incomplet : rechargez la page.' }
			});
		}
		const result = await saveBilan(getDb(), user, event.params, values, version);
		if (result.ok) return { action: 'bilan' as const, bilanSaved: true };
		switch (result.reason) {
			case 'invalid':
				return fail(400, { action: 'bilan' as const, values, errors: result.errors });
			case 'locked':
				return fail(423, { action: 'bilan' as const, values, errors: { _form: result.message } });
			case 'conflict':
				return fail(409, {
					action: 'bilan' as const,
					values,
					errors: {} as Record<string, string>,
					bilanConflict: { message: result.message, saved: result.current }
				});
			default:
				refusePage(event, result);
		}
	}
};
