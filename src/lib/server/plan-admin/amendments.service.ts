import type { FicheState } from '$lib/domain/enums';
import { can, schemeResource } from '$lib/domain/policy';
import type { AmendmentEffect, AmendmentForm } from '$lib/domain/structure-forms';
import type { CurrentUser } from '../auth/auth.service';
import { actorOf, creationChanges, recordEvent } from '../audit/audit.service';
import type { Db } from '../db/database';
import { findFicheInScheme } from '../plan/fiche-edit.service';
import * as q from './amendments.queries';
import {
	FORBIDDEN,
	invalid,
	notFound,
	type Forbidden,
	type Invalid,
	type NotFound
} from './results';
import { findSchemeBySlug } from './structure.queries';
import { insertNewFiche } from './structure.service';
import { transact } from '../db/transact';

export type AmendmentView = {
	id: number;
	signedOn: string;
	title: string;
	description: string | null;
	fiches: {
		number: string;
		slug: string;
		title: string;
		state: FicheState;
		effect: AmendmentEffect;
	}[];
};

/** The scheme's amendments in signing order, each with the fiches it adds, changes or ends. */
export async function listAmendments(db: Db, schemeSlug: string) {
	const scheme = await findSchemeBySlug(db, schemeSlug);
	if (!scheme) return null;
	const [rows, fiches] = await Promise.all([
		q.listSchemeAmendments(db, scheme.id),
		q.listSchemeAmendmentFiches(db, scheme.id)
	]);
	const amendments: AmendmentView[] = rows.map((a) => ({
		id: a.id,
		signedOn: a.signed_on,
		title: a.title,
		description: a.description,
		fiches: fiches
			.filter((f) => f.amendment_id === a.id)
			.map((f) => ({
				number: f.number,
				slug: f.slug,
				title: f.title,
				state: f.state,
				effect: f.effect
			}))
	}));
	return { scheme: { slug: scheme.slug, title: scheme.title }, amendments };
}

/** What the fiche page says about a fiche's amendments: "Ajoutée par l'avenant … du …". */
export async function listFicheAmendments(
	db: Db,
	ficheId: number
): Promise<{ title: string; signedOn: string; effect: AmendmentEffect }[]> {
	const rows = await q.listFicheAmendmentRows(db, ficheId);
	return rows.map((r) => ({ title: r.title, signedOn: r.signed_on, effect: r.effect }));
}

/** Same, from the route's scheme and fiche slugs; null when the fiche does not exist. */
export async function listFicheAmendmentsBySlug(db: Db, where: { scheme: string; fiche: string }) {
	const fiche = await findFicheInScheme(db, where.scheme, where.fiche);
	return fiche ? listFicheAmendments(db, fiche.id) : null;
}

export type AmendmentResult =
	{ ok: true; amendmentId: number; newFicheSlug: string | null } | Forbidden | NotFound | Invalid;

const NEW_FICHE_FIELDS: Record<string, string> = {
	number: 'newFicheNumber',
	title: 'newFicheTitle',
	nodeId: 'newFicheNodeId',
	pilots: 'newFichePilots'
};

/**
 * Records an amendment: its new fiche (created "à élaborer" with its own history), the fiches it
 * changes and those it ends. Ending a fiche leaves its state to the coordinator. One transaction.
 */
export async function createAmendment(
	db: Db,
	user: CurrentUser,
	schemeSlug: string,
	form: AmendmentForm
): Promise<AmendmentResult> {
	return transact<AmendmentResult>(db, async (tx, refuse) => {
		const scheme = await findSchemeBySlug(tx, schemeSlug);
		if (!scheme || !can(user, 'scheme.read', schemeResource(scheme)))
			return notFound('Schéma introuvable.');
		if (!can(user, 'scheme.configure', schemeResource(scheme))) return FORBIDDEN;
		const actor = actorOf(user);
		const named = [...form.changes, ...form.ends];
		const found = await q.listFichesInScheme(tx, scheme.id, named);
		if (found.length !== named.length)
			return invalid('changes', 'Une des fiches cochées n’appartient pas à ce schéma.');

		let created: { id: number; slug: string; number: string } | null = null;
		if (form.newFiche) {
			const fiche = await insertNewFiche(tx, actor, scheme.id, form.newFiche, (refusal) =>
				refuse({ ...refusal, field: NEW_FICHE_FIELDS[refusal.field] ?? refusal.field })
			);
			created = { ...fiche, number: form.newFiche.number };
		}
		const { id } = await tx
			.insertInto('amendment')
			.values({
				scheme_id: scheme.id,
				signed_on: form.signedOn,
				title: form.title,
				description: form.description
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const effects: { ficheId: number; number: string; effect: AmendmentEffect }[] = [
			...(created
				? [{ ficheId: created.id, number: created.number, effect: 'adds' as const }]
				: []),
			...form.changes.map((ficheId) => ({
				ficheId,
				number: numberOf(found, ficheId),
				effect: 'changes' as const
			})),
			...form.ends.map((ficheId) => ({
				ficheId,
				number: numberOf(found, ficheId),
				effect: 'ends' as const
			}))
		];
		if (effects.length) {
			await tx
				.insertInto('amendment_fiche')
				.values(effects.map((e) => ({ amendment_id: id, fiche_id: e.ficheId, effect: e.effect })))
				.execute();
		}
		await recordEvent(tx, actor, {
			schemeId: scheme.id,
			entityType: 'amendment',
			entityId: id,
			action: 'create',
			changes: creationChanges({
				signedOn: form.signedOn,
				title: form.title,
				description: form.description,
				fiches: effects.map((e) => ({ number: e.number, effect: e.effect }))
			})
		});
		return { ok: true, amendmentId: id, newFicheSlug: created?.slug ?? null };
	});
}

function numberOf(fiches: { id: number; number: string }[], id: number): string {
	return fiches.find((f) => f.id === id)?.number ?? String(id);
}
