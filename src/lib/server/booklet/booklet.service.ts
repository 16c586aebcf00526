import type { Actor } from '$lib/domain/policy';
import type { Db } from '../db/database';
import { placeFiches } from '../excel/fiche-export';
import { loadPlanDocument } from '../excel/plan-export';
import { attachment } from '../http/download';
import { listLinkedFiches } from '../plan/fiche-links';
import { DOCX_CONTENT_TYPE, writeBookletDocx, type FicheExtras } from './booklet-docx';
import { listGenerationLinks } from '../generations/generations.queries';

/** « Lien avec les schémas existants »: the fiche's links to other schemes the caller may read. */
async function loadExtras(
	db: Db,
	actor: Actor | null,
	schemeSlug: string
): Promise<Map<string, FicheExtras>> {
	const fiches = await db
		.selectFrom('fiche')
		.innerJoin('scheme', 'scheme.id', 'fiche.scheme_id')
		.select(['fiche.id', 'fiche.number'])
		.where('scheme.slug', '=', schemeSlug)
		.execute();
	const generations = await listGenerationLinks(db, actor, schemeSlug);
	const extras = new Map<string, FicheExtras>();
	for (const fiche of fiches) {
		const links = (await listLinkedFiches(db, actor, fiche.id)).map(
			(l) =>
				`${l.direction === 'to' ? 'Répond à' : 'Citée par'} : ${l.scheme.title}, action n°${l.fiche.number} ${l.fiche.title}`
		);
		for (const g of generations.get(fiche.id) ?? []) links.push(g);
		if (links.length) extras.set(fiche.number, { links });
	}
	return extras;
}

/** The booklet of a scheme (`ficheSlug`: that fiche alone), or null when there is no such thing. */
export async function buildBooklet(
	db: Db,
	actor: Actor | null,
	schemeSlug: string,
	ficheSlug?: string
): Promise<{ buffer: Buffer; fileName: string } | null> {
	const loaded = await loadPlanDocument(db, schemeSlug, ficheSlug ? { ficheSlug } : {});
	if (!loaded) return null;
	const placed = placeFiches(loaded.doc);
	if (ficheSlug && placed.length === 0) return null;
	const extras = await loadExtras(db, actor, schemeSlug);
	const buffer = await writeBookletDocx(loaded.doc, placed, { whole: !ficheSlug, extras });
	const slug = loaded.doc.scheme.slug;
	const fileName = ficheSlug
		? `Fiche action ${placed[0].fiche.number} – ${slug}.docx`
		: `Livret des fiches actions – ${slug}.docx`;
	return { buffer, fileName };
}

/** A Word download: attachment with an ASCII-safe name and the real one in `filename*`. */
export function docxResponse(buffer: Buffer, fileName: string): Response {
	return new Response(new Uint8Array(buffer), {
		headers: {
			'Content-Type': DOCX_CONTENT_TYPE,
			'Content-Length': String(buffer.length),
			'Content-Disposition': attachment(fileName),
			'Cache-Control': 'private, no-store'
		}
	});
}
