import { json } from '@sveltejs/kit';
import { ficheApiPatchSchema, ficheFrameSchema, fieldErrors } from '$lib/domain/fiche-edit';
import { slugify } from '$lib/domain/text';
import { getDb } from '$lib/server/app-db';
import { apiError, forbidden, notFound, unauthorized } from '$lib/server/api/responses';
import {
	getFicheForEdit,
	updateFiche,
	type FicheChanges
} from '$lib/server/plan/fiche-edit.service';
import { getFicheDetail } from '$lib/server/plan/plan.service';
import type { RequestHandler } from './$types';

// The number may be given as written ("11 bis", URL-encoded) or as in page URLs ("11-bis").
// The hook has already refused a caller who may not read this scheme (404).
async function readFiche(scheme: string, fiche: string) {
	const result = await getFicheDetail(getDb(), scheme, slugify(fiche));
	if (!result) return notFound(`Aucun schéma « ${scheme} ».`);
	if (!result.fiche) return notFound(`Aucune fiche n°${fiche} dans ce schéma.`);
	return json(
		{ scheme: { slug: result.scheme.slug, title: result.scheme.title }, fiche: result.fiche },
		{ headers: { ETag: `"${result.fiche.version}"` } }
	);
}

export const GET: RequestHandler = async ({ params }) => readFiche(params.scheme, params.fiche);

/** The version a write is based on: If-Match ("3", W/"3" or 3) or the body's `version`. */
function expectedVersion(request: Request, body: Record<string, unknown>): number | null {
	const header = request.headers.get('if-match');
	const raw = header ? header.replace(/^W\//, '').replace(/"/g, '').trim() : body.version;
	const version = Number(raw);
	return Number.isInteger(version) && version > 0 ? version : null;
}

const emptyToNull = (v: string | null | undefined) => (v == null ? null : v.trim() || null);

export const PATCH: RequestHandler = async ({ params, request, locals }) => {
	if (!locals.user) return unauthorized();
	const where = { scheme: params.scheme, fiche: slugify(params.fiche) };
	// Rights before validation: a refused caller learns nothing about the body.
	const editable = await getFicheForEdit(getDb(), locals.user, where);
	if (!editable.ok && editable.reason === 'not_found')
		return notFound(`Aucune fiche n°${params.fiche} dans ce schéma.`);
	if (!editable.ok)
		return forbidden('Seuls les pilotes de la fiche et la coordination du schéma la modifient.');
	let body: Record<string, unknown>;
	try {
		body = (await request.json()) as Record<string, unknown>;
		if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Error();
	} catch {
		return apiError('bad_request', 'Le corps doit être un objet JSON.');
	}
	const version = expectedVersion(request, body);
	if (version === null) {
		return apiError(
			'precondition_required',
			'Indiquez la version modifiée (en-tête If-Match ou champ version).'
		);
	}
	const { version: _ignored, ...fields } = body;
	const parsed = ficheApiPatchSchema.safeParse(fields);
	if (!parsed.success)
		return apiError('bad_request', 'Données invalides.', { fields: fieldErrors(parsed.error) });
	const patch = parsed.data;
	const frame = ficheFrameSchema
		.pick({ number: true, title: true })
		.partial()
		.safeParse({ number: patch.number, title: patch.title });
	if (!frame.success)
		return apiError('bad_request', 'Données invalides.', { fields: fieldErrors(frame.error) });
	if (patch.startDate && patch.endDate && patch.startDate > patch.endDate) {
		return apiError('bad_request', 'Données invalides.', {
			fields: { endDate: 'La date de fin précède la date de début.' }
		});
	}
	const changes: FicheChanges = {
		...patch,
		...(frame.data.number !== undefined ? { number: frame.data.number } : {}),
		...(frame.data.title !== undefined ? { title: frame.data.title } : {})
	};
	for (const key of ['context', 'targetPublic', 'schedule', 'priorityLabel', 'links'] as const) {
		if (key in changes) changes[key] = emptyToNull(changes[key]);
	}

	const result = await updateFiche(
		getDb(),
		locals.user,
		{ scheme: params.scheme, fiche: slugify(params.fiche) },
		changes,
		version
	);
	if (result.ok) return readFiche(params.scheme, result.slug);
	if (result.reason === 'not_found')
		return notFound(`Aucune fiche n°${params.fiche} dans ce schéma.`);
	if (result.reason === 'forbidden')
		return forbidden(
			'Seuls les pilotes de la fiche et la coordination du schéma la modifient ; le cadre (numéro, intitulé, pilotes, liens) est réservé à la coordination.'
		);
	if (result.reason === 'invalid')
		return apiError('bad_request', result.message, {
			fields: { [result.field]: result.message }
		});
	return apiError(
		'conflict',
		`La fiche a été modifiée entre-temps (version ${result.currentVersion}). Relisez-la puis renvoyez vos changements.`,
		{ version: result.currentVersion }
	);
};
