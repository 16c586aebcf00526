import { fieldErrors } from '$lib/domain/fiche-edit';
import { nextSchemeSchema, nextSchemeSlug } from '$lib/domain/generations';
import type { PlanDocument } from '$lib/domain/plan-document';
import { can, schemeResource } from '$lib/domain/policy';
import { actorOf, creationChanges, recordEvent } from '../audit/audit.service';
import type { CurrentUser } from '../auth/auth.service';
import type { Db } from '../db/database';
import { transact } from '../db/transact';
import { loadPlanDocument } from '../excel/plan-export';
import { nestedDb } from '../figures-import/nested-db';
import { importPlanDocument } from '../plan/plan-import.service';
import * as q from './next-scheme.queries';

// « Préparer le schéma suivant »: a new scheme for the same territory and the chosen years, written
// from the current one. The plan tree is copied whole; the chosen fiches (all by default) with their
// steps, results, pilots, partners, indicators and links to other schemes. Each indicator's
// baseline becomes its last validated value; the bilan's « perspectives » open the new fiche's
// context. Figures, periods, bilans, milestones, meetings and targets (years of the old scheme)
// stay behind, and nothing of the old scheme is written: its history does not even record it.
// The members are carried over with their roles, since the same partners usually steer the next
// scheme (the coordination then removes who leaves); the caller coordinates the new scheme.

type Fiche = PlanDocument['tree'][number]['fiches'][number];
type Node = PlanDocument['tree'][number];

export type NextSchemeResult =
	| {
			ok: true;
			scheme: { id: number; slug: string; title: string; startYear: number; endYear: number };
			fiches: number;
	  }
	| { ok: false; reason: 'not_found' | 'forbidden'; message: string }
	| { ok: false; reason: 'conflict'; message: string }
	| { ok: false; reason: 'invalid'; message: string; errors: Record<string, string> };

const invalid = (errors: Record<string, string>): NextSchemeResult => ({
	ok: false,
	reason: 'invalid',
	message: Object.values(errors)[0] ?? 'Données invalides.',
	errors
});

/** The fiche as the next scheme starts it: same content, targets and state left to be set. */
function carryFiche(
	fiche: Fiche,
	baselines: (q.Baseline | null)[],
	outlook: string | null,
	old: { startYear: number; endYear: number },
	linkedFiches: { scheme: string; number: string }[]
): Fiche {
	const seeded = outlook
		? `Perspectives retenues au bilan du schéma ${old.startYear}–${old.endYear} :\n\n${outlook.trim()}`
		: null;
	return {
		...fiche,
		context: [seeded, fiche.context].filter(Boolean).join('\n\n') || null,
		state: fiche.state === 'a_elaborer' ? 'a_elaborer' : 'a_lancer',
		startDate: null,
		endDate: null,
		schedule: null,
		indicators: fiche.indicators.map((indicator, i) => ({
			...indicator,
			baseline: baselines[i] ?? indicator.baseline,
			targets: []
		})),
		linkedFiches
	};
}

export async function prepareNextScheme(
	db: Db,
	user: CurrentUser,
	slug: string,
	input: unknown
): Promise<NextSchemeResult> {
	const old = await q.findScheme(db, slug);
	if (!old || !can(user, 'scheme.read', schemeResource(old)))
		return { ok: false, reason: 'not_found', message: `Aucun schéma « ${slug} ».` };
	if (!can(user, 'scheme.prepareNext', schemeResource(old)))
		return {
			ok: false,
			reason: 'forbidden',
			message: 'Préparer le schéma suivant est réservé à la coordination du schéma.'
		};
	const parsed = nextSchemeSchema.safeParse(input);
	if (!parsed.success) return invalid(fieldErrors(parsed.error));
	const { startYear, endYear } = parsed.data;
	if (startYear <= old.start_year)
		return invalid({
			startYear: `Le schéma suivant commence après ${old.start_year}, première année du schéma actuel.`
		});

	return transact<NextSchemeResult>(db, async (tx, refuse) => {
		const successor = await q.findSuccessor(tx, old.id);
		if (successor)
			refuse({
				ok: false,
				reason: 'conflict',
				message: `Le schéma suivant existe déjà : « ${successor.title} » ${successor.start_year}–${successor.end_year} (${successor.slug}).`
			});
		const loaded = (await loadPlanDocument(tx, old.slug))!;
		const fiches = await q.listFiches(tx, old.id);
		const chosen = parsed.data.fiches ? new Set(parsed.data.fiches) : null;
		if (chosen) {
			const unknown = [...chosen].filter((n) => !fiches.some((f) => f.number === n));
			if (unknown.length)
				refuse(
					invalid({
						fiches: `Fiche${unknown.length > 1 ? 's' : ''} inconnue${unknown.length > 1 ? 's' : ''} dans ce schéma : ${unknown.join(', ')}.`
					})
				);
		}
		const [baselines, outlooks, links, territory, compatible] = await Promise.all([
			q.lastValidatedValues(tx, old.id),
			q.listOutlooks(tx, old.id),
			q.listOutgoingLinks(tx, old.id),
			q.findTerritory(tx, old.territory_id),
			q.listCompatibleSlugs(tx, old.id)
		]);
		const byNumber = new Map(fiches.map((f) => [f.number, f]));
		const years = { startYear: old.start_year, endYear: old.end_year };
		const carryNodes = (nodes: Node[]): Node[] =>
			nodes.map((node) => ({
				...node,
				children: carryNodes(node.children),
				fiches: node.fiches
					.filter((f) => !chosen || chosen.has(f.number))
					.map((f) => {
						const row = byNumber.get(f.number)!;
						const indicatorIds = row.indicatorIds;
						return carryFiche(
							f,
							indicatorIds.map((id) => baselines.get(id) ?? null),
							outlooks.get(row.id) ?? null,
							years,
							links.get(row.id) ?? []
						);
					})
			}));

		let newSlug = nextSchemeSlug(old.slug, years, { startYear, endYear });
		for (let n = 2; await q.isSlugTaken(tx, newSlug); n++)
			newSlug = `${nextSchemeSlug(old.slug, years, { startYear, endYear })}-${n}`;
		const doc: PlanDocument = {
			...loaded.doc,
			scheme: {
				...loaded.doc.scheme,
				slug: newSlug,
				startYear,
				endYear,
				state: 'en_preparation',
				subtitle: null,
				source: null,
				territory: territory ?? undefined,
				compatibleWith: compatible
			},
			tree: carryNodes(loaded.doc.tree)
		};
		const actor = actorOf(user);
		const imported = await importPlanDocument(nestedDb(tx), doc, actor);
		const schemeId = imported.schemeId;
		await q.setPredecessor(tx, schemeId, old.id);
		const created = await q.listFiches(tx, schemeId);
		for (const fiche of created) {
			const previous = byNumber.get(fiche.number);
			if (previous) await q.insertLineage(tx, fiche.id, previous.id);
		}
		// In the new scheme's history, as the members page records them.
		const members = await q.copyMemberships(tx, old.id, schemeId);
		const coordinator = await q.ensureCoordinator(tx, schemeId, user.id);
		if (coordinator !== 'kept')
			members.push({ user_id: user.id, role: 'coordinateur', organisation_id: null });
		for (const m of members) {
			const promoted = coordinator === 'promoted' && m.user_id === user.id;
			if (promoted && m.role !== 'coordinateur') continue;
			await recordEvent(tx, actor, {
				schemeId,
				entityType: 'user',
				entityId: m.user_id,
				action: 'membership_add',
				changes: creationChanges({
					scheme: newSlug,
					role: m.role,
					organisationId: m.organisation_id
				})
			});
		}
		await recordEvent(tx, actor, {
			schemeId,
			entityType: 'scheme',
			entityId: schemeId,
			action: 'prepare_next',
			changes: {
				predecessor: { old: null, new: old.slug },
				fiches: { old: null, new: created.map((f) => f.number) }
			}
		});
		return {
			ok: true,
			scheme: { id: schemeId, slug: newSlug, title: old.title, startYear, endYear },
			fiches: created.length
		};
	});
}
