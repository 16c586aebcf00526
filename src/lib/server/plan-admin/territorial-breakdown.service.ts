import type { Transaction } from 'kysely';
import {
	BREAKDOWN_SCOPE_GROUPS,
	BREAKDOWN_SCOPE_LABELS,
	planTerritorialBreakdown,
	territoryValueLabel,
	unmatchedLabelsMessage,
	type BreakdownScope,
	type BreakdownTerritory
} from '$lib/domain/territorial-breakdown';
import type { CurrentUser } from '../auth/auth.service';
import { actorOf, recordEvent } from '../audit/audit.service';
import type { Db } from '../db/database';
import type { Database } from '../db/schema';
import { transact } from '../db/transact';
import { updateVersioned } from '../db/versioned-update';
import { loadIndicatorForEdit } from './indicators.service';
import * as q from './territorial-breakdown.queries';
import { invalid, type Conflict, type Forbidden, type Invalid, type NotFound } from './results';

// Territorial breakdowns (issue 17, item 6): the coordinator makes an indicator's breakdown « par
// EPCI du département », « par commune » or « par département »; its values become the
// territories (generated from the scheme's territory, or the départements chosen), each linked to
// its territory. Existing values carry over, figures included, when their label names a
// territory; otherwise nothing changes and the refusal lists the labels. Versioned and audited as
// every indicator edit.

type Tx = Transaction<Database>;
type Where = { scheme: string; fiche: string };

export type BreakdownScopeChoice =
	{ scope: BreakdownScope; departementCodes: string[] } | { scope: null; departementCodes: [] };

export type BreakdownScopeResult =
	| { ok: true; indicatorId: number; values: number }
	| Forbidden
	| NotFound
	| Invalid
	| Conflict<object>;

const FIELD = 'breakdownScope';

/** The territories a scope gives a scheme, in the order the values take. */
async function territoriesOf(
	tx: Tx,
	schemeId: number,
	choice: { scope: BreakdownScope; departementCodes: string[] }
): Promise<BreakdownTerritory[] | Invalid> {
	if (choice.scope === 'departement') {
		const codes = [...new Set(choice.departementCodes)];
		if (codes.length < 2) return invalid(FIELD, 'Choisissez au moins deux départements.');
		const rows = await q.listDepartements(tx);
		const chosen = rows.filter((r) => codes.includes(r.code));
		if (chosen.length !== codes.length)
			return invalid(FIELD, 'Choisissez des départements de la liste.');
		return chosen;
	}
	const territoryId = await q.findSchemeTerritoryId(tx, schemeId);
	if (territoryId === null)
		return invalid(
			FIELD,
			'Ce schéma n’a pas de territoire : une ventilation par EPCI ou par commune est impossible.'
		);
	const rows = await q.listTerritoriesUnder(tx, territoryId, choice.scope);
	if (rows.length < 2)
		return invalid(
			FIELD,
			choice.scope === 'epci'
				? 'Le territoire du schéma compte moins de deux EPCI connus : importez d’abord les données par EPCI (profil du territoire).'
				: 'Le territoire du schéma compte moins de deux communes connues : importez d’abord les données par commune (profil du territoire).'
		);
	return rows;
}

/**
 * Sets the indicator's breakdown scope (null: back to a free breakdown, labels kept) if nobody
 * saved the indicator since `expectedVersion`.
 */
export async function setBreakdownScope(
	db: Db,
	user: CurrentUser,
	where: Where,
	indicatorId: number,
	choice: BreakdownScopeChoice,
	expectedVersion: number
): Promise<BreakdownScopeResult> {
	return transact<BreakdownScopeResult>(db, async (tx) => {
		const found = await loadIndicatorForEdit(tx, user, where, indicatorId, expectedVersion);
		if ('ok' in found) return found;
		const { fiche, row } = found;
		const existing = await q.listValuesWithTerritory(tx, row.id);
		const before = {
			breakdownScope: row.breakdown_scope,
			breakdownLabel: row.breakdown_label,
			breakdownValues: existing.map((v) => territoryValueLabel(v.label, v.code))
		};

		if (choice.scope === null) {
			if (row.breakdown_scope === null)
				return invalid(FIELD, 'Cette ventilation n’est pas territoriale.');
			await q.unlinkValues(tx, row.id);
			await updateVersioned(tx, 'indicator', row, { breakdown_scope: null });
			await recordEvent(tx, actorOf(user), {
				schemeId: fiche.scheme_id,
				entityType: 'indicator',
				entityId: row.id,
				action: 'update',
				changes: {
					breakdownScope: { old: row.breakdown_scope, new: null },
					breakdownValues: {
						old: before.breakdownValues,
						new: existing.map((v) => v.label)
					}
				}
			});
			return { ok: true, indicatorId, values: existing.length };
		}

		if (await q.isBoundToSeries(tx, row.id))
			return invalid(
				FIELD,
				'Cet indicateur est alimenté par une série publique : détachez-le de sa série avant de le ventiler.'
			);
		const territories = await territoriesOf(tx, fiche.scheme_id, choice);
		if ('ok' in territories) return territories;
		const plan = planTerritorialBreakdown(
			existing.map((v) => ({ id: v.id, label: v.label, territoryId: v.territory_id })),
			territories
		);
		if (!plan.ok) return invalid(FIELD, unmatchedLabelsMessage(plan.unmatched, choice.scope));

		await q.replaceValues(tx, row.id, plan.values);
		const breakdownLabel = row.breakdown_label ?? BREAKDOWN_SCOPE_GROUPS[choice.scope];
		await updateVersioned(tx, 'indicator', row, {
			breakdown_scope: choice.scope,
			breakdown_label: breakdownLabel
		});
		const after = {
			breakdownScope: choice.scope,
			breakdownLabel,
			breakdownValues: plan.values.map((v) => territoryValueLabel(v.label, v.code))
		};
		const changes = Object.fromEntries(
			(Object.keys(after) as (keyof typeof after)[])
				.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
				.map((k) => [k, { old: before[k], new: after[k] }])
		);
		if (Object.keys(changes).length)
			await recordEvent(tx, actorOf(user), {
				schemeId: fiche.scheme_id,
				entityType: 'indicator',
				entityId: row.id,
				action: 'update',
				changes
			});
		return { ok: true, indicatorId, values: plan.values.length };
	});
}

export type BreakdownScopeView = {
	indicatorId: number;
	scope: BreakdownScope | null;
	scopeLabel: string | null;
	/** Code of each value, by value label (territorial values only). */
	codes: Record<string, string>;
};

/** What the indicator admin list shows and offers about territorial breakdowns. */
export async function loadBreakdownScopes(db: Db, schemeId: number, indicatorIds: number[]) {
	const [scopes, values, departements, territoryId] = await Promise.all([
		q.listScopes(db, indicatorIds),
		q.listCodesOfValues(db, indicatorIds),
		q.listDepartements(db),
		q.findSchemeTerritoryId(db, schemeId)
	]);
	const views: BreakdownScopeView[] = scopes.map((s) => ({
		indicatorId: s.id,
		scope: s.breakdown_scope,
		scopeLabel: s.breakdown_scope ? BREAKDOWN_SCOPE_LABELS[s.breakdown_scope] : null,
		codes: Object.fromEntries(
			values.filter((v) => v.indicator_id === s.id && v.code).map((v) => [v.label, v.code!])
		)
	}));
	return {
		scopes: views,
		departements: departements.map((d) => ({ code: d.code, name: d.name })),
		hasTerritory: territoryId !== null
	};
}
