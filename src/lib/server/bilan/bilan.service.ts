import { periodLabel } from '$lib/domain/figures';
import { updateVersioned } from '../db/versioned-update';
import type { ListItem } from '$lib/domain/plan-document';
import { can, schemeResource, type Actor } from '$lib/domain/policy';
import {
	SCHEME_BILAN_FIELDS,
	SCHEME_BILAN_LABELS,
	schemeBilanSchema,
	type SchemeBilanField,
	type SchemeBilanInput
} from '$lib/domain/scheme-bilan';
import { fieldErrors } from '$lib/domain/fiche-edit';
import { slugify } from '$lib/domain/text';
import { formatIndicatorValue } from '$lib/ui/format';
import { nodeLabel } from '$lib/ui/plan-tree';
import {
	actorOf,
	creationChanges,
	diffFields,
	listEntityEvents,
	recordEvent
} from '../audit/audit.service';
import type { CurrentUser } from '../auth/auth.service';
import type { Db } from '../db/database';
import { transact } from '../db/transact';
import { placeFiches, type PlacedFiche } from '../excel/fiche-export';
import { loadPlanDocument } from '../excel/plan-export';
import { listFiches } from '../generations/next-scheme.queries';
import { describeEvents, type HistoryEntry } from '../users/history-view';
import * as q from './bilan.queries';

// The end-of-scheme bilan: one row per fiche, each column pre-filled from what the app already
// knows (the fiche's place in the plan, its steps and expected results, the validated figures of
// every period against targets and baselines, the yearly bilans) until the coordination writes
// its own text. A written column is kept with a version and every change is an audit event.

type Indicator = PlacedFiche['fiche']['indicators'][number];
type Figure = Awaited<ReturnType<typeof q.listValidatedFigures>>[number];
type Yearly = Awaited<ReturnType<typeof q.listYearlyBilans>>[number];

export type BilanCell = { text: string; written: boolean };
export type BilanRow = {
	fiche: { id: number; number: string; slug: string; title: string; state: string };
	axis: string;
	cells: Record<SchemeBilanField, BilanCell>;
	/** What the app would write: shown beside the form. */
	prefill: Record<SchemeBilanField, string>;
	version: number;
	updatedAt: string | null;
};
export type SchemeBilan = {
	scheme: { id: number; slug: string; title: string; startYear: number; endYear: number };
	rows: BilanRow[];
	canEdit: boolean;
};

const listLines = (items: ListItem[], depth = 0): string[] =>
	items.flatMap((item) => [
		`${'  '.repeat(depth)}- ${item.text}`,
		...listLines(item.children ?? [], depth + 1)
	]);

const periodName = (p: { kind: string; year: number; number: number | null }) =>
	periodLabel({ kind: p.kind as 'annee', year: p.year, number: p.number });

function indicatorUnit(indicator: Indicator) {
	const measure = indicator.measures?.length === 1 ? indicator.measures[0] : null;
	return { measure: measure?.measure ?? null, unit: measure?.unit ?? indicator.unit ?? 'nombre' };
}

/** « Nombre de rencontres : Année 2018 : 4 (cible 5) ; Année 2019 : non disponible. Référence 2016 : 2. » */
function indicatorResult(indicator: Indicator, figures: Figure[]): string | null {
	if (!figures.length) return null;
	const { measure, unit } = indicatorUnit(indicator);
	const target = (year: number) => indicator.targets.find((t) => t.year === year);
	const values = figures.map((f) => {
		const value = f.not_available
			? 'non disponible'
			: f.value_number !== null
				? formatIndicatorValue(f.value_number, unit)
				: (f.value_text ?? '—');
		const t = target(f.year);
		return `${periodName(f)} : ${value}${t && f.kind === 'annee' ? ` (cible ${formatIndicatorValue(t.value, unit)})` : ''}`;
	});
	const baseline = indicator.baseline
		? ` Référence ${indicator.baseline.year} : ${formatIndicatorValue(indicator.baseline.value, unit)}.`
		: '';
	return `- ${indicator.label}${measure ? ` (${measure})` : ''} — ${values.join(' ; ')}.${baseline}`;
}

function prefillOf(
	placed: PlacedFiche,
	indicatorIds: number[],
	figuresByIndicator: Map<number, Figure[]>,
	yearly: Yearly[]
): Record<SchemeBilanField, string> {
	const { fiche, path } = placed;
	const dated = (pick: (y: Yearly) => string | null) =>
		yearly.filter((y) => pick(y)?.trim()).map((y) => `${periodName(y)} : ${pick(y)!.trim()}`);
	const results = fiche.indicators
		.map((indicator, i) =>
			indicatorResult(indicator, figuresByIndicator.get(indicatorIds[i]) ?? [])
		)
		.filter((line): line is string => line !== null);
	const expected = [
		...(fiche.results.quantitative.length
			? ['Quantitatif :', ...listLines(fiche.results.quantitative)]
			: []),
		...(fiche.results.qualitative.length
			? ['Qualitatif :', ...listLines(fiche.results.qualitative)]
			: []),
		...listLines(fiche.results.unclassified)
	];
	const lastOutlook = [...yearly].reverse().find((y) => y.outlook?.trim());
	return {
		objectives: [...path.slice(1).map((n) => `${nodeLabel(n)} : ${n.title}`), fiche.title].join(
			'\n\n'
		),
		actionsDone: [...listLines(fiche.steps), ...dated((y) => y.actions_done)].join('\n'),
		expectedEffects: expected.join('\n'),
		resultsObserved: [...results, ...dated((y) => y.results_observed)].join('\n'),
		outlook: lastOutlook ? `${periodName(lastOutlook)} : ${lastOutlook.outlook!.trim()}` : ''
	};
}

const COLUMNS: Record<
	SchemeBilanField,
	'objectives' | 'actions_done' | 'expected_effects' | 'results_observed' | 'outlook'
> = {
	objectives: 'objectives',
	actionsDone: 'actions_done',
	expectedEffects: 'expected_effects',
	resultsObserved: 'results_observed',
	outlook: 'outlook'
};

/** The bilan of a scheme, row by row in the plan's order; null when the scheme is unknown or hidden. */
export async function loadSchemeBilan(
	db: Db,
	actor: Actor | null,
	slug: string
): Promise<SchemeBilan | null> {
	const scheme = await db
		.selectFrom('scheme')
		.selectAll()
		.where('slug', '=', slug)
		.executeTakeFirst();
	if (!scheme || !can(actor, 'scheme.read', schemeResource(scheme))) return null;
	const loaded = (await loadPlanDocument(db, slug))!;
	const [fiches, stored, figures, yearly] = await Promise.all([
		listFiches(db, scheme.id),
		q.listStoredRows(db, scheme.id),
		q.listValidatedFigures(db, scheme.id),
		q.listYearlyBilans(db, scheme.id)
	]);
	const figuresByIndicator = new Map<number, Figure[]>();
	for (const f of figures)
		figuresByIndicator.set(f.indicator_id, [...(figuresByIndicator.get(f.indicator_id) ?? []), f]);
	const rows = placeFiches(loaded.doc).map((placed): BilanRow => {
		const row = fiches.find((f) => f.number === placed.fiche.number)!;
		const own = stored.find((s) => s.fiche_id === row.id);
		const prefill = prefillOf(
			placed,
			row.indicatorIds,
			figuresByIndicator,
			yearly.filter((y) => y.fiche_id === row.id)
		);
		const cells = Object.fromEntries(
			SCHEME_BILAN_FIELDS.map((field) => {
				const text = own?.[COLUMNS[field]] ?? null;
				return [field, text ? { text, written: true } : { text: prefill[field], written: false }];
			})
		) as Record<SchemeBilanField, BilanCell>;
		return {
			fiche: {
				id: row.id,
				number: placed.fiche.number,
				slug: slugify(placed.fiche.number),
				title: placed.fiche.title,
				state: placed.fiche.state
			},
			axis: placed.path[0] ? `${nodeLabel(placed.path[0])} : ${placed.path[0].title}` : '',
			cells,
			prefill,
			version: own?.version ?? 0,
			updatedAt: own?.updated_at ?? null
		};
	});
	return {
		scheme: {
			id: scheme.id,
			slug: scheme.slug,
			title: scheme.title,
			startYear: scheme.start_year,
			endYear: scheme.end_year
		},
		rows,
		canEdit: can(actor, 'scheme.configure', schemeResource(scheme))
	};
}

const HISTORY_VOCABULARY = {
	actions: { create: 'Bilan écrit', update: 'Bilan modifié' },
	fields: { ...SCHEME_BILAN_LABELS, fiche: 'Fiche' }
};

export async function loadBilanHistory(db: Db, ficheId: number): Promise<HistoryEntry[]> {
	const row = await q.findStoredRow(db, ficheId);
	if (!row) return [];
	return describeEvents(await listEntityEvents(db, 'scheme_bilan', row.id), HISTORY_VOCABULARY);
}

export type SaveBilanRowResult =
	| { ok: true; version: number }
	| { ok: false; reason: 'not_found' | 'forbidden'; message: string }
	| { ok: false; reason: 'invalid'; errors: Record<string, string> }
	| { ok: false; reason: 'conflict'; message: string; currentVersion: number };

const contentOf = (row: Awaited<ReturnType<typeof q.findStoredRow>>) =>
	Object.fromEntries(
		SCHEME_BILAN_FIELDS.map((field) => [field, row?.[COLUMNS[field]] ?? null])
	) as SchemeBilanInput;

/** Writes one fiche's row when `expectedVersion` (0: none written yet) is still current. */
export async function saveBilanRow(
	db: Db,
	user: CurrentUser,
	slug: string,
	ficheSlug: string,
	input: unknown,
	expectedVersion: number
): Promise<SaveBilanRowResult> {
	const scheme = await db
		.selectFrom('scheme')
		.selectAll()
		.where('slug', '=', slug)
		.executeTakeFirst();
	if (!scheme || !can(user, 'scheme.read', schemeResource(scheme)))
		return { ok: false, reason: 'not_found', message: 'Schéma introuvable' };
	if (!can(user, 'scheme.configure', schemeResource(scheme)))
		return {
			ok: false,
			reason: 'forbidden',
			message: 'Le bilan de fin de schéma est écrit par la coordination du schéma.'
		};
	const fiche = await db
		.selectFrom('fiche')
		.select(['id', 'number'])
		.where('scheme_id', '=', scheme.id)
		.where('slug', '=', ficheSlug)
		.executeTakeFirst();
	if (!fiche) return { ok: false, reason: 'not_found', message: 'Fiche introuvable' };
	const parsed = schemeBilanSchema.safeParse(input);
	if (!parsed.success) return { ok: false, reason: 'invalid', errors: fieldErrors(parsed.error) };
	const next = parsed.data;
	return transact<SaveBilanRowResult>(db, async (tx) => {
		const current = await q.findStoredRow(tx, fiche.id);
		const version = current?.version ?? 0;
		if (version !== expectedVersion)
			return {
				ok: false,
				reason: 'conflict',
				message: 'Ce bilan a été modifié entre-temps : relisez-le avant d’enregistrer.',
				currentVersion: version
			};
		const changes = diffFields(contentOf(current), next);
		if (Object.keys(changes).length === 0) return { ok: true, version };
		const now = new Date().toISOString();
		const columns = {
			objectives: next.objectives,
			actions_done: next.actionsDone,
			expected_effects: next.expectedEffects,
			results_observed: next.resultsObserved,
			outlook: next.outlook,
			updated_at: now,
			updated_by: user.id
		};
		if (!current) {
			const row = await tx
				.insertInto('scheme_bilan')
				.values({ fiche_id: fiche.id, ...columns, created_at: now })
				.returning('id')
				.executeTakeFirstOrThrow();
			await recordEvent(tx, actorOf(user), {
				schemeId: scheme.id,
				entityType: 'scheme_bilan',
				entityId: row.id,
				action: 'create',
				changes: creationChanges({ fiche: fiche.number, ...next })
			});
			return { ok: true, version: 1 };
		}
		await updateVersioned(tx, 'scheme_bilan', { id: current.id, version }, columns);
		await recordEvent(tx, actorOf(user), {
			schemeId: scheme.id,
			entityType: 'scheme_bilan',
			entityId: current.id,
			action: 'update',
			changes
		});
		return { ok: true, version: version + 1 };
	});
}

/**
 * The end-of-scheme bilan for the review pack of `periodCode`, when that period is the scheme's
 * last (the one the CDSF closes the scheme on); null for any other period.
 */
export async function loadBilanForLastPeriod(
	db: Db,
	actor: Actor | null,
	slug: string,
	periodCode: string
): Promise<SchemeBilan | null> {
	const last = await db
		.selectFrom('reporting_period as p')
		.innerJoin('scheme', 'scheme.id', 'p.scheme_id')
		.select('p.code')
		.where('scheme.slug', '=', slug)
		.orderBy('p.ends_on', 'desc')
		.orderBy('p.id', 'desc')
		.executeTakeFirst();
	if (!last || last.code !== periodCode.toUpperCase()) return null;
	return loadSchemeBilan(db, actor, slug);
}
