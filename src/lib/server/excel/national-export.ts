import { PassThrough } from 'node:stream';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import type { IndicatorUnit } from '$lib/domain/enums';
import type { FigureStatus } from '$lib/domain/figures';
import { todayInParis } from '$lib/domain/paris-time';
import { config } from '../config';
import { dialectOf, type Db } from '../db/database';
import {
	readFigures,
	streamFiguresWorkbook,
	type StreamFigure
} from '../excel-report/figures-stream';
import { attachment } from '../http/download';
import { logger } from '../log';
import { XLSX_CONTENT_TYPE } from './workbook-style';

// Every figure of every scheme as one .xlsx, for platform administrators (GET
// /admin/export-national.xlsx). The workbook is streamed as it is written: on SQLite the figures
// are read one indicator at a time on a read-only connection of their own, so the server's memory
// stays flat whatever the number of rows (the benchmark downloads 1.2 million of them). One export
// at a time per process: a second one waits for the first.

/** Figures a PostgreSQL installation exports (read in memory there: no server-side cursor). */
export const POSTGRES_EXPORT_LIMIT = 300_000;

let running = false;

export type NationalExport =
	{ ok: true; response: Response } | { ok: false; status: 429 | 503; message: string };

/** The file name: `chiffres-tous-les-schemas-2026-12-07.xlsx` (Paris day). */
export function nationalExportFileName(today: string = todayInParis()): string {
	return `chiffres-tous-les-schemas-${today}.xlsx`;
}

/** Starts the export; the caller has checked that the user is a platform administrator. */
export async function startNationalExport(db: Db): Promise<NationalExport> {
	if (running)
		return {
			ok: false,
			status: 429,
			message: 'Un export national est déjà en cours : réessayez quand il sera terminé.'
		};
	running = true;
	try {
		const source = await openFigures(db);
		if (!source.ok) {
			running = false;
			return source;
		}
		return { ok: true, response: streamResponse(source.figures, source.close) };
	} catch (error) {
		running = false;
		throw error;
	}
}

type FigureSource =
	| { ok: true; figures: Iterable<StreamFigure>; close: () => void }
	| { ok: false; status: 503; message: string };

async function openFigures(db: Db): Promise<FigureSource> {
	if (dialectOf(db) === 'postgres') {
		const count = await db
			.selectFrom('figure')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		if (Number(count.n) > POSTGRES_EXPORT_LIMIT)
			return {
				ok: false,
				status: 503,
				message: `Sur PostgreSQL, l’export national est limité à ${POSTGRES_EXPORT_LIMIT.toLocaleString('fr-FR')} chiffres (la base en compte ${Number(count.n).toLocaleString('fr-FR')}) : exportez schéma par schéma.`
			};
		return { ok: true, figures: await readFiguresFromDb(db), close: () => {} };
	}
	// A connection of its own: its statement iterates while the file is written.
	const sqlite = new SQLite(config().DATABASE_PATH, { readonly: true, fileMustExist: true });
	return {
		ok: true,
		figures: readFigures(sqlite, { validatedOnly: false }),
		close: () => sqlite.close()
	};
}

/**
 * The response streaming the workbook. A client that goes away stops the reading at once; what the
 * writer still holds drains into nothing, so the writer always finishes and every resource closes.
 */
function streamResponse(figures: Iterable<StreamFigure>, close: () => void): Response {
	const output = new PassThrough();
	let cancelled = false;
	function* untilCancelled() {
		for (const figure of figures) {
			if (cancelled) return;
			yield figure;
		}
	}
	const body = new ReadableStream<Uint8Array>({
		start(controller) {
			output.on('data', (chunk: Buffer) => {
				if (cancelled) return;
				controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
				if ((controller.desiredSize ?? 0) <= 0) output.pause();
			});
			output.once('end', () => !cancelled && controller.close());
			output.once('error', (error) => !cancelled && controller.error(error));
		},
		pull() {
			output.resume();
		},
		cancel() {
			cancelled = true;
			output.resume();
		}
	});
	const started = Date.now();
	streamFiguresWorkbook(untilCancelled(), output, {
		title: 'Chiffres de tous les schémas',
		subject: 'Export national : tous les chiffres de tous les schémas'
	})
		.then((result) =>
			logger().info(
				{ ...result, ms: Date.now() - started, cancelled },
				cancelled ? 'export national interrompu par le client' : 'export national terminé'
			)
		)
		.catch((error) => {
			logger().error({ err: error }, 'export national en échec');
			output.destroy(error as Error);
		})
		.finally(() => {
			running = false;
			close();
		});
	return new Response(body, {
		headers: {
			'Content-Type': XLSX_CONTENT_TYPE,
			'Content-Disposition': attachment(nationalExportFileName()),
			'Cache-Control': 'private, no-store'
		}
	});
}

/** PostgreSQL: the same rows as readFigures, in the same order, read at once. */
async function readFiguresFromDb(db: Db): Promise<StreamFigure[]> {
	const rows = await db
		.selectFrom('figure')
		.innerJoin('indicator', 'indicator.id', 'figure.indicator_id')
		.innerJoin('fiche', 'fiche.id', 'indicator.fiche_id')
		.innerJoin('scheme', 'scheme.id', 'fiche.scheme_id')
		.innerJoin('reporting_period', 'reporting_period.id', 'figure.period_id')
		.leftJoin(
			'indicator_breakdown_value',
			'indicator_breakdown_value.id',
			'figure.breakdown_value_id'
		)
		.select([
			'scheme.department_code',
			'scheme.slug as scheme_slug',
			'fiche.number',
			'indicator.id as indicator_id',
			'indicator.label',
			'indicator.measure',
			'indicator.unit',
			'indicator_breakdown_value.label as breakdown',
			'reporting_period.code as period',
			'reporting_period.ends_on',
			'figure.value_number',
			'figure.value_text',
			'figure.not_available',
			'figure.status',
			'figure.reviewed_at'
		])
		.orderBy('scheme.department_code')
		.orderBy('scheme.id')
		.orderBy('fiche.number_sort')
		.orderBy('indicator.position')
		.orderBy('indicator.id')
		.orderBy('reporting_period.starts_on')
		.orderBy('reporting_period.ends_on', 'desc')
		// The total line first, then the breakdown values in their order (as readFigures).
		.orderBy(sql`coalesce(indicator_breakdown_value.position, -1)`)
		.execute();
	return rows.map((r) => ({
		department: r.department_code,
		scheme: r.scheme_slug,
		fiche: r.number,
		indicatorId: r.indicator_id,
		indicator: r.measure ? `${r.label} — ${r.measure}` : r.label,
		unit: r.unit as IndicatorUnit,
		breakdown: r.breakdown ?? null,
		period: r.period,
		endsOn: r.ends_on,
		valueNumber: r.value_number,
		valueText: r.value_text,
		notAvailable: Number(r.not_available) === 1,
		status: r.status as FigureStatus,
		reviewedAt: r.reviewed_at
	}));
}
