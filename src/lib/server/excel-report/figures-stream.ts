import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type SQLite from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { FIGURE_STATUS_LABELS, type FigureStatus } from '$lib/domain/figures';
import type { IndicatorUnit } from '$lib/domain/enums';
import { safeCellValue } from '../excel/safe-cell';
import { headerFooterText } from '../excel/workbook-style';
import { NUMBER_FORMATS, excelDay, percentCell } from './cell-formats';

// Every figure of many schemes (the national dataset: 1.2 million rows and more) as one .xlsx,
// streamed: rows are read one at a time from SQLite, written at once, and the writer waits
// whenever the compressor falls behind, so memory stays flat whatever the number of rows. A sheet
// holds at most 1 048 576 rows: the rows continue on « Chiffres (2) », « Chiffres (3) »… every
// `maxRowsPerSheet` rows.
//
// exceljs's streaming WorkbookWriter writes the package (workbook, styles, sheets, filters, print
// setup, properties) and each sheet's header row. The data rows are serialised here, straight
// into the sheet's stream, with the styles registered in exceljs's style sheet: building an
// exceljs Row and Cell objects for 13 million cells is what made the plain writer slow.

export const MAX_ROWS_PER_SHEET = 1_000_000;

const STREAM_COLUMNS: { header: string; width: number }[] = [
	{ header: 'Département', width: 12 },
	{ header: 'Schéma', width: 24 },
	{ header: 'N° fiche', width: 9 },
	{ header: 'N° indicateur', width: 12 },
	{ header: 'Indicateur', width: 50 },
	{ header: 'Ventilation', width: 18 },
	{ header: 'Période', width: 10 },
	{ header: 'Fin de période', width: 13 },
	{ header: 'Valeur', width: 14 },
	{ header: 'État du chiffre', width: 16 },
	{ header: 'Validé le', width: 12 }
];
const LETTERS = STREAM_COLUMNS.map((_, i) => String.fromCharCode(65 + i));

/** One figure as the export writes it. */
export type StreamFigure = {
	department: string;
	scheme: string;
	fiche: string;
	indicatorId: number;
	indicator: string;
	unit: IndicatorUnit;
	breakdown: string | null;
	period: string;
	endsOn: string;
	valueNumber: number | null;
	valueText: string | null;
	notAvailable: boolean;
	status: FigureStatus;
	reviewedAt: string | null;
};

const STYLES = {
	integer: { numFmt: '0' } as Partial<ExcelJS.Style>,
	date: { numFmt: NUMBER_FORMATS.date } as Partial<ExcelJS.Style>,
	nombre: { numFmt: NUMBER_FORMATS.integer } as Partial<ExcelJS.Style>,
	pourcentage: { numFmt: NUMBER_FORMATS.percent } as Partial<ExcelJS.Style>,
	montant: { numFmt: NUMBER_FORMATS.euro } as Partial<ExcelJS.Style>,
	header: {
		font: { bold: true },
		fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE3E3FD' } },
		alignment: { vertical: 'middle', wrapText: true }
	} as Partial<ExcelJS.Style>
};
type StyleIds = Record<Exclude<keyof typeof STYLES, 'header'>, number>;

/** The index of a style in the workbook's style sheet (exceljs's own registry, shared by all sheets). */
function registerStyles(workbook: ExcelJS.stream.xlsx.WorkbookWriter): StyleIds {
	const styles = (
		workbook as unknown as {
			styles: { addStyleModel(style: Partial<ExcelJS.Style>, type: ExcelJS.ValueType): number };
		}
	).styles;
	const id = (style: Partial<ExcelJS.Style>, type: ExcelJS.ValueType) =>
		styles.addStyleModel(style, type);
	return {
		integer: id(STYLES.integer, ExcelJS.ValueType.Number),
		date: id(STYLES.date, ExcelJS.ValueType.Date),
		nombre: id(STYLES.nombre, ExcelJS.ValueType.Number),
		pourcentage: id(STYLES.pourcentage, ExcelJS.ValueType.Number),
		montant: id(STYLES.montant, ExcelJS.ValueType.Number)
	};
}

const XML_SPECIAL = /[&<>]/g;
const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** A text cell (inline string): user text through safeCellValue, so never a formula. */
function textCell(ref: string, text: string): string {
	const safe = String(safeCellValue(text));
	const escaped = XML_SPECIAL.test(safe) ? safe.replace(XML_SPECIAL, (c) => XML_ENTITIES[c]) : safe;
	XML_SPECIAL.lastIndex = 0;
	const space = /^\s|\s$/.test(escaped) ? ' xml:space="preserve"' : '';
	return `<c r="${ref}" t="inlineStr"><is><t${space}>${escaped}</t></is></c>`;
}

function numberCell(ref: string, value: number, style: number): string {
	return Number.isFinite(value) ? `<c r="${ref}" s="${style}"><v>${value}</v></c>` : '';
}

/** Days since 30/12/1899, as Excel counts them. */
function dateSerial(date: Date): number {
	return 25569 + date.getTime() / 86_400_000;
}

function valueCell(ref: string, row: StreamFigure, styles: StyleIds): string {
	if (row.notAvailable) return textCell(ref, 'Non disponible');
	if (row.valueNumber !== null) {
		if (row.unit === 'pourcentage')
			return numberCell(ref, percentCell(row.valueNumber), styles.pourcentage);
		return numberCell(
			ref,
			row.valueNumber,
			row.unit === 'montant' ? styles.montant : styles.nombre
		);
	}
	if (row.valueText === null) return '';
	if (row.unit === 'oui_non') return textCell(ref, row.valueText === 'oui' ? 'Oui' : 'Non');
	return textCell(ref, row.valueText);
}

/** The XML of one data row. */
function rowXml(
	n: number,
	row: StreamFigure,
	styles: StyleIds,
	day: (iso: string | null) => Date | null
): string {
	const [a, b, c, d, e, f, g, h, i, j, k] = LETTERS;
	const ends = day(row.endsOn);
	const reviewed = day(row.reviewedAt);
	return (
		`<row r="${n}">` +
		textCell(`${a}${n}`, row.department) +
		textCell(`${b}${n}`, row.scheme) +
		textCell(`${c}${n}`, row.fiche) +
		numberCell(`${d}${n}`, row.indicatorId, styles.integer) +
		textCell(`${e}${n}`, row.indicator) +
		(row.breakdown === null ? '' : textCell(`${f}${n}`, row.breakdown)) +
		textCell(`${g}${n}`, row.period) +
		(ends ? numberCell(`${h}${n}`, dateSerial(ends), styles.date) : '') +
		valueCell(`${i}${n}`, row, styles) +
		textCell(`${j}${n}`, FIGURE_STATUS_LABELS[row.status] ?? row.status) +
		(reviewed ? numberCell(`${k}${n}`, dateSerial(reviewed), styles.date) : '') +
		'</row>'
	);
}

type PipeInternals = {
	pipes?: { writableLength?: number; _writableState?: { length?: number } }[];
	buffers?: unknown[];
	write(data: string): unknown;
};
/** The stream a streaming worksheet writes its XML to (exceljs does not declare it). */
function streamOf(sheet: ExcelJS.Worksheet): PipeInternals {
	return (sheet as unknown as { stream: PipeInternals }).stream;
}

/**
 * Bytes waiting between a sheet and the compressor. exceljs's sheet stream ignores back-pressure,
 * so the writer looks at what is queued and waits for it to go down; unknown internals read as 0
 * (then the writer still yields to the event loop regularly).
 */
function queuedBytes(sheet: ExcelJS.Worksheet): number {
	const stream = streamOf(sheet);
	let queued = (stream.buffers?.length ?? 0) * 65_536;
	// archiver wraps the sheet in a PassThrough of the readable-stream package (no writableLength).
	for (const pipe of stream.pipes ?? [])
		queued += pipe.writableLength ?? pipe._writableState?.length ?? 0;
	return queued;
}

const MAX_QUEUED_BYTES = 4 * 1024 * 1024;
const CHECK_EVERY_ROWS = 500;

async function waitForCompressor(sheet: ExcelJS.Worksheet, output: Writable): Promise<void> {
	await new Promise((resolve) => setImmediate(resolve));
	while (queuedBytes(sheet) > MAX_QUEUED_BYTES) await new Promise((r) => setTimeout(r, 2));
	if (output.writableNeedDrain) await once(output, 'drain');
}

export type StreamOptions = {
	title: string;
	subject: string;
	/** Rows per sheet before a new one starts (at most 1 048 575 data rows fit in a sheet). */
	maxRowsPerSheet?: number;
	/** Called every `CHECK_EVERY_ROWS` rows (the benchmark samples memory there). */
	onProgress?: (rows: number) => void;
	/** Deflate level: 1 is several times faster than the default for a few % more bytes. */
	compressionLevel?: number;
};

/** Rows gathered before one write to the sheet stream (about 200 KB of XML). */
const ROWS_PER_WRITE = 250;

/**
 * Streams `figures` as an .xlsx into `output`, sheet after sheet. When the figures come from an
 * iterating statement, it must run on a connection of its own: it stays open while the file is
 * written.
 */
export async function streamFiguresWorkbook(
	figures: Iterable<StreamFigure>,
	output: Writable,
	options: StreamOptions
): Promise<{ rows: number; sheets: number }> {
	const maxRows = Math.min(options.maxRowsPerSheet ?? MAX_ROWS_PER_SHEET, 1_048_575);
	const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
		stream: output,
		useStyles: true,
		useSharedStrings: false,
		zip: { zlib: { level: options.compressionLevel ?? 1 } }
	});
	workbook.creator = 'Pilotage SDSF';
	workbook.lastModifiedBy = 'Pilotage SDSF';
	workbook.title = options.title;
	workbook.subject = options.subject;
	workbook.created = new Date();
	const styles = registerStyles(workbook);

	const day = dayCache();
	let sheet: ExcelJS.Worksheet | null = null;
	let sheets = 0;
	let inSheet = 0;
	let total = 0;
	let pending = '';
	const openSheet = () => {
		sheets++;
		const name = sheets === 1 ? 'Chiffres' : `Chiffres (${sheets})`;
		const next = workbook.addWorksheet(name, {
			views: [{ state: 'frozen', ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
			pageSetup: {
				paperSize: 9,
				orientation: 'landscape',
				fitToPage: true,
				fitToWidth: 1,
				fitToHeight: 0,
				printTitlesRow: '1:1'
			},
			headerFooter: { oddFooter: `&L${headerFooterText(options.title)}&C&A&RPage &P / &N` }
		});
		next.columns = STREAM_COLUMNS.map((c) => ({ width: c.width }));
		// The header goes through exceljs, which opens the sheet's data (columns, <sheetData>).
		const header = next.addRow(STREAM_COLUMNS.map((c) => c.header));
		header.eachCell((cell) => (cell.style = STYLES.header));
		header.commit();
		return next;
	};
	const flush = (into: ExcelJS.Worksheet) => {
		if (pending) streamOf(into).write(pending);
		pending = '';
	};
	const closeSheet = (done: ExcelJS.Worksheet, count: number) => {
		flush(done);
		done.autoFilter = {
			from: { row: 1, column: 1 },
			to: { row: count + 1, column: STREAM_COLUMNS.length }
		};
		done.commit();
	};

	for (const figure of figures) {
		if (!sheet || inSheet >= maxRows) {
			if (sheet) closeSheet(sheet, inSheet);
			sheet = openSheet();
			inSheet = 0;
		}
		inSheet++;
		total++;
		pending += rowXml(inSheet + 1, figure, styles, day);
		if (total % ROWS_PER_WRITE === 0) flush(sheet);
		if (total % CHECK_EVERY_ROWS === 0) {
			options.onProgress?.(total);
			await waitForCompressor(sheet, output);
		}
	}
	if (!sheet) sheet = openSheet();
	closeSheet(sheet, inSheet);
	const finished = once(output, 'finish');
	await workbook.commit();
	await finished;
	return { rows: total, sheets };
}

type Dimension<T> = Map<number, T>;

/** Date cells by day: the same few days come back on every row, so they are built once. */
function dayCache(): (iso: string | null) => Date | null {
	const days = new Map<string, Date | null>();
	return (iso) => {
		if (!iso) return null;
		let date = days.get(iso);
		if (date === undefined) {
			date = excelDay(iso);
			if (days.size > 10_000) days.clear();
			days.set(iso, date);
		}
		return date;
	};
}

function mapOf<T extends { id: number }>(rows: T[]): Dimension<T> {
	return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Every figure of the given schemes (all when omitted) in plan order: département, fiche number,
 * indicator, period, breakdown value. The small tables (schemes, fiches, indicators, periods,
 * breakdown values) are read once into memory; the figures are read indicator by indicator
 * through the slot index, so nothing sorts a million rows.
 */
export function* readFigures(
	sqlite: SQLite.Database,
	options: { validatedOnly: boolean; schemeIds?: number[] }
): Generator<StreamFigure> {
	const schemeFilter = options.schemeIds
		? `where s.id in (${options.schemeIds.map(() => '?').join(', ') || 'null'})`
		: '';
	const params = options.schemeIds ?? [];
	type SchemeRow = { id: number; department: string; slug: string };
	const schemes = mapOf(
		sqlite
			.prepare(`select s.id, s.department_code as department, s.slug from scheme s ${schemeFilter}`)
			.all(...params) as SchemeRow[]
	);
	const periods = mapOf(
		sqlite
			.prepare(
				`select p.id, p.code, p.starts_on, p.ends_on from reporting_period p
				 join scheme s on s.id = p.scheme_id ${schemeFilter}
				 order by p.starts_on, p.ends_on desc`
			)
			.all(...params) as { id: number; code: string; starts_on: string; ends_on: string }[]
	);
	const periodRank = new Map([...periods.keys()].map((id, rank) => [id, rank]));
	type IndicatorRow = {
		id: number;
		label: string;
		measure: string | null;
		unit: IndicatorUnit;
		number: string;
		scheme_id: number;
	};
	const indicators = sqlite
		.prepare(
			`select i.id, i.label, i.measure, i.unit, fi.number, fi.scheme_id
			 from indicator i join fiche fi on fi.id = i.fiche_id join scheme s on s.id = fi.scheme_id
			 ${schemeFilter}
			 order by s.department_code, s.id, fi.number_sort, i.position, i.id`
		)
		.all(...params) as IndicatorRow[];
	const breakdowns = mapOf(
		sqlite
			.prepare(
				`select v.id, v.label, v.position from indicator_breakdown_value v
				 join indicator i on i.id = v.indicator_id join fiche fi on fi.id = i.fiche_id
				 join scheme s on s.id = fi.scheme_id ${schemeFilter}`
			)
			.all(...params) as { id: number; label: string; position: number }[]
	);
	const figuresOf = sqlite
		.prepare(
			`select period_id, breakdown_value_id, value_number, value_text, not_available, status, reviewed_at
			 from figure where indicator_id = ? ${options.validatedOnly ? `and status = 'valide'` : ''}`
		)
		.raw(true);
	type FigureRow = [
		number,
		number | null,
		number | null,
		string | null,
		number,
		FigureStatus,
		string | null
	];
	for (const indicator of indicators) {
		const scheme = schemes.get(indicator.scheme_id)!;
		const label = indicator.measure ? `${indicator.label} — ${indicator.measure}` : indicator.label;
		const rows = [...(figuresOf.iterate(indicator.id) as Iterable<FigureRow>)];
		rows.sort(
			(a, b) =>
				(periodRank.get(a[0]) ?? 0) - (periodRank.get(b[0]) ?? 0) ||
				(a[1] === null ? -1 : (breakdowns.get(a[1])?.position ?? 0)) -
					(b[1] === null ? -1 : (breakdowns.get(b[1])?.position ?? 0))
		);
		for (const row of rows) {
			const period = periods.get(row[0])!;
			yield {
				department: scheme.department,
				scheme: scheme.slug,
				fiche: indicator.number,
				indicatorId: indicator.id,
				indicator: label,
				unit: indicator.unit,
				breakdown: row[1] === null ? null : (breakdowns.get(row[1])?.label ?? null),
				period: period.code,
				endsOn: period.ends_on,
				valueNumber: row[2],
				valueText: row[3],
				notAvailable: row[4] === 1,
				status: row[5],
				reviewedAt: row[6]
			};
		}
	}
}
