import { todayInParis } from '$lib/domain/paris-time';
import {
	commentRequired,
	isIndicatorExpectedInPeriod,
	periodSpan,
	type FigureStatus,
	type PeriodRef
} from '$lib/domain/figures';
import type { IndicatorUnit } from '$lib/domain/enums';
import type { Db } from '../db/database';
import { updateVersioned } from '../db/versioned-update';
import { SYSTEM_ACTOR, creationChanges, recordEvent } from '../audit/audit.service';
import type { Tx } from '../reporting/results';
import { DEMO_SCHEME_SLUG } from './demo-seed';

// FICTITIOUS demonstration figures for the Haute-Vienne plan: invented, deterministic (seeded
// PRNG), flagged `demo` so every screen can say « Chiffres fictifs de démonstration ».

export const DEMO_FIGURES_NOTE = 'Chiffres fictifs de démonstration';

/** mulberry32: a tiny seeded PRNG, so the demo is the same on every machine. */
function prng(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Seed from stable words (fiche number, indicator position, breakdown label), never database ids. */
function seedOf(text: string): number {
	let h = 2166136261;
	for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
	return h >>> 0;
}

/** A plausible order of magnitude for a count, read from the indicator's wording. */
function countRange(label: string): [number, number] {
	if (/connexion/i.test(label)) return [8_000, 25_000];
	if (/rencontre|réunion|comité|groupe|commission|table|visio/i.test(label)) return [2, 12];
	if (
		/module|outil|support|date|campagne|questionnaire|action|animation|dispositif|EAJE/i.test(label)
	)
		return [2, 25];
	if (
		/parent|famille|enfant|participant|personne|situation|professionnel|assistant|place|acteur|animateur|partenaire|agrément|bénéficiaire|sollicitation|entretien/i.test(
			label
		)
	) {
		return [20, 400];
	}
	return [3, 60];
}

type DemoIndicator = {
	id: number;
	ficheNumber: string;
	position: number;
	label: string;
	measure: string | null;
	unit: IndicatorUnit;
	polarity: 'higher_better' | 'lower_better' | 'reach_target';
	periodicity: 'annuelle' | 'semestrielle' | 'trimestrielle';
	breakdown: { id: number; label: string }[];
	target: Map<number, number>;
};

/** 2017 value of a slot, then a gentle drift each year (−15 % to +35 %). */
function valueFor(
	indicator: DemoIndicator,
	slot: string | null,
	year: number,
	slots: number
): number | string | boolean {
	const random = prng(seedOf(`${indicator.ficheNumber}|${indicator.position}|${slot ?? ''}`));
	const wording = `${indicator.label} ${indicator.measure ?? ''}`;
	if (indicator.unit === 'oui_non') return year === 2017 ? random() < 0.7 : true;
	if (indicator.unit === 'texte')
		return `Éléments qualitatifs ${year} (texte fictif de démonstration).`;
	let value: number;
	if (indicator.unit === 'pourcentage') value = 15 + random() * 70;
	else {
		const [low, high] = countRange(wording);
		// A breakdown value holds a share of the whole.
		const lo = slots > 1 ? Math.max(1, Math.round(low / slots)) : low;
		const hi = slots > 1 ? Math.max(lo + 2, Math.round(high / slots)) : high;
		value = lo + random() * (hi - lo);
		if (indicator.target.has(2017)) value = indicator.target.get(2017)! + Math.round(random() * 2);
	}
	for (let y = 2018; y <= year; y++) value *= 0.85 + random() * 0.5;
	if (indicator.unit === 'pourcentage') return Math.min(100, Math.round(value * 10) / 10);
	if (indicator.unit === 'montant') return Math.round(value * 100) / 100;
	return Math.max(0, Math.round(value));
}

type PeriodPlan = {
	ref: PeriodRef;
	state: 'validee' | 'ouverte';
	opensOn: string;
	closesOn: string;
};

const addDays = (iso: string, days: number) =>
	new Date(Date.parse(iso) + days * 86_400_000).toISOString().slice(0, 10);

/** What 2019 looks like: some fiches submitted, one sent back, some drafts — and fiche 35 left EMPTY. */
const PLAN_2019: Record<string, { status: FigureStatus; share: number }> = {
	'1': { status: 'brouillon', share: 0.6 },
	'2': { status: 'brouillon', share: 0.4 },
	'10': { status: 'soumis', share: 1 },
	'11 bis': { status: 'brouillon', share: 0.5 },
	'20': { status: 'soumis', share: 1 },
	'24': { status: 'brouillon', share: 1 },
	'31': { status: 'brouillon', share: 0.5 }
};
/** The fiche whose 2019 figures stay empty so the browser journey can fill it in. */
export const DEMO_EMPTY_FICHE_2019 = '35';

async function loadIndicators(tx: Tx, schemeId: number): Promise<DemoIndicator[]> {
	const rows = await tx
		.selectFrom('indicator')
		.innerJoin('fiche', 'fiche.id', 'indicator.fiche_id')
		.select([
			'indicator.id',
			'fiche.number as fiche_number',
			'indicator.position',
			'indicator.label',
			'indicator.measure',
			'indicator.unit',
			'indicator.polarity',
			'indicator.periodicity'
		])
		.where('fiche.scheme_id', '=', schemeId)
		.orderBy('fiche.number_sort')
		.orderBy('indicator.position')
		.execute();
	const ids = rows.map((r) => r.id);
	const [breakdowns, targets] = await Promise.all([
		tx
			.selectFrom('indicator_breakdown_value')
			.selectAll()
			.where('indicator_id', 'in', ids.length ? ids : [-1])
			.orderBy('position')
			.execute(),
		tx
			.selectFrom('indicator_target')
			.selectAll()
			.where('indicator_id', 'in', ids.length ? ids : [-1])
			.execute()
	]);
	return rows.map((r) => ({
		id: r.id,
		ficheNumber: r.fiche_number,
		position: r.position,
		label: r.label,
		measure: r.measure,
		unit: r.unit,
		polarity: r.polarity,
		periodicity: r.periodicity,
		breakdown: breakdowns
			.filter((b) => b.indicator_id === r.id)
			.map((b) => ({ id: b.id, label: b.label })),
		target: new Map(targets.filter((t) => t.indicator_id === r.id).map((t) => [t.year, t.value]))
	}));
}

/**
 * Adds the demo reporting periods and figures to the demo scheme, once (nothing happens when the
 * scheme already has periods, or when it is absent). 2017 and 2018 are validated; 2019 is open
 * with a window around `today` so the demo is never late on its first day.
 */
export async function seedDemoFigures(
	db: Db,
	today: string = todayInParis()
): Promise<{ periods: number; figures: number }> {
	return db.transaction().execute(async (tx) => {
		const scheme = await tx
			.selectFrom('scheme')
			.select('id')
			.where('slug', '=', DEMO_SCHEME_SLUG)
			.executeTakeFirst();
		if (!scheme) return { periods: 0, figures: 0 };
		const existing = await tx
			.selectFrom('reporting_period')
			.select('id')
			.where('scheme_id', '=', scheme.id)
			.limit(1)
			.executeTakeFirst();
		if (existing) return { periods: 0, figures: 0 };

		const plans: PeriodPlan[] = [
			{
				ref: { kind: 'annee', year: 2017, number: null },
				state: 'validee',
				opensOn: '2018-01-08',
				closesOn: '2018-02-28'
			},
			{
				ref: { kind: 'annee', year: 2018, number: null },
				state: 'validee',
				opensOn: '2019-01-07',
				closesOn: '2019-02-28'
			},
			{
				ref: { kind: 'annee', year: 2019, number: null },
				state: 'ouverte',
				opensOn: addDays(today, -15),
				closesOn: addDays(today, 60)
			}
		];
		const indicators = await loadIndicators(tx, scheme.id);
		let figures = 0;
		const record = (
			entityType: 'period' | 'figure' | 'bilan' | 'milestone',
			entityId: number,
			snapshot: Record<string, unknown>
		) =>
			recordEvent(tx, SYSTEM_ACTOR, {
				schemeId: scheme.id,
				entityType,
				entityId,
				action: 'create',
				changes: creationChanges({ ...snapshot, demo: true })
			});

		const previous = new Map<string, number>();
		for (const plan of plans) {
			const span = periodSpan(plan.ref);
			const code = String(plan.ref.year);
			const period = await tx
				.insertInto('reporting_period')
				.values({
					scheme_id: scheme.id,
					code,
					kind: plan.ref.kind,
					year: plan.ref.year,
					number: null,
					starts_on: span.startsOn,
					ends_on: span.endsOn,
					opens_on: plan.opensOn,
					closes_on: plan.closesOn,
					state: plan.state
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			await record('period', period.id, {
				code,
				opensOn: plan.opensOn,
				closesOn: plan.closesOn,
				state: plan.state
			});

			for (const indicator of indicators) {
				if (!isIndicatorExpectedInPeriod(indicator.periodicity, plan.ref)) continue;
				const plan2019 = PLAN_2019[indicator.ficheNumber];
				if (plan.ref.year === 2019 && !plan2019) continue;
				const slots = indicator.breakdown.length ? indicator.breakdown : [null];
				for (const [index, slot] of slots.entries()) {
					const key = `${indicator.id}|${slot?.id ?? ''}`;
					if (plan.ref.year === 2019) {
						// Drafts cover the first lines of a fiche only: the rest is left to enter.
						const own = indicators.filter((i) => i.ficheNumber === indicator.ficheNumber);
						const rank = own.indexOf(indicator) + index / slots.length;
						if (rank >= Math.ceil(own.length * plan2019.share)) continue;
					}
					const value = valueFor(indicator, slot?.label ?? null, plan.ref.year, slots.length);
					const numeric = typeof value === 'number' ? value : null;
					const rule = commentRequired({
						value: numeric,
						target: slot ? null : (indicator.target.get(plan.ref.year) ?? null),
						previous: previous.get(key) ?? null,
						polarity: indicator.polarity
					});
					if (numeric !== null) previous.set(key, numeric);
					const status: FigureStatus = plan.state === 'validee' ? 'valide' : plan2019.status;
					const comment = rule.required
						? rule.reason === 'target'
							? 'Cible non atteinte : calendrier décalé (commentaire fictif).'
							: 'Forte variation : changement de périmètre de comptage (commentaire fictif).'
						: null;
					const when =
						plan.state === 'validee'
							? `${plan.closesOn}T09:00:00.000Z`
							: `${addDays(today, -3)}T09:00:00.000Z`;
					const row = await tx
						.insertInto('figure')
						.values({
							indicator_id: indicator.id,
							period_id: period.id,
							breakdown_value_id: slot?.id ?? null,
							value_number: numeric,
							value_text:
								typeof value === 'string'
									? value
									: typeof value === 'boolean'
										? value
											? 'oui'
											: 'non'
										: null,
							comment,
							status,
							demo: 1,
							created_at: when,
							updated_at: when,
							submitted_at: status === 'brouillon' ? null : when,
							reviewed_at: status === 'valide' ? when : null
						})
						.returning('id')
						.executeTakeFirstOrThrow();
					await record('figure', row.id, {
						indicatorId: indicator.id,
						period: code,
						breakdown: slot?.label ?? null,
						value,
						comment,
						status
					});
					figures++;
				}
			}
		}

		// Fiche 10, 2019: the coordinator sent its first figure back with a comment.
		const sentBack = await tx
			.selectFrom('figure')
			.innerJoin('indicator', 'indicator.id', 'figure.indicator_id')
			.innerJoin('fiche', 'fiche.id', 'indicator.fiche_id')
			.innerJoin('reporting_period', 'reporting_period.id', 'figure.period_id')
			.select(['figure.id', 'figure.version'])
			.where('fiche.scheme_id', '=', scheme.id)
			.where('fiche.number', '=', '10')
			.where('reporting_period.code', '=', '2019')
			.orderBy('indicator.position')
			.limit(1)
			.executeTakeFirst();
		if (sentBack) {
			const reviewerComment =
				'Ce nombre paraît bas par rapport à 2018 : pouvez-vous vérifier ? (commentaire fictif)';
			await updateVersioned(tx, 'figure', sentBack, {
				status: 'renvoye',
				reviewer_comment: reviewerComment,
				reviewed_at: `${addDays(today, -1)}T10:00:00.000Z`
			});
			await recordEvent(tx, SYSTEM_ACTOR, {
				schemeId: scheme.id,
				entityType: 'figure',
				entityId: sentBack.id,
				action: 'send_back',
				changes: {
					status: { old: 'soumis', new: 'renvoye' },
					reviewerComment: { old: null, new: reviewerComment }
				}
			});
		}

		await seedBilansAndMilestones(tx, scheme.id, record);
		return { periods: plans.length, figures };
	});
}

async function seedBilansAndMilestones(
	tx: Tx,
	schemeId: number,
	record: (
		type: 'bilan' | 'milestone',
		id: number,
		snapshot: Record<string, unknown>
	) => Promise<void>
): Promise<void> {
	const ficheId = async (number: string) =>
		(
			await tx
				.selectFrom('fiche')
				.select('id')
				.where('scheme_id', '=', schemeId)
				.where('number', '=', number)
				.executeTakeFirst()
		)?.id;
	const period2018 = await tx
		.selectFrom('reporting_period')
		.select('id')
		.where('scheme_id', '=', schemeId)
		.where('code', '=', '2018')
		.executeTakeFirstOrThrow();
	const bilans: {
		fiche: string;
		actionsDone: string;
		resultsObserved: string;
		difficulties: string;
		outlook: string;
	}[] = [
		{
			fiche: '1',
			actionsDone:
				'- Trois réunions du groupe de travail\n- Enquête auprès des assistants maternels du département',
			resultsObserved:
				'Meilleure connaissance de l’offre d’accueil spécifique (horaires atypiques, handicap).',
			difficulties: 'Taux de réponse à l’enquête plus faible que prévu en zone rurale.',
			outlook: 'Relancer l’enquête en 2019 avec l’appui des relais assistants maternels.'
		},
		{
			fiche: '20',
			actionsDone:
				'Présentation des dispositifs crèche VIP et MaCigogne aux EAJE ; conventionnement avec les structures volontaires.',
			resultsObserved:
				'Des places réservées aux parents en parcours d’insertion dans plusieurs EAJE.',
			difficulties:
				'Délais de mobilisation des places parfois incompatibles avec les reprises d’emploi.',
			outlook: 'Étendre le dispositif à de nouveaux territoires et suivre les retours à l’emploi.'
		}
	];
	for (const b of bilans) {
		const id = await ficheId(b.fiche);
		if (!id) continue;
		const row = await tx
			.insertInto('bilan')
			.values({
				fiche_id: id,
				period_id: period2018.id,
				actions_done: `${b.actionsDone}\n\n(Bilan fictif de démonstration.)`,
				results_observed: b.resultsObserved,
				difficulties: b.difficulties,
				outlook: b.outlook,
				demo: 1
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await record('bilan', row.id, {
			fiche: b.fiche,
			period: '2018',
			actionsDone: b.actionsDone,
			resultsObserved: b.resultsObserved,
			difficulties: b.difficulties,
			outlook: b.outlook
		});
	}
	const milestones = [
		{
			fiche: '35',
			label: 'Lancement de la campagne « mon-enfant.fr »',
			dueOn: '2019-03-31',
			doneOn: '2019-03-22'
		},
		{
			fiche: '35',
			label: 'Diffusion des supports dans les mairies',
			dueOn: '2019-06-30',
			doneOn: null
		},
		{
			fiche: '20',
			label: 'Signature des conventions avec les EAJE volontaires',
			dueOn: '2018-06-30',
			doneOn: '2018-07-12'
		},
		{
			fiche: '20',
			label: 'Premier bilan des retours à l’emploi',
			dueOn: '2099-12-31',
			doneOn: null
		}
	];
	for (const m of milestones) {
		const id = await ficheId(m.fiche);
		if (!id) continue;
		const row = await tx
			.insertInto('milestone')
			.values({ fiche_id: id, label: m.label, due_on: m.dueOn, done_on: m.doneOn, demo: 1 })
			.returning('id')
			.executeTakeFirstOrThrow();
		await record('milestone', row.id, {
			fiche: m.fiche,
			label: m.label,
			dueOn: m.dueOn,
			doneOn: m.doneOn
		});
	}
}
