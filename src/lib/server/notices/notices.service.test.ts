import { beforeEach, describe, expect, it } from 'vitest';
import type { CurrentUser } from '../auth/auth.service';
import type { Db } from '../db/database';
import { campaignUsers } from '../reporting/campaign.fixture';
import { SCHEME, bookletDb } from '../reporting/reporting.fixture';
import { seedDemoFigures } from '../seed/demo-figures';
import { getNotices } from './notices.service';

// The notices read from a real SQLite database: the booklet with the demo figures (2019 open,
// closing 60 days after TODAY; fiche 10, piloted by CAF 87, has a figure sent back; fiches 10
// and 20 wait for validation).

const TODAY = '2026-01-15';
let db: Db;
let users: Record<'coordinator' | 'cafPilot' | 'cdPilot' | 'reader', CurrentUser>;

beforeEach(async () => {
	db = await bookletDb();
	await seedDemoFigures(db, TODAY);
	users = await campaignUsers(db);
});

const texts = async (user: CurrentUser, today = TODAY) =>
	(await getNotices(db, user, today)).map(
		(n) => `${n.text} : ${n.links.map((l) => l.label).join(', ')}`
	);

describe('getNotices', () => {
	it('tells each member what concerns them in the schemes they belong to', async () => {
		expect(await texts(users.cafPilot)).toEqual(['1 chiffre vous a été renvoyé : fiche 10']);
		expect(await texts(users.cdPilot)).toEqual([]);
		expect(await texts(users.coordinator)).toEqual([
			'2 fiches attendent votre validation : Année 2019 (2 fiches)'
		]);
		expect(await texts(users.reader)).toEqual([]);
		const [notice] = await getNotices(db, users.cafPilot, TODAY);
		expect(notice).toMatchObject({
			kind: 'sent_back',
			scheme: { slug: SCHEME },
			links: [{ to: 'grid', scheme: SCHEME, period: '2019', fiche: '10' }]
		});
	});

	it('warns of a closing date within 14 days while fiches are left to do', async () => {
		await db
			.updateTable('reporting_period')
			.set({ closes_on: '2026-01-20' })
			.where('code', '=', '2019')
			.execute();
		expect(await texts(users.cdPilot)).toEqual([
			'La saisie Année 2019 ferme dans 5 jours : 4 de vos fiches restent à compléter : ouvrir Ma saisie'
		]);
		expect(await texts(users.coordinator)).toEqual([
			'La saisie Année 2019 ferme dans 5 jours : 14 fiches restent à compléter : suivre la campagne',
			'2 fiches attendent votre validation : Année 2019 (2 fiches)'
		]);
	});
});
