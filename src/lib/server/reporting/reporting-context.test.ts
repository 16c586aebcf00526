import { describe, expect, it } from 'vitest';
import { changePeriodState, createPeriod } from './periods.service';
import { loadWritableSheet } from './reporting-context';
import { SCHEME, bookletDb, bookletUsers, openPeriod } from './reporting.fixture';

const refusal = {
	notPilot: 'Pas pilote.',
	notOpen: (state: string) => `Période ${state}.`
};

describe('loadWritableSheet, shared by the figures and bilan writers', () => {
	it('lets a pilot of the fiche and the administrator write in an open period, no one else', async () => {
		const db = await bookletDb();
		const users = await bookletUsers(db);
		await openPeriod(db, users.admin, '2019');
		const where = { scheme: SCHEME, fiche: '35', period: '2019' };
		const write = (user: (typeof users)[keyof typeof users], at = where) =>
			db.transaction().execute((tx) => loadWritableSheet(tx, user, at, refusal));
		expect(await write(users.cafPilot)).toMatchObject({
			ok: true,
			fiche: { number: '35' },
			period: { code: '2019', state: 'ouverte' }
		});
		expect(await write(users.admin)).toMatchObject({ ok: true, canEnter: true });
		expect(await write(users.cdPilot)).toEqual({
			ok: false,
			reason: 'forbidden',
			message: 'Pas pilote.'
		});
		expect(await write(users.cafPilot, { ...where, period: '2030' })).toMatchObject({
			reason: 'not_found'
		});
	});

	it('refuses a period that is not open, with the wording of the caller', async () => {
		const db = await bookletDb();
		const users = await bookletUsers(db);
		const created = await createPeriod(db, users.admin, SCHEME, {
			kind: 'annee',
			year: '2020',
			number: '',
			opensOn: '2021-01-04',
			closesOn: '2021-02-26'
		});
		if (!created.ok) throw new Error(JSON.stringify(created));
		const where = { scheme: SCHEME, fiche: '35', period: '2020' };
		const write = () =>
			db.transaction().execute((tx) => loadWritableSheet(tx, users.cafPilot, where, refusal));
		expect(await write()).toEqual({ ok: false, reason: 'locked', message: 'Période a_venir.' });
		const opened = await changePeriodState(
			db,
			users.admin,
			{ scheme: SCHEME, period: '2020' },
			{ state: 'ouverte' },
			created.period.version
		);
		if (!opened.ok) throw new Error(JSON.stringify(opened));
		expect(await write()).toMatchObject({ ok: true });
	});
});
