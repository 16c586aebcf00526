import { beforeEach, describe, expect, it } from 'vitest';
import { withRacingWriter } from '../testing/racing-writer';
import type { CurrentUser } from '../auth/auth.service';
import { listEntityEvents } from '../audit/audit.service';
import type { Db } from '../db/database';
import { seedDemoFigures } from '../seed/demo-figures';
import { getBilan, saveBilan } from './bilans.service';
import { getEntrySheet, reviewFiche, saveDraft, submitFiche } from './figures.service';
import {
	createMilestone,
	deleteMilestone,
	listMilestones,
	updateMilestone
} from './milestones.service';
import { getEntryOverview, getMyEntry } from './my-entry.service';
import {
	changePeriodState,
	createPeriod,
	deletePeriod,
	listPeriods,
	updatePeriodWindow
} from './periods.service';
import { SCHEME, bookletDb, bookletUsers, openPeriod } from './reporting.fixture';

let db: Db;
let users: Record<'admin' | 'cafPilot' | 'cdPilot' | 'reader', CurrentUser>;

beforeEach(async () => {
	db = await bookletDb();
	users = await bookletUsers(db);
});

describe('periods', () => {
	it('creates periods for the administrator only, with French errors and no duplicates', async () => {
		const input = {
			kind: 'semestre',
			year: '2019',
			number: '1',
			opensOn: '2019-07-01',
			closesOn: '2019-07-31'
		};
		expect(await createPeriod(db, users.cafPilot, SCHEME, input)).toMatchObject({
			ok: false,
			reason: 'forbidden'
		});
		const created = await createPeriod(db, users.admin, SCHEME, input);
		expect(created).toMatchObject({
			ok: true,
			period: {
				code: '2019-S1',
				label: '1er semestre 2019',
				startsOn: '2019-01-01',
				endsOn: '2019-06-30',
				state: 'a_venir',
				stateLabel: 'À venir'
			}
		});
		expect(await createPeriod(db, users.admin, SCHEME, input)).toMatchObject({
			ok: false,
			reason: 'invalid',
			errors: { number: 'La période 2019-S1 existe déjà.' }
		});
		expect(await createPeriod(db, users.admin, SCHEME, { ...input, number: '3' })).toMatchObject({
			reason: 'invalid',
			errors: { number: 'Choisissez le semestre 1 ou 2.' }
		});
		expect(
			await createPeriod(db, users.admin, SCHEME, { ...input, closesOn: '2019-06-01' })
		).toMatchObject({ reason: 'invalid', errors: { closesOn: 'La clôture précède l’ouverture.' } });
		expect(
			await createPeriod(db, users.admin, SCHEME, { ...input, opensOn: '31/12/2019' })
		).toMatchObject({
			reason: 'invalid',
			errors: { opensOn: expect.stringContaining('invalide') }
		});
		expect(await createPeriod(db, users.admin, 'inconnu', input)).toMatchObject({
			reason: 'not_found'
		});
	});

	it('moves the window with a version check, and deletes only an empty period', async () => {
		const period = await openPeriod(db, users.admin, '2019');
		const moved = await updatePeriodWindow(
			db,
			users.admin,
			{ scheme: SCHEME, period: '2019' },
			{ opensOn: '2020-01-01', closesOn: '2020-03-31' },
			period.version
		);
		expect(moved).toMatchObject({
			ok: true,
			period: { closesOn: '2020-03-31', version: period.version + 1 }
		});
		expect(
			await updatePeriodWindow(
				db,
				users.admin,
				{ scheme: SCHEME, period: '2019' },
				{ opensOn: '2020-01-01', closesOn: '2020-04-30' },
				period.version
			)
		).toMatchObject({ reason: 'conflict' });
		await saveDraft(db, users.cafPilot, { scheme: SCHEME, fiche: '35', period: '2019' }, [
			{ key: '87', value: '3', notAvailable: false, comment: null, version: null }
		]);
		expect(
			await deletePeriod(db, users.admin, { scheme: SCHEME, period: '2019' }, period.version + 1)
		).toMatchObject({ reason: 'invalid' });
		const empty = await createPeriod(db, users.admin, SCHEME, {
			kind: 'trimestre',
			year: 2020,
			number: 2,
			opensOn: '2020-07-01',
			closesOn: '2020-07-31'
		});
		if (!empty.ok) throw new Error('create');
		expect(
			await deletePeriod(
				db,
				users.admin,
				{ scheme: SCHEME, period: '2020-T2' },
				empty.period.version
			)
		).toEqual({ ok: true });
		const events = await listEntityEvents(db, 'period', empty.period.id);
		expect(events.map((e) => e.action)).toEqual(['create', 'delete']);
	});

	it('only follows the documented state changes', async () => {
		const created = await createPeriod(db, users.admin, SCHEME, {
			kind: 'annee',
			year: 2020,
			number: '',
			opensOn: '2021-01-04',
			closesOn: '2021-02-26'
		});
		if (!created.ok) throw new Error('create');
		const where = { scheme: SCHEME, period: '2020' };
		expect(
			await changePeriodState(db, users.admin, where, { state: 'validee' }, created.period.version)
		).toMatchObject({
			reason: 'invalid',
			errors: { state: expect.stringContaining('ne peut pas passer') }
		});
		expect(
			await changePeriodState(
				db,
				users.admin,
				where,
				{ state: 'n_importe' },
				created.period.version
			)
		).toMatchObject({ reason: 'invalid', errors: { state: 'État de période inconnu.' } });
		const listed = await listPeriods(db, users.reader, SCHEME);
		expect(listed).toMatchObject({
			ok: true,
			canManage: false,
			periods: [{ code: '2020', state: 'a_venir' }]
		});
		// Private: not found for an anonymous visitor, as an unknown scheme.
		expect(await listPeriods(db, null, SCHEME)).toMatchObject({ ok: false, reason: 'not_found' });
	});
});

describe('Ma saisie', () => {
	it('lists, for a pilot, the fiches of their organisation expected in open periods, with progress and lateness', async () => {
		await openPeriod(db, users.admin, '2019', '2020-01-06', '2020-02-28');
		await saveDraft(db, users.cafPilot, { scheme: SCHEME, fiche: '35', period: '2019' }, [
			{ key: '87', value: '3', notAvailable: false, comment: null, version: null }
		]);
		const groups = await getMyEntry(db, users.cafPilot, '2020-02-10');
		expect(groups).toHaveLength(1);
		const [group] = groups;
		expect(group).toMatchObject({
			period: { code: '2019', closesOn: '2020-02-28', late: false },
			daysLeft: 18
		});
		// CAF 87 pilots (alone or with others) fiches 10, 12, 14, 17, 20, 23, 24, 32, 34, 35, 38, 40; those with indicators appear.
		const numbers = group.fiches.map((f) => f.fiche.number);
		expect(numbers).toEqual(expect.arrayContaining(['10', '20', '23', '35', '38', '40']));
		expect(numbers).not.toContain('1');
		const f35 = group.fiches.find((f) => f.fiche.number === '35')!;
		expect(f35).toMatchObject({
			progress: { expected: 4, entered: 1, submitted: 0, validated: 0 },
			status: 'en_cours',
			statusLabel: 'Saisie en cours',
			late: false
		});
		// After the closing date, what is not submitted is late.
		const late = await getMyEntry(db, users.cafPilot, '2020-03-02');
		expect(late[0].daysLeft).toBe(-3);
		expect(late[0].fiches.every((f) => f.late)).toBe(true);
		expect(await getMyEntry(db, users.reader)).toEqual([]);
	});

	it('shows the administrator every organisation, late ones first', async () => {
		await openPeriod(db, users.admin, '2019', '2020-01-06', '2020-02-28');
		const where = { scheme: SCHEME, fiche: '35', period: '2019' };
		await saveDraft(
			db,
			users.cafPilot,
			where,
			['86', '87', '88', '89'].map((key) => ({
				key,
				value: key === '86' ? 'oui' : '5',
				notAvailable: false,
				comment: null,
				version: null
			}))
		);
		await submitFiche(db, users.cafPilot, where);
		expect(await getEntryOverview(db, users.cafPilot, SCHEME, '2019')).toMatchObject({
			reason: 'forbidden'
		});
		const overview = await getEntryOverview(db, users.admin, SCHEME, '2019', '2020-03-15');
		if (!overview.ok) throw new Error(overview.reason);
		const caf = overview.organisations.find((o) => o.organisation?.slug === 'caf-87')!;
		expect(caf.late).toBe(true);
		expect(caf.fiches.find((f) => f.fiche.number === '35')).toMatchObject({
			status: 'soumis',
			late: false
		});
		const cd = overview.organisations.find((o) => o.organisation?.slug === 'cd-87')!;
		expect(cd.fiches.map((f) => f.fiche.number)).toEqual(expect.arrayContaining(['1', '2']));
		expect(overview.organisations.find((o) => o.organisation === null)?.label).toBe(
			'Collectivités territoriales concernées'
		);
		const lateness = overview.organisations.map((o) => o.late);
		expect(lateness).toEqual([...lateness].sort((a, b) => Number(b) - Number(a)));
		// Before the closing date nobody is late.
		const early = await getEntryOverview(db, users.admin, SCHEME, '2019', '2020-02-01');
		expect(early.ok && early.organisations.every((o) => !o.late)).toBe(true);
		expect(overview.progress.expected).toBeGreaterThan(90);
	});
});

describe('bilans', () => {
	const where = { scheme: SCHEME, fiche: '35', period: '2019' };
	const text = {
		actionsDone: '- Campagne d’affichage\n- Réunions',
		resultsObserved: 'Plus de connexions.',
		difficulties: '',
		outlook: 'Continuer.'
	};

	it('refuses a bilan write when another writer moved it in between, then answers the conflict', async () => {
		await openPeriod(db, users.admin, '2019');
		const saved = await saveBilan(db, users.cafPilot, where, text, 0);
		expect(saved).toMatchObject({ ok: true, bilan: { version: 1 } });
		const racing = withRacingWriter(db, 'bilan');
		const result = await saveBilan(
			racing.db,
			users.admin,
			where,
			{ ...text, outlook: 'Écrasé ?' },
			1
		);
		expect(racing.raced()).toBe(true);
		expect(result).toMatchObject({ ok: false, reason: 'conflict', current: { version: 2 } });
		expect(await getBilan(db, users.cafPilot, where)).toMatchObject({
			ok: true,
			bilan: { version: 2, outlook: 'Continuer.' }
		});
	});

	it('writes a bilan with a version check, in an open period only, for the fiche’s pilots', async () => {
		const period = await openPeriod(db, users.admin, '2019');
		expect(await getBilan(db, users.cafPilot, where)).toMatchObject({
			ok: true,
			canEdit: true,
			bilan: { version: 0, actionsDone: null }
		});
		expect(await saveBilan(db, users.cdPilot, where, text, 0)).toMatchObject({
			reason: 'forbidden'
		});
		const saved = await saveBilan(db, users.cafPilot, where, text, 0);
		expect(saved).toMatchObject({
			ok: true,
			bilan: { version: 1, difficulties: null, outlook: 'Continuer.', updatedBy: 'Marie Dupont' }
		});
		expect(await saveBilan(db, users.admin, where, { ...text, outlook: 'Autre' }, 0)).toMatchObject(
			{ reason: 'conflict', current: { version: 1 } }
		);
		expect(
			await saveBilan(db, users.admin, where, { ...text, outlook: 'Étendre à la Creuse.' }, 1)
		).toMatchObject({ ok: true, bilan: { version: 2 } });
		expect(
			await saveBilan(db, users.admin, where, { ...text, outlook: 'x'.repeat(20_001) }, 2)
		).toMatchObject({ reason: 'invalid', errors: { outlook: expect.any(String) } });
		await changePeriodState(
			db,
			users.admin,
			{ scheme: SCHEME, period: '2019' },
			{ state: 'close' },
			period.version
		);
		expect(await saveBilan(db, users.cafPilot, where, text, 2)).toMatchObject({ reason: 'locked' });
		const bilanId = (await db.selectFrom('bilan').select('id').executeTakeFirstOrThrow()).id;
		const events = await listEntityEvents(db, 'bilan', bilanId);
		expect(events.map((e) => e.action)).toEqual(['create', 'update']);
		expect(JSON.parse(events[1].changes)).toEqual({
			outlook: { old: 'Continuer.', new: 'Étendre à la Creuse.' }
		});
	});
});

describe('milestones', () => {
	const where = { scheme: SCHEME, fiche: '35' };

	it('keeps milestones by due date, flags overdue ones, and checks versions and ownership', async () => {
		const first = await createMilestone(
			db,
			users.cafPilot,
			where,
			{ label: 'Campagne', dueOn: '2019-03-31', doneOn: '' },
			'2019-05-01'
		);
		expect(first).toMatchObject({
			ok: true,
			milestone: { label: 'Campagne', doneOn: null, overdue: true, version: 1 }
		});
		expect(
			await createMilestone(db, users.cafPilot, where, {
				label: '',
				dueOn: '2019-13-01',
				doneOn: ''
			})
		).toMatchObject({
			reason: 'invalid',
			errors: { label: 'L’intitulé du jalon est requis.', dueOn: 'Échéance invalide (jj/mm/aaaa).' }
		});
		expect(
			await createMilestone(db, users.cdPilot, where, {
				label: 'X',
				dueOn: '2019-03-31',
				doneOn: ''
			})
		).toMatchObject({ reason: 'forbidden' });
		await createMilestone(db, users.cafPilot, where, {
			label: 'Site',
			dueOn: '2019-01-15',
			doneOn: '2019-01-10'
		});
		if (!first.ok) return;
		const listed = await listMilestones(db, users.reader, where, '2019-05-01');
		expect(listed).toMatchObject({ ok: true, canEdit: false, overdueCount: 1 });
		if (!listed.ok) return;
		expect(listed.milestones.map((m) => [m.label, m.overdue])).toEqual([
			['Site', false],
			['Campagne', true]
		]);
		const done = await updateMilestone(
			db,
			users.cafPilot,
			where,
			first.milestone.id,
			{ label: 'Campagne', dueOn: '2019-03-31', doneOn: '2019-04-02' },
			1,
			'2019-05-01'
		);
		expect(done).toMatchObject({ ok: true, milestone: { overdue: false, version: 2 } });
		expect(
			await updateMilestone(
				db,
				users.cafPilot,
				where,
				first.milestone.id,
				{ label: 'Y', dueOn: '2019-03-31', doneOn: '' },
				1
			)
		).toMatchObject({ reason: 'conflict' });
		// A milestone is reached only through its own fiche.
		expect(
			await deleteMilestone(db, users.admin, { scheme: SCHEME, fiche: '20' }, first.milestone.id, 2)
		).toMatchObject({ reason: 'not_found' });
		expect(await deleteMilestone(db, users.cafPilot, where, first.milestone.id, 2)).toEqual({
			ok: true
		});
		const events = await listEntityEvents(db, 'milestone', first.milestone.id);
		expect(events.map((e) => e.action)).toEqual(['create', 'update', 'delete']);
	});
});

describe('demo figures', () => {
	it('seeds 2017 and 2018 validated and 2019 open, deterministically, leaving fiche 35 empty for 2019', async () => {
		const result = await seedDemoFigures(db, '2026-01-15');
		expect(result.periods).toBe(3);
		expect(await seedDemoFigures(db, '2026-01-15')).toEqual({ periods: 0, figures: 0 });
		const periods = await listPeriods(db, users.admin, SCHEME, '2026-01-15');
		if (!periods.ok) throw new Error('periods');
		expect(periods.periods.map((p) => [p.code, p.state, p.late])).toEqual([
			['2017', 'validee', false],
			['2018', 'validee', false],
			['2019', 'ouverte', false]
		]);
		for (const code of ['2017', '2018']) {
			const sheet = await getEntrySheet(db, users.reader, {
				scheme: SCHEME,
				fiche: '31',
				period: code
			});
			if (!sheet.ok) throw new Error('sheet');
			expect(sheet.sheet.status).toBe('valide');
			expect(sheet.sheet.demo).toBe(true);
			expect(sheet.sheet.lines.every((l) => l.figure?.status === 'valide')).toBe(true);
			// Every validated figure satisfies the comment rule.
			expect(sheet.sheet.lines.every((l) => !l.commentRule.required || l.figure?.comment)).toBe(
				true
			);
		}
		const empty = await getEntrySheet(db, users.cafPilot, {
			scheme: SCHEME,
			fiche: '35',
			period: '2019'
		});
		if (!empty.ok) throw new Error('sheet');
		expect(empty.sheet.lines.every((l) => l.figure === null)).toBe(true);
		expect(empty.sheet.canSubmit).toBe(true);
		const sentBack = await getEntrySheet(db, users.cafPilot, {
			scheme: SCHEME,
			fiche: '10',
			period: '2019'
		});
		if (!sentBack.ok) throw new Error('sheet');
		expect(sentBack.sheet.status).toBe('renvoye');
		expect(
			sentBack.sheet.lines.find((l) => l.figure?.status === 'renvoye')!.figure!.reviewerComment
		).toContain('fictif');
		const bilan = await getBilan(db, users.reader, { scheme: SCHEME, fiche: '20', period: '2018' });
		expect(bilan).toMatchObject({ ok: true, canEdit: false, bilan: { demo: true, version: 1 } });
		const milestones = await listMilestones(
			db,
			users.reader,
			{ scheme: SCHEME, fiche: '35' },
			'2026-01-15'
		);
		expect(milestones).toMatchObject({ ok: true, overdueCount: 1 });

		// Same figures on another database: the generator is seeded, never random.
		const other = await bookletDb();
		await seedDemoFigures(other, '2026-01-15');
		const values = (d: Db) =>
			d
				.selectFrom('figure')
				.select(['indicator_id', 'breakdown_value_id', 'value_number', 'value_text', 'status'])
				.orderBy('id')
				.execute();
		expect(await values(other)).toEqual(await values(db));
	});

	it('lets the coordinator validate the submitted demo fiche 20', async () => {
		await seedDemoFigures(db, '2026-01-15');
		const where = { scheme: SCHEME, fiche: '20', period: '2019' };
		const sheet = await getEntrySheet(db, users.admin, where);
		if (!sheet.ok) throw new Error('sheet');
		expect(sheet.sheet.status).toBe('soumis');
		const versions = Object.fromEntries(
			sheet.sheet.lines
				.filter((l) => l.figure)
				.map((l) => [String(l.figure!.id), l.figure!.version])
		);
		expect(await reviewFiche(db, users.admin, where, { comments: {}, versions })).toMatchObject({
			ok: true,
			sheet: { status: 'valide' }
		});
	});
});
