import { sql, type Kysely } from 'kysely';
import { dialectOf } from '$db/migrations/portable';
import type { Database } from '../db/schema';

// SQLite: an FTS5 table (unicode61, diacritics removed), ranked by bm25. PostgreSQL: a tsvector
// with unaccent and French stemming (configuration sdsf_french), ranked by ts_rank_cd. Both want
// every word of the query, as a prefix, and answer the best match first.

/** Rebuilds the search text of one fiche from everything it holds (titles, lists, actors, indicators). */
export async function refreshFicheSearch(db: Kysely<Database>, ficheId: number): Promise<void> {
	if (dialectOf(db) === 'postgres') return refreshFicheSearchPostgres(db, ficheId);
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

async function refreshFicheSearchPostgres(db: Kysely<Database>, ficheId: number): Promise<void> {
	await sql`
		insert into fiche_search (fiche_id, body, document)
		select id, body, to_tsvector('sdsf_french', body) from (
			select f.id, concat_ws(' ',
				'Action', f.number, f.title, f.toc_title, f.context, f.target_public, f.schedule, f.links,
				(select string_agg(text, ' ') from fiche_list_item where fiche_id = f.id),
				(select string_agg(coalesce(o.name || ' ' || o.short_name || ' ', '') || a.label, ' ')
					from fiche_actor a left join organisation o on o.id = a.organisation_id
					where a.fiche_id = f.id),
				(select string_agg(label, ' ') from indicator where fiche_id = f.id)
			) as body
			from fiche f where f.id = ${ficheId}
		) t
		on conflict (fiche_id) do update set body = excluded.body, document = excluded.document`.execute(
		db
	);
}

/** The words of a query: letters and digits only, so no input can break either query syntax. */
function queryWords(input: string): string[] {
	return input
		.normalize('NFC')
		.split(/[^\p{L}\p{N}]+/u)
		.filter((w) => w.length > 0)
		.slice(0, 12);
}

/**
 * Turns what a person types into an FTS5 query: each word must appear (prefix match), quotes
 * and operators are neutralised so no input can break the query syntax.
 */
export function toFtsQuery(input: string): string | null {
	const words = queryWords(input);
	if (words.length === 0) return null;
	return words.map((w) => `"${w}"*`).join(' ');
}

/** Fiche ids of a scheme whose text matches, best first. */
export async function searchFicheIds(
	db: Kysely<Database>,
	schemeId: number,
	input: string
): Promise<number[]> {
	if (dialectOf(db) === 'postgres') return searchFicheIdsPostgres(db, schemeId, input);
	const query = toFtsQuery(input);
	if (!query) return [];
	const rows = await sql<{ id: number }>`
		select f.id from fiche_search s join fiche f on f.id = s.rowid
		where fiche_search match ${query} and f.scheme_id = ${schemeId}
		order by bm25(fiche_search)`.execute(db);
	return rows.rows.map((r) => r.id);
}

/**
 * PostgreSQL: each word unaccented and stemmed like the documents, then matched as a prefix
 * (`crech:*`). A word the French configuration drops (« le », « de ») constrains nothing, as a
 * stop word should; a query of stop words only finds nothing, like an empty one.
 */
async function searchFicheIdsPostgres(
	db: Kysely<Database>,
	schemeId: number,
	input: string
): Promise<number[]> {
	const words = queryWords(input);
	if (words.length === 0) return [];
	const rows = await sql<{ id: number }>`
		with words as (
			select lexeme from unnest(${words}::text[]) as w(word),
				lateral unnest(to_tsvector('sdsf_french', w.word)) as l(lexeme)
		), query as (
			select to_tsquery('simple', string_agg(quote_literal(lexeme) || ':*', ' & ')) as q
			from words having count(*) > 0
		)
		select f.id from fiche_search s join fiche f on f.id = s.fiche_id, query
		where s.document @@ query.q and f.scheme_id = ${schemeId}
		order by ts_rank_cd(s.document, query.q) desc, f.id`.execute(db);
	return rows.rows.map((r) => r.id);
}
