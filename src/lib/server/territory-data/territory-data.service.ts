import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Db } from '../db/database';
import type { Database, TerritoryKind, TerritoryValueStatus } from '../db/schema';
import { transact } from '../db/transact';
import { updateVersioned } from '../db/versioned-update';
import { readCoverageFile, type CoverageFile } from './coverage-file';
import { syncSeriesFigures } from './series-figures';

// Imports a checked coverage file in one transaction: territories created or renamed, each value
// compared with the current one (new, revised — the old value goes to the history with the import
// it came from —, or unchanged). The preview runs the very same work and rolls it back, so what the
// page announces is what the confirmation does. The same file twice (same SHA-256) changes nothing.

type Tx = Transaction<Database>;

export type Revision = {
	code: string;
	name: string | null;
	series: string;
	year: number;
	before: number | null;
	after: number | null;
};

export type ImportSummary = {
	outcome: 'imported' | 'already_imported';
	fileName: string;
	fileKind: string;
	scale: CoverageFile['scale'];
	encoding: CoverageFile['encoding'];
	years: number[];
	series: string[];
	ignoredColumns: string[];
	rows: number;
	placeholderLines: number[];
	territories: { created: number; renamed: number };
	values: { new: number; revised: number; unchanged: number; notPublished: number };
	/** The first revisions, for the preview. */
	revisions: Revision[];
	/** When the same file was imported before. */
	previousImport: { fileName: string; importedAt: string } | null;
	/** Figures of indicators bound to these series written or removed (issue 17, item 5). */
	figures: number;
};

export type ImportResult =
	{ ok: true; summary: ImportSummary } | { ok: false; message: string; line: number | null };

const SHOWN_REVISIONS = 100;

export function sha256(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Reads `bytes` and imports them, or (`dryRun`) says what importing would do and writes nothing.
 * An unreadable file or row: nothing is imported.
 */
export async function importCoverageFile(
	db: Db,
	bytes: Uint8Array,
	options: { fileName: string; userId: number | null; dryRun?: boolean }
): Promise<ImportResult> {
	const read = readCoverageFile(bytes);
	if (!read.ok) return read;
	const file = read.file;
	const hash = sha256(bytes);
	const summary = await transact<ImportSummary>(db, async (tx, refuse) => {
		const summary = await writeImport(tx, file, hash, options);
		// The preview: everything done, then rolled back.
		return options.dryRun ? refuse(summary) : summary;
	});
	return { ok: true, summary };
}

async function writeImport(
	tx: Tx,
	file: CoverageFile,
	hash: string,
	options: { fileName: string; userId: number | null }
): Promise<ImportSummary> {
	const summary: ImportSummary = {
		outcome: 'imported',
		fileName: options.fileName,
		fileKind: file.kind,
		scale: file.scale,
		encoding: file.encoding,
		years: file.years,
		series: file.series,
		ignoredColumns: file.ignoredColumns,
		rows: file.rows.length,
		placeholderLines: file.placeholderLines,
		territories: { created: 0, renamed: 0 },
		values: { new: 0, revised: 0, unchanged: 0, notPublished: 0 },
		revisions: [],
		previousImport: null,
		figures: 0
	};
	const previous = await tx
		.selectFrom('territory_import')
		.select(['file_name', 'imported_at'])
		.where('file_sha256', '=', hash)
		.executeTakeFirst();
	if (previous) {
		summary.outcome = 'already_imported';
		summary.previousImport = { fileName: previous.file_name, importedAt: previous.imported_at };
		return summary;
	}
	const { id: importId } = await tx
		.insertInto('territory_import')
		.values({
			file_name: options.fileName,
			file_sha256: hash,
			file_kind: file.kind,
			scale: file.scale,
			row_count: file.rows.length,
			imported_by: options.userId
		})
		.returning('id')
		.executeTakeFirstOrThrow();

	// The geography of a file is that of 1 January after its latest year.
	const vintage = Math.max(...file.years) + 1;
	const territories = new Map(
		(
			await tx
				.selectFrom('territory')
				.select(['id', 'kind', 'code', 'name', 'parent_id', 'vintage', 'version'])
				.execute()
		).map((t) => [`${t.kind}:${t.code}`, t])
	);
	const ensure = async (
		kind: TerritoryKind,
		code: string,
		name: string | null,
		parentId: number | null
	): Promise<number> => {
		const found = territories.get(`${kind}:${code}`);
		if (found) {
			const rename = name && name !== found.name;
			const reparent = parentId !== null && parentId !== found.parent_id;
			const newer = found.vintage === null || found.vintage < vintage;
			if (rename || reparent || newer) {
				found.version = await updateVersioned(tx, 'territory', found, {
					name: rename ? name : found.name,
					parent_id: reparent ? parentId : found.parent_id,
					vintage: newer ? vintage : found.vintage
				});
				if (rename) summary.territories.renamed++;
				found.name = rename ? name : found.name;
				found.parent_id = reparent ? parentId : found.parent_id;
				found.vintage = newer ? vintage : found.vintage;
			}
			return found.id;
		}
		const label = { departement: 'Département', epci: 'EPCI', commune: 'Commune' }[kind];
		const row = await tx
			.insertInto('territory')
			.values({ kind, code, name: name || `${label} ${code}`, parent_id: parentId, vintage })
			.returning(['id', 'version'])
			.executeTakeFirstOrThrow();
		summary.territories.created++;
		territories.set(`${kind}:${code}`, {
			id: row.id,
			kind,
			code,
			name: name || `${label} ${code}`,
			parent_id: parentId,
			vintage,
			version: row.version
		});
		return row.id;
	};

	const current = new Map(
		(
			await tx
				.selectFrom('territory_value')
				.select(['id', 'territory_id', 'series_key', 'year', 'value', 'status', 'import_id'])
				.where('series_key', 'in', file.series)
				.execute()
		).map((v) => [`${v.territory_id ?? 0}:${v.series_key}:${v.year}`, v])
	);

	for (const row of file.rows) {
		let territoryId: number | null = null;
		if (file.scale !== 'national') {
			const dep = row.departementCode
				? await ensure('departement', row.departementCode, row.departementName, null)
				: null;
			const epci = row.epciCode ? await ensure('epci', row.epciCode, row.epciName, dep) : null;
			territoryId = await ensure(file.scale, row.code, row.name, epci ?? dep);
		}
		for (const key of file.series) {
			const value = row.values[key];
			const status: TerritoryValueStatus = value === null ? 'not_published' : 'published';
			if (status === 'not_published') summary.values.notPublished++;
			const found = current.get(`${territoryId ?? 0}:${key}:${row.year}`);
			if (!found) {
				await tx
					.insertInto('territory_value')
					.values({
						territory_id: territoryId,
						series_key: key,
						year: row.year,
						value,
						status,
						import_id: importId
					})
					.execute();
				summary.values.new++;
			} else if (found.value === value && found.status === status) {
				summary.values.unchanged++;
			} else {
				await tx
					.insertInto('territory_value_history')
					.values({
						territory_id: territoryId,
						series_key: key,
						year: row.year,
						value: found.value,
						status: found.status,
						import_id: found.import_id,
						replaced_by_import_id: importId
					})
					.execute();
				await tx
					.updateTable('territory_value')
					.set({ value, status, import_id: importId })
					.where('id', '=', found.id)
					.execute();
				summary.values.revised++;
				if (summary.revisions.length < SHOWN_REVISIONS)
					summary.revisions.push({
						code: row.code,
						name: row.name,
						series: key,
						year: row.year,
						before: found.value,
						after: value
					});
			}
		}
	}
	summary.figures = await syncSeriesFigures(tx, {
		userId: options.userId,
		label: `Import de données publiques (${options.fileName})`
	});
	return summary;
}
