import type { Kysely, Transaction } from 'kysely';
import type { OrganisationInput } from '$lib/domain/account-forms';
import { ORGANISATION_TYPE_LABELS, type OrganisationType } from '$lib/domain/enums';
import { organisationMatchKey } from '$lib/domain/organisation-matching';
import { can, PLATFORM } from '$lib/domain/policy';
import { slugify } from '$lib/domain/text';
import type { Database } from '../db/schema';
import type { Db } from '../db/database';
import { transact } from '../db/transact';
import { updateVersioned } from '../db/versioned-update';
import type { CurrentUser } from '../auth/auth.service';
import {
	actorOf,
	creationChanges,
	diffFields,
	listEntityEvents,
	recordEvent
} from '../audit/audit.service';
import { loadMatchableOrganisations } from '../plan/organisation.queries';
import { describeEvents, type HistoryEntry } from '../users/history-view';
import * as q from './organisations.queries';

type Tx = Transaction<Database> | Kysely<Database>;

/** What the history records of an organisation: replaying it rebuilds this. */
export type OrganisationSnapshot = {
	name: string;
	shortName: string;
	type: OrganisationType;
	aliases: string[];
	territoryId: number | null;
};

const isPlatformAdmin = (user: CurrentUser) => can(user, 'platform.manage', PLATFORM);

export type OrganisationResult =
	| { ok: true; id: number; slug: string; version: number }
	| { ok: false; reason: 'forbidden' | 'not_found' }
	| { ok: false; reason: 'invalid'; field: keyof OrganisationInput; message: string }
	| {
			ok: false;
			reason: 'conflict';
			current: OrganisationSnapshot;
			currentVersion: number;
	  };

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

export async function listOrganisations(db: Db) {
	const rows = await q.listOrganisationsWithCounts(db);
	return rows
		.map((r) => ({
			id: r.id,
			slug: r.slug,
			name: r.name,
			shortName: r.short_name,
			type: r.type,
			typeLabel: ORGANISATION_TYPE_LABELS[r.type] ?? r.type,
			userCount: Number(r.user_count ?? 0),
			pilotedFicheCount: Number(r.piloted_fiche_count ?? 0)
		}))
		.sort((a, b) => collator.compare(a.shortName, b.shortName));
}

/**
 * Choices for an organisation select (user forms), in French alphabetical order: those a scheme of
 * this territory may name (see loadMatchableOrganisations), or all of them.
 */
export async function listOrganisationChoices(db: Db, territoryId: number | null = null) {
	const rows =
		territoryId === null
			? await q.listOrganisationOptions(db)
			: (await loadMatchableOrganisations(db, territoryId)).map((o) => ({
					id: o.id,
					slug: o.slug,
					name: o.name,
					short_name: o.shortName
				}));
	return rows
		.map((r) => ({
			id: r.id,
			slug: r.slug,
			name: r.name,
			shortName: r.short_name,
			label: r.short_name === r.name ? r.name : `${r.short_name} — ${r.name}`
		}))
		.sort((a, b) => collator.compare(a.shortName, b.shortName));
}

/** One organisation with its aliases, counts and version, for its edit page; null when unknown. */
export async function getOrganisation(db: Db, slug: string) {
	const row = await q.findOrganisationBySlug(db, slug);
	if (!row) return null;
	const [aliases, counts] = await Promise.all([
		q.listAliases(db, row.id),
		q.countOrganisationLinks(db, row.id)
	]);
	const snapshot: OrganisationSnapshot = {
		name: row.name,
		shortName: row.short_name,
		type: row.type,
		territoryId: row.territory_id,
		aliases
	};
	return { id: row.id, slug: row.slug, version: row.version, snapshot, ...counts };
}

/**
 * Aliases to store: one per match key, none repeating the name or short name (which match anyway),
 * in the order given.
 */
function normaliseAliases(input: OrganisationInput): { alias: string; matchKey: string }[] {
	const seen = new Set([organisationMatchKey(input.name), organisationMatchKey(input.shortName)]);
	const kept: { alias: string; matchKey: string }[] = [];
	for (const alias of input.aliases) {
		const matchKey = organisationMatchKey(alias);
		if (!matchKey || seen.has(matchKey)) continue;
		seen.add(matchKey);
		kept.push({ alias, matchKey });
	}
	return kept;
}

/**
 * Refuses a name, short name or alias that another organisation already answers to: otherwise a
 * pilot label would match two organisations and the first one would silently win.
 */
async function findKeyClash(
	tx: Tx,
	input: OrganisationInput,
	aliases: { alias: string; matchKey: string }[],
	ownId: number | null
): Promise<{ field: keyof OrganisationInput; message: string } | null> {
	// Only organisations a scheme could name beside this one: CAF 87 and CAF 19 may both be « Caf ».
	const others = (await loadMatchableOrganisations(tx, input.territoryId)).filter(
		(o) => o.id !== ownId
	);
	const owners = new Map<string, (typeof others)[number]>();
	for (const org of others) {
		for (const label of [org.name, org.shortName, ...org.aliases]) {
			const key = organisationMatchKey(label);
			if (key && !owners.has(key)) owners.set(key, org);
		}
	}
	const candidates: { field: keyof OrganisationInput; label: string }[] = [
		{ field: 'name', label: input.name },
		{ field: 'shortName', label: input.shortName },
		...aliases.map((a) => ({ field: 'aliases' as const, label: a.alias }))
	];
	for (const { field, label } of candidates) {
		const owner = owners.get(organisationMatchKey(label));
		if (owner) {
			return {
				field,
				message: `« ${label} » désigne déjà l’organisation « ${owner.name} » (${owner.shortName}).`
			};
		}
	}
	return null;
}

async function freeSlug(tx: Tx, input: OrganisationInput): Promise<string> {
	const base = slugify(input.shortName) || slugify(input.name) || 'organisation';
	const taken = new Set(await q.listSlugsLike(tx, base));
	if (!taken.has(base)) return base;
	let n = 2;
	while (taken.has(`${base}-${n}`)) n++;
	return `${base}-${n}`;
}

/** Creates an organisation (administrators only), with its aliases and its creation event. */
export async function createOrganisation(
	db: Db,
	admin: CurrentUser,
	input: OrganisationInput
): Promise<OrganisationResult> {
	if (!isPlatformAdmin(admin)) return { ok: false, reason: 'forbidden' };
	const aliases = normaliseAliases(input);
	return db.transaction().execute(async (tx) => {
		const clash = await findKeyClash(tx, input, aliases, null);
		if (clash) return { ok: false, reason: 'invalid', ...clash } as const;
		const slug = await freeSlug(tx, input);
		const row = await tx
			.insertInto('organisation')
			.values({
				slug,
				name: input.name,
				short_name: input.shortName,
				type: input.type,
				territory_id: input.territoryId
			})
			.returning(['id', 'version'])
			.executeTakeFirstOrThrow();
		await q.replaceAliases(tx, row.id, aliases);
		const snapshot: OrganisationSnapshot = {
			name: input.name,
			shortName: input.shortName,
			type: input.type,
			aliases: aliases.map((a) => a.alias),
			territoryId: input.territoryId
		};
		await recordEvent(tx, actorOf(admin), {
			schemeId: null,
			entityType: 'organisation',
			entityId: row.id,
			action: 'create',
			changes: creationChanges({ slug, ...snapshot })
		});
		return { ok: true, id: row.id, slug, version: row.version } as const;
	});
}

/**
 * Saves an organisation when `expectedVersion` is still current; otherwise returns the saved
 * version untouched. The slug never changes, so addresses stay valid.
 */
export async function updateOrganisation(
	db: Db,
	admin: CurrentUser,
	slug: string,
	input: OrganisationInput,
	expectedVersion: number
): Promise<OrganisationResult> {
	if (!isPlatformAdmin(admin)) return { ok: false, reason: 'forbidden' };
	const aliases = normaliseAliases(input);
	return transact(db, async (tx) => {
		const row = await q.findOrganisationBySlug(tx, slug);
		if (!row) return { ok: false, reason: 'not_found' } as const;
		const before: OrganisationSnapshot = {
			name: row.name,
			shortName: row.short_name,
			type: row.type,
			aliases: await q.listAliases(tx, row.id),
			territoryId: row.territory_id
		};
		if (row.version !== expectedVersion)
			return {
				ok: false,
				reason: 'conflict',
				current: before,
				currentVersion: row.version
			} as const;
		const clash = await findKeyClash(tx, input, aliases, row.id);
		if (clash) return { ok: false, reason: 'invalid', ...clash } as const;
		const after: OrganisationSnapshot = {
			name: input.name,
			shortName: input.shortName,
			type: input.type,
			aliases: aliases.map((a) => a.alias),
			territoryId: input.territoryId
		};
		const changes = diffFields(before, after);
		if (Object.keys(changes).length === 0)
			return { ok: true, id: row.id, slug, version: row.version } as const;
		const version = await updateVersioned(tx, 'organisation', row, {
			name: after.name,
			short_name: after.shortName,
			type: after.type,
			territory_id: after.territoryId
		});
		if (changes.aliases) await q.replaceAliases(tx, row.id, aliases);
		await recordEvent(tx, actorOf(admin), {
			schemeId: null,
			entityType: 'organisation',
			entityId: row.id,
			action: 'update',
			changes
		});
		return { ok: true, id: row.id, slug, version } as const;
	});
}

const ORGANISATION_HISTORY_FIELDS: Record<string, string> = {
	slug: 'Identifiant d’adresse',
	name: 'Nom',
	shortName: 'Nom court',
	type: 'Type',
	aliases: 'Autres appellations',
	territoryId: 'Territoire'
};

/** The organisation's history in words. */
export async function listOrganisationHistory(
	db: Db,
	organisationId: number
): Promise<HistoryEntry[]> {
	const events = await listEntityEvents(db, 'organisation', organisationId);
	return describeEvents(events, {
		actions: { create: 'Création', update: 'Modification' },
		fields: ORGANISATION_HISTORY_FIELDS,
		value: (field, value) =>
			field === 'type' && typeof value === 'string'
				? (ORGANISATION_TYPE_LABELS[value as OrganisationType] ?? value)
				: undefined
	});
}
