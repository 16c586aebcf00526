import type { Kysely, Transaction, Updateable } from 'kysely';
import { ficheNumberSortKey } from '$lib/domain/fiche-number';
import { can, type FicheResource } from '$lib/domain/policy';
import { slugify } from '$lib/domain/text';
import type { FicheListKind } from '$lib/domain/enums';
import { findOrganisationMatches, matchOrganisation } from '$lib/domain/organisation-matching';
import type { ListItem } from '$lib/domain/plan-document';
import type { Database, FicheTable } from '../db/schema';
import type { Db } from '../db/database';
import type { CurrentUser } from '../auth/auth.service';
import { actorOf, diffFields, recordEvent } from '../audit/audit.service';
import { loadMatchableOrganisations } from './organisation.queries';
import { refreshFicheSearch } from './plan-search.queries';
import { updateVersioned } from '../db/versioned-update';
import { transact } from '../db/transact';

type Tx = Transaction<Database> | Kysely<Database>;

/** Everything a fiche holds, as the history records it: replaying the history rebuilds this. */
export type FicheSnapshot = {
	nodeId: number;
	number: string;
	title: string;
	tocTitle: string | null;
	priorityLabel: string | null;
	state: string;
	context: string | null;
	steps: ListItem[];
	targetPublic: string | null;
	pilots: string[];
	partners: string[];
	schedule: string | null;
	startDate: string | null;
	endDate: string | null;
	resultsQuantitative: ListItem[];
	resultsQualitative: ListItem[];
	resultsUnclassified: ListItem[];
	links: string | null;
	note: string | null;
};

function buildTree(
	rows: {
		id: number;
		list: string;
		parent_id: number | null;
		marker: string | null;
		text: string;
	}[],
	list: FicheListKind
): ListItem[] {
	const own = rows.filter((r) => r.list === list);
	const build = (parent: number | null): ListItem[] =>
		own
			.filter((r) => r.parent_id === parent)
			.map((r) => {
				const children = build(r.id);
				return children.length
					? { text: r.text, marker: r.marker, children }
					: { text: r.text, marker: r.marker };
			});
	return build(null);
}

export async function loadFicheSnapshot(db: Tx, ficheId: number): Promise<FicheSnapshot | null> {
	const fiche = await db
		.selectFrom('fiche')
		.selectAll()
		.where('id', '=', ficheId)
		.executeTakeFirst();
	if (!fiche) return null;
	const [items, actors] = await Promise.all([
		db
			.selectFrom('fiche_list_item')
			.selectAll()
			.where('fiche_id', '=', ficheId)
			.orderBy('position')
			.execute(),
		db
			.selectFrom('fiche_actor')
			.select(['role', 'label'])
			.where('fiche_id', '=', ficheId)
			.orderBy('position')
			.execute()
	]);
	return {
		nodeId: fiche.node_id,
		number: fiche.number,
		title: fiche.title,
		tocTitle: fiche.toc_title,
		priorityLabel: fiche.priority_label,
		state: fiche.state,
		context: fiche.context,
		steps: buildTree(items, 'step'),
		targetPublic: fiche.target_public,
		pilots: actors.filter((a) => a.role === 'pilot').map((a) => a.label),
		partners: actors.filter((a) => a.role === 'partner').map((a) => a.label),
		schedule: fiche.schedule,
		startDate: fiche.start_date,
		endDate: fiche.end_date,
		resultsQuantitative: buildTree(items, 'result_quantitative'),
		resultsQualitative: buildTree(items, 'result_qualitative'),
		resultsUnclassified: buildTree(items, 'result_unclassified'),
		links: fiche.links,
		note: fiche.note
	};
}

export async function replaceListItems(
	tx: Tx,
	ficheId: number,
	list: FicheListKind,
	items: ListItem[]
): Promise<void> {
	await tx
		.deleteFrom('fiche_list_item')
		.where('fiche_id', '=', ficheId)
		.where('list', '=', list)
		.execute();
	await insertListItems(tx, ficheId, list, items, null);
}

/** Inserts a list's items under `parentId` (null: top level), their sub-items below them. */
export async function insertListItems(
	tx: Tx,
	ficheId: number,
	list: FicheListKind,
	items: ListItem[],
	parentId: number | null
): Promise<void> {
	for (const [position, item] of items.entries()) {
		const { id } = await tx
			.insertInto('fiche_list_item')
			.values({
				fiche_id: ficheId,
				list,
				parent_id: parentId,
				position,
				marker: item.marker ?? null,
				text: item.text
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		if (item.children?.length) await insertListItems(tx, ficheId, list, item.children, id);
	}
}

/** Replaces pilots or partners from labels, matching each to an organisation when one fits. */
export async function replaceActors(
	tx: Tx,
	ficheId: number,
	role: 'pilot' | 'partner',
	labels: string[]
): Promise<void> {
	const organisations = await matchableForFiche(tx, ficheId);
	await tx
		.deleteFrom('fiche_actor')
		.where('fiche_id', '=', ficheId)
		.where('role', '=', role)
		.execute();
	for (const [position, label] of labels.entries()) {
		const org = matchOrganisation(label, organisations);
		await tx
			.insertInto('fiche_actor')
			.values({ fiche_id: ficheId, role, position, label, organisation_id: org?.id ?? null })
			.execute();
	}
}

/** The organisations a fiche may name: its scheme's territory, those above it, national ones. */
async function matchableForFiche(tx: Tx, ficheId: number) {
	const row = await tx
		.selectFrom('fiche')
		.innerJoin('scheme', 'scheme.id', 'fiche.scheme_id')
		.select('scheme.territory_id')
		.where('fiche.id', '=', ficheId)
		.executeTakeFirst();
	return loadMatchableOrganisations(tx, row?.territory_id ?? null);
}

/** A French message naming the first label that fits several organisations, or null. */
export async function ambiguousActorMessage(
	tx: Tx,
	ficheId: number,
	labels: readonly string[]
): Promise<string | null> {
	const organisations = await matchableForFiche(tx, ficheId);
	for (const label of labels) {
		const found = findOrganisationMatches(label, organisations);
		if (found.length > 1)
			return `« ${label} » peut désigner ${found.map((o) => o.shortName).join(', ')} : écrivez le nom court de l’organisation voulue.`;
	}
	return null;
}

/** The fiche of a scheme, by the scheme slug from the route and the fiche slug: never an id from a form. */
export async function findFicheInScheme(db: Tx, schemeSlug: string, ficheSlug: string) {
	return db
		.selectFrom('fiche')
		.innerJoin('scheme', 'scheme.id', 'fiche.scheme_id')
		.select([
			'fiche.id',
			'fiche.scheme_id',
			'fiche.version',
			'fiche.slug',
			'fiche.number',
			'scheme.visibility'
		])
		.where('scheme.slug', '=', schemeSlug)
		.where('fiche.slug', '=', ficheSlug)
		.executeTakeFirst();
}

/** A fiche as a policy resource: its scheme and its pilots' organisations. */
export async function ficheResource(
	db: Tx,
	fiche: { id: number; scheme_id: number; visibility: 'public' | 'private' }
): Promise<FicheResource> {
	return {
		schemeId: fiche.scheme_id,
		visibility: fiche.visibility,
		pilotOrganisationIds: await listPilotOrganisationIds(db, fiche.id)
	};
}

export async function listPilotOrganisationIds(
	db: Tx,
	ficheId: number
): Promise<(number | null)[]> {
	const rows = await db
		.selectFrom('fiche_actor')
		.select('organisation_id')
		.where('fiche_id', '=', ficheId)
		.where('role', '=', 'pilot')
		.execute();
	return rows.map((r) => r.organisation_id);
}

export type EditResult =
	| { ok: true; version: number; slug: string; snapshot: FicheSnapshot }
	| { ok: false; reason: 'not_found' }
	| { ok: false; reason: 'forbidden' }
	| { ok: false; reason: 'invalid'; field: string; message: string }
	| {
			ok: false;
			reason: 'conflict';
			current: FicheSnapshot;
			currentVersion: number;
			/** Who saved the version the editor did not see, and when (from the history). */
			savedBy: string | null;
			savedAt: string | null;
	  };

/** The fields a save may change; number, title, priority, links and pilots are the coordinator's. */
export type FicheChanges = Partial<
	Omit<FicheSnapshot, 'nodeId' | 'tocTitle' | 'resultsUnclassified' | 'note'>
>;
const COORDINATOR_FIELDS = ['number', 'title', 'priorityLabel', 'links', 'pilots'] as const;

const COLUMN_OF = {
	state: 'state',
	context: 'context',
	targetPublic: 'target_public',
	schedule: 'schedule',
	startDate: 'start_date',
	endDate: 'end_date',
	number: 'number',
	title: 'title',
	priorityLabel: 'priority_label',
	links: 'links'
} as const;

const LIST_OF = {
	steps: 'step',
	resultsQuantitative: 'result_quantitative',
	resultsQualitative: 'result_qualitative'
} as const;

/**
 * Saves a fiche when `expectedVersion` is still current; otherwise returns the newer version
 * untouched. Change, version bump, search text and history land in one transaction.
 */
export async function updateFiche(
	db: Db,
	user: CurrentUser,
	where: { scheme: string; fiche: string },
	proposed: FicheChanges,
	expectedVersion: number
): Promise<EditResult> {
	return transact(db, async (tx) => {
		const fiche = await findFicheInScheme(tx, where.scheme, where.fiche);
		if (!fiche) return { ok: false, reason: 'not_found' } as const;
		const resource = await ficheResource(tx, fiche);
		if (!can(user, 'fiche.edit', resource)) return { ok: false, reason: 'forbidden' } as const;
		const before = (await loadFicheSnapshot(tx, fiche.id))!;
		if (fiche.version !== expectedVersion) {
			const last = await tx
				.selectFrom('audit_event')
				.select(['actor', 'at'])
				.where('entity_type', '=', 'fiche')
				.where('entity_id', '=', fiche.id)
				.orderBy('id', 'desc')
				.limit(1)
				.executeTakeFirst();
			return {
				ok: false,
				reason: 'conflict',
				current: before,
				currentVersion: fiche.version,
				savedBy: last?.actor ?? null,
				savedAt: last?.at ?? null
			} as const;
		}
		const changes = diffFields(before, proposed);
		if (!can(user, 'scheme.configure', resource) && COORDINATOR_FIELDS.some((f) => f in changes)) {
			return { ok: false, reason: 'forbidden' } as const;
		}
		for (const field of ['pilots', 'partners'] as const) {
			const message =
				field in changes ? await ambiguousActorMessage(tx, fiche.id, proposed[field] ?? []) : null;
			if (message) return { ok: false, reason: 'invalid', field, message } as const;
		}
		if (Object.keys(changes).length === 0) {
			return { ok: true, version: fiche.version, slug: fiche.slug, snapshot: before } as const;
		}
		let slug = fiche.slug;
		if (changes.number) {
			slug = slugify(String(proposed.number));
			const clash = await tx
				.selectFrom('fiche')
				.select('id')
				.where('scheme_id', '=', fiche.scheme_id)
				.where('slug', '=', slug)
				.where('id', '<>', fiche.id)
				.executeTakeFirst();
			if (clash || !slug) {
				return {
					ok: false,
					reason: 'invalid',
					field: 'number',
					message: 'Une autre fiche porte déjà ce numéro.'
				} as const;
			}
		}

		const columns: Record<string, unknown> = {};
		for (const [field, column] of Object.entries(COLUMN_OF)) {
			if (field in changes) columns[column] = proposed[field as keyof typeof COLUMN_OF] ?? null;
		}
		if (changes.number) {
			columns.number_sort = ficheNumberSortKey(String(proposed.number));
			columns.slug = slug;
		}
		await updateVersioned(
			tx,
			'fiche',
			{ id: fiche.id, version: expectedVersion },
			{
				...(columns as Updateable<FicheTable>),
				updated_at: new Date().toISOString()
			}
		);
		for (const [field, list] of Object.entries(LIST_OF)) {
			if (field in changes)
				await replaceListItems(tx, fiche.id, list, proposed[field as keyof typeof LIST_OF] ?? []);
		}
		if (changes.partners) await replaceActors(tx, fiche.id, 'partner', proposed.partners ?? []);
		if (changes.pilots) await replaceActors(tx, fiche.id, 'pilot', proposed.pilots ?? []);
		await refreshFicheSearch(tx, fiche.id);
		await recordEvent(tx, actorOf(user), {
			schemeId: fiche.scheme_id,
			entityType: 'fiche',
			entityId: fiche.id,
			action: 'update',
			changes
		});
		return {
			ok: true,
			version: fiche.version + 1,
			slug,
			snapshot: (await loadFicheSnapshot(tx, fiche.id))!
		} as const;
	});
}

/** What the edit page needs, or why it cannot be shown. */
export async function getFicheForEdit(
	db: Db,
	user: CurrentUser,
	where: { scheme: string; fiche: string }
) {
	const fiche = await findFicheInScheme(db, where.scheme, where.fiche);
	if (!fiche) return { ok: false, reason: 'not_found' } as const;
	if (!can(user, 'fiche.edit', await ficheResource(db, fiche)))
		return { ok: false, reason: 'forbidden' } as const;
	const scheme = await db
		.selectFrom('scheme')
		.select(['slug', 'title'])
		.where('id', '=', fiche.scheme_id)
		.executeTakeFirstOrThrow();
	return {
		ok: true,
		scheme,
		fiche: { number: fiche.number, slug: fiche.slug, version: fiche.version },
		snapshot: (await loadFicheSnapshot(db, fiche.id))!
	} as const;
}
