import type ExcelJS from 'exceljs';
import { safeCellValue } from '../excel/safe-cell';
import { addTableSheet, setAutoFilter, type TableColumn } from '../excel/workbook-style';
import { NUMBER_FORMATS } from '../excel-report/cell-formats';
import type { SchemeFundingLine } from './funding.service';

// « Financements » of the annual report: one row per fiche × funder for the report's year, laid
// out like the other sheets (frozen header, filters, A4 landscape, euros as numbers). A blank
// amount stays blank (« non renseigné »), never 0.

export const FUNDING_SHEET = 'Financements';

export function addFundingSheet(
	workbook: ExcelJS.Workbook,
	lines: SchemeFundingLine[],
	year: number,
	footer: string
): void {
	const columns: TableColumn[] = [
		{ header: 'N° fiche', width: 8, wrap: false },
		{ header: 'Fiche', width: 40 },
		{ header: 'Axe', width: 34 },
		{ header: 'Année', width: 8, numFmt: '0' },
		{ header: 'Financeur', width: 16 },
		{ header: 'Financeur (nom complet)', width: 34 },
		{ header: 'Montant prévu', width: 15, numFmt: NUMBER_FORMATS.euro },
		{ header: 'Montant dépensé', width: 15, numFmt: NUMBER_FORMATS.euro },
		{ header: 'Taux de réalisation', width: 12, numFmt: NUMBER_FORMATS.percent }
	];
	const sheet = addTableSheet(workbook, FUNDING_SHEET, columns, { footer });
	const shown = lines.filter((l) => l.year === year);
	for (const line of shown) {
		sheet.addRow([
			safeCellValue(line.ficheNumber),
			safeCellValue(line.ficheTitle),
			safeCellValue(line.axis),
			line.year,
			safeCellValue(line.funder),
			safeCellValue(line.funderName),
			line.planned,
			line.spent,
			line.planned && line.spent !== null ? line.spent / line.planned : null
		]);
	}
	if (shown.length === 0) {
		const row = sheet.addRow([null, `Aucun financement saisi pour ${year}.`]);
		row.getCell(2).font = { italic: true };
	} else {
		const total = sheet.addRow([
			null,
			'Total (montants renseignés)',
			null,
			null,
			null,
			null,
			shown.reduce((s, l) => s + (l.planned ?? 0), 0),
			shown.reduce((s, l) => s + (l.spent ?? 0), 0),
			null
		]);
		total.font = { bold: true };
	}
	setAutoFilter(sheet, columns.length);
}
