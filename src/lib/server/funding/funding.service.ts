import { can, type Actor, type FundingResource } from '$lib/domain/policy';
import { readFundingForm } from '$lib/domain/funding';
import type { CurrentUser } from '../auth/auth.service';
import {
	actorOf,
	creationChanges,
	deletionChanges,
	diffFields,
	recordEvent
} from '../audit/audit.service';
import type { Db } from '../db/database';
import { transact } from '../db/transact';
import { updateVersioned } from '../db/versioned-update';
import { findFicheInScheme, listPilotOrganisationIds } from '../plan/fiche-edit.service';

// Funding of the fiches: per fiche, year and funder (an organisation), planned and spent in euros.
// Pilots of the fiche enter it while one of the scheme's periods is open; the coordination at any
// time (the policy decides: `fiche.fund`). Read by every member of the scheme.

type Refusal = { ok: false; reason: 'not_found' | 'forbidden'; message: string };
type Where = { scheme: string; fiche: string };

export type FundingRow = {
	id: number;
	year: number;
	organisationId: number;
	funder: string;
	planned: number | null;
	spent: number | null;
	version: number;
};

async function resourceOf(db: Db, where: Where) {
	const fiche = await findFicheInScheme(db, where.scheme, where.fiche);
	if (!fiche) return null;
	const open = await db
		.selectFrom('reporting_period')
		.select('id')
		.where('scheme_id', '=', fiche.scheme_id)
		.where('state', '=', 'ouverte')
		.executeTakeFirst();
	const resource: FundingResource = {
		schemeId: fiche.scheme_id,
		visibility: fiche.visibility,
		pilotOrganisationIds: await listPilotOrganisationIds(db, fiche.id),
		entryOpen: !!open
	};
	return { fiche, resource };
}

const NOT_FOUND: Refusal = { ok: false, reason: 'not_found', message: 'Fiche introuvable' };
const FORBIDDEN: Refusal = {
	ok: false,
	reason: 'forbidden',
	message:
		'Les financements se saisissent par les pilotes de la fiche pendant une période ouverte, ou par la coordination du schéma.'
};

export async function loadFicheFunding(db: Db, actor: Actor | null, where: Where) {
	const found = await resourceOf(db, where);
	if (!found || !can(actor, 'scheme.read', found.resource)) return NOT_FOUND;
	const [scheme, fiche, rows, organisations] = await Promise.all([
		db
			.selectFrom('scheme')
			.select(['slug', 'title', 'start_year', 'end_year'])
			.where('id', '=', found.fiche.scheme_id)
			.executeTakeFirstOrThrow(),
		db
			.selectFrom('fiche')
			.select(['slug', 'number', 'title'])
			.where('id', '=', found.fiche.id)
			.executeTakeFirstOrThrow(),
		listFicheFunding(db, found.fiche.id),
		db
			.selectFrom('organisation')
			.select(['id', 'name', 'short_name'])
			.orderBy('short_name')
			.execute()
	]);
	return {
		ok: true as const,
		scheme,
		fiche,
		rows,
		canEdit: can(actor, 'fiche.fund', found.resource),
		entryOpen: found.resource.entryOpen,
		organisations: organisations.map((o) => ({ id: o.id, label: `${o.short_name} — ${o.name}` }))
	};
}

export function listFicheFunding(db: Db, ficheId: number): Promise<FundingRow[]> {
	return db
		.selectFrom('fiche_funding as f')
		.innerJoin('organisation as o', 'o.id', 'f.organisation_id')
		.select([
			'f.id',
			'f.year',
			'f.organisation_id as organisationId',
			'o.short_name as funder',
			'f.planned',
			'f.spent',
			'f.version'
		])
		.where('f.fiche_id', '=', ficheId)
		.orderBy('f.year')
		.orderBy('o.short_name')
		.execute();
}

export type SaveResult =
	| { ok: true; row: FundingRow }
	| Refusal
	| { ok: false; reason: 'invalid'; errors: Record<string, string> };

/**
 * Adds or replaces the amounts of one funder for one year (one line per fiche × year × funder):
 * entering them again for the same funder and year updates that line.
 */
export async function saveFunding(
	db: Db,
	actor: CurrentUser,
	where: Where,
	values: Record<string, string>
): Promise<SaveResult> {
	const found = await resourceOf(db, where);
	if (!found || !can(actor, 'scheme.read', found.resource)) return NOT_FOUND;
	if (!can(actor, 'fiche.fund', found.resource)) return FORBIDDEN;
	const scheme = await db
		.selectFrom('scheme')
		.select(['start_year', 'end_year'])
		.where('id', '=', found.fiche.scheme_id)
		.executeTakeFirstOrThrow();
	const read = readFundingForm(values, { start: scheme.start_year, end: scheme.end_year });
	if (!read.ok) return { ok: false, reason: 'invalid', errors: read.errors };
	const { input } = read;
	const organisation = await db
		.selectFrom('organisation')
		.select('id')
		.where('id', '=', input.organisationId)
		.executeTakeFirst();
	if (!organisation)
		return { ok: false, reason: 'invalid', errors: { financeur: 'Choisissez le financeur.' } };
	return transact<SaveResult>(db, async (tx) => {
		const existing = await tx
			.selectFrom('fiche_funding')
			.select(['id', 'planned', 'spent', 'version'])
			.where('fiche_id', '=', found.fiche.id)
			.where('year', '=', input.year)
			.where('organisation_id', '=', input.organisationId)
			.executeTakeFirst();
		const now = new Date().toISOString();
		// Every change of an amount is in the scheme's history, like any other edit.
		const audited = { ficheNumber: found.fiche.number, year: input.year };
		if (existing) {
			const changes = diffFields(
				{ planned: existing.planned, spent: existing.spent },
				{ planned: input.planned, spent: input.spent }
			);
			await updateVersioned(tx, 'fiche_funding', existing, {
				planned: input.planned,
				spent: input.spent,
				updated_by: actor.id,
				updated_at: now
			});
			if (Object.keys(changes).length)
				await recordEvent(tx, actorOf(actor), {
					schemeId: found.fiche.scheme_id,
					entityType: 'fiche_funding',
					entityId: existing.id,
					action: 'update',
					changes
				});
		} else {
			const created = await tx
				.insertInto('fiche_funding')
				.values({
					fiche_id: found.fiche.id,
					year: input.year,
					organisation_id: input.organisationId,
					planned: input.planned,
					spent: input.spent,
					updated_by: actor.id
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			await recordEvent(tx, actorOf(actor), {
				schemeId: found.fiche.scheme_id,
				entityType: 'fiche_funding',
				entityId: created.id,
				action: 'create',
				changes: creationChanges({
					...audited,
					organisationId: input.organisationId,
					planned: input.planned,
					spent: input.spent
				})
			});
		}
		const rows = await listFicheFunding(tx as unknown as Db, found.fiche.id);
		const row = rows.find(
			(r) => r.year === input.year && r.organisationId === input.organisationId
		)!;
		return { ok: true, row };
	});
}

export async function deleteFunding(
	db: Db,
	actor: CurrentUser,
	where: Where,
	id: number
): Promise<{ ok: true } | Refusal> {
	const found = await resourceOf(db, where);
	if (!found || !can(actor, 'scheme.read', found.resource)) return NOT_FOUND;
	if (!can(actor, 'fiche.fund', found.resource)) return FORBIDDEN;
	return transact<{ ok: true } | Refusal>(db, async (tx) => {
		const row = await tx
			.selectFrom('fiche_funding')
			.select(['id', 'year', 'organisation_id', 'planned', 'spent'])
			.where('id', '=', id)
			.where('fiche_id', '=', found.fiche.id)
			.executeTakeFirst();
		if (!row)
			return {
				ok: false,
				reason: 'not_found',
				message: 'Cette ligne de financement n’existe plus.'
			};
		await tx.deleteFrom('fiche_funding').where('id', '=', row.id).execute();
		await recordEvent(tx, actorOf(actor), {
			schemeId: found.fiche.scheme_id,
			entityType: 'fiche_funding',
			entityId: row.id,
			action: 'delete',
			changes: deletionChanges({
				ficheNumber: found.fiche.number,
				year: row.year,
				organisationId: row.organisation_id,
				planned: row.planned,
				spent: row.spent
			})
		});
		return { ok: true };
	});
}

export type SchemeFundingLine = {
	ficheNumber: string;
	ficheTitle: string;
	axisCode: string | null;
	axis: string | null;
	year: number;
	funder: string;
	funderName: string;
	planned: number | null;
	spent: number | null;
};

/** Every funding line of a scheme with its fiche's strategic axis (the fiche's top plan node). */
export async function listSchemeFunding(
	db: Db,
	schemeId: number,
	year?: number
): Promise<SchemeFundingLine[]> {
	let query = db
		.selectFrom('fiche_funding as f')
		.innerJoin('fiche as fi', 'fi.id', 'f.fiche_id')
		.innerJoin('organisation as o', 'o.id', 'f.organisation_id')
		.select([
			'fi.number as ficheNumber',
			'fi.number_sort',
			'fi.title as ficheTitle',
			'fi.node_id',
			'f.year',
			'o.short_name as funder',
			'o.name as funderName',
			'f.planned',
			'f.spent'
		])
		.where('fi.scheme_id', '=', schemeId);
	if (year !== undefined) query = query.where('f.year', '=', year);
	const [rows, nodes] = await Promise.all([
		query.orderBy('f.year').orderBy('fi.number_sort').orderBy('o.short_name').execute(),
		db
			.selectFrom('plan_node')
			.select(['id', 'parent_id', 'code', 'title'])
			.where('scheme_id', '=', schemeId)
			.execute()
	]);
	const byId = new Map(nodes.map((n) => [n.id, n]));
	const axisOf = (nodeId: number) => {
		let node = byId.get(nodeId);
		while (node && node.parent_id !== null) node = byId.get(node.parent_id);
		return node ?? null;
	};
	return rows.map((r) => {
		const axis = axisOf(r.node_id);
		return {
			ficheNumber: r.ficheNumber,
			ficheTitle: r.ficheTitle,
			axisCode: axis?.code ?? null,
			axis: axis ? `${axis.code} — ${axis.title}` : null,
			year: r.year,
			funder: r.funder,
			funderName: r.funderName,
			planned: r.planned,
			spent: r.spent
		};
	});
}

export type FundingTotal = { key: string; planned: number; spent: number; lines: number };

/** Sums by a key (funder, year, axis); a blank amount adds nothing (it is not 0, it is unknown). */
export function sumFunding(
	lines: SchemeFundingLine[],
	keyOf: (line: SchemeFundingLine) => string
): FundingTotal[] {
	const totals = new Map<string, FundingTotal>();
	for (const line of lines) {
		const key = keyOf(line);
		const total = totals.get(key) ?? { key, planned: 0, spent: 0, lines: 0 };
		total.planned += line.planned ?? 0;
		total.spent += line.spent ?? 0;
		total.lines += 1;
		totals.set(key, total);
	}
	return [...totals.values()];
}
