import { beforeEach, describe, expect, it } from 'vitest';
import { importPlanDocument } from '../plan/plan-import.service';
import { fixturePlan } from '../plan/plan.fixture';
import { getDashboard, overrideMeteo } from './dashboard.service';
import { createDashboardDb, createSizedDb, QueryCounter } from './test-data';

// Expected figures are worked out by hand from the dataset in test-data.ts:
// fiche 11 bis (axis 1, à lancer, pilots CAF 2A + Ajaccio): 4 indicators, 6 expected lines in 2021
//   (réunions; enfants × 2 communes; pourcentage × 2 communes; places) — entered 5 (the draft
//   percentage counts as entered), validated 4; targets 2021: réunions 8 < 10 (off), places 21 ≥ 20
//   (on) → 1 of 2 assessed off target, half → hors trajectoire.
// fiche 11 (axis 1, en cours, pilot Ajaccio): satisfaction 85 submitted (not validated) → no value
//   to assess; milestone due 31/03/2021 not done → late on 30/06/2021 (3 months, not more) → à surveiller.
// fiche 2 (axis 1, à élaborer, no pilot): nothing → non évaluée; last activity 15/06/2020 → stale.
// fiche 10 (axis 2, réalisée, no pilot): yes/no indicator "non disponible" validated (1 expected,
//   1 entered, 1 validated) → en bonne voie.
const TODAY = '2021-06-30';

let data: Awaited<ReturnType<typeof createDashboardDb>>;
beforeEach(async () => {
	data = await createDashboardDb();
});

async function dashboardOf(filters: Parameters<typeof getDashboard>[3] = {}, user = data.reader) {
	const result = await getDashboard(data.db, user, data.slug, filters, TODAY);
	if (!result.ok) throw new Error(result.message);
	return result.dashboard;
}

describe('getDashboard — hand-computed aggregates', () => {
	it('picks the latest validated period by default and lists periods newest first', async () => {
		const d = await dashboardOf();
		expect(d.period?.code).toBe('2020');
		expect(d.periods.map((p) => [p.code, p.stateLabel])).toEqual([
			['2021', 'Ouverte'],
			['2020', 'Validée']
		]);
		expect(d.asOf).toBe('2020-12-31');
	});

	it('counts fiches by state per strategic axis', async () => {
		const d = await dashboardOf({ periode: '2021' });
		expect(
			d.axes.map((a) => [
				a.code,
				a.counts.a_elaborer,
				a.counts.a_lancer,
				a.counts.en_cours,
				a.counts.realisee,
				a.counts.total
			])
		).toEqual([
			['1', 1, 1, 1, 0, 3],
			['2', 0, 0, 0, 1, 1]
		]);
		expect(d.totals.byState.total).toBe(4);
		expect(d.scheme.axisLabel).toBe('Axe');
	});

	it('counts expected, entered and validated figures per pilot organisation', async () => {
		const d = await dashboardOf({ periode: '2021' });
		expect(d.entry.map((e) => [e.label, e.fiches, e.expected, e.entered, e.validated])).toEqual([
			['Ajaccio', 2, 7, 6, 4],
			['CAF 2A', 1, 6, 5, 4],
			['Sans organisation référencée', 2, 1, 1, 1]
		]);
		// 11 bis (6, 5, 4) + 11 (1, 1, 0) + 10 (1, 1, 1): a fiche piloted twice counts once here.
		expect(d.entryTotal).toEqual({ fiches: 4, expected: 8, entered: 7, validated: 5 });
	});

	it('computes the weather of each fiche with its reasons', async () => {
		const d = await dashboardOf({ periode: '2021' });
		const meteo = Object.fromEntries(d.fiches.map((f) => [f.number, [f.computed, f.effective]]));
		expect(meteo).toEqual({
			'2': ['not_assessed', 'not_assessed'],
			'10': ['on_track', 'on_track'],
			'11': ['at_risk', 'at_risk'],
			'11 bis': ['off_track', 'off_track']
		});
		expect(d.fiches.find((f) => f.number === '11 bis')!.reasons).toEqual([
			'1 indicateur sur 2 hors cible (la moitié ou plus).'
		]);
		expect(d.fiches.find((f) => f.number === '11')!.reasons).toEqual(['1 jalon en retard.']);
		expect(
			d.axes.map((a) => [
				a.code,
				a.meteo.off_track,
				a.meteo.at_risk,
				a.meteo.on_track,
				a.meteo.not_assessed
			])
		).toEqual([
			['1', 1, 1, 0, 1],
			['2', 0, 0, 1, 0]
		]);
	});

	it('lists indicators off target, late milestones and stale fiches', async () => {
		const d = await dashboardOf({ periode: '2021' });
		expect(
			d.offTarget.map((o) => [o.fiche.number, o.indicator.label, o.value, o.target, o.periodCode])
		).toEqual([['11 bis', 'Nombre de réunions', 8, 10, '2021']]);
		expect(d.lateMilestones.map((m) => [m.fiche.number, m.label, m.monthsLate, m.severe])).toEqual([
			['11', 'Recruter l’animatrice', 3, false]
		]);
		// Fiche 10 is older but done; 11 bis and 11 had figures or milestones since.
		expect(d.stale.map((s) => [s.fiche.number, s.months])).toEqual([['2', 12]]);
		expect(d.scheme.staleMonths).toBe(6);
	});

	it('judges a past period on its own last day: reach_target off by more than 10 %', async () => {
		const d = await dashboardOf({ periode: '2020' });
		// Satisfaction 70 for a target of 80 (reach_target: gap 10 > 8) → off; the 2021 milestone is not late yet.
		expect(d.offTarget.map((o) => [o.fiche.number, o.value, o.target])).toEqual([['11', 70, 80]]);
		expect(d.lateMilestones).toEqual([]);
		expect(d.fiches.find((f) => f.number === '11')!.computed).toBe('off_track');
		// Fiche 11 bis in 2020 has validated figures (places 15, enfants 3 + 4) and no target, but it
		// is still « à lancer »: not started, so not « en bonne voie » (issue 14).
		expect(d.fiches.find((f) => f.number === '11 bis')!.computed).toBe('not_assessed');
		expect(d.entry.find((e) => e.label === 'CAF 2A')).toMatchObject({
			expected: 6,
			entered: 3,
			validated: 3
		});
	});

	it('applies the URL filters to every block', async () => {
		const caf = await dashboardOf({ periode: '2021', pilote: 'caf-2a' });
		expect(caf.fiches.map((f) => f.number)).toEqual(['11 bis']);
		expect(caf.entryTotal).toEqual({ fiches: 1, expected: 6, entered: 5, validated: 4 });
		expect(caf.totals).toMatchObject({ fiches: 1, allFiches: 4 });

		const axis2 = await dashboardOf({ periode: '2021', axe: '2' });
		expect(axis2.axes.map((a) => a.code)).toEqual(['2']);
		expect(axis2.fiches.map((f) => f.number)).toEqual(['10']);
		expect(axis2.offTarget).toEqual([]);

		const running = await dashboardOf({ periode: '2021', etat: ['en_cours'] });
		expect(running.fiches.map((f) => f.number)).toEqual(['11']);
		expect(running.lateMilestones).toHaveLength(1);
		expect(running.query.etat).toEqual(['en_cours']);

		const nobody = await dashboardOf({ periode: '2021', pilote: 'inconnu' });
		expect(nobody.totals.fiches).toBe(0);
	});

	it('counts figures of fictitious demonstration data', async () => {
		expect((await dashboardOf({ periode: '2021' })).demo).toBe(false);
		await data.db.updateTable('figure').set({ demo: 1 }).execute();
		expect((await dashboardOf({ periode: '2021' })).demo).toBe(true);
	});

	it('falls back to the default period for an unknown code', async () => {
		const d = await dashboardOf({ periode: '1999' });
		expect(d.period?.code).toBe('2020');
	});

	it('needs sign-in for a private scheme and answers not found for an unknown one', async () => {
		// Private: not found for who may not read it, as an unknown scheme (the route gate sends an
		// anonymous visitor to sign in).
		expect(await getDashboard(data.db, null, data.slug)).toMatchObject({
			ok: false,
			reason: 'not_found'
		});
		await data.db.updateTable('scheme').set({ visibility: 'public' }).execute();
		expect((await getDashboard(data.db, null, data.slug)).ok).toBe(true);
		expect(await getDashboard(data.db, data.reader, 'inconnu')).toMatchObject({
			ok: false,
			reason: 'not_found'
		});
	});

	it('works before any period exists: states, milestones and staleness, nothing to override', async () => {
		await data.db.deleteFrom('reporting_period').execute();
		const d = await dashboardOf({ periode: '2021' }, data.admin);
		expect(d.period).toBeNull();
		expect(d.canOverride).toBe(false);
		expect(d.totals.byState.total).toBe(4);
		expect(d.entryTotal).toEqual({ fiches: 4, expected: 0, entered: 0, validated: 0 });
		expect(d.offTarget).toEqual([]);
		expect(d.lateMilestones.map((m) => m.fiche.number)).toEqual(['11']);
		expect(d.history).toEqual([]);
	});

	it('reads the stale setting of the scheme', async () => {
		await data.db.updateTable('scheme').set({ stale_months: 13 }).execute();
		const d = await dashboardOf({ periode: '2021' });
		expect(d.stale).toEqual([]);
		expect(d.rules[1].conditions.join(' ')).toContain('13 mois');
	});
});

describe('overrideMeteo', () => {
	const where = () => ({ scheme: data.slug, fiche: '11-bis', period: '2021' });
	const auditCount = async () =>
		Number(
			(
				await data.db
					.selectFrom('audit_event')
					.select((eb) => eb.fn.countAll().as('n'))
					.executeTakeFirstOrThrow()
			).n
		);

	it('overrides with a reason, keeps the computed weather beside it and records the history', async () => {
		const result = await overrideMeteo(
			data.db,
			data.admin,
			where(),
			{ meteo: 'at_risk', reason: 'Réunions reportées par le partenaire' },
			0
		);
		expect(result).toMatchObject({
			ok: true,
			changed: true,
			override: { meteo: 'at_risk', version: 1 }
		});

		const d = await dashboardOf({ periode: '2021' });
		const fiche = d.fiches.find((f) => f.number === '11 bis')!;
		expect([fiche.computed, fiche.effective]).toEqual(['off_track', 'at_risk']);
		expect(fiche.override).toMatchObject({
			reason: 'Réunions reportées par le partenaire',
			updatedBy: 'Test coordinateur',
			version: 1
		});
		expect(d.totals.byMeteo.at_risk).toBe(2);
		expect(d.history).toMatchObject([
			{
				fiche: { number: '11 bis' },
				from: null,
				to: 'at_risk',
				reason: 'Réunions reportées par le partenaire',
				actor: 'CAF 2A — Test coordinateur'
			}
		]);
		// Another period keeps its computed weather.
		expect(
			(await dashboardOf({ periode: '2020' })).fiches.find((f) => f.number === '11 bis')!.override
		).toBeNull();

		const events = await data.db
			.selectFrom('audit_event')
			.selectAll()
			.where('entity_type', '=', 'meteo')
			.execute();
		expect(events).toHaveLength(1);
		expect(JSON.parse(events[0].changes)).toEqual({
			fiche: { old: null, new: '11 bis' },
			period: { old: null, new: '2021' },
			meteo: { old: null, new: 'at_risk' }
		});
		expect(events[0].user_id).toBe(data.admin.id);
	});

	it('refuses a stale version: conflict with the current override, nothing written', async () => {
		await overrideMeteo(
			data.db,
			data.admin,
			where(),
			{ meteo: 'at_risk', reason: 'Premier avis' },
			0
		);
		const before = await auditCount();
		const result = await overrideMeteo(
			data.db,
			data.admin,
			where(),
			{ meteo: 'on_track', reason: 'Second avis' },
			0
		);
		expect(result).toMatchObject({
			ok: false,
			reason: 'conflict',
			current: { meteo: 'at_risk', reason: 'Premier avis', version: 1 }
		});
		expect(await auditCount()).toBe(before);
		const row = await data.db.selectFrom('meteo_override').selectAll().executeTakeFirstOrThrow();
		expect([row.meteo, row.version]).toEqual(['at_risk', 1]);
	});

	it('withdraws an override (back to the computed weather), with a reason in the history', async () => {
		await overrideMeteo(
			data.db,
			data.admin,
			where(),
			{ meteo: 'at_risk', reason: 'Premier avis' },
			0
		);
		const result = await overrideMeteo(
			data.db,
			data.admin,
			where(),
			{ meteo: '', reason: 'Les réunions ont eu lieu' },
			1
		);
		expect(result).toMatchObject({ ok: true, override: { meteo: null, version: 2 } });
		const d = await dashboardOf({ periode: '2021' });
		expect(d.fiches.find((f) => f.number === '11 bis')!.effective).toBe('off_track');
		expect(d.history.map((h) => [h.from, h.to, h.reason])).toEqual([
			['at_risk', null, 'Les réunions ont eu lieu'],
			[null, 'at_risk', 'Premier avis']
		]);
	});

	it('requires a reason and a known weather, in French', async () => {
		const result = await overrideMeteo(
			data.db,
			data.admin,
			where(),
			{ meteo: 'orage', reason: '' },
			0
		);
		expect(result).toMatchObject({
			ok: false,
			reason: 'invalid',
			errors: {
				meteo: 'Choisissez une météo dans la liste.',
				reason: expect.stringContaining('Indiquez la raison')
			}
		});
		expect(
			await overrideMeteo(data.db, data.admin, where(), { meteo: '', reason: 'Rien à retirer' }, 0)
		).toMatchObject({
			ok: false,
			reason: 'invalid',
			errors: { meteo: expect.any(String) }
		});
		expect(await data.db.selectFrom('meteo_override').selectAll().execute()).toEqual([]);
	});

	it('is reserved to administrators', async () => {
		for (const user of [data.pilot, data.reader]) {
			expect(
				await overrideMeteo(
					data.db,
					user,
					where(),
					{ meteo: 'on_track', reason: 'Je trouve que ça va' },
					0
				)
			).toMatchObject({
				ok: false,
				reason: 'forbidden'
			});
		}
	});

	it('checks fiche and period against the scheme of the route', async () => {
		const other = await importPlanDocument(data.db, {
			...fixturePlan,
			scheme: { ...fixturePlan.scheme, slug: 'autre-2020-2025' }
		});
		expect(other.schemeId).not.toBe(data.schemeId);
		// The period 2021 exists only in the first scheme.
		expect(
			await overrideMeteo(
				data.db,
				data.admin,
				{ ...where(), scheme: 'autre-2020-2025' },
				{ meteo: 'on_track', reason: 'Essai' },
				0
			)
		).toMatchObject({
			ok: false,
			reason: 'not_found'
		});
		expect(
			await overrideMeteo(
				data.db,
				data.admin,
				{ ...where(), fiche: 'inconnue' },
				{ meteo: 'on_track', reason: 'Essai' },
				0
			)
		).toMatchObject({
			ok: false,
			reason: 'not_found'
		});
	});
});

describe('query count', () => {
	it('is the same for 3 and for 60 fiches', async () => {
		const counts: number[] = [];
		for (const size of [3, 60]) {
			const sized = await createSizedDb(size);
			const counter = new QueryCounter();
			const result = await getDashboard(
				sized.db.withPlugin(counter),
				sized.reader,
				sized.slug,
				{ periode: '2021' },
				TODAY
			);
			expect(result.ok).toBe(true);
			if (result.ok) {
				expect(result.dashboard.totals.fiches).toBe(size);
				expect(result.dashboard.lateMilestones).toHaveLength(size);
			}
			counts.push(counter.count);
		}
		expect(counts[0]).toBe(counts[1]);
		console.info(`Dashboard: ${counts[0]} queries for 3 fiches and for 60.`);
		expect(counts[0]).toBeLessThanOrEqual(10);
	});
});
