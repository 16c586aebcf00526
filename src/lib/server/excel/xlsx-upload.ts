import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import {
	entryPart,
	readZipDirectory,
	storedPart,
	verifyEntry,
	writeZip,
	type ZipEntry,
	type ZipPart,
	type ZipProblem
} from './zip-inspect';

// Reading an uploaded .xlsx safely: the type is decided by the content (never the name), the
// archive is measured before anything is inflated, every inflated byte is counted, and rows are
// counted while the sheets stream by, so that a hostile file is stopped early with a clear
// French message and without holding the server's memory.

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
	maxProblems: 500
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
export type UploadSuccess = { ok: true; sheets: SheetData[] };

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
	formulas:
		'Le classeur contient des formules ou des valeurs d’erreur : l’import n’accepte que des valeurs saisies. Corrigez les cellules indiquées.'
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

const WORKSHEET = /^xl\/worksheets\/sheet\d+\.xml$/;
const COMPLETE_XML = /(<\/[\w:]+>|\/>)\s*$/;
// The order exceljs reads without spilling sheets to temporary files: strings and names first.
const LEADING = [
	'xl/workbook.xml',
	'xl/_rels/workbook.xml.rels',
	'xl/styles.xml',
	'xl/sharedStrings.xml'
];

/**
 * Checks the archive and returns a clean copy holding only what the parser needs, each entry
 * inflated once with a byte counter beforehand.
 */
export async function prepareXlsxArchive(
	buffer: Buffer,
	limits: UploadLimits = UPLOAD_LIMITS
): Promise<{ ok: true; archive: Buffer } | UploadFailure> {
	const sniffed = sniffXlsx(buffer, limits);
	if (sniffed) return sniffed;
	const directory = readZipDirectory(buffer, limits);
	if (!directory.ok) return zipFailure(directory.problem, limits);
	const byName = new Map(directory.entries.map((e) => [e.name, e]));
	if (
		!['[Content_Types].xml', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels'].every((n) =>
			byName.has(n)
		)
	) {
		return fail(415, MESSAGES.zipNotXlsx);
	}

	const needed: ZipEntry[] = [
		...LEADING.map((name) => byName.get(name)).filter((e): e is ZipEntry => e !== undefined),
		...directory.entries
			.filter((e) => WORKSHEET.test(e.name))
			.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }))
	];
	let budget = limits.maxTotalUncompressed;
	for (const entry of needed) {
		const check = await verifyEntry(buffer, entry, budget);
		if (!check.ok) return zipFailure(check.problem, limits);
		// XML cut short inside a sound archive would otherwise be read as fewer rows.
		if (!COMPLETE_XML.test(check.tail)) return fail(400, MESSAGES.unreadable);
		budget -= entry.uncompressedSize;
	}
	const parts: ZipPart[] = needed.map((e) => entryPart(buffer, e));
	// Without a strings table exceljs would copy every sheet to a temporary file first.
	if (!byName.has('xl/sharedStrings.xml')) {
		const firstSheet = needed.findIndex((e) => WORKSHEET.test(e.name));
		parts.splice(
			firstSheet < 0 ? parts.length : firstSheet,
			0,
			storedPart(
				'xl/sharedStrings.xml',
				'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>'
			)
		);
	}
	return { ok: true, archive: writeZip(parts) };
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

type RawValue = ExcelJS.CellValue | { sharedFormula?: string } | undefined;

function richTextOf(value: unknown): string | null {
	if (value && typeof value === 'object' && 'richText' in value && Array.isArray(value.richText)) {
		return value.richText.map((run: { text?: unknown }) => String(run.text ?? '')).join('');
	}
	return null;
}

/** A cell as a plain value, or the reason it cannot be imported (formulas, error values). */
export function plainCellValue(value: RawValue): { value: CellValue } | { problem: string } {
	if (value === null || value === undefined) return { value: null };
	if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
		return { value };
	if (value instanceof Date) return { value };
	if (typeof value === 'object') {
		if ('formula' in value || 'sharedFormula' in value) {
			const text =
				'formula' in value && typeof value.formula === 'string' && value.formula
					? `« =${value.formula.slice(0, 60)} »`
					: 'partagée';
			return {
				problem: `Formule ${text} : l’import n’accepte que des valeurs. Remplacez-la par sa valeur (copier, puis collage spécial > valeurs).`
			};
		}
		if ('error' in value)
			return { problem: `Valeur d’erreur « ${String(value.error)} » : saisissez une valeur.` };
		const rich = richTextOf(value);
		if (rich !== null) return { value: rich };
		if ('text' in value) {
			const text = richTextOf(value.text) ?? value.text;
			return { value: typeof text === 'string' ? text : String(text ?? '') };
		}
	}
	return { problem: 'Contenu non reconnu : saisissez une valeur simple (texte, nombre ou date).' };
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

function* slices(buffer: Buffer, size = 64 * 1024): Generator<Buffer> {
	for (let offset = 0; offset < buffer.length; offset += size)
		yield buffer.subarray(offset, offset + size);
}

type WorksheetReader = AsyncIterable<ExcelJS.Row> & { name: string };

/**
 * Reads the sheets `wanted` keeps, as plain values row by row, stopping as soon as a limit is
 * passed. Formulas and error values are listed with their address.
 */
export async function readXlsxUpload(
	buffer: Buffer,
	options: { wanted?: (sheetName: string) => boolean; limits?: UploadLimits } = {}
): Promise<UploadSuccess | UploadFailure> {
	const limits = options.limits ?? UPLOAD_LIMITS;
	const wanted = options.wanted ?? (() => true);
	return withSlot(async () => {
		const prepared = await prepareXlsxArchive(buffer, limits);
		if (!prepared.ok) return prepared;
		const input = Readable.from(slices(prepared.archive));
		const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
			worksheets: 'emit',
			sharedStrings: 'cache',
			styles: 'cache',
			hyperlinks: 'ignore',
			entries: 'ignore'
		});
		const sheets: SheetData[] = [];
		const problems: CellProblem[] = [];
		let problemCount = 0;
		let totalRows = 0;
		try {
			for await (const worksheet of reader as unknown as AsyncIterable<WorksheetReader>) {
				const name = worksheet.name;
				if (!wanted(name)) continue;
				const sheet: SheetData = { name, rows: [] };
				sheets.push(sheet);
				for await (const row of worksheet) {
					if (sheet.rows.length >= limits.maxRowsPerSheet)
						return fail(413, MESSAGES.tooManyRows(name, limits.maxRowsPerSheet));
					if (++totalRows > limits.maxTotalRows)
						return fail(413, MESSAGES.tooManyRowsTotal(limits.maxTotalRows));
					const values = row.values as RawValue[];
					const cells: CellValue[] = [];
					const last = Math.min(values.length - 1, limits.maxColumns);
					for (let col = 1; col <= last; col++) {
						const read = plainCellValue(values[col]);
						if ('problem' in read) {
							problemCount++;
							if (problems.length < limits.maxProblems) {
								problems.push({
									sheet: name,
									row: row.number,
									column: columnLetter(col),
									message: read.problem
								});
							}
							cells.push(null);
						} else {
							cells.push(
								typeof read.value === 'string' ? read.value.replace(/\r\n?/g, '\n') : read.value
							);
						}
					}
					if (cells.some((c) => c !== null && c !== ''))
						sheet.rows.push({ number: row.number, cells });
				}
			}
		} catch {
			return fail(400, MESSAGES.unreadable);
		} finally {
			input.destroy();
		}
		if (problemCount > 0) return fail(400, MESSAGES.formulas, problems, problemCount);
		return { ok: true, sheets };
	});
}
