import ExcelJS from 'exceljs';
import {
	AlignmentType,
	Document,
	HeadingLevel,
	Packer,
	PageOrientation,
	Paragraph,
	ShadingType,
	Table,
	TableCell,
	TableLayoutType,
	TableRow,
	TextRun,
	WidthType
} from 'docx';
import { SCHEME_BILAN_FIELDS, SCHEME_BILAN_LABELS } from '$lib/domain/scheme-bilan';
import { safeCellValue } from '../excel/safe-cell';
import {
	addTableSheet,
	fitWrappedRows,
	setAutoFilter,
	setDocumentProperties
} from '../excel/workbook-style';
import { writeWorkbook } from '../excel/write-workbook';
import type { SchemeBilan } from './bilan.service';

// The end-of-scheme bilan as the committee prints it: the table of the PEDT bilan, one row per
// fiche, in Excel (every cell through safeCellValue: no formula from a typed text) and in Word
// (landscape, a real table with a repeated header row).

const title = (bilan: SchemeBilan) =>
	`Bilan du schéma ${bilan.scheme.startYear}–${bilan.scheme.endYear}`;

export async function writeBilanWorkbook(bilan: SchemeBilan): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook();
	setDocumentProperties(workbook, {
		title: `${title(bilan)} — ${bilan.scheme.title}`,
		subject: 'Bilan de fin de schéma'
	});
	const sheet = addTableSheet(
		workbook,
		'Bilan',
		[
			{ header: 'Fiche', width: 10 },
			{ header: 'Intitulé', width: 30 },
			...SCHEME_BILAN_FIELDS.map((field) => ({ header: SCHEME_BILAN_LABELS[field], width: 40 })),
			{ header: 'Écrit par la coordination', width: 14 }
		],
		{ freezeFirstColumn: true, footer: `${bilan.scheme.title} — ${title(bilan)}` }
	);
	for (const row of bilan.rows)
		sheet.addRow(
			[
				`Action n°${row.fiche.number}`,
				row.fiche.title,
				...SCHEME_BILAN_FIELDS.map((field) => row.cells[field].text),
				row.version > 0 ? 'Oui' : 'Non (pré-rempli)'
			].map(safeCellValue)
		);
	setAutoFilter(sheet, SCHEME_BILAN_FIELDS.length + 3);
	fitWrappedRows(workbook);
	return writeWorkbook(workbook);
}

const WIDTHS = [1500, 2700, 2700, 2700, 2700, 2700];

function cell(text: string, width: number, header = false) {
	return new TableCell({
		width: { size: width, type: WidthType.DXA },
		shading: header ? { type: ShadingType.CLEAR, color: 'auto', fill: 'E3E3FD' } : undefined,
		margins: { top: 40, bottom: 40, left: 60, right: 60 },
		children: (text || '—').split('\n').map(
			(line) =>
				new Paragraph({
					spacing: { after: 0 },
					children: [new TextRun({ text: line, bold: header, size: 16 })]
				})
		)
	});
}

export async function writeBilanDocx(bilan: SchemeBilan): Promise<Buffer> {
	const rows = bilan.rows.map(
		(row) =>
			new TableRow({
				children: [
					cell(`Action n°${row.fiche.number}\n${row.fiche.title}`, WIDTHS[0]),
					...SCHEME_BILAN_FIELDS.map((field, i) => cell(row.cells[field].text, WIDTHS[i + 1]))
				]
			})
	);
	const document = new Document({
		creator: 'Pilotage SDSF',
		title: `${title(bilan)} — ${bilan.scheme.title}`,
		styles: { default: { document: { run: { font: 'Calibri', size: 20 } } } },
		sections: [
			{
				properties: {
					page: {
						size: { width: 11906, height: 16838, orientation: PageOrientation.LANDSCAPE },
						margin: { top: 850, bottom: 850, left: 850, right: 850 }
					}
				},
				children: [
					new Paragraph({
						heading: HeadingLevel.TITLE,
						alignment: AlignmentType.CENTER,
						children: [new TextRun(title(bilan))]
					}),
					new Paragraph({
						alignment: AlignmentType.CENTER,
						children: [new TextRun(bilan.scheme.title)]
					}),
					new Table({
						width: { size: WIDTHS.reduce((a, b) => a + b, 0), type: WidthType.DXA },
						columnWidths: WIDTHS,
						layout: TableLayoutType.FIXED,
						rows: [
							new TableRow({
								tableHeader: true,
								children: [
									cell('Fiche action', WIDTHS[0], true),
									...SCHEME_BILAN_FIELDS.map((field, i) =>
										cell(SCHEME_BILAN_LABELS[field], WIDTHS[i + 1], true)
									)
								]
							}),
							...rows
						]
					})
				]
			}
		]
	});
	return Buffer.from(await Packer.toBuffer(document));
}
