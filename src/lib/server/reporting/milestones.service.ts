import { isMilestoneOverdue, milestoneSchema } from '$lib/domain/figures';
import { fieldErrors } from '$lib/domain/fiche-edit';
import type { CurrentUser } from '../auth/auth.service';
import type { Db } from '../db/database';
import { assertOneRow, updateVersioned } from '../db/versioned-update';
import {
	actorOf,
	creationChanges,
	deletionChanges,
	diffFields,
	recordEvent
} from '../audit/audit.service';
import { loadFicheContext, type FicheRef } from './reporting-context';
import {
	conflict,
	forbidden,
	invalid,
	notFound,
	today as todayIso,
	transact,
	type Conflict,
	type Forbidden,
	type Invalid,
	type NotFound,
	type Tx
} from './results';

export type FicheWhere = { scheme: string; fiche: string };

export type MilestoneView = {
	id: number;
	label: string;
	dueOn: string;
	doneOn: string | null;
	/** Not done and past its due date. */
	overdue: boolean;
	version: number;
	demo: boolean;
	updatedAt: string;
};

type Row = {
	id: number;
	label: string;
	due_on: string;
	done_on: string | null;
	version: number;
	demo: number;
	updated_at: string;
};

const toView = (r: Row, today: string): MilestoneView => ({
	id: r.id,
	label: r.label,
	dueOn: r.due_on,
	doneOn: r.done_on,
	overdue: isMilestoneOverdue({ dueOn: r.due_on, doneOn: r.done_on }, today),
	version: r.version,
	demo: r.demo === 1,
	updatedAt: r.updated_at
});

const snapshot = (r: { label: string; due_on: string; done_on: string | null }) => ({
	label: r.label,
	dueOn: r.due_on,
	doneOn: r.done_on
});

/** What a milestone view is built from. */
const MILESTONE_COLUMNS = [
	'id',
	'label',
	'due_on',
	'done_on',
	'version',
	'demo',
	'updated_at'
] as const;

function selectMilestones(db: Db | Tx, ficheId: number) {
	return db
		.selectFrom('milestone')
		.select(MILESTONE_COLUMNS)
		.where('fiche_id', '=', ficheId)
		.orderBy('due_on')
		.orderBy('id')
		.execute();
}

export type ListMilestonesResult =
	| {
			ok: true;
			scheme: { slug: string; title: string };
			fiche: FicheRef;
			milestones: MilestoneView[];
			canEdit: boolean;
			overdueCount: number;
	  }
	| NotFound
	| Forbidden;

/** A fiche's milestones by due date, overdue ones flagged. */
export async function listMilestones(
	db: Db,
	user: CurrentUser | null,
	where: FicheWhere,
	today: string = todayIso()
): Promise<ListMilestonesResult> {
	const ctx = await loadFicheContext(db, user, where);
	if (!ctx.ok) return ctx;
	const milestones = (await selectMilestones(db, ctx.fiche.id)).map((r) => toView(r, today));
	return {
		ok: true,
		scheme: { slug: ctx.scheme.slug, title: ctx.scheme.title },
		fiche: ctx.fiche,
		milestones,
		canEdit: ctx.canEnter,
		overdueCount: milestones.filter((m) => m.overdue).length
	};
}

const NOT_PILOT = 'Seuls les pilotes de la fiche et la coordination du schéma gèrent ses jalons.';

export type MilestoneWriteResult =
	{ ok: true; milestone: MilestoneView } | NotFound | Forbidden | Invalid | Conflict<MilestoneView>;

export async function createMilestone(
	db: Db,
	user: CurrentUser,
	where: FicheWhere,
	input: unknown,
	today: string = todayIso()
): Promise<MilestoneWriteResult> {
	const parsed = milestoneSchema.safeParse(input);
	if (!parsed.success) return invalid(fieldErrors(parsed.error));
	return transact<MilestoneWriteResult>(db, async (tx) => {
		const ctx = await loadFicheContext(tx, user, where);
		if (!ctx.ok) return ctx;
		if (!ctx.canEnter) return forbidden(NOT_PILOT);
		const now = new Date().toISOString();
		const row = await tx
			.insertInto('milestone')
			.values({
				fiche_id: ctx.fiche.id,
				label: parsed.data.label,
				due_on: parsed.data.dueOn,
				done_on: parsed.data.doneOn,
				updated_by: user.id,
				created_at: now,
				updated_at: now
			})
			.returning(MILESTONE_COLUMNS)
			.executeTakeFirstOrThrow();
		await recordEvent(tx, actorOf(user), {
			schemeId: ctx.scheme.id,
			entityType: 'milestone',
			entityId: row.id,
			action: 'create',
			changes: creationChanges({ fiche: ctx.fiche.number, ...snapshot(row) })
		});
		return { ok: true, milestone: toView(row, today) };
	});
}

/** A milestone of the fiche of the route, for its pilots, still at the version the form was based on. */
async function loadOwn(
	tx: Tx,
	user: CurrentUser,
	where: FicheWhere,
	id: number,
	expectedVersion: number,
	today: string
) {
	const ctx = await loadFicheContext(tx, user, where);
	if (!ctx.ok) return ctx;
	if (!ctx.canEnter) return forbidden(NOT_PILOT);
	// The milestone must belong to the fiche of the route.
	const row = await tx
		.selectFrom('milestone')
		.select(MILESTONE_COLUMNS)
		.where('id', '=', id)
		.where('fiche_id', '=', ctx.fiche.id)
		.executeTakeFirst();
	if (!row) return notFound('Ce jalon n’existe pas (ou plus) pour cette fiche.');
	if (row.version !== expectedVersion)
		return conflict(toView(row, today), 'Ce jalon a été modifié entre-temps.');
	return { ctx, row };
}

export async function updateMilestone(
	db: Db,
	user: CurrentUser,
	where: FicheWhere,
	id: number,
	input: unknown,
	expectedVersion: number,
	today: string = todayIso()
): Promise<MilestoneWriteResult> {
	const parsed = milestoneSchema.safeParse(input);
	if (!parsed.success) return invalid(fieldErrors(parsed.error));
	return transact<MilestoneWriteResult>(db, async (tx) => {
		const found = await loadOwn(tx, user, where, id, expectedVersion, today);
		if ('reason' in found) return found;
		const { ctx, row } = found;
		const changes = diffFields(snapshot(row), {
			label: parsed.data.label,
			dueOn: parsed.data.dueOn,
			doneOn: parsed.data.doneOn
		});
		if (Object.keys(changes).length === 0) return { ok: true, milestone: toView(row, today) };
		const columns = {
			label: parsed.data.label,
			due_on: parsed.data.dueOn,
			done_on: parsed.data.doneOn,
			demo: 0,
			updated_at: new Date().toISOString()
		};
		const version = await updateVersioned(tx, 'milestone', row, {
			...columns,
			updated_by: user.id
		});
		const updated: Row = { ...row, ...columns, version };
		await recordEvent(tx, actorOf(user), {
			schemeId: ctx.scheme.id,
			entityType: 'milestone',
			entityId: row.id,
			action: 'update',
			changes
		});
		return { ok: true, milestone: toView(updated, today) };
	});
}

export async function deleteMilestone(
	db: Db,
	user: CurrentUser,
	where: FicheWhere,
	id: number,
	expectedVersion: number,
	today: string = todayIso()
): Promise<{ ok: true } | NotFound | Forbidden | Conflict<MilestoneView>> {
	return transact(db, async (tx) => {
		const found = await loadOwn(tx, user, where, id, expectedVersion, today);
		if ('reason' in found) return found;
		const { ctx, row } = found;
		assertOneRow(
			await tx
				.deleteFrom('milestone')
				.where('id', '=', row.id)
				.where('version', '=', expectedVersion)
				.executeTakeFirst(),
			'milestone'
		);
		await recordEvent(tx, actorOf(user), {
			schemeId: ctx.scheme.id,
			entityType: 'milestone',
			entityId: row.id,
			action: 'delete',
			changes: deletionChanges(snapshot(row))
		});
		return { ok: true } as const;
	});
}
