import { bilanSchema, type BilanInput } from '$lib/domain/figures';
import { fieldErrors } from '$lib/domain/fiche-edit';
import type { CurrentUser } from '../auth/auth.service';
import type { Db } from '../db/database';
import { updateVersioned } from '../db/versioned-update';
import { actorOf, creationChanges, diffFields, recordEvent } from '../audit/audit.service';
import {
	loadSheetContext,
	loadWritableSheet,
	toPeriodView,
	type PeriodView,
	type SheetContext,
	type SheetWhere
} from './reporting-context';
import {
	conflict,
	invalid,
	today as todayIso,
	transact,
	type Conflict,
	type Forbidden,
	type Invalid,
	type Locked,
	type NotFound,
	type Tx
} from './results';

/** The pilot's bilan of a fiche for a period; version 0 when none is written yet. */
export type BilanView = {
	actionsDone: string | null;
	resultsObserved: string | null;
	difficulties: string | null;
	outlook: string | null;
	version: number;
	updatedAt: string | null;
	updatedBy: string | null;
	demo: boolean;
};

const EMPTY: BilanView = {
	actionsDone: null,
	resultsObserved: null,
	difficulties: null,
	outlook: null,
	version: 0,
	updatedAt: null,
	updatedBy: null,
	demo: false
};

async function loadBilan(db: Db | Tx, ficheId: number, periodId: number): Promise<BilanView> {
	const row = await db
		.selectFrom('bilan')
		.leftJoin('app_user', 'app_user.id', 'bilan.updated_by')
		.selectAll('bilan')
		.select('app_user.name as updated_by_name')
		.where('bilan.fiche_id', '=', ficheId)
		.where('bilan.period_id', '=', periodId)
		.executeTakeFirst();
	if (!row) return EMPTY;
	return {
		actionsDone: row.actions_done,
		resultsObserved: row.results_observed,
		difficulties: row.difficulties,
		outlook: row.outlook,
		version: row.version,
		updatedAt: row.updated_at,
		updatedBy: row.updated_by_name,
		demo: row.demo === 1
	};
}

const contentOf = (b: BilanView): BilanInput => ({
	actionsDone: b.actionsDone,
	resultsObserved: b.resultsObserved,
	difficulties: b.difficulties,
	outlook: b.outlook
});

export type GetBilanResult =
	| {
			ok: true;
			scheme: { slug: string; title: string };
			fiche: SheetContext['fiche'];
			period: PeriodView;
			bilan: BilanView;
			canEdit: boolean;
	  }
	| NotFound
	| Forbidden;

export async function getBilan(
	db: Db,
	user: CurrentUser | null,
	where: SheetWhere,
	today: string = todayIso()
): Promise<GetBilanResult> {
	const ctx = await loadSheetContext(db, user, where);
	if (!ctx.ok) return ctx;
	return {
		ok: true,
		scheme: { slug: ctx.scheme.slug, title: ctx.scheme.title },
		fiche: ctx.fiche,
		period: toPeriodView(ctx.period, today),
		bilan: await loadBilan(db, ctx.fiche.id, ctx.period.id),
		canEdit: ctx.canEnter && ctx.period.state === 'ouverte'
	};
}

export type SaveBilanResult =
	{ ok: true; bilan: BilanView } | NotFound | Forbidden | Locked | Invalid | Conflict<BilanView>;

/** Writes the bilan when `expectedVersion` (0 for a new one) is still current and the period open. */
export async function saveBilan(
	db: Db,
	user: CurrentUser,
	where: SheetWhere,
	input: unknown,
	expectedVersion: number
): Promise<SaveBilanResult> {
	const parsed = bilanSchema.safeParse(input);
	if (!parsed.success) return invalid(fieldErrors(parsed.error));
	const next = parsed.data;
	return transact<SaveBilanResult>(db, async (tx) => {
		const ctx = await loadWritableSheet(tx, user, where, {
			notPilot: 'Seuls les pilotes de la fiche et la coordination du schéma écrivent son bilan.',
			notOpen: () => 'Cette période n’est pas ouverte : le bilan ne peut pas être modifié.'
		});
		if (!ctx.ok) return ctx;
		const current = await loadBilan(tx, ctx.fiche.id, ctx.period.id);
		if (current.version !== expectedVersion) {
			return conflict(current, 'Le bilan a été modifié entre-temps par quelqu’un d’autre.');
		}
		const changes = diffFields(contentOf(current), next);
		if (Object.keys(changes).length === 0) return { ok: true, bilan: current };
		const now = new Date().toISOString();
		const columns = {
			actions_done: next.actionsDone,
			results_observed: next.resultsObserved,
			difficulties: next.difficulties,
			outlook: next.outlook,
			updated_by: user.id,
			updated_at: now
		};
		if (current.version === 0) {
			const row = await tx
				.insertInto('bilan')
				.values({ fiche_id: ctx.fiche.id, period_id: ctx.period.id, ...columns, created_at: now })
				.returning('id')
				.executeTakeFirstOrThrow();
			await recordEvent(tx, actorOf(user), {
				schemeId: ctx.scheme.id,
				entityType: 'bilan',
				entityId: row.id,
				action: 'create',
				changes: creationChanges({ fiche: ctx.fiche.number, period: ctx.period.code, ...next })
			});
		} else {
			const row = await tx
				.selectFrom('bilan')
				.select('id')
				.where('fiche_id', '=', ctx.fiche.id)
				.where('period_id', '=', ctx.period.id)
				.executeTakeFirstOrThrow();
			await updateVersioned(
				tx,
				'bilan',
				{ id: row.id, version: expectedVersion },
				{ ...columns, demo: 0 }
			);
			await recordEvent(tx, actorOf(user), {
				schemeId: ctx.scheme.id,
				entityType: 'bilan',
				entityId: row.id,
				action: 'update',
				changes
			});
		}
		return { ok: true, bilan: await loadBilan(tx, ctx.fiche.id, ctx.period.id) };
	});
}
