import { beforeEach, describe, expect, it } from 'vitest';
import type { EntryRow } from '$lib/domain/figures';
import type { CurrentUser } from '../auth/auth.service';
import type { Db } from '../db/database';
import { getEntrySheet, reviewFiche, saveDraft, submitFiche } from '../reporting/figures.service';
import { changePeriodState } from '../reporting/periods.service';
import { remindOrganisation } from '../reporting/reminders.service';
import { createPeriod } from '../reporting/periods.service';
import { SCHEME, bookletDb, bookletUsers, makeUser } from '../reporting/reporting.fixture';
import { closeMeeting, createMeeting } from '../review/meetings.service';
import { reminderKindFor, sendDeadlineReminders, sendDigests } from './scheduled';
import { findUnsubscribeTarget, savePreferences, setSubscription } from './preferences.service';
import { updateReminderDays } from './reminder-settings.service';

// The notification mails on a real SQLite database (the Haute-Vienne booklet): who receives what,
// once, and never after switching it off. What leaves the outbox is mail.test.ts's business.

let db: Db;
let users: Record<'admin' | 'cafPilot' | 'cdPilot' | 'reader', CurrentUser>;

// Period 2019 opens on 2026-03-02 and closes on Monday 2026-03-16 (Paris).
const CLOSES_ON = '2026-03-16';
const where = { scheme: SCHEME, period: '2019' };
/** 09:30 in Paris (UTC+1 in March) on a day. */
const parisMorning = (day: string) => new Date(`${day}T08:30:00.000Z`);

type MailRow = {
	kind: string;
	to_address: string;
	subject: string;
	text_body: string;
	headers_json: string;
	idempotency_key: string;
};
const mails = (): Promise<MailRow[]> =>
	db
		.selectFrom('mail')
		.select(['kind', 'to_address', 'subject', 'text_body', 'headers_json', 'idempotency_key'])
		.orderBy('id')
		.execute();
const mailsOf = async (kind: string) => (await mails()).filter((m) => m.kind === kind);

const row = (key: string, value: string, version: number | null = null): EntryRow => ({
	key,
	value,
	notAvailable: false,
	comment: null,
	version
});

async function period2019() {
	return db
		.selectFrom('reporting_period')
		.selectAll()
		.where('code', '=', '2019')
		.executeTakeFirstOrThrow();
}

beforeEach(async () => {
	db = await bookletDb();
	users = await bookletUsers(db);
	// Accounts that have chosen their password (an invited person only gets the invitation).
	await db.updateTable('app_user').set({ password_hash: 'x' }).execute();
	const created = await createPeriod(db, users.admin, SCHEME, {
		kind: 'annee',
		year: '2019',
		number: '',
		opensOn: '2026-03-02',
		closesOn: CLOSES_ON
	});
	if (!created.ok) throw new Error(JSON.stringify(created));
});

async function openIt() {
	const period = await period2019();
	const opened = await changePeriodState(
		db,
		users.admin,
		where,
		{ state: 'ouverte' },
		period.version
	);
	if (!opened.ok) throw new Error(JSON.stringify(opened));
}

describe('period opened', () => {
	it('tells each pilot whose organisation has fiches to fill, with the fiches and links, once', async () => {
		await openIt();
		const opened = await mailsOf('period_opened');
		expect(opened.map((m) => m.to_address).sort()).toEqual([
			'mariedupont@test.fr',
			'paulmartin@test.fr'
		]);
		const caf = opened.find((m) => m.to_address === 'mariedupont@test.fr')!;
		expect(caf.subject).toContain('Saisie ouverte : Année 2019');
		expect(caf.text_body).toContain('ouverte jusqu’au 16/03/2026');
		expect(caf.text_body).toMatch(
			/Fiche 35 — .+\n {2}http:\/\/localhost:\d+\/schemas\/[^/]+\/saisie\/2019\/35/
		);
		const headers = JSON.parse(caf.headers_json);
		expect(headers['List-Unsubscribe']).toMatch(
			/^<http:\/\/localhost:\d+\/desabonnement\/[\w-]{43}\?avis=period_opened>$/
		);
		expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
		expect(caf.text_body).toContain('Ne plus recevoir ces avis : http://localhost');
		// Closing and reopening does not announce it again.
		let period = await period2019();
		await changePeriodState(db, users.admin, where, { state: 'close' }, period.version);
		period = await period2019();
		await changePeriodState(
			db,
			users.admin,
			where,
			{ state: 'ouverte', reason: 'Oubli de la CAF' },
			period.version
		);
		expect(await mailsOf('period_opened')).toHaveLength(2);
	});

	it('is not sent to someone who switched it off, nor to readers and coordinators', async () => {
		expect(
			await savePreferences(db, users.cdPilot, { notices: ['reminder'], digest: 'never' })
		).toMatchObject({ ok: true });
		await openIt();
		expect((await mailsOf('period_opened')).map((m) => m.to_address)).toEqual([
			'mariedupont@test.fr'
		]);
	});
});

describe('reminders', () => {
	beforeEach(openIt);

	it('go at J-7 and J-1 from 8 a.m. Paris, to pilots with figures left, once per kind and day', async () => {
		expect(reminderKindFor(7, [7, 1])).toBe('before_closing');
		expect(reminderKindFor(6, [7, 1])).toBeNull();
		expect(reminderKindFor(-1, [7, 1])).toBe('overdue');
		expect(reminderKindFor(-8, [7, 1])).toBe('overdue');
		expect(reminderKindFor(-2, [7, 1])).toBeNull();

		// 2026-03-09 is J-7; at 7:30 Paris nothing goes yet.
		expect(await sendDeadlineReminders(db, new Date('2026-03-09T06:30:00.000Z'))).toEqual({
			organisations: 0,
			mails: 0
		});
		const first = await sendDeadlineReminders(db, parisMorning('2026-03-09'));
		expect(first.mails).toBeGreaterThanOrEqual(2);
		const sent = await mailsOf('reminder_before_closing');
		expect(sent.map((m) => m.to_address).sort()).toEqual([
			'mariedupont@test.fr',
			'paulmartin@test.fr'
		]);
		expect(sent[0].subject).toBe('Rappel : la saisie Année 2019 ferme dans 7 jours');
		expect(sent[0].text_body).toContain('ferme dans 7 jours, le 16/03/2026');
		expect(sent[0].text_body).toMatch(/0 sur \d+ soumis/);
		// A second tick (or a second process) the same day writes nothing more.
		expect(await sendDeadlineReminders(db, new Date('2026-03-09T15:00:00.000Z'))).toEqual({
			organisations: 0,
			mails: 0
		});
		expect(await mailsOf('reminder_before_closing')).toHaveLength(2);
		const rows = await db.selectFrom('reminder').select(['kind', 'sent_by']).execute();
		expect(rows.every((r) => r.kind === 'before_closing' && r.sent_by === null)).toBe(true);
		const organisationsReminded = rows.length;
		// J-6: nothing; J-1: again.
		await sendDeadlineReminders(db, parisMorning('2026-03-10'));
		expect(await db.selectFrom('reminder').select('id').execute()).toHaveLength(
			organisationsReminded
		);
		await sendDeadlineReminders(db, parisMorning('2026-03-15'));
		const j1 = (await mailsOf('reminder_before_closing')).slice(2);
		expect(j1.map((m) => m.subject)).toContain('Rappel : la saisie Année 2019 ferme demain');
	});

	it('skip an organisation with nothing left, and a pilot who switched reminders off', async () => {
		// Paul Martin (CD 87) switches reminders off; Marie Dupont's CAF 87 submits fiche 35 only.
		await savePreferences(db, users.cdPilot, {
			notices: ['period_opened', 'sent_back', 'validated', 'meeting_closed'],
			digest: 'weekly'
		});
		await sendDeadlineReminders(db, parisMorning('2026-03-09'));
		expect((await mailsOf('reminder_before_closing')).map((m) => m.to_address)).toEqual([
			'mariedupont@test.fr'
		]);
		// The overdue notice on the day after closing, then weekly.
		await sendDeadlineReminders(db, parisMorning('2026-03-17'));
		const overdue = await mailsOf('reminder_overdue');
		expect(overdue.map((m) => m.to_address)).toEqual(['mariedupont@test.fr']);
		expect(overdue[0].subject).toMatch(/^En retard : Année 2019 — .*Haute-Vienne/);
		expect(overdue[0].text_body).toContain('devait être close le 16/03/2026');
	});

	it('« Relancer » mails the organisation’s pilots at once, and not twice the same day', async () => {
		const at = '2026-03-05T09:00:00.000Z';
		const first = await remindOrganisation(db, users.admin, where, 'caf-87', at);
		expect(first).toMatchObject({ ok: true, mails: 1 });
		if (!first.ok) return;
		expect(first.message).toBe(
			'Relance enregistrée pour CAF 87 : 1 courriel part vers ses pilotes.'
		);
		const [mail] = await mailsOf('reminder_manual');
		expect(mail.to_address).toBe('mariedupont@test.fr');
		expect(mail.subject).toContain('Relance : Année 2019');
		expect(mail.text_body).toContain('CAF 87 — Claire Coordination vous relance');
		const later = await remindOrganisation(
			db,
			users.admin,
			where,
			'caf-87',
			'2026-03-05T11:00:00.000Z'
		);
		expect(later).toMatchObject({ ok: true, mails: 0 });
		expect(await mailsOf('reminder_manual')).toHaveLength(1);
	});

	it('follow the scheme’s reminder days, checked in French', async () => {
		expect(await updateReminderDays(db, users.admin, SCHEME, '3, dix')).toEqual({
			ok: false,
			reason: 'invalid',
			errors: {
				reminderDays: '« dix » n’est pas un nombre de jours : écrivez par exemple « 7, 1 ».'
			}
		});
		expect(await updateReminderDays(db, users.cafPilot, SCHEME, '3')).toMatchObject({
			ok: false,
			reason: 'forbidden'
		});
		expect(await updateReminderDays(db, users.admin, SCHEME, '3; 10')).toEqual({
			ok: true,
			days: [10, 3]
		});
		await sendDeadlineReminders(db, parisMorning('2026-03-09'));
		expect(await mailsOf('reminder_before_closing')).toHaveLength(0);
		await sendDeadlineReminders(db, parisMorning('2026-03-13'));
		expect((await mailsOf('reminder_before_closing'))[0].subject).toContain('ferme dans 3 jours');
	});
});

describe('review outcome', () => {
	beforeEach(openIt);
	const sheet35 = { scheme: SCHEME, fiche: '35', period: '2019' };

	async function submit35() {
		const saved = await saveDraft(db, users.cafPilot, sheet35, [
			row('86', 'non'),
			row('87', '4'),
			row('88', '15 000'),
			row('89', '27')
		]);
		if (!saved.ok) throw new Error(JSON.stringify(saved));
		const submitted = await submitFiche(db, users.cafPilot, sheet35);
		if (!submitted.ok) throw new Error(JSON.stringify(submitted));
		const sheet = await getEntrySheet(db, users.admin, sheet35);
		if (!sheet.ok) throw new Error(sheet.reason);
		return sheet.sheet;
	}
	const versionsOf = (sheet: Awaited<ReturnType<typeof submit35>>) =>
		Object.fromEntries(
			sheet.lines.filter((l) => l.figure).map((l) => [String(l.figure!.id), l.figure!.version])
		);

	it('mails the sent-back figures with the reason to the fiche’s pilots, then « validée »', async () => {
		const sheet = await submit35();
		const f87 = sheet.lines.find((l) => l.key === '87')!.figure!;
		const review = await reviewFiche(db, users.admin, sheet35, {
			comments: { [f87.id]: 'Quatre supports seulement ? Vérifiez.' },
			versions: versionsOf(sheet)
		});
		expect(review).toMatchObject({ ok: true, validated: 3, sentBack: 1 });
		const [back] = await mailsOf('sent_back');
		expect(back.to_address).toBe('mariedupont@test.fr');
		expect(back.subject).toBe('Un chiffre renvoyé : fiche 35 — Année 2019');
		expect(back.text_body).toContain('Motif : Quatre supports seulement ? Vérifiez.');
		expect(back.text_body).toContain(
			'CAF 87 — Claire Coordination a renvoyé pour correction un chiffre'
		);
		expect(back.text_body).toMatch(/\/schemas\/[^/]+\/saisie\/2019\/35/);
		expect(await mailsOf('validated')).toHaveLength(0);
		// The pilot corrects and resubmits; the coordinator validates: « fiche validée ».
		const fixed = await saveDraft(db, users.cafPilot, sheet35, [row('87', '5', f87.version + 1)]);
		expect(fixed.ok).toBe(true);
		expect((await submitFiche(db, users.cafPilot, sheet35)).ok).toBe(true);
		const again = await getEntrySheet(db, users.admin, sheet35);
		if (!again.ok) return;
		expect(
			await reviewFiche(db, users.admin, sheet35, {
				comments: {},
				versions: versionsOf(again.sheet)
			})
		).toMatchObject({ ok: true, validated: 1 });
		const validated = await mailsOf('validated');
		expect(validated.map((m) => [m.to_address, m.subject])).toEqual([
			['mariedupont@test.fr', 'Fiche 35 validée — Année 2019']
		]);
		expect(await mailsOf('sent_back')).toHaveLength(1);
	});
});

describe('meeting closed', () => {
	it('mails every member of the scheme the link to the frozen pack, and nobody outside it', async () => {
		await openIt();
		// Someone of the same organisation, member of no scheme: receives nothing.
		const outsider = await makeUser(db, 'pilote', 'caf-87', 'Olga Outsider');
		await db.deleteFrom('membership').where('user_id', '=', outsider.id).execute();
		await db.updateTable('app_user').set({ password_hash: 'x' }).execute();
		const meeting = await createMeeting(db, users.admin, SCHEME, {
			title: 'CDSF de mars',
			heldOn: '2026-03-20',
			period: '2019',
			attendees: []
		});
		if (!meeting.ok) throw new Error(JSON.stringify(meeting));
		const closed = await closeMeeting(
			db,
			users.admin,
			{ scheme: SCHEME, meeting: meeting.meeting.id },
			meeting.meeting.version
		);
		expect(closed.ok).toBe(true);
		const sent = await mailsOf('meeting_closed');
		expect(sent.map((m) => m.to_address).sort()).toEqual([
			'clairecoordination@test.fr',
			'luclecteur@test.fr',
			'mariedupont@test.fr',
			'paulmartin@test.fr'
		]);
		expect(sent[0].subject).toBe('Comité clos : CDSF de mars');
		expect(sent[0].text_body).toMatch(
			new RegExp(`/schemas/[^/]+/comites/${meeting.meeting.id}/revue`)
		);
	});
});

describe('digest', () => {
	beforeEach(openIt);

	it('goes on Mondays to coordinators with something to report; daily ones every working day', async () => {
		// Nothing to report: no mail.
		expect(await sendDigests(db, parisMorning('2026-03-09'))).toBe(0);
		// Figures awaiting review.
		await saveDraft(db, users.cafPilot, { scheme: SCHEME, fiche: '35', period: '2019' }, [
			row('86', 'non'),
			row('87', '4'),
			row('88', '15 000'),
			row('89', '27')
		]);
		await submitFiche(db, users.cafPilot, { scheme: SCHEME, fiche: '35', period: '2019' });
		expect(await sendDigests(db, new Date('2026-03-09T06:00:00.000Z'))).toBe(0); // 7 a.m.
		expect(await sendDigests(db, parisMorning('2026-03-09'))).toBe(1);
		expect(await sendDigests(db, parisMorning('2026-03-09'))).toBe(0);
		const [digest] = await mailsOf('digest');
		expect(digest.to_address).toBe('clairecoordination@test.fr');
		expect(digest.subject).toContain('Synthèse hebdomadaire');
		expect(digest.text_body).toContain('À valider : 4 chiffres soumis');
		// Tuesday: only for a daily digest.
		expect(await sendDigests(db, parisMorning('2026-03-10'))).toBe(0);
		await savePreferences(db, users.admin, {
			notices: [],
			digest: 'daily'
		});
		expect(await sendDigests(db, parisMorning('2026-03-10'))).toBe(1);
		// Saturday: none.
		expect(await sendDigests(db, parisMorning('2026-03-14'))).toBe(0);
	});
});

describe('unsubscribe', () => {
	it('switches one topic off by its key, idempotently, and back on', async () => {
		await openIt();
		const [mail] = await mailsOf('period_opened');
		const key = /desabonnement\/([\w-]+)\?/.exec(
			JSON.parse(mail.headers_json)['List-Unsubscribe']
		)![1];
		expect(await findUnsubscribeTarget(db, key, 'reminder')).toMatchObject({ subscribed: true });
		expect(await setSubscription(db, key, 'reminder', false)).toBe(true);
		expect(await setSubscription(db, key, 'reminder', false)).toBe(true);
		expect(await findUnsubscribeTarget(db, key, 'reminder')).toMatchObject({ subscribed: false });
		expect(await findUnsubscribeTarget(db, key, 'period_opened')).toMatchObject({
			subscribed: true
		});
		expect(await setSubscription(db, 'inconnu', 'reminder', false)).toBe(false);
		expect(await findUnsubscribeTarget(db, 'inconnu', 'reminder')).toBeNull();
		expect(await setSubscription(db, key, 'digest', false)).toBe(true);
		expect(await findUnsubscribeTarget(db, key, 'digest')).toMatchObject({ subscribed: false });
	});
});
