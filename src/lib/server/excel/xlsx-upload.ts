import { createXmlReader, XmlError, type XmlHandlers } from './xml-stream';
import { inflateEntry, readZipDirectory, type ZipEntry, type ZipProblem } from './zip-inspect';

// Reading an uploaded .xlsx safely: the type is decided by the content (never the name), the
// archive is measured before anything is inflated, every inflated byte is counted, and rows are
// counted while the sheets stream by, so that a hostile file is stopped early with a clear
// French message and without holding the server's memory. The workbook is read by our own small
// reader (not exceljs's streaming reader, which decodes each inflated chunk on its own and so
// turns an accented letter cut by a chunk boundary into U+FFFD): it follows the relationships
// (relative or absolute targets), reads shared and inline strings, and bounds every part, cell
// and the text kept.

export const UPLOAD_LIMITS = {
	maxFileBytes: 10 * 1024 * 1024,
	maxEntries: 200,
	maxTotalUncompressed: 100 * 1024 * 1024,
	/** Ratio refused for entries larger than ratioFloor once inflated (XML rarely exceeds 30). */
	maxRatio: 100,
	ratioFloor: 1024 * 1024,
	maxRowsPerSheet: 20_000,
	maxTotalRows: 100_000,
	/** Columns read in each row; cells further right are ignored. */
	maxColumns: 64,
	/** Problems kept for display; the total is still counted. */
	maxProblems: 500,
	/** One XML part once inflated (a sheet, the shared strings). */
	maxPartBytes: 32 * 1024 * 1024,
	/** One tag with its attributes. */
	maxTagChars: 64 * 1024,
	/** Characters in one cell: Excel's own limit. */
	maxCellChars: 32_767,
	/** Characters of text kept from the whole workbook. */
	maxTextChars: 16 * 1024 * 1024,
	/** Cells (and shared strings) kept from the whole workbook. */
	maxCells: 500_000
};
export type UploadLimits = typeof UPLOAD_LIMITS;

export type CellValue = string | number | boolean | Date | null;
export type SheetRow = { number: number; cells: CellValue[] };
export type SheetData = { name: string; rows: SheetRow[] };
export type CellProblem = {
	sheet: string;
	row: number | null;
	column: string | null;
	message: string;
};

export type UploadFailure = {
	ok: false;
	status: 400 | 413 | 415;
	message: string;
	problems: CellProblem[];
	problemCount: number;
};
/** The values read, and the cells that cannot be imported (formulas, error values, too long). */
export type UploadSuccess = {
	ok: true;
	sheets: SheetData[];
	problems: CellProblem[];
	problemCount: number;
};

const MEGABYTE = 1024 * 1024;
const mb = (bytes: number) => `${Math.round(bytes / MEGABYTE)} Mo`;
const thousands = (n: number) => n.toLocaleString('fr-FR').replace(/\u202f/g, ' ');

const fail = (
	status: UploadFailure['status'],
	message: string,
	problems: CellProblem[] = [],
	problemCount = problems.length
): UploadFailure => ({
	ok: false,
	status,
	message,
	problems,
	problemCount
});

export const MESSAGES = {
	empty: 'Le fichier est vide : choisissez le classeur .xlsx à importer.',
	tooLarge: (limit: number) =>
		`Le fichier dépasse ${mb(limit)} : allégez-le (images, feuilles inutiles) ou découpez l’import.`,
	legacyXls:
		'Ancien format .xls : enregistrez le fichier au format .xlsx (Fichier > Enregistrer sous > Classeur Excel). Un classeur protégé par mot de passe a aussi cet aspect : retirez la protection avant l’import.',
	text: 'Ce fichier contient du texte (CSV ou autre), pas un classeur Excel, quel que soit son nom : ouvrez-le dans Excel puis enregistrez-le au format .xlsx.',
	notXlsx:
		'Ce fichier n’est pas un classeur Excel .xlsx, quel que soit son nom : enregistrez-le au format .xlsx depuis Excel.',
	zipNotXlsx:
		'Ce fichier est une archive ZIP mais pas un classeur Excel .xlsx (un document OpenDocument ou Word, par exemple) : enregistrez-le au format .xlsx depuis Excel.',
	truncated:
		'Le fichier est incomplet ou endommagé (envoi interrompu, copie partielle ?) : enregistrez-le à nouveau depuis Excel puis recommencez.',
	unsupported: (detail: string) =>
		`Ce classeur utilise une forme que l’import ne lit pas (${detail}) : enregistrez-le à nouveau au format .xlsx depuis Excel.`,
	tooManyEntries: (count: number, limit: number) =>
		`Le classeur contient trop d’éléments internes (${thousands(count)} pour ${thousands(limit)} au plus) : import refusé.`,
	uncompressedTooLarge: (limit: number) =>
		`Une fois décompressé, le classeur dépasserait ${mb(limit)} : import refusé (fichier trop volumineux ou piégé).`,
	bomb: (name: string, detail: string) =>
		`Le fichier ressemble à une archive piégée (« ${name} » : ${detail}) : import refusé.`,
	tooManyRows: (sheet: string, limit: number) =>
		`La feuille « ${sheet} » dépasse ${thousands(limit)} lignes : import refusé. Un plan d’action tient en quelques centaines de lignes ; vérifiez que la feuille ne contient pas de lignes parasites.`,
	tooManyRowsTotal: (limit: number) =>
		`Le classeur dépasse ${thousands(limit)} lignes au total : import refusé.`,
	unreadable:
		'Le contenu du classeur est illisible : enregistrez-le à nouveau au format .xlsx depuis Excel puis recommencez.',
	unreadableCell: (sheet: string, cell: string) =>
		`La cellule ${cell} de la feuille « ${sheet} » est illisible : enregistrez le classeur à nouveau au format .xlsx depuis Excel puis recommencez.`,
	partTooLarge: (name: string, limit: number) =>
		`L’élément interne « ${name} » du classeur dépasse ${mb(limit)} une fois décompressé : import refusé (fichier trop volumineux ou piégé).`,
	tooMuchText: (limit: number) =>
		`Le classeur contient plus de ${thousands(limit)} caractères de texte : import refusé (fichier trop volumineux ou piégé).`,
	tooManyCells: (limit: number) =>
		`Le classeur contient plus de ${thousands(limit)} cellules remplies : import refusé. Vérifiez que les feuilles ne contiennent pas de lignes ou de colonnes parasites.`
};

function isMostlyText(sample: Buffer): boolean {
	if (sample.length === 0) return false;
	if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return true;
	if ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff))
		return true;
	let printable = 0;
	for (const byte of sample) {
		if (byte === 0) return false;
		if (byte === 9 || byte === 10 || byte === 13 || byte >= 32) printable++;
	}
	return printable / sample.length > 0.95;
}

/** Decides from the first bytes whether this can be an .xlsx; null when it may be. */
export function sniffXlsx(
	buffer: Buffer,
	limits: UploadLimits = UPLOAD_LIMITS
): UploadFailure | null {
	if (buffer.length === 0) return fail(400, MESSAGES.empty);
	if (buffer.length > limits.maxFileBytes) return fail(413, MESSAGES.tooLarge(limits.maxFileBytes));
	if (
		buffer.length >= 8 &&
		buffer.readUInt32BE(0) === 0xd0cf11e0 &&
		buffer.readUInt32BE(4) === 0xa1b11ae1
	) {
		return fail(415, MESSAGES.legacyXls);
	}
	if (buffer.length >= 4 && buffer.readUInt32LE(0) === 0x04034b50) return null;
	// A ZIP cut short keeps its local header; anything else that starts like a ZIP is not a workbook.
	if (buffer.length >= 2 && buffer[0] === 0x50 && buffer[1] === 0x4b) {
		return buffer.length < 30 ? fail(400, MESSAGES.truncated) : fail(415, MESSAGES.notXlsx);
	}
	if (isMostlyText(buffer.subarray(0, 4096))) return fail(415, MESSAGES.text);
	return fail(415, MESSAGES.notXlsx);
}

function zipFailure(problem: ZipProblem, limits: UploadLimits): UploadFailure {
	switch (problem.kind) {
		case 'truncated':
			return fail(400, MESSAGES.truncated);
		case 'unsupported':
			return fail(415, MESSAGES.unsupported(problem.detail));
		case 'too_many_entries':
			return fail(413, MESSAGES.tooManyEntries(problem.count, limits.maxEntries));
		case 'too_large':
			return fail(413, MESSAGES.uncompressedTooLarge(limits.maxTotalUncompressed));
		case 'bomb':
			return fail(413, MESSAGES.bomb(problem.name, problem.detail));
	}
}

/** Where a relationship's target lives in the archive: absolute ("/xl/…") or relative to `base`. */
export function resolvePartName(base: string, target: string): string {
	const path = target.replace(/\\/g, '/');
	const segments = (path.startsWith('/') ? path.slice(1) : `${base}/${path}`).split('/');
	const out: string[] = [];
	for (const segment of segments) {
		if (segment === '' || segment === '.') continue;
		if (segment === '..') out.pop();
		else out.push(segment);
	}
	return out.join('/');
}

const folderOf = (name: string) => name.slice(0, Math.max(0, name.lastIndexOf('/')));
const relsOf = (name: string) =>
	`${folderOf(name) ? `${folderOf(name)}/` : ''}_rels/${name.slice(name.lastIndexOf('/') + 1)}.rels`;

// Built-in number formats that show a date or a time (ECMA-376 §18.8.30, and the CJK ones).
const DATE_FORMAT_IDS = new Set([
	14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51,
	52, 53, 54, 55, 56, 57, 58
]);

/** Whether a custom number format shows a date: d, m, y, h or s outside quotes and brackets. */
export function isDateFormat(code: string): boolean {
	const bare = code
		.split(';')[0]
		.replace(/"[^"]*"/g, '')
		.replace(/\\./g, '')
		.replace(/_./g, '')
		.replace(/\*./g, '')
		.replace(/\[(h+|m+|s+)\]/gi, 'h')
		.replace(/\[[^\]]*\]/g, '')
		.replace(/General/gi, '');
	return /[dmyhs]/i.test(bare);
}

/** Excel's serial day number as exceljs reads it (UTC midnight for a whole day). */
const excelToDate = (serial: number, date1904: boolean) =>
	new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));

/** Excel's escapes for characters XML cannot hold: "_x000D_" → CR (as Excel reads them). */
const unescapeExcel = (text: string) =>
	text.includes('_x')
		? text.replace(/_x([0-9A-F]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
		: text;

const FORMULA = (text: string) =>
	`Formule ${text ? `« =${text.slice(0, 60)} »` : 'partagée'} : l’import n’accepte que des valeurs. Remplacez-la par sa valeur (copier, puis collage spécial > valeurs).`;
const ERROR_VALUE = (text: string) => `Valeur d’erreur « ${text} » : saisissez une valeur.`;
const TOO_LONG = (limit: number) =>
	`Texte de plus de ${thousands(limit)} caractères, la limite d’une cellule dans Excel : raccourcissez-le.`;

/** Thrown by the part readers: the upload is refused with this failure. */
class Refusal extends Error {
	constructor(readonly failure: UploadFailure) {
		super(failure.message);
	}
}
const refuse = (failure: UploadFailure): never => {
	throw new Refusal(failure);
};

/** A shared string longer than a cell may hold: only the fact is kept, never the text. */
const TOO_LONG_STRING = Symbol('too long');
type SharedString = string | typeof TOO_LONG_STRING;

type ReadState = {
	buffer: Buffer;
	limits: UploadLimits;
	lookup: (name: string) => ZipEntry | undefined;
	/** Characters of text and cells kept so far, against the workbook's budgets. */
	textChars: number;
	cells: number;
};

function keepText(state: ReadState, chars: number): void {
	state.textChars += chars;
	if (state.textChars > state.limits.maxTextChars)
		refuse(fail(413, MESSAGES.tooMuchText(state.limits.maxTextChars)));
}

function keepCell(state: ReadState): void {
	if (++state.cells > state.limits.maxCells)
		refuse(fail(413, MESSAGES.tooManyCells(state.limits.maxCells)));
}

/**
 * Inflates one XML part and feeds it, through a streaming UTF-8 decoder (a character split
 * between two inflated chunks is joined, never replaced by U+FFFD), to an XML reader.
 */
async function readXmlPart(state: ReadState, entry: ZipEntry, handlers: XmlHandlers) {
	const { limits } = state;
	if (entry.uncompressedSize > limits.maxPartBytes)
		refuse(fail(413, MESSAGES.partTooLarge(entry.name, limits.maxPartBytes)));
	const decoder = new TextDecoder('utf-8', { fatal: true });
	const xml = createXmlReader(handlers, { maxTagChars: limits.maxTagChars });
	let check: Awaited<ReturnType<typeof inflateEntry>>;
	try {
		check = await inflateEntry(state.buffer, entry, limits.maxPartBytes, (chunk) =>
			xml.write(decoder.decode(chunk, { stream: true }))
		);
		if (check.ok) {
			xml.write(decoder.decode());
			xml.end();
		}
	} catch (error) {
		if (error instanceof Refusal) throw error;
		if (error instanceof XmlError && error.kind === 'too_large')
			refuse(fail(413, MESSAGES.partTooLarge(entry.name, limits.maxPartBytes)));
		// Invalid UTF-8 (TextDecoder) or malformed XML.
		return refuse(fail(400, MESSAGES.unreadable));
	}
	if (!check.ok) refuse(zipFailure(check.problem, limits));
}

type Relationship = { type: string; target: string };

async function readRelationships(state: ReadState, part: string) {
	const rels = new Map<string, Relationship>();
	const entry = state.lookup(relsOf(part));
	if (!entry) return rels;
	await readXmlPart(state, entry, {
		open(name, a) {
			if (name === 'Relationship' && a.Id && a.Target && a.TargetMode !== 'External')
				rels.set(a.Id, {
					type: a.Type ?? '',
					target: resolvePartName(folderOf(part), a.Target)
				});
		},
		close() {},
		text() {}
	});
	return rels;
}

const ofType = (rels: Map<string, Relationship>, type: string) =>
	[...rels.values()].find((r) => r.type.endsWith(`/${type}`))?.target;

type WorkbookPart = { sheets: { name: string; rel: string }[]; date1904: boolean };

async function readWorkbook(state: ReadState, entry: ZipEntry): Promise<WorkbookPart> {
	const workbook: WorkbookPart = { sheets: [], date1904: false };
	let first = true;
	await readXmlPart(state, entry, {
		open(name, a) {
			if (first && name !== 'workbook') refuse(fail(415, MESSAGES.zipNotXlsx));
			first = false;
			if (name === 'workbookPr') workbook.date1904 = a.date1904 === '1' || a.date1904 === 'true';
			if (name === 'sheet' && a.name !== undefined && a.id !== undefined)
				workbook.sheets.push({ name: a.name, rel: a.id });
		},
		close() {},
		text() {}
	});
	return workbook;
}

/** For each cell style (the `s` of a cell), whether its number format shows a date. */
async function readDateStyles(state: ReadState, entry: ZipEntry): Promise<boolean[]> {
	const custom = new Map<number, string>();
	const formats: number[] = [];
	let inCellXfs = false;
	await readXmlPart(state, entry, {
		open(name, a) {
			if (name === 'numFmt') custom.set(Number(a.numFmtId), a.formatCode ?? '');
			else if (name === 'cellXfs') inCellXfs = true;
			else if (name === 'xf' && inCellXfs) formats.push(Number(a.numFmtId ?? 0));
		},
		close(name) {
			if (name === 'cellXfs') inCellXfs = false;
		},
		text() {}
	});
	return formats.map((id) =>
		custom.has(id) ? isDateFormat(custom.get(id)!) : DATE_FORMAT_IDS.has(id)
	);
}

async function readSharedStrings(state: ReadState, entry: ZipEntry): Promise<SharedString[]> {
	const { maxCellChars } = state.limits;
	const strings: SharedString[] = [];
	let current = '';
	let tooLong = false;
	let inText = false;
	let phonetic = 0;
	await readXmlPart(state, entry, {
		open(name) {
			if (name === 'si') {
				current = '';
				tooLong = false;
			} else if (name === 'rPh') phonetic++;
			else if (name === 't' && phonetic === 0) inText = true;
		},
		close(name) {
			if (name === 't') inText = false;
			else if (name === 'rPh') phonetic--;
			else if (name === 'si') {
				keepCell(state);
				if (tooLong) strings.push(TOO_LONG_STRING);
				else {
					keepText(state, current.length);
					strings.push(unescapeExcel(current));
				}
				current = '';
			}
		},
		text(text) {
			if (!inText || tooLong) return;
			if (current.length + text.length > maxCellChars) {
				tooLong = true;
				current = '';
			} else current += text;
		}
	});
	return strings;
}

type SheetContext = {
	name: string;
	strings: SharedString[];
	dateStyles: boolean[];
	date1904: boolean;
	problems: { add: (problem: CellProblem) => void };
	totalRows: { count: number };
};

const CELL_REF = /^\$?([A-Za-z]{1,3})\$?(\d+)$/;
const columnNumber = (letters: string) =>
	[...letters.toUpperCase()].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);

async function readSheet(state: ReadState, entry: ZipEntry, sheet: SheetContext) {
	const { limits } = state;
	const data: SheetData = { name: sheet.name, rows: [] };
	let inData = false;
	let rowNumber = 0;
	let rowCount = 0;
	let cells: CellValue[] = [];
	let column = 0;
	// The cell being read.
	let type = 'n';
	let style = 0;
	let formula: string | null = null;
	let value = '';
	let inline = '';
	let tooLong = false;
	let into: 'formula' | 'value' | 'inline' | null = null;
	let inInline = false;
	let phonetic = 0;

	const append = (current: string, text: string) => {
		if (tooLong) return current;
		if (current.length + text.length > limits.maxCellChars) {
			tooLong = true;
			return '';
		}
		return current + text;
	};
	const problem = (message: string): undefined => {
		sheet.problems.add({
			sheet: sheet.name,
			row: rowNumber,
			column: columnLetter(column),
			message
		});
		return undefined;
	};
	const unreadable = (): never =>
		refuse(fail(400, MESSAGES.unreadableCell(sheet.name, `${columnLetter(column)}${rowNumber}`)));
	let rowDeclared = false;

	function cellValue(): CellValue | undefined {
		// LibreOffice writes TRUE and FALSE as the formulas TRUE() and FALSE().
		if (formula !== null && !(type === 'b' && /^(TRUE|FALSE)(\(\))?$/i.test(formula.trim())))
			return problem(FORMULA(formula));
		if (type === 'e') return problem(ERROR_VALUE(value.trim()));
		if (tooLong) return problem(TOO_LONG(limits.maxCellChars));
		switch (type) {
			case 's': {
				if (!value.trim()) return null;
				const index = Number(value);
				if (!Number.isInteger(index) || index < 0 || index >= sheet.strings.length)
					return unreadable();
				const text = sheet.strings[index];
				if (text === TOO_LONG_STRING) return problem(TOO_LONG(limits.maxCellChars));
				return text;
			}
			case 'inlineStr':
				keepText(state, inline.length);
				return unescapeExcel(inline);
			case 'str':
				keepText(state, value.length);
				return unescapeExcel(value);
			case 'b':
				if (value.trim() === '1' || value.trim() === 'true') return true;
				if (value.trim() === '0' || value.trim() === 'false') return false;
				return value.trim() ? unreadable() : null;
			case 'd': {
				if (!value.trim()) return null;
				const text = value.trim();
				const date = new Date(
					/[zZ]|[+-]\d\d:?\d\d$/.test(text) || !text.includes('T') ? text : `${text}Z`
				);
				return Number.isNaN(date.getTime()) ? unreadable() : date;
			}
			default: {
				if (!value.trim()) return null;
				const number = Number(value);
				if (!Number.isFinite(number)) return unreadable();
				return sheet.dateStyles[style] ? excelToDate(number, sheet.date1904) : number;
			}
		}
	}

	await readXmlPart(state, entry, {
		open(name, a) {
			if (name === 'sheetData') inData = true;
			else if (!inData) return;
			else if (name === 'row') {
				const declared = a.r === undefined ? NaN : Number(a.r);
				rowDeclared = Number.isInteger(declared) && declared > 0;
				rowNumber = rowDeclared ? declared : rowNumber + 1;
				cells = [];
				column = 0;
				if (rowCount >= limits.maxRowsPerSheet)
					refuse(fail(413, MESSAGES.tooManyRows(sheet.name, limits.maxRowsPerSheet)));
				rowCount++;
				if (++sheet.totalRows.count > limits.maxTotalRows)
					refuse(fail(413, MESSAGES.tooManyRowsTotal(limits.maxTotalRows)));
			} else if (name === 'c') {
				const ref = a.r === undefined ? null : CELL_REF.exec(a.r);
				if (a.r !== undefined && !ref) refuse(fail(400, MESSAGES.unreadable));
				column = ref ? columnNumber(ref[1]) : column + 1;
				if (ref && !rowDeclared) {
					rowNumber = Number(ref[2]);
					rowDeclared = true;
				}
				type = a.t ?? 'n';
				style = a.s === undefined ? 0 : Number(a.s);
				formula = null;
				value = '';
				inline = '';
				tooLong = false;
				inInline = false;
				phonetic = 0;
			} else if (name === 'f') {
				formula = '';
				into = 'formula';
			} else if (name === 'v') into = 'value';
			else if (name === 'is') inInline = true;
			else if (name === 'rPh') phonetic++;
			else if (name === 't' && inInline && phonetic === 0) into = 'inline';
		},
		close(name) {
			if (name === 'sheetData') inData = false;
			else if (!inData) return;
			else if (name === 'f' || name === 'v' || name === 't') into = null;
			else if (name === 'rPh') phonetic--;
			else if (name === 'is') inInline = false;
			else if (name === 'c') {
				if (column > limits.maxColumns) return;
				const read = cellValue();
				if (read === undefined || read === null) return;
				keepCell(state);
				while (cells.length < column - 1) cells.push(null);
				cells[column - 1] = typeof read === 'string' ? read.replace(/\r\n?/g, '\n') : read;
			} else if (name === 'row') {
				if (cells.some((c) => c !== null && c !== '')) data.rows.push({ number: rowNumber, cells });
				cells = [];
			}
		},
		text(text) {
			if (into === 'formula')
				formula = (formula ?? '') + text.slice(0, 200 - (formula ?? '').length);
			else if (into === 'value') value = append(value, text);
			else if (into === 'inline') inline = append(inline, text);
		}
	});
	return data;
}

/** "A", …, "Z", "AA", … */
export function columnLetter(index: number): string {
	let n = index;
	let letters = '';
	while (n > 0) {
		const rest = (n - 1) % 26;
		letters = String.fromCharCode(65 + rest) + letters;
		n = Math.floor((n - 1) / 26);
	}
	return letters;
}

// At most two workbooks are parsed at once, so that simultaneous uploads cannot add up.
const MAX_PARALLEL = 2;
let running = 0;
const waiting: (() => void)[] = [];
async function withSlot<T>(work: () => Promise<T>): Promise<T> {
	if (running >= MAX_PARALLEL) await new Promise<void>((resolve) => waiting.push(resolve));
	running++;
	try {
		return await work();
	} finally {
		running--;
		waiting.shift()?.();
	}
}

/**
 * Reads the sheets `wanted` keeps, as plain values row by row, stopping as soon as a limit is
 * passed. Each XML part is inflated, decoded as UTF-8 with a streaming decoder and parsed as it
 * comes, so that nothing but the kept values stays in memory. Formulas, error values and texts
 * too long for a cell are listed with their address, next to the values read: the caller adds
 * its own checks, so the pilot sees every problem of the file at once.
 */
export async function readXlsxUpload(
	buffer: Buffer,
	options: { wanted?: (sheetName: string) => boolean; limits?: UploadLimits } = {}
): Promise<UploadSuccess | UploadFailure> {
	const limits = options.limits ?? UPLOAD_LIMITS;
	const wanted = options.wanted ?? (() => true);
	const sniffed = sniffXlsx(buffer, limits);
	if (sniffed) return sniffed;
	const directory = readZipDirectory(buffer, limits);
	if (!directory.ok) return zipFailure(directory.problem, limits);
	const byName = new Map(directory.entries.map((e) => [e.name, e]));
	// Some tools write other cases or Windows separators in entry names.
	const byLooseName = new Map(
		directory.entries.map((e) => [e.name.replace(/\\/g, '/').toLowerCase(), e])
	);
	const lookup = (name: string) => byName.get(name) ?? byLooseName.get(name.toLowerCase());
	if (!lookup('[Content_Types].xml')) return fail(415, MESSAGES.zipNotXlsx);

	return withSlot(async () => {
		const state: ReadState = { buffer, limits, lookup, textChars: 0, cells: 0 };
		const problems: CellProblem[] = [];
		let problemCount = 0;
		const sheets: SheetData[] = [];
		try {
			const root = await readRelationships(state, '');
			const workbookName = ofType(root, 'officeDocument') ?? 'xl/workbook.xml';
			const workbookEntry = lookup(workbookName);
			if (!workbookEntry) return fail(415, MESSAGES.zipNotXlsx);
			const workbook = await readWorkbook(state, workbookEntry);
			const rels = await readRelationships(state, workbookEntry.name);
			const stylesEntry = lookup(ofType(rels, 'styles') ?? '');
			const stringsEntry = lookup(ofType(rels, 'sharedStrings') ?? '');
			const dateStyles = stylesEntry ? await readDateStyles(state, stylesEntry) : [];
			const strings = stringsEntry ? await readSharedStrings(state, stringsEntry) : [];
			const totalRows = { count: 0 };
			for (const { name, rel } of workbook.sheets) {
				if (!wanted(name)) continue;
				const target = rels.get(rel);
				// A chart sheet or a dialog sheet holds no cells.
				if (target && !target.type.endsWith('/worksheet')) continue;
				const entry = target && lookup(target.target);
				if (!entry) return fail(400, MESSAGES.unreadable);
				sheets.push(
					await readSheet(state, entry, {
						name,
						strings,
						dateStyles,
						date1904: workbook.date1904,
						totalRows,
						problems: {
							add(problem) {
								problemCount++;
								if (problems.length < limits.maxProblems) problems.push(problem);
							}
						}
					})
				);
			}
		} catch (error) {
			if (error instanceof Refusal) return error.failure;
			throw error;
		}
		return { ok: true, sheets, problems, problemCount };
	});
}
