import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';

/** Rebuilds the search text of one fiche from everything it holds (titles, lists, actors, indicators). */
export async function refreshFicheSearch(db: Kysely<Database>, ficheId: number): Promise<void> {
	await sql`delete from fiche_search where rowid = ${ficheId}`.execute(db);
	await sql`
		insert into fiche_search (rowid, body)
		select f.id, concat_ws(' ',
			'Action', f.number, f.title, f.toc_title, f.context, f.target_public, f.schedule, f.links,
			(select group_concat(text, ' ') from fiche_list_item where fiche_id = f.id),
			(select group_concat(coalesce(o.name || ' ' || o.short_name || ' ', '') || a.label, ' ')
				from fiche_actor a left join organisation o on o.id = a.organisation_id where a.fiche_id = f.id),
			(select group_concat(label, ' ') from indicator where fiche_id = f.id)
		)
		from fiche f where f.id = ${ficheId}`.execute(db);
}

/**
 * Turns what a person types into an FTS5 query: each word must appear (prefix match), quotes
 * and operators are neutralised so no input can break the query syntax.
 */
export function toFtsQuery(input: string): string | null {
	const words = input
		.normalize('NFC')
		.split(/[^\p{L}\p{N}]+/u)
		.filter((w) => w.length > 0)
		.slice(0, 12);
	if (words.length === 0) return null;
	return words.map((w) => `"${w}"*`).join(' ');
}

/** Fiche ids of a scheme whose text matches, best first. */
export async function searchFicheIds(
	db: Kysely<Database>,
	schemeId: number,
	input: string
): Promise<number[]> {
	const query = toFtsQuery(input);
	if (!query) return [];
	const rows = await sql<{ id: number }>`
		select f.id from fiche_search s join fiche f on f.id = s.rowid
		where fiche_search match ${query} and f.scheme_id = ${schemeId}
		order by bm25(fiche_search)`.execute(db);
	return rows.rows.map((r) => r.id);
}
