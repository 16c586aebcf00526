import type ExcelJS from 'exceljs';

// Presentation shared by every workbook the application writes: made to be read, filtered and
// printed by people (frozen header, filters, widths, wrapped text, print setup, properties).

export const XLSX_CONTENT_TYPE =
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const A4_PAPER = 9;

const HEADER_FILL: ExcelJS.Fill = {
	type: 'pattern',
	pattern: 'solid',
	fgColor: { argb: 'FFE3E3FD' }
};
const THIN: ExcelJS.Border = { style: 'thin', color: { argb: 'FF929292' } };

/** Title, author and language of the file, as shown by Excel's "Properties" and screen readers. */
export function setDocumentProperties(
	workbook: ExcelJS.Workbook,
	properties: {
		title: string;
		subject: string;
		company?: string | null;
		description?: string | null;
	}
): void {
	const now = new Date();
	workbook.creator = 'Pilotage SDSF';
	workbook.lastModifiedBy = 'Pilotage SDSF';
	workbook.created = now;
	workbook.modified = now;
	workbook.title = properties.title;
	workbook.subject = properties.subject;
	workbook.keywords = 'SDSF; schéma départemental des services aux familles; plan d’action';
	workbook.category = 'Plan d’action';
	workbook.company = properties.company ?? '';
	workbook.description = properties.description ?? '';
	(workbook as unknown as { language: string }).language = 'fr-FR';
}

/** Text for a header or footer: "&" starts a code there, so user text doubles it. */
export function headerFooterText(text: string): string {
	return text.replace(/&/g, '&&').slice(0, 120);
}

const FORBIDDEN_IN_SHEET_NAME = /[[\]:*?/\\]/g;

/**
 * A valid, unique sheet name: at most 31 characters, none of []:*?/\, no leading or trailing
 * apostrophe, not "History" (reserved by Excel). `taken` holds the names already used, folded.
 */
export function uniqueSheetName(wanted: string, taken: Set<string>): string {
	let base = wanted
		.replace(FORBIDDEN_IN_SHEET_NAME, ' ')
		.replace(/\s+/g, ' ')
		.trim()
		.replace(/^'+|'+$/g, '')
		.trim();
	if (!base || base.toLowerCase() === 'history') base = 'Feuille';
	base = base.slice(0, 31).trim();
	let name = base;
	for (let n = 2; taken.has(name.toLowerCase()); n++) {
		const suffix = ` (${n})`;
		name = base.slice(0, 31 - suffix.length).trim() + suffix;
	}
	taken.add(name.toLowerCase());
	return name;
}

export type TableColumn = { header: string; width: number; wrap?: boolean; numFmt?: string };

/** Column widths (in characters) that fit one A4 landscape page at 70 % or more. */
export const PRINT_WIDTH_AT_70 = 200;

/**
 * How a table prints across: fitted to the page width when that keeps the text at 70 % or more;
 * otherwise at 70 %, the columns flowing over several pages (a row read across consecutive
 * pages), the first column repeated on each when it is the row's key. Rows always flow down over
 * pages with the header row repeated. (Fitting 25 columns to one page gave 4 pt text.)
 */
export function printWidth(
	columns: { width: number; hidden?: boolean }[],
	repeatFirstColumn: boolean
): Partial<ExcelJS.PageSetup> {
	const total = columns.reduce((sum, c) => sum + (c.hidden ? 0 : c.width), 0);
	if (total <= PRINT_WIDTH_AT_70) return { fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
	return {
		fitToPage: false,
		scale: 70,
		pageOrder: 'overThenDown',
		...(repeatFirstColumn ? { printTitlesColumn: 'A:A' } : {})
	};
}

/**
 * A data sheet: bold header row kept on screen and on every printed page, filters, widths,
 * wrapped text aligned to the top, landscape A4 fitted to the page width.
 */
export function addTableSheet(
	workbook: ExcelJS.Workbook,
	name: string,
	columns: TableColumn[],
	options: { freezeFirstColumn?: boolean; footer?: string } = {}
): ExcelJS.Worksheet {
	const sheet = workbook.addWorksheet(name, {
		views: [
			{
				state: 'frozen',
				xSplit: options.freezeFirstColumn ? 1 : 0,
				ySplit: 1,
				topLeftCell: options.freezeFirstColumn ? 'B2' : 'A2',
				activeCell: 'A2'
			}
		],
		pageSetup: {
			paperSize: A4_PAPER,
			orientation: 'landscape',
			...printWidth(columns, options.freezeFirstColumn ?? false),
			printTitlesRow: '1:1',
			margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 }
		},
		headerFooter: {
			oddFooter: `&L${headerFooterText(options.footer ?? '')}&C&A&RPage &P / &N`
		}
	});
	sheet.columns = columns.map((c) => ({
		header: c.header,
		width: c.width,
		style: {
			alignment: { vertical: 'top', wrapText: c.wrap ?? true },
			...(c.numFmt ? { numFmt: c.numFmt } : {})
		}
	}));
	const header = sheet.getRow(1);
	header.font = { bold: true };
	header.alignment = { vertical: 'middle', wrapText: true };
	header.eachCell((cell) => {
		cell.fill = HEADER_FILL;
		cell.border = { bottom: THIN, top: THIN, left: THIN, right: THIN };
	});
	return sheet;
}

/** Filters over the header and every data row, set once the rows are written. */
export function setAutoFilter(sheet: ExcelJS.Worksheet, columnCount: number): void {
	sheet.autoFilter = {
		from: { row: 1, column: 1 },
		to: { row: Math.max(sheet.rowCount, 1), column: columnCount }
	};
}

/** Row height in points of one line of 11-point text, as Excel and LibreOffice draw it. */
const LINE_HEIGHT = 15;
/** About how many characters of 11-point text one unit of column width holds. */
const CHARS_PER_WIDTH = 1.1;

function wraps(cell: ExcelJS.Cell, column: Partial<ExcelJS.Column>): boolean {
	return Boolean(cell.alignment?.wrapText ?? column.alignment?.wrapText);
}

function cellText(cell: ExcelJS.Cell): string {
	const value = cell.value;
	if (value === null || value === undefined) return '';
	if (typeof value === 'object' && 'richText' in value)
		return value.richText.map((r) => r.text).join('');
	return typeof value === 'object' && !(value instanceof Date) ? '' : String(value);
}

/**
 * Neither Excel nor LibreOffice grows a row to fit wrapped text when it opens a generated file,
 * so long texts would overlap. Sets each row without an explicit height to the number of lines
 * its wrapped cells need (estimated from the column widths; merged cells count once).
 */
export function fitWrappedRows(workbook: ExcelJS.Workbook): void {
	workbook.eachSheet((sheet) => {
		sheet.eachRow((row) => {
			if (row.height) return;
			let lines = 1;
			row.eachCell((cell, col) => {
				if (cell.isMerged && cell.master !== cell) return;
				const column = sheet.getColumn(col);
				if (!wraps(cell, column)) return;
				let width = column.width ?? 10;
				if (cell.isMerged) {
					// A merged cell spans to the right: add the widths of the columns it covers.
					for (
						let c = col + 1;
						c <= sheet.columnCount && sheet.getCell(row.number, c).master === cell;
						c++
					) {
						width += sheet.getColumn(c).width ?? 10;
					}
				}
				const perLine = Math.max(1, Math.floor(width * CHARS_PER_WIDTH));
				const needed = cellText(cell)
					.split('\n')
					.reduce(
						(sum, paragraph) => sum + Math.max(1, Math.ceil([...paragraph].length / perLine)),
						0
					);
				lines = Math.max(lines, needed);
			});
			if (lines > 1) row.height = Math.min(409, lines * LINE_HEIGHT);
		});
	});
}
