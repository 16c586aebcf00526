import { crc32, deflateRawSync } from 'node:zlib';
import { writeZip, type ZipPart } from './zip-inspect';

// Hand-built workbooks in the shapes other tools write, for the reader's tests: openpyxl (absolute
// targets, inline strings, no shared strings), LibreOffice (shared strings after the sheets in
// the archive), and writers that prefix every element (`x:row`, .NET Open XML SDK) or omit the
// cell references.

export type ToolStyle = 'openpyxl' | 'libreoffice' | 'prefixed';
export type ToolCell = string | number | boolean | null;

const escapeXml = (text: string) =>
	text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** openpyxl writes every non-ASCII character as a character reference. */
const asciiXml = (text: string) =>
	escapeXml(text).replace(/[^ -~\t\n\r]/gu, (c) => `&#${c.codePointAt(0)};`);

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';

function deflated(name: string, text: string): ZipPart {
	const content = Buffer.from(text, 'utf8');
	return {
		name,
		method: 8,
		crc32: crc32(content) >>> 0,
		uncompressedSize: content.length,
		data: deflateRawSync(content)
	};
}

const letter = (i: number) => String.fromCharCode(65 + i);

/** A one-sheet workbook holding `rows`, written the way `style` writes it. */
export function toolWorkbook(
	style: ToolStyle,
	sheetName: string,
	rows: ToolCell[][],
	extraSheets: { name: string; rows: ToolCell[][] }[] = []
): Buffer {
	const strings: string[] = [];
	const p = style === 'prefixed' ? 'x:' : '';
	const sheetXml = (sheetRows: ToolCell[][]) => {
		const body = sheetRows
			.map((row, r) => {
				const cells = row
					.map((cell, c) => {
						// The prefixed writer omits references: position follows order.
						const ref = style === 'prefixed' ? '' : ` r="${letter(c)}${r + 1}"`;
						if (cell === null) return style === 'prefixed' ? `<${p}c/>` : '';
						if (typeof cell === 'number') return `<${p}c${ref}><${p}v>${cell}</${p}v></${p}c>`;
						if (typeof cell === 'boolean')
							return `<${p}c${ref} t="b"><${p}v>${cell ? 1 : 0}</${p}v></${p}c>`;
						if (style === 'openpyxl')
							return `<c${ref} t="inlineStr"><is><t>${asciiXml(cell)}</t></is></c>`;
						strings.push(cell);
						return `<${p}c${ref} t="s"><${p}v>${strings.length - 1}</${p}v></${p}c>`;
					})
					.join('');
				return `<${p}row r="${r + 1}">${cells}</${p}row>`;
			})
			.join('');
		return `<?xml version="1.0" encoding="UTF-8"?>\n<${p}worksheet xmlns${p ? ':x' : ''}="${MAIN}"><${p}sheetData>${body}</${p}sheetData></${p}worksheet>`;
	};
	const sheets = [{ name: sheetName, rows }, ...extraSheets];
	const sheetParts = sheets.map((s, i) =>
		deflated(`xl/worksheets/sheet${i + 1}.xml`, sheetXml(s.rows))
	);
	const target = (i: number) =>
		style === 'openpyxl' ? `/xl/worksheets/sheet${i + 1}.xml` : `worksheets/sheet${i + 1}.xml`;
	const rels = `<Relationships xmlns="${PKG}">${sheets
		.map((_, i) => `<Relationship Type="${REL}/worksheet" Target="${target(i)}" Id="rId${i + 1}"/>`)
		.join('')}${
		strings.length
			? `<Relationship Id="rIdS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`
			: ''
	}</Relationships>`;
	const workbook = `<${p}workbook xmlns${p ? ':x' : ''}="${MAIN}" xmlns:r="${REL}"><${p}sheets>${sheets
		.map((s, i) => `<${p}sheet name="${escapeXml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
		.join('')}</${p}sheets></${p}workbook>`;
	const sst = `<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="${MAIN}" count="${strings.length}" uniqueCount="${strings.length}">${strings
		.map((s) => `<si><t xml:space="preserve">${escapeXml(s)}</t></si>`)
		.join('')}</sst>`;
	const parts = [
		deflated(
			'[Content_Types].xml',
			'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
		),
		deflated(
			'_rels/.rels',
			`<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`
		),
		deflated('xl/workbook.xml', workbook),
		deflated('xl/_rels/workbook.xml.rels', rels),
		...sheetParts,
		// LibreOffice stores the strings after the sheets.
		...(strings.length ? [deflated('xl/sharedStrings.xml', sst)] : [])
	];
	return writeZip(parts);
}

/**
 * Text of `bytes` UTF-8 bytes that deflate shrinks about 34 times (two words drawn at random): a
 * 95 MB text weighs under 3 MB in the archive, below the compression ratio the archive check
 * refuses.
 */
export function poorlyCompressibleText(bytes: number): string {
	const words = ['kakémono ', 'crèche '];
	let state = 0x9e3779b9;
	const parts: string[] = [];
	for (let n = 0; n < bytes;) {
		state ^= state << 13;
		state >>>= 0;
		state ^= state >>> 17;
		state ^= state << 5;
		state >>>= 0;
		const word = words[state % 2];
		parts.push(word);
		n += Buffer.byteLength(word);
	}
	return parts.join('');
}

/**
 * A hostile workbook: one sheet « Chiffres » whose cell A2 refers to ONE shared string of about
 * `bytes` bytes. `announce` lies about the strings part's size in the archive when given.
 */
export function hugeSharedStringWorkbook(bytes: number, announce?: number): Buffer {
	const text = poorlyCompressibleText(bytes);
	const sst = Buffer.from(
		`<sst xmlns="${MAIN}" count="2" uniqueCount="2"><si><t>Clé</t></si><si><t>${text}</t></si></sst>`
	);
	const sheet = `<worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row></sheetData></worksheet>`;
	const parts = [
		deflated(
			'[Content_Types].xml',
			'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
		),
		deflated(
			'xl/workbook.xml',
			`<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="Chiffres" sheetId="1" r:id="rId1"/></sheets></workbook>`
		),
		deflated(
			'xl/_rels/workbook.xml.rels',
			`<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`
		),
		{
			name: 'xl/sharedStrings.xml',
			method: 8 as const,
			crc32: crc32(sst) >>> 0,
			uncompressedSize: announce ?? sst.length,
			data: deflateRawSync(sst)
		},
		deflated('xl/worksheets/sheet1.xml', sheet)
	];
	return writeZip(parts);
}
