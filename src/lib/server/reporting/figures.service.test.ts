import { beforeEach, describe, expect, it } from 'vitest';
import type { EntryRow } from '$lib/domain/figures';
import type { CurrentUser } from '../auth/auth.service';
import { listEntityEvents, replayEvents } from '../audit/audit.service';
import type { Db } from '../db/database';
import {
	getEntrySheet,
	getFigure,
	getFigureHistory,
	putFigure,
	reviewFiche,
	saveDraft,
	submitFiche
} from './figures.service';
import { changePeriodState, listPeriods } from './periods.service';
import { SCHEME, bookletDb, bookletUsers, openPeriod as open } from './reporting.fixture';

const sheet35 = { scheme: SCHEME, fiche: '35', period: '2019' };

let db: Db;
let users: Record<'admin' | 'cafPilot' | 'cdPilot' | 'reader', CurrentUser>;

const openPeriod = (code: string, opensOn?: string, closesOn?: string) =>
	open(db, users.admin, code, opensOn, closesOn);

const row = (key: string, value: string, extra: Partial<EntryRow> = {}): EntryRow => ({
	key,
	value,
	notAvailable: false,
	comment: null,
	version: null,
	...extra
});

async function lines(where = sheet35, user: CurrentUser = users.cafPilot) {
	const result = await getEntrySheet(db, user, where);
	if (!result.ok) throw new Error(result.reason);
	return result.sheet;
}

beforeEach(async () => {
	db = await bookletDb();
	users = await bookletUsers(db);
	await openPeriod('2019');
});

describe('entry sheet', () => {
	it('expects one line per annual indicator, and one per breakdown value (the 7 départements of fiche 31)', async () => {
		const sheet = await lines({ scheme: SCHEME, fiche: '31', period: '2019' }, users.admin);
		expect(sheet.lines).toHaveLength(2 + 1 + 1 + 7 + 1 + 7 + 1 + 7);
		const departments = sheet.lines.filter((l) => l.breakdown?.groupLabel === 'Département');
		expect(departments).toHaveLength(21);
		expect(new Set(departments.map((l) => l.breakdown!.label)).size).toBe(7);
		expect(sheet.progress).toEqual({
			expected: 27,
			entered: 0,
			submitted: 0,
			validated: 0,
			sentBack: 0
		});
		expect(sheet.status).toBe('a_saisir');
	});

	it('does not expect annual indicators in a quarter', async () => {
		await openPeriod('2019-T1');
		const sheet = await lines({ scheme: SCHEME, fiche: '35', period: '2019-T1' });
		expect(sheet.lines).toHaveLength(0);
		expect(sheet.canSubmit).toBe(false);
	});

	it('lets the pilot of the fiche edit, and nobody else', async () => {
		expect((await lines()).canEdit).toBe(true);
		expect((await lines(sheet35, users.cdPilot)).canEdit).toBe(false);
		expect((await lines(sheet35, users.reader)).lines.every((l) => !l.editable)).toBe(true);
	});
});

describe('saving drafts', () => {
	it('reads French input per unit, saves in one go and records each figure in the history', async () => {
		const result = await saveDraft(db, users.cafPilot, sheet35, [
			row('86', 'oui'),
			row('87', '1 234'),
			row('88', '12\u202f500'),
			row('89', '', { notAvailable: true, comment: 'Référencement pas encore fait.' })
		]);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.saved).toBe(4);
		const byKey = Object.fromEntries(result.sheet.lines.map((l) => [l.key, l.figure]));
		expect(byKey['86']!.value).toEqual({ kind: 'boolean', value: true });
		expect(byKey['87']!.value).toEqual({ kind: 'number', value: 1234 });
		expect(byKey['88']!.display).toBe('12\u202f500');
		expect(byKey['89']).toMatchObject({
			notAvailable: true,
			value: { kind: 'not_available' },
			display: 'Non disponible'
		});
		expect(byKey['87']).toMatchObject({
			status: 'brouillon',
			version: 1,
			updatedBy: 'Marie Dupont'
		});
		const events = await listEntityEvents(db, 'figure', byKey['87']!.id);
		expect(events).toHaveLength(1);
		expect(events[0]).toMatchObject({ action: 'create', actor: 'CAF 87 — Marie Dupont' });
		expect(result.sheet.progress).toMatchObject({ expected: 4, entered: 4, submitted: 0 });
		expect(result.sheet.status).toBe('en_cours');
	});

	it('refuses the whole save when one value is wrong, with the message on that field', async () => {
		const result = await saveDraft(db, users.cafPilot, sheet35, [
			row('87', '12'),
			row('88', '12,5'),
			row('86', 'peut-être')
		]);
		expect(result).toMatchObject({
			ok: false,
			reason: 'invalid',
			errors: {
				'value.88': 'Un nombre entier est attendu (sans décimale).',
				'value.86': 'Répondez « oui » ou « non ».'
			}
		});
		expect((await lines()).progress.entered).toBe(0);
		expect(
			await db.selectFrom('audit_event').select('id').where('entity_type', '=', 'figure').execute()
		).toHaveLength(0);
	});

	it('refuses a pilot of another organisation and a reader, and lines of another fiche', async () => {
		expect(await saveDraft(db, users.cdPilot, sheet35, [row('87', '3')])).toMatchObject({
			ok: false,
			reason: 'forbidden'
		});
		expect(await saveDraft(db, users.reader, sheet35, [row('87', '3')])).toMatchObject({
			ok: false,
			reason: 'forbidden'
		});
		expect(await saveDraft(db, users.cafPilot, sheet35, [row('1', '3')])).toMatchObject({
			ok: false,
			reason: 'invalid',
			errors: { 'value.1': expect.any(String) }
		});
	});

	it('detects a lost update: a save based on an old version writes nothing', async () => {
		await saveDraft(db, users.cafPilot, sheet35, [row('87', '10')]);
		const first = await saveDraft(db, users.admin, sheet35, [row('87', '11', { version: 1 })]);
		expect(first.ok).toBe(true);
		const second = await saveDraft(db, users.cafPilot, sheet35, [
			row('88', '5'),
			row('87', '12', { version: 1 })
		]);
		expect(second).toMatchObject({ ok: false, reason: 'conflict' });
		if (second.ok || second.reason !== 'conflict') return;
		expect(second.current.lines.find((l) => l.key === '87')!.figure!.value).toEqual({
			kind: 'number',
			value: 11
		});
		expect((await lines()).lines.find((l) => l.key === '88')!.figure).toBeNull();
	});

	it('skips unchanged rows, so resending the grid does not bump versions', async () => {
		await saveDraft(db, users.cafPilot, sheet35, [row('87', '10')]);
		const again = await saveDraft(db, users.cafPilot, sheet35, [row('87', '10', { version: 1 })]);
		expect(again).toMatchObject({ ok: true, saved: 0 });
		expect((await lines()).lines.find((l) => l.key === '87')!.figure!.version).toBe(1);
	});
});

async function fillFiche35(user = users.cafPilot) {
	const result = await saveDraft(db, user, sheet35, [
		row('86', 'non'),
		row('87', '4'),
		row('88', '15 000'),
		row('89', '27')
	]);
	if (!result.ok) throw new Error(JSON.stringify(result));
	return result.sheet;
}

const versionsOf = (sheet: Awaited<ReturnType<typeof lines>>) =>
	Object.fromEntries(
		sheet.lines.filter((l) => l.figure).map((l) => [String(l.figure!.id), l.figure!.version])
	);

describe('workflow', () => {
	it('refuses to submit an incomplete fiche, naming the missing lines', async () => {
		await saveDraft(db, users.cafPilot, sheet35, [row('87', '4')]);
		const result = await submitFiche(db, users.cafPilot, sheet35);
		expect(result).toMatchObject({ ok: false, reason: 'invalid' });
		if (result.ok || result.reason !== 'invalid') return;
		expect(Object.keys(result.errors).sort()).toEqual(['value.86', 'value.88', 'value.89']);
		expect((await lines()).progress.submitted).toBe(0);
	});

	it('requires a comment when a value moves more than 50 % from the previous period', async () => {
		await openPeriod('2018', '2019-01-07', '2099-02-28');
		await saveDraft(db, users.cafPilot, { ...sheet35, period: '2018' }, [row('87', '10')]);
		await fillFiche35();
		const refused = await submitFiche(db, users.cafPilot, sheet35);
		expect(refused).toMatchObject({
			ok: false,
			reason: 'invalid',
			errors: { 'comment.87': expect.stringContaining('50 %') }
		});
		const sheet = await lines();
		const line = sheet.lines.find((l) => l.key === '87')!;
		expect(line.previous).toMatchObject({ periodCode: '2018', value: 10, display: '10' });
		expect(line.commentRule).toMatchObject({ required: true, reason: 'variation' });
		const accepted = await submitFiche(db, users.cafPilot, sheet35, [
			row('87', '4', { version: 1, comment: 'Moins de supports imprimés.' })
		]);
		expect(accepted).toMatchObject({ ok: true, submitted: 4 });
	});

	it('goes draft → submitted → sent back → resubmitted → validated, with the whole story in the history', async () => {
		await fillFiche35();
		const submitted = await submitFiche(db, users.cafPilot, sheet35);
		expect(submitted).toMatchObject({ ok: true, submitted: 4 });
		if (!submitted.ok) return;
		expect(submitted.sheet.status).toBe('soumis');
		expect(submitted.sheet.canReview).toBe(false); // the pilot does not review
		// Submitted figures are locked for the pilot.
		const edit = await saveDraft(db, users.cafPilot, sheet35, [row('87', '5', { version: 2 })]);
		expect(edit).toMatchObject({
			ok: false,
			reason: 'locked',
			message: expect.stringContaining('soumis')
		});
		// Only the coordinator reviews.
		const asAdmin = await lines(sheet35, users.admin);
		expect(asAdmin.canReview).toBe(true);
		expect(
			await reviewFiche(db, users.cafPilot, sheet35, {
				comments: {},
				versions: versionsOf(asAdmin)
			})
		).toMatchObject({ ok: false, reason: 'forbidden' });
		const f87 = asAdmin.lines.find((l) => l.key === '87')!.figure!;
		const review = await reviewFiche(db, users.admin, sheet35, {
			comments: { [f87.id]: 'Quatre supports seulement ? Vérifiez.' },
			versions: versionsOf(asAdmin)
		});
		expect(review).toMatchObject({ ok: true, validated: 3, sentBack: 1 });
		if (!review.ok) return;
		expect(review.sheet.status).toBe('renvoye');
		const back = (await lines()).lines.find((l) => l.key === '87')!;
		expect(back.figure).toMatchObject({
			status: 'renvoye',
			reviewerComment: 'Quatre supports seulement ? Vérifiez.'
		});
		expect(back.editable).toBe(true);
		// The pilot corrects and resubmits in one go.
		const resubmitted = await submitFiche(db, users.cafPilot, sheet35, [
			row('87', '14', { version: back.figure!.version })
		]);
		expect(resubmitted).toMatchObject({ ok: true, submitted: 1 });
		const again = await lines(sheet35, users.admin);
		const validated = await reviewFiche(db, users.admin, sheet35, {
			comments: {},
			versions: versionsOf(again)
		});
		expect(validated).toMatchObject({ ok: true, validated: 1, sentBack: 0 });
		if (!validated.ok) return;
		expect(validated.sheet.status).toBe('valide');
		expect(validated.sheet.progress).toEqual({
			expected: 4,
			entered: 4,
			submitted: 4,
			validated: 4,
			sentBack: 0
		});

		const history = await getFigureHistory(db, users.cafPilot, sheet35, '87');
		if (!history.ok) throw new Error('history');
		expect(history.events.map((e) => e.action)).toEqual([
			'create',
			'submit',
			'send_back',
			'update',
			'submit',
			'validate'
		]);
		expect(history.events[3].summary).toContainEqual({
			field: 'value',
			label: 'Valeur',
			old: '4',
			new: '14'
		});
		expect(history.events[2].actor).toBe('CAF 87 — Claire Coordination');
		const replayed = replayEvents(await listEntityEvents(db, 'figure', f87.id));
		expect(replayed).toMatchObject({ value: 14, status: 'valide', reviewerComment: null });
	});

	it('refuses a review based on versions that changed since', async () => {
		await fillFiche35();
		const seen = await lines(sheet35, users.admin);
		await submitFiche(db, users.cafPilot, sheet35);
		const result = await reviewFiche(db, users.admin, sheet35, {
			comments: {},
			versions: versionsOf(seen)
		});
		expect(result).toMatchObject({ ok: false, reason: 'conflict' });
		expect((await lines()).progress.validated).toBe(0);
	});

	it('refuses edits once the period is closed, until the administrator reopens it with a reason', async () => {
		await fillFiche35();
		const period = (await listPeriods(db, users.admin, SCHEME)) as Extract<
			Awaited<ReturnType<typeof listPeriods>>,
			{ ok: true }
		>;
		const closed = await changePeriodState(
			db,
			users.admin,
			{ scheme: SCHEME, period: '2019' },
			{ state: 'close' },
			period.periods[0].version
		);
		expect(closed).toMatchObject({ ok: true, period: { state: 'close', stateLabel: 'Close' } });
		if (!closed.ok) return;
		expect(
			await saveDraft(db, users.cafPilot, sheet35, [row('87', '6', { version: 1 })])
		).toMatchObject({ ok: false, reason: 'locked' });
		expect(
			await saveDraft(db, users.admin, sheet35, [row('87', '6', { version: 1 })])
		).toMatchObject({ ok: false, reason: 'locked' });
		expect((await lines()).lines.every((l) => !l.editable)).toBe(true);
		expect(
			await changePeriodState(
				db,
				users.cafPilot,
				{ scheme: SCHEME, period: '2019' },
				{ state: 'ouverte', reason: 'x' },
				closed.period.version
			)
		).toMatchObject({ reason: 'forbidden' });
		expect(
			await changePeriodState(
				db,
				users.admin,
				{ scheme: SCHEME, period: '2019' },
				{ state: 'ouverte' },
				closed.period.version
			)
		).toMatchObject({
			ok: false,
			reason: 'invalid',
			errors: { reason: 'Indiquez la raison de la réouverture.' }
		});
		const reopened = await changePeriodState(
			db,
			users.admin,
			{ scheme: SCHEME, period: '2019' },
			{ state: 'ouverte', reason: 'Correction demandée par la CAF' },
			closed.period.version
		);
		expect(reopened).toMatchObject({ ok: true, period: { state: 'ouverte' } });
		const events = await listEntityEvents(db, 'period', closed.period.id);
		expect(events.at(-1)).toMatchObject({
			action: 'reopen',
			reason: 'Correction demandée par la CAF'
		});
		expect(
			await saveDraft(db, users.cafPilot, sheet35, [row('87', '6', { version: 1 })])
		).toMatchObject({ ok: true, saved: 1 });
	});
});

describe('single figure (API)', () => {
	const where = { ...sheet35, indicatorId: 87, breakdown: null };

	it('creates without If-Match, then requires the current version', async () => {
		const created = await putFigure(
			db,
			users.cafPilot,
			where,
			{ value: '1 200' },
			{ ifMatch: null, ifNoneMatch: false }
		);
		expect(created).toMatchObject({
			ok: true,
			created: true,
			figure: { value: 1200, version: 1, status: 'brouillon' }
		});
		expect(
			await putFigure(
				db,
				users.cafPilot,
				where,
				{ value: 1300 },
				{ ifMatch: null, ifNoneMatch: false }
			)
		).toMatchObject({ reason: 'precondition_required', currentVersion: 1 });
		expect(
			await putFigure(
				db,
				users.cafPilot,
				where,
				{ value: 1300 },
				{ ifMatch: 7, ifNoneMatch: false }
			)
		).toMatchObject({ reason: 'precondition_failed', currentVersion: 1 });
		expect(
			await putFigure(
				db,
				users.cafPilot,
				where,
				{ value: 1300 },
				{ ifMatch: 1, ifNoneMatch: false }
			)
		).toMatchObject({ ok: true, created: false, figure: { value: 1300, version: 2 } });
		expect(await getFigure(db, users.cafPilot, where)).toMatchObject({
			ok: true,
			figure: { value: 1300, display: '1\u202f300' }
		});
		expect(await getFigure(db, users.reader, where)).toMatchObject({
			ok: false,
			reason: 'not_found'
		});
	});

	it('addresses a breakdown value by label or id, and explains when it is missing', async () => {
		const f31 = { scheme: SCHEME, fiche: '31', period: '2019', indicatorId: 78 };
		const missing = await putFigure(
			db,
			users.admin,
			{ ...f31, breakdown: null },
			{ value: 3 },
			{ ifMatch: null, ifNoneMatch: false }
		);
		expect(missing).toMatchObject({
			ok: false,
			reason: 'invalid',
			errors: { breakdown: expect.stringContaining('Haute Vienne, Corrèze') }
		});
		const byLabel = await putFigure(
			db,
			users.admin,
			{ ...f31, breakdown: 'haute-vienne' },
			{ value: 12 },
			{ ifMatch: null, ifNoneMatch: false }
		);
		expect(byLabel).toMatchObject({
			ok: true,
			figure: { breakdown: { label: 'Haute Vienne' }, value: 12 }
		});
		if (!byLabel.ok) return;
		const byId = await getFigure(db, users.admin, {
			...f31,
			breakdown: String(byLabel.figure.breakdown!.id)
		});
		expect(byId).toMatchObject({ ok: true, figure: { value: 12 } });
		expect(
			await putFigure(
				db,
				users.admin,
				{ ...f31, breakdown: 'Corrèze' },
				{ value: 'beaucoup' },
				{ ifMatch: null, ifNoneMatch: false }
			)
		).toMatchObject({
			reason: 'invalid',
			errors: { value: expect.any(String) }
		});
	});
});
