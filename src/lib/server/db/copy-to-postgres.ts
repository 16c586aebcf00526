import { createHash } from 'node:crypto';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { migrations } from '$db/migrations/index';
import { migrateToLatest, type Db } from './database';
import { refreshFicheSearch } from '../plan/plan-search.queries';

// npm run db:copy (cli/db-copy.ts) and the bench's --database=postgres: moves an installation from
// SQLite to PostgreSQL. The SQLite file is read only; the PostgreSQL
// database must be empty. The rows are written in one transaction; on any error the schema the
// copy created is dropped again, so the target is left empty. Ids are kept; afterwards each table's row count and the whole history (every audit event,
// field by field, in order) are compared, and the search index is rebuilt.

export class CopyError extends Error {}

type Row = Record<string, unknown>;

/** Tables that are not data: engine bookkeeping, the migrator's, SQLite's search index. */
const NOT_COPIED = /^(sqlite_|kysely_|fiche_search)/;

/** The audit events, field by field in id order, as one digest (the same on both engines). */
function auditDigest(rows: Row[]): string {
	const hash = createHash('sha256');
	for (const r of rows)
		hash.update(
			JSON.stringify([
				Number(r.id),
				r.at,
				r.user_id === null ? null : Number(r.user_id),
				r.actor,
				r.scheme_id === null ? null : Number(r.scheme_id),
				r.entity_type,
				Number(r.entity_id),
				r.action,
				r.changes,
				r.reason
			]) + '\n'
		);
	return hash.digest('hex');
}

/** Rows of a self-referencing table, parents before children. */
function parentsFirst(rows: Row[], column: string): Row[] {
	const byId = new Map(rows.map((r) => [r.id, r]));
	const done = new Set<unknown>();
	const ordered: Row[] = [];
	const visit = (row: Row, depth: number) => {
		if (done.has(row.id) || depth > 100) return;
		const parent = row[column] === null ? undefined : byId.get(row[column]);
		if (parent) visit(parent, depth + 1);
		done.add(row.id);
		ordered.push(row);
	};
	for (const row of rows) visit(row, 0);
	return ordered;
}

export type CopyOutcome = { tables: Record<string, number>; auditEvents: number; ms: number };

export async function copySqliteToPostgres(source: string, target: Db): Promise<CopyOutcome> {
	const started = Date.now();
	let sqlite: SQLite.Database;
	try {
		sqlite = new SQLite(source, { readonly: true, fileMustExist: true });
	} catch {
		throw new CopyError(`Base SQLite introuvable ou illisible : ${source}.`);
	}
	try {
		const applied = (
			sqlite.prepare('select name from kysely_migration order by name').all() as { name: string }[]
		).map((r) => r.name);
		const known = Object.keys(migrations);
		const missing = known.filter((m) => !applied.includes(m));
		const unknown = applied.filter((m) => !known.includes(m));
		if (unknown.length)
			throw new CopyError(
				`La base SQLite vient d’une version plus récente (migrations inconnues : ${unknown.join(', ')}).`
			);
		if (missing.length)
			throw new CopyError(
				`La base SQLite n’est pas à jour (${missing.join(', ')}) : lancez d’abord npm run db:migrate avec DATABASE_PATH.`
			);

		const existing = await sql<{ n: number }>`select count(*) as n from information_schema.tables
			where table_schema = current_schema()`.execute(target);
		if (Number(existing.rows[0].n) > 0)
			throw new CopyError(
				'La base PostgreSQL n’est pas vide : la copie se fait dans une base neuve (createdb).'
			);
		try {
			await migrateToLatest(target);
			return await copyRows(sqlite, target, started);
		} catch (error) {
			// The database was empty: leave it so, for the next attempt.
			await sql`drop schema public cascade`.execute(target).catch(() => {});
			await sql`create schema public`.execute(target).catch(() => {});
			throw error;
		}
	} finally {
		sqlite.close();
	}
}

async function copyRows(
	sqlite: SQLite.Database,
	target: Db,
	started: number
): Promise<CopyOutcome> {
	{
		// Copy order: a table after the tables it references (from PostgreSQL's catalog).
		const foreignKeys = (
			await sql<{ child: string; parent: string; column: string }>`
				select tc.table_name as child, ccu.table_name as parent, kcu.column_name as column
				from information_schema.table_constraints tc
				join information_schema.key_column_usage kcu
					on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
				join information_schema.constraint_column_usage ccu
					on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
				where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = current_schema()`.execute(target)
		).rows;
		const pgColumns = (
			await sql<{ table: string; column: string }>`
				select table_name as table, column_name as column from information_schema.columns
				where table_schema = current_schema()`.execute(target)
		).rows;
		const sqliteTables = (
			sqlite.prepare(`select name from sqlite_master where type = 'table'`).all() as {
				name: string;
			}[]
		)
			.map((r) => r.name)
			.filter((name) => !NOT_COPIED.test(name));
		const pgTables = new Set(pgColumns.map((c) => c.table));
		const absent = sqliteTables.filter((t) => !pgTables.has(t));
		if (absent.length)
			throw new CopyError(`Tables sans équivalent PostgreSQL : ${absent.join(', ')}.`);
		const ordered: string[] = [];
		const visiting = new Set<string>();
		const visit = (table: string) => {
			if (ordered.includes(table) || visiting.has(table)) return;
			visiting.add(table);
			for (const fk of foreignKeys)
				if (fk.child === table && fk.parent !== table && sqliteTables.includes(fk.parent))
					visit(fk.parent);
			ordered.push(table);
		};
		for (const table of [...sqliteTables].sort()) visit(table);

		const tables: Record<string, number> = {};
		await target.transaction().execute(async (tx) => {
			// A long copy is one transaction: no statement or idle timeout of the pool applies to it.
			await sql`set local statement_timeout = 0`.execute(tx);
			await sql`set local idle_in_transaction_session_timeout = 0`.execute(tx);
			// The rows arrive as they are, counters included: the app's triggers (change counters,
			// their per-row bumps) would only slow a copy of a million figures down. Foreign keys stay
			// checked (they are system triggers).
			for (const table of ordered)
				await sql`alter table ${sql.table(table)} disable trigger user`.execute(tx);
			// The tables are only known at run time here; each row is the source's own columns.
			const untyped: Db = tx;
			const insert = async (table: string, rows: Row[]) => {
				const query = untyped.insertInto(table as 'scheme_generation').values(rows as never[]);
				// Scheme counters are created by the scheme trigger: the copy sets their values.
				await (
					table === 'scheme_generation'
						? query.onConflict((oc) =>
								oc.column('scheme_id').doUpdateSet({ value: sql`excluded.value` })
							)
						: query
				).execute();
			};
			for (const table of ordered) {
				const columns = pgColumns.filter((c) => c.table === table).map((c) => c.column);
				const kept = (sqlite.prepare(`select * from "${table}" limit 0`).columns() ?? [])
					.map((c) => c.name)
					.filter((name) => columns.includes(name));
				const select = sqlite.prepare(
					`select ${kept.map((c) => `"${c}"`).join(', ')} from "${table}"`
				);
				const batch = Math.max(1, Math.floor(30_000 / Math.max(1, kept.length)));
				const selfKey = foreignKeys.find((fk) => fk.child === table && fk.parent === table);
				let count = 0;
				if (selfKey) {
					// Small tables (plan levels, nested list items): parents first.
					const rows = parentsFirst(select.all() as Row[], selfKey.column);
					for (let i = 0; i < rows.length; i += batch)
						await insert(table, rows.slice(i, i + batch));
					count = rows.length;
				} else {
					// Streamed in batches: a national database holds over a million figures.
					let rows: Row[] = [];
					for (const row of select.iterate() as Iterable<Row>) {
						rows.push(row);
						if (rows.length === batch) {
							await insert(table, rows);
							count += rows.length;
							rows = [];
						}
					}
					if (rows.length) await insert(table, rows);
					count += rows.length;
				}
				tables[table] = count;
			}
			for (const table of ordered)
				await sql`alter table ${sql.table(table)} enable trigger user`.execute(tx);
			// Identity keys continue after the copied ids.
			for (const table of ordered) {
				if (!pgColumns.some((c) => c.table === table && c.column === 'id')) continue;
				await sql`select setval(pg_get_serial_sequence(${table}, 'id'), coalesce(max(id), 0) + 1, false)
					from ${sql.table(table)}`.execute(tx);
			}
			const fiches = await tx.selectFrom('fiche').select('id').execute();
			for (const fiche of fiches) await refreshFicheSearch(tx, fiche.id);

			// Checks, inside the transaction: a mismatch rolls everything back.
			for (const table of ordered) {
				const copied = await sql<{
					n: number;
				}>`select count(*) as n from ${sql.table(table)}`.execute(tx);
				if (Number(copied.rows[0].n) !== tables[table])
					throw new CopyError(
						`${table} : ${copied.rows[0].n} lignes copiées pour ${tables[table]} dans SQLite.`
					);
			}
			const sourceAudit = sqlite.prepare('select * from audit_event order by id').all() as Row[];
			const targetAudit = (await sql<Row>`select * from audit_event order by id`.execute(tx)).rows;
			if (auditDigest(sourceAudit) !== auditDigest(targetAudit))
				throw new CopyError('L’historique copié diffère de celui de la base SQLite.');
		});
		return { tables, auditEvents: tables.audit_event ?? 0, ms: Date.now() - started };
	}
}
