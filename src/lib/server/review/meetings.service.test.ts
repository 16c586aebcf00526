import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { listEntityEvents, replayEvents } from '../audit/audit.service';
import type { Db } from '../db/database';
import { changePeriodState, getPeriod } from '../reporting/periods.service';
import {
	addDecision,
	closeMeeting,
	createMeeting,
	deleteDecision,
	deleteMeeting,
	getFrozenPack,
	getMeeting,
	getMeetingOptions,
	listFicheDecisions,
	listMeetings,
	listOpenDecisionsFor,
	setDecisionState,
	updateDecision,
	updateMeeting
} from './meetings.service';
import { createDemoDb, DEMO_SLUG, type DemoUsers } from './review-test-db';
import { getReviewPack } from './review.service';

const meetingInput = (over: Record<string, unknown> = {}) => ({
	title: 'Comité de pilotage de printemps',
	heldOn: '2019-04-02',
	period: '2018',
	attendees: ['caf-87', 'cd-87'],
	...over
});

async function countRows(db: Db, table: 'meeting' | 'decision' | 'audit_event') {
	const row = await db
		.selectFrom(table)
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

async function newMeeting(db: Db, users: DemoUsers, over: Record<string, unknown> = {}) {
	const result = await createMeeting(db, users.admin, DEMO_SLUG, meetingInput(over));
	if (!result.ok) throw new Error(JSON.stringify(result));
	return { scheme: DEMO_SLUG, meeting: result.meeting.id, view: result.meeting };
}

describe('meetings', () => {
	it('records a meeting with its attendees, in the history', async () => {
		const { db, users } = await createDemoDb();
		const { view } = await newMeeting(db, users);
		expect(view).toMatchObject({
			title: 'Comité de pilotage de printemps',
			heldOn: '2019-04-02',
			state: 'open',
			period: { code: '2018', label: 'Année 2018' },
			version: 1
		});
		expect(view.attendees.map((a) => a.slug).sort()).toEqual(['caf-87', 'cd-87']);
		const events = await listEntityEvents(db, 'meeting', view.id);
		expect(events.map((e) => e.action)).toEqual(['create']);
		expect(replayEvents(events)).toMatchObject({
			title: view.title,
			period: '2018',
			attendees: ['caf-87', 'cd-87']
		});
		const listed = await listMeetings(db, users.reader, DEMO_SLUG);
		expect(listed.ok && listed.meetings.map((m) => [m.id, m.attendeeCount])).toEqual([
			[view.id, 2]
		]);
	});

	it('offers the organisations of the scheme, and those that attended its meetings', async () => {
		const { db, users } = await createDemoDb();
		await db
			.insertInto('organisation')
			.values({ slug: 'caf-23', name: 'CAF de la Creuse', short_name: 'CAF 23', type: 'caf' })
			.execute();
		const offered = async () => {
			const result = await getMeetingOptions(db, users.admin, DEMO_SLUG);
			if (!result.ok) throw new Error(result.message);
			return result.options.organisations.map((o) => o.slug);
		};
		expect(await offered()).toEqual(expect.arrayContaining(['caf-87', 'cd-87', 'ville-limoges']));
		expect(await offered()).not.toContain('caf-23');
		await newMeeting(db, users, { attendees: ['caf-87', 'caf-23'] });
		expect(await offered()).toContain('caf-23');
		expect(await getMeetingOptions(db, users.reader, DEMO_SLUG)).toMatchObject({
			ok: false,
			reason: 'forbidden'
		});
	});

	it('refuses bad input field by field, in French, writing nothing', async () => {
		const { db, users } = await createDemoDb();
		const before = await countRows(db, 'audit_event');
		const result = await createMeeting(
			db,
			users.admin,
			DEMO_SLUG,
			meetingInput({ title: '  ', heldOn: '2019-02-30', period: '2031', attendees: ['inconnue'] })
		);
		expect(result).toMatchObject({
			ok: false,
			reason: 'invalid',
			errors: {
				title: 'L’intitulé de la réunion est requis.',
				heldOn: 'Date de la réunion invalide (jj/mm/aaaa).'
			}
		});
		const second = await createMeeting(
			db,
			users.admin,
			DEMO_SLUG,
			meetingInput({ period: '2031', attendees: ['inconnue'] })
		);
		expect(second).toMatchObject({
			ok: false,
			reason: 'invalid',
			errors: {
				period: 'Choisissez une période de ce schéma.',
				attendees: expect.stringContaining('n’existe plus')
			}
		});
		expect(await countRows(db, 'meeting')).toBe(0);
		expect(await countRows(db, 'audit_event')).toBe(before);
	});

	it('lets administrators only write, and readers read', async () => {
		const { db, users } = await createDemoDb();
		expect(await createMeeting(db, users.pilot, DEMO_SLUG, meetingInput())).toMatchObject({
			ok: false,
			reason: 'forbidden'
		});
		const { scheme, meeting } = await newMeeting(db, users);
		expect(
			await updateMeeting(db, users.reader, { scheme, meeting }, meetingInput(), 1)
		).toMatchObject({
			ok: false,
			reason: 'forbidden'
		});
		expect(await getMeeting(db, users.reader, { scheme, meeting })).toMatchObject({
			ok: true,
			canManage: false
		});
		// Private: not found for an anonymous visitor, as an unknown scheme.
		expect(await getMeeting(db, null, { scheme, meeting })).toMatchObject({
			ok: false,
			reason: 'not_found'
		});
		// The meeting id alone is not enough: it must belong to the scheme of the address.
		expect(await getMeeting(db, users.reader, { scheme: 'autre-schema', meeting })).toMatchObject({
			ok: false,
			reason: 'not_found'
		});
	});

	it('saves an edit on the current version and refuses a stale one without writing', async () => {
		const { db, users } = await createDemoDb();
		const where = await newMeeting(db, users);
		const saved = await updateMeeting(
			db,
			users.admin,
			where,
			meetingInput({ title: 'Comité plénier', attendees: ['caf-87'] }),
			1
		);
		expect(saved).toMatchObject({ ok: true, meeting: { title: 'Comité plénier', version: 2 } });
		const stale = await updateMeeting(
			db,
			users.admin,
			where,
			meetingInput({ title: 'Autre titre' }),
			1
		);
		expect(stale).toMatchObject({
			ok: false,
			reason: 'conflict',
			current: { title: 'Comité plénier', version: 2 }
		});
		const events = await listEntityEvents(db, 'meeting', where.meeting);
		expect(events.map((e) => e.action)).toEqual(['create', 'update']);
		expect(JSON.parse(events[1].changes)).toEqual({
			title: { old: 'Comité de pilotage de printemps', new: 'Comité plénier' },
			attendees: { old: ['caf-87', 'cd-87'], new: ['caf-87'] }
		});
		expect(replayEvents(events)).toMatchObject({ title: 'Comité plénier', attendees: ['caf-87'] });
	});

	it('records decisions tied to fiches, shown on those fiches', async () => {
		const { db, users } = await createDemoDb();
		const where = await newMeeting(db, users);
		const added = await addDecision(db, users.admin, where, {
			text: 'Relancer le groupe de travail sur l’accueil atypique.',
			fiches: ['1', '11-bis', '1'],
			followUpOrganisation: 'cd-87',
			followUpLabel: 'Cheffe de service PMI',
			dueOn: '2019-09-30'
		});
		if (!added.ok) throw new Error(JSON.stringify(added));
		expect(added.decision.fiches.map((f) => f.number)).toEqual(['1', '11 bis']);
		expect(added.decision.followUp.display).toBe('CD 87 — Cheffe de service PMI');

		const fiche1 = await db
			.selectFrom('fiche')
			.select('id')
			.where('slug', '=', '1')
			.executeTakeFirstOrThrow();
		const onFiche = await listFicheDecisions(db, fiche1.id);
		expect(onFiche).toEqual([
			expect.objectContaining({
				text: 'Relancer le groupe de travail sur l’accueil atypique.',
				followUp: 'CD 87 — Cheffe de service PMI',
				dueOn: '2019-09-30',
				meeting: expect.objectContaining({ id: where.meeting, period: 'Année 2018', state: 'open' })
			})
		]);

		const invalid = await addDecision(db, users.admin, where, {
			text: '',
			fiches: ['inconnue'],
			followUpOrganisation: 'x',
			followUpLabel: '',
			dueOn: '31/12/2019'
		});
		expect(invalid).toMatchObject({
			ok: false,
			reason: 'invalid',
			errors: {
				text: 'Le texte de la décision est requis.',
				dueOn: 'Échéance invalide (jj/mm/aaaa).'
			}
		});

		const target = { ...where, decision: added.decision.id };
		const updated = await updateDecision(
			db,
			users.admin,
			target,
			{
				text: 'Relancer le groupe.',
				fiches: ['1'],
				followUpOrganisation: '',
				followUpLabel: '',
				dueOn: ''
			},
			1
		);
		expect(updated).toMatchObject({
			ok: true,
			decision: { text: 'Relancer le groupe.', version: 2, dueOn: null }
		});
		expect(
			await updateDecision(
				db,
				users.admin,
				target,
				{ text: 'Autre', fiches: [], followUpOrganisation: '', followUpLabel: '', dueOn: '' },
				1
			)
		).toMatchObject({
			ok: false,
			reason: 'conflict'
		});
		expect(await deleteDecision(db, users.admin, target, 2)).toEqual({ ok: true });
		expect(await listFicheDecisions(db, fiche1.id)).toEqual([]);
		const events = await listEntityEvents(db, 'decision', added.decision.id);
		expect(events.map((e) => e.action)).toEqual(['create', 'update', 'delete']);
	});

	it('freezes the pack when closing: a later figure edit changes the live pack, not the frozen one', async () => {
		const { db, users } = await createDemoDb();
		const where = await newMeeting(db, users);
		const closed = await closeMeeting(db, users.admin, where, 1);
		if (!closed.ok) throw new Error(JSON.stringify(closed));
		expect(closed.meeting).toMatchObject({ state: 'closed', version: 2 });
		const frozenAtClose = closed.pack;

		// A validated 2018 figure is corrected after the committee met.
		const figure = frozenAtClose.axes
			.flatMap((a) => a.fiches)
			.flatMap((f) => f.figures)
			.find((f) => f.unit === 'nombre' && f.breakdown.length === 0 && f.value !== null)!;
		const period = await getPeriod(db, users.admin, { scheme: DEMO_SLUG, period: '2018' });
		if (!period.ok) throw new Error('period');
		const reopened = await changePeriodState(
			db,
			users.admin,
			{ scheme: DEMO_SLUG, period: '2018' },
			{ state: 'ouverte', reason: 'Correction d’un chiffre après le comité.' },
			period.period.version
		);
		expect(reopened.ok).toBe(true);
		await db
			.updateTable('figure')
			.set((eb) => ({
				value_number: sql<number>`${figure.value! + 1000}`,
				version: eb('version', '+', 1)
			}))
			.where('indicator_id', '=', figure.indicatorId)
			.where('period_id', '=', period.period.id)
			.execute();

		const live = await getReviewPack(db, users.reader, { scheme: DEMO_SLUG, period: '2018' });
		const frozen = await getFrozenPack(db, users.reader, where);
		if (!live.ok || !frozen.ok) throw new Error('pack refused');
		const find = (pack: typeof frozenAtClose) =>
			pack.axes
				.flatMap((a) => a.fiches)
				.flatMap((f) => f.figures)
				.find((f) => f.indicatorId === figure.indicatorId);
		expect(find(live.pack)?.value).toBe(figure.value! + 1000);
		expect(live.pack.period.state).toBe('ouverte');
		expect(find(frozen.pack)?.value).toBe(figure.value);
		expect(frozen.pack).toEqual(frozenAtClose);

		const events = await listEntityEvents(db, 'meeting', where.meeting);
		expect(events.map((e) => e.action)).toEqual(['create', 'close']);
		expect(JSON.parse(events[1].changes).frozenPackSha256.new).toMatch(/^[0-9a-f]{64}$/);
	});

	it('keeps a closed meeting final, in the service and in the database', async () => {
		const { db, users } = await createDemoDb();
		const where = await newMeeting(db, users);
		const decision = await addDecision(db, users.admin, where, {
			text: 'Décision.',
			fiches: [],
			followUpOrganisation: '',
			followUpLabel: '',
			dueOn: ''
		});
		if (!decision.ok) throw new Error('decision');
		expect(await closeMeeting(db, users.admin, where, 99)).toMatchObject({
			ok: false,
			reason: 'conflict'
		});
		expect(await getFrozenPack(db, users.reader, where)).toMatchObject({
			ok: false,
			reason: 'not_found'
		});
		expect((await closeMeeting(db, users.admin, where, 1)).ok).toBe(true);

		expect(
			await updateMeeting(db, users.admin, where, meetingInput({ title: 'Après coup' }), 2)
		).toMatchObject({ ok: false, reason: 'locked' });
		expect(await closeMeeting(db, users.admin, where, 2)).toMatchObject({
			ok: false,
			reason: 'locked'
		});
		expect(
			await addDecision(db, users.admin, where, {
				text: 'Trop tard.',
				fiches: [],
				followUpOrganisation: '',
				followUpLabel: '',
				dueOn: ''
			})
		).toMatchObject({ ok: false, reason: 'locked' });
		expect(
			await deleteDecision(db, users.admin, { ...where, decision: decision.decision.id }, 1)
		).toMatchObject({ ok: false, reason: 'locked' });
		await expect(
			db.updateTable('meeting').set({ frozen_pack: '{}' }).where('id', '=', where.meeting).execute()
		).rejects.toThrow(/closed meeting/);
		expect(
			(await getMeeting(db, users.admin, where)).ok && (await getMeeting(db, users.admin, where))
		).toMatchObject({ canManage: false });
	});

	it('follows decisions up after closing, and shows the open ones at the next meeting', async () => {
		const { db, users } = await createDemoDb();
		const where = await newMeeting(db, users);
		const add = async (text: string) => {
			const added = await addDecision(db, users.admin, where, {
				text,
				fiches: ['1'],
				followUpOrganisation: '',
				followUpLabel: '',
				dueOn: '2019-09-30'
			});
			if (!added.ok) throw new Error(JSON.stringify(added));
			return added.decision;
		};
		const [first, second] = [await add('Première.'), await add('Seconde.')];
		expect(first).toMatchObject({ state: 'a_faire', stateLabel: 'À faire' });
		expect((await closeMeeting(db, users.admin, where, 1)).ok).toBe(true);

		const done = await setDecisionState(
			db,
			users.admin,
			{ ...where, decision: first.id },
			'fait',
			first.version
		);
		expect(done).toMatchObject({ ok: true, decision: { state: 'fait', stateLabel: 'Fait' } });
		expect(
			await setDecisionState(db, users.admin, { ...where, decision: second.id }, 'fini', 1)
		).toMatchObject({ ok: false, reason: 'invalid' });
		expect(
			await setDecisionState(db, users.admin, { ...where, decision: first.id }, 'en_cours', 1)
		).toMatchObject({ ok: false, reason: 'conflict' });
		expect(
			await setDecisionState(db, users.reader, { ...where, decision: second.id }, 'fait', 1)
		).toMatchObject({ ok: false });
		expect((await listEntityEvents(db, 'decision', first.id)).map((e) => e.action)).toEqual([
			'create',
			'follow_up'
		]);

		const fiche1 = await db
			.selectFrom('fiche')
			.select('id')
			.where('slug', '=', '1')
			.executeTakeFirstOrThrow();
		const onFiche = await listFicheDecisions(db, fiche1.id);
		expect(onFiche.map((d) => [d.text, d.state, d.open])).toEqual([
			['Première.', 'fait', false],
			['Seconde.', 'a_faire', true]
		]);

		const next = await newMeeting(db, users, { title: 'Comité d’automne', heldOn: '2019-10-15' });
		const scheme = await db
			.selectFrom('scheme')
			.select('id')
			.where('slug', '=', DEMO_SLUG)
			.executeTakeFirstOrThrow();
		const open = await listOpenDecisionsFor(db, next.view, scheme.id);
		expect(open.map((d) => [d.text, d.stateLabel, d.meeting.id])).toEqual([
			['Seconde.', 'À faire', where.meeting]
		]);
	});

	it('deletes a meeting created by mistake while it is open, never a closed one', async () => {
		const { db, users } = await createDemoDb();
		const where = await newMeeting(db, users);
		await addDecision(db, users.admin, where, {
			text: 'Par erreur.',
			fiches: ['1'],
			followUpOrganisation: '',
			followUpLabel: '',
			dueOn: ''
		});
		const before = await countRows(db, 'decision');
		expect(await deleteMeeting(db, users.admin, where, 99)).toMatchObject({
			ok: false,
			reason: 'conflict'
		});
		expect(await deleteMeeting(db, users.admin, where, 1)).toEqual({ ok: true });
		expect(await countRows(db, 'decision')).toBe(before - 1);
		expect(await getMeeting(db, users.admin, where)).toMatchObject({ ok: false });
		expect((await listEntityEvents(db, 'meeting', where.meeting)).map((e) => e.action)).toEqual([
			'create',
			'delete'
		]);

		const closed = await newMeeting(db, users);
		expect((await closeMeeting(db, users.admin, closed, 1)).ok).toBe(true);
		expect(await deleteMeeting(db, users.admin, closed, 2)).toMatchObject({
			ok: false,
			reason: 'locked'
		});
	});

	it('goes with its scheme when the scheme is deleted', async () => {
		const { db, users } = await createDemoDb();
		const where = await newMeeting(db, users);
		await closeMeeting(db, users.admin, where, 1);
		await db.deleteFrom('scheme').where('slug', '=', DEMO_SLUG).execute();
		expect(await countRows(db, 'meeting')).toBe(0);
	});
});
