import { beforeEach, describe, expect, it } from 'vitest';
import type { CurrentUser } from '../auth/auth.service';
import type { Db } from '../db/database';
import { seedDemoFigures } from '../seed/demo-figures';
import { campaignUsers } from './campaign.fixture';
import { getCampaign } from './campaign.service';
import { loadLines } from './figures.service';
import { changePeriodState } from './periods.service';
import { queueReminder, remindOrganisation } from './reminders.service';
import { SCHEME, bookletDb } from './reporting.fixture';

// Reminders on a real SQLite database: the booklet with the demo figures (2019 open, closing
// 60 days after 2026-01-15).

const TODAY = '2026-01-15';
const at = (time: string) => `${TODAY}T${time}:00.000Z`;
const where = { scheme: SCHEME, period: '2019' };

let db: Db;
let users: Record<'coordinator' | 'cafPilot' | 'cdPilot' | 'reader', CurrentUser>;

beforeEach(async () => {
	db = await bookletDb();
	await seedDemoFigures(db, TODAY);
	users = await campaignUsers(db);
});

const idOf = async (table: 'organisation' | 'scheme', slug: string) =>
	(await db.selectFrom(table).select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;

async function period2019() {
	return db
		.selectFrom('reporting_period')
		.selectAll()
		.where('scheme_id', '=', await idOf('scheme', SCHEME))
		.where('code', '=', '2019')
		.executeTakeFirstOrThrow();
}

describe('queueReminder', () => {
	it('records the organisation, the period, who asked and when, in the caller’s transaction', async () => {
		const period = await period2019();
		const caf = await idOf('organisation', 'caf-87');
		const queued = await db.transaction().execute((tx) =>
			queueReminder(tx, {
				schemeId: period.scheme_id,
				periodId: period.id,
				organisationId: caf,
				sentBy: users.coordinator.id,
				at: at('09:30')
			})
		);
		expect(queued.createdAt).toBe(at('09:30'));
		expect(await db.selectFrom('reminder').selectAll().execute()).toEqual([
			{
				id: queued.id,
				scheme_id: period.scheme_id,
				period_id: period.id,
				organisation_id: caf,
				kind: 'manual',
				sent_by: users.coordinator.id,
				created_at: at('09:30')
			}
		]);
		// Rolled back with its transaction.
		await expect(
			db.transaction().execute(async (tx) => {
				await queueReminder(tx, {
					schemeId: period.scheme_id,
					periodId: period.id,
					organisationId: caf,
					sentBy: null
				});
				throw new Error('rollback');
			})
		).rejects.toThrow('rollback');
		expect(await db.selectFrom('reminder').select('id').execute()).toHaveLength(1);
	});
});

describe('remindOrganisation (« Relancer »)', () => {
	it('records a reminder, refuses a second one within the hour in French, accepts it after', async () => {
		const first = await remindOrganisation(db, users.coordinator, where, 'caf-87', at('09:00'));
		expect(first).toMatchObject({
			ok: true,
			organisation: { slug: 'caf-87', shortName: 'CAF 87' },
			at: at('09:00'),
			// These test accounts have not chosen a password yet: nobody to mail (notifications.test.ts).
			mails: 0,
			message: expect.stringMatching(/^Relance enregistrée pour CAF 87 : aucun courriel/)
		});
		const again = await remindOrganisation(db, users.coordinator, where, 'caf-87', at('09:12'));
		expect(again).toEqual({
			ok: false,
			reason: 'too_soon',
			message:
				'Une relance a déjà été enregistrée pour CAF 87 il y a 12 minutes (par Claire Coordination) : la suivante sera possible dans 48 minutes.',
			last: { at: at('09:00'), by: 'Claire Coordination' }
		});
		// Another organisation is not held up by it.
		expect(
			await remindOrganisation(db, users.coordinator, where, 'cd-87', at('09:12'))
		).toMatchObject({ ok: true });
		expect(
			await remindOrganisation(db, users.coordinator, where, 'caf-87', at('09:59'))
		).toMatchObject({ ok: false, reason: 'too_soon' });
		expect(
			await remindOrganisation(db, users.coordinator, where, 'caf-87', at('10:00'))
		).toMatchObject({ ok: true });
		const rows = await db
			.selectFrom('reminder')
			.innerJoin('organisation', 'organisation.id', 'reminder.organisation_id')
			.select(['organisation.slug', 'reminder.created_at', 'reminder.sent_by'])
			.orderBy('reminder.id')
			.execute();
		expect(rows).toEqual([
			{ slug: 'caf-87', created_at: at('09:00'), sent_by: users.coordinator.id },
			{ slug: 'cd-87', created_at: at('09:12'), sent_by: users.coordinator.id },
			{ slug: 'caf-87', created_at: at('10:00'), sent_by: users.coordinator.id }
		]);
	});

	it('is for the coordination only, of an organisation piloting a fiche, in an open period', async () => {
		for (const user of [users.cafPilot, users.reader]) {
			expect(await remindOrganisation(db, user, where, 'caf-87', at('09:00'))).toMatchObject({
				ok: false,
				reason: 'forbidden'
			});
		}
		expect(await remindOrganisation(db, users.coordinator, where, '', at('09:00'))).toEqual({
			ok: false,
			reason: 'invalid',
			errors: { organisation: 'Choisissez l’organisation à relancer.' }
		});
		// ARS is an organisation of the instance, but pilots no fiche of this scheme.
		expect(
			await remindOrganisation(db, users.coordinator, where, 'ars', at('09:00'))
		).toMatchObject({ ok: false, reason: 'not_found' });
		expect(
			await remindOrganisation(db, users.coordinator, { ...where, period: '2031' }, 'caf-87')
		).toMatchObject({ ok: false, reason: 'not_found' });
		expect(
			await remindOrganisation(db, users.coordinator, { ...where, period: '2018' }, 'caf-87')
		).toMatchObject({ ok: false, reason: 'locked' });
		const period = await period2019();
		const closed = await changePeriodState(
			db,
			users.coordinator,
			where,
			{ state: 'close' },
			period.version
		);
		expect(closed.ok).toBe(true);
		expect(await remindOrganisation(db, users.coordinator, where, 'caf-87')).toMatchObject({
			ok: false,
			reason: 'locked',
			message: expect.stringContaining('n’est pas ouverte')
		});
		expect(await db.selectFrom('reminder').select('id').execute()).toEqual([]);
	});

	it('refuses an organisation that has submitted everything expected of it', async () => {
		// Ville de Limoges pilots 11 bis and 18: every expected line submitted.
		const period = await period2019();
		const fiches = await db
			.selectFrom('fiche')
			.select('id')
			.where('scheme_id', '=', period.scheme_id)
			.where('number', 'in', ['11 bis', '18'])
			.execute();
		for (const fiche of fiches) {
			for (const line of await loadLines(db, fiche.id, period)) {
				if (line.figure) {
					await db
						.updateTable('figure')
						.set({ status: 'soumis', value_number: 1 })
						.where('id', '=', line.figure.id)
						.execute();
				} else {
					await db
						.insertInto('figure')
						.values({
							indicator_id: line.indicator.id,
							period_id: period.id,
							breakdown_value_id: line.breakdown?.id ?? null,
							value_number: 1,
							status: 'soumis'
						})
						.execute();
				}
			}
		}
		expect(await remindOrganisation(db, users.coordinator, where, 'ville-limoges')).toEqual({
			ok: false,
			reason: 'nothing_left',
			message:
				'Ville de Limoges a soumis tous les chiffres attendus de ses fiches pour cette période : rien à relancer.'
		});
	});
});

describe('getCampaign', () => {
	it('shows the last reminder of each organisation and who sent it', async () => {
		await remindOrganisation(db, users.coordinator, where, 'caf-87', at('08:00'));
		await remindOrganisation(db, users.coordinator, where, 'caf-87', at('09:30'));
		const view = await getCampaign(db, users.coordinator, where, null, at('10:00'));
		if (!view.ok) throw new Error(view.message);
		const caf = view.organisations.find((o) => o.organisation.slug === 'caf-87')!;
		expect(caf.lastReminder).toEqual({ at: at('09:30'), by: 'Claire Coordination' });
		expect(caf.canRemind).toBe(false);
		expect(caf.remindableFrom).toBe(at('10:30'));
		const cd = view.organisations.find((o) => o.organisation.slug === 'cd-87')!;
		expect(cd).toMatchObject({ lastReminder: null, canRemind: true, remindableFrom: null });
		// Demo 2019: 15 fiches expect figures; 10 and 20 submitted, one figure of 10 sent back.
		expect(view.counts).toMatchObject({ tous: 15, 'a-valider': 2, renvoye: 1 });
		expect(view.freeTextPilots.map((p) => p.label)).toEqual([
			'Collectivités territoriales concernées'
		]);
		expect(view.organisations.map((o) => o.organisation.shortName)).not.toContain(
			'Collectivités territoriales concernées'
		);
	});

	it('is the coordination’s page only', async () => {
		expect(await getCampaign(db, users.cafPilot, where, null)).toMatchObject({
			ok: false,
			reason: 'forbidden'
		});
		expect(
			await getCampaign(db, users.coordinator, { ...where, period: '2030' }, null)
		).toMatchObject({ ok: false, reason: 'not_found' });
	});
});
