import { addFundingSheet, FUNDING_SHEET } from '../funding/funding-sheet';
import ExcelJS from 'exceljs';
import {
	OFF_TARGET_RULES,
	METEO_LABELS,
	METEOS,
	meteoRules,
	type Meteo
} from '$lib/domain/dashboard';
import {
	FICHE_STATES,
	FICHE_STATE_LABELS,
	INDICATOR_UNIT_LABELS,
	POLARITIES,
	type FicheState
} from '$lib/domain/enums';
import type { FigureStatus } from '$lib/domain/figures';
import { formatDate, formatDateTime } from '$lib/ui/format';
import { safeCellValue } from '../excel/safe-cell';
import {
	A4_PAPER,
	addTableSheet,
	headerFooterText,
	setAutoFilter,
	setDocumentProperties,
	type TableColumn,
	fitWrappedRows
} from '../excel/workbook-style';
import { NUMBER_FORMATS, excelDate, excelDateTime, unitCell, unitFormat } from './cell-formats';
import type { AnnualReport, AxisSummary, ReportLine } from './report.service';
import { writeWorkbook } from '../excel/write-workbook';

// The annual report as a workbook made to be read, filtered and printed: « Synthèse » (one row per
// strategic axis), « Fiches » (one row per fiche, every field), « Indicateurs » (one row per
// indicator × period × breakdown value) and « Bilans ». Every user text goes through
// safeCellValue: no cell is ever a formula.

export const REPORT_SHEETS = {
	summary: 'Synthèse',
	fiches: 'Fiches',
	indicators: 'Indicateurs',
	bilans: 'Bilans',
	funding: FUNDING_SHEET
} as const;

const fill = (argb: string): ExcelJS.Fill => ({
	type: 'pattern',
	pattern: 'solid',
	fgColor: { argb }
});
const THIN: ExcelJS.Border = { style: 'thin', color: { argb: 'FF929292' } };
const BOX = { top: THIN, left: THIN, bottom: THIN, right: THIN };

// Light fills that keep black text readable (contrast above 4.5:1); the text always says the
// state too, colour is never the only sign.
export const FICHE_STATE_FILLS: Record<FicheState, string> = {
	a_elaborer: 'FFEEEEEE',
	a_lancer: 'FFFFF3C4',
	en_cours: 'FFDCE8FF',
	realisee: 'FFD3F2DC',
	suspendue: 'FFFFE2C6',
	abandonnee: 'FFF9D6D8'
};
export const METEO_FILLS: Record<Meteo, string> = {
	on_track: 'FFD3F2DC',
	at_risk: 'FFFFE2C6',
	off_track: 'FFF9D6D8',
	not_assessed: 'FFEEEEEE'
};
export const FIGURE_STATUS_FILLS: Record<FigureStatus, string> = {
	brouillon: 'FFEEEEEE',
	soumis: 'FFDCE8FF',
	renvoye: 'FFFFE2C6',
	valide: 'FFD3F2DC'
};
const OFF_TARGET_FILL = 'FFF9D6D8';
const TITLE_FONT: Partial<ExcelJS.Font> = { bold: true, size: 15, color: { argb: 'FF000091' } };

function reportTitle(report: AnnualReport): string {
	const what = report.selection.code.length === 4 ? 'Rapport annuel' : 'Rapport de suivi';
	return `${what} ${report.selection.code} — ${report.scheme.title}`;
}

/** "Données à jour au 15/03/2019 à 10:05 ; fichier produit le 22/11/2026 à 21:30." */
function dataLine(report: AnnualReport): string {
	const asOf = report.dataAsOf
		? `Données à jour au ${formatDateTime(report.dataAsOf)}`
		: 'Aucun chiffre ni bilan saisi pour cette période';
	return `${asOf} ; fichier produit le ${formatDateTime(report.generatedAt)}.`;
}

function audienceLine(report: AnnualReport): string {
	return report.allFigures
		? 'Chiffres de tous les états (brouillon, soumis, renvoyé, validé) : version de la coordination, à ne pas diffuser telle quelle.'
		: 'Valeurs des chiffres validés seulement (les autres figurent avec leur état, sans valeur), sauf pour les fiches que vous pilotez.';
}

const percentOf = (part: number, whole: number) => (whole > 0 ? part / whole : null);

// -----------------------------------------------------------------------------------------------
// Synthèse

const SUMMARY_HEADER_ROW = 7;

function summaryColumns(axisLabel: string): TableColumn[] {
	return [
		{ header: axisLabel, width: 46 },
		{ header: 'Fiches', width: 9, numFmt: NUMBER_FORMATS.integer },
		...FICHE_STATES.map((s) => ({
			header: FICHE_STATE_LABELS[s],
			width: 11,
			numFmt: NUMBER_FORMATS.integer
		})),
		...METEOS.map((m) => ({
			header: `Météo : ${METEO_LABELS[m]}`,
			width: 13,
			numFmt: NUMBER_FORMATS.integer
		})),
		{ header: 'Chiffres attendus', width: 11, numFmt: NUMBER_FORMATS.integer },
		{ header: 'Chiffres saisis', width: 11, numFmt: NUMBER_FORMATS.integer },
		{ header: 'Chiffres validés', width: 11, numFmt: NUMBER_FORMATS.integer },
		{ header: 'Part validée', width: 10, numFmt: NUMBER_FORMATS.share },
		{ header: 'Indicateurs hors cible', width: 12, numFmt: NUMBER_FORMATS.integer }
	];
}

function summaryValues(
	label: string,
	row: Omit<AxisSummary, 'code' | 'title'>
): ExcelJS.CellValue[] {
	return [
		safeCellValue(label),
		row.states.total,
		...FICHE_STATES.map((s) => row.states[s]),
		...METEOS.map((m) => row.meteo[m]),
		row.progress.expected,
		row.progress.entered,
		row.progress.validated,
		percentOf(row.progress.validated, row.progress.expected),
		row.offTarget
	];
}

function addSummarySheet(workbook: ExcelJS.Workbook, report: AnnualReport, footer: string): void {
	const axisLabel = report.scheme.levelLabels[0] ?? 'Axe';
	const columns = summaryColumns(axisLabel);
	const sheet = workbook.addWorksheet(REPORT_SHEETS.summary, {
		views: [
			{
				state: 'frozen',
				xSplit: 1,
				ySplit: SUMMARY_HEADER_ROW,
				topLeftCell: `B${SUMMARY_HEADER_ROW + 1}`,
				activeCell: 'A1'
			}
		],
		pageSetup: {
			paperSize: A4_PAPER,
			orientation: 'landscape',
			fitToPage: true,
			fitToWidth: 1,
			fitToHeight: 0,
			printTitlesRow: `${SUMMARY_HEADER_ROW}:${SUMMARY_HEADER_ROW}`,
			margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 }
		},
		headerFooter: { oddFooter: `&L${headerFooterText(footer)}&C&A&RPage &P / &N` }
	});
	sheet.columns = columns.map((c) => ({
		width: c.width,
		style: {
			alignment: { vertical: 'top', wrapText: true },
			...(c.numFmt ? { numFmt: c.numFmt } : {})
		}
	}));
	const last = columns.length;
	const banner = (row: number, text: string, font: Partial<ExcelJS.Font>, height?: number) => {
		sheet.mergeCells(row, 1, row, last);
		const cell = sheet.getCell(row, 1);
		cell.value = safeCellValue(text);
		cell.font = font;
		cell.alignment = { vertical: 'middle', wrapText: true };
		if (height) sheet.getRow(row).height = height;
	};
	const { scheme, selection } = report;
	banner(1, reportTitle(report), TITLE_FONT, 40);
	banner(
		2,
		`${scheme.departmentName} (${scheme.departmentCode}) — schéma ${scheme.startYear}-${scheme.endYear} — ${selection.label}, du ${formatDate(selection.startsOn)} au ${formatDate(selection.endsOn)}`,
		{ bold: true, size: 11 }
	);
	banner(
		3,
		`Périodes de suivi : ${report.periods.map((p) => `${p.label} (${p.stateLabel.toLowerCase()})`).join(', ')}. Météo des fiches : ${report.meteoPeriod ?? '—'}.`,
		{ size: 10 },
		30
	);
	banner(4, dataLine(report), { size: 10 });
	banner(5, audienceLine(report), { size: 10, italic: true }, 30);
	if (report.demo)
		banner(6, 'Chiffres fictifs de démonstration : ils ne viennent pas du livret.', {
			bold: true,
			size: 10,
			color: { argb: 'FFB34000' }
		});

	const header = sheet.getRow(SUMMARY_HEADER_ROW);
	header.values = columns.map((c) => c.header);
	header.font = { bold: true };
	header.height = 45;
	header.eachCell((cell) => {
		cell.fill = fill('FFE3E3FD');
		cell.border = BOX;
		cell.alignment = { vertical: 'middle', wrapText: true };
	});
	for (const axis of report.axes) {
		const row = sheet.addRow(summaryValues(`${axis.code} — ${axis.title}`, axis));
		row.eachCell((cell) => (cell.border = BOX));
	}
	const lastAxisRow = SUMMARY_HEADER_ROW + report.axes.length;
	sheet.autoFilter = {
		from: { row: SUMMARY_HEADER_ROW, column: 1 },
		to: { row: Math.max(lastAxisRow, SUMMARY_HEADER_ROW), column: last }
	};
	// The total stays below the filtered range, so sorting never moves it.
	const totalRow = sheet.addRow(summaryValues('Ensemble du schéma', report.total));
	totalRow.font = { bold: true };
	totalRow.eachCell((cell) => {
		cell.border = { ...BOX, top: { style: 'medium', color: { argb: 'FF000000' } } };
		cell.fill = fill('FFF6F6F6');
	});

	// The rules behind the weather and "hors cible", so the figures can be read without the site.
	sheet.addRow([]);
	const legendTitle = sheet.addRow(['Comment lire ce rapport']);
	legendTitle.font = { bold: true, size: 12 };
	const note = (text: string, font?: Partial<ExcelJS.Font>) => {
		const row = sheet.addRow([safeCellValue(text)]);
		sheet.mergeCells(row.number, 1, row.number, last);
		row.getCell(1).alignment = { vertical: 'top', wrapText: true };
		if (font) row.getCell(1).font = font;
		row.height = Math.max(15, Math.ceil(text.length / 190) * 15);
	};
	for (const rule of meteoRules(report.scheme.staleMonths)) {
		note(`Météo « ${rule.label} » : ${rule.conditions.join(' ')}`);
		const cell = sheet.getCell(sheet.rowCount, 1);
		cell.fill = fill(METEO_FILLS[rule.meteo]);
	}
	for (const polarity of POLARITIES) note(`Hors cible — ${OFF_TARGET_RULES[polarity]}.`);
	note(
		'Chiffres attendus : une ligne par indicateur, période et valeur de ventilation ; saisis : une valeur ou « non disponible » ; validés : acceptés par la coordination. La feuille « Indicateurs » détaille chaque chiffre, « Fiches » chaque fiche, « Bilans » les bilans rédigés.'
	);
}

// -----------------------------------------------------------------------------------------------
// Fiches

function addFichesSheet(workbook: ExcelJS.Workbook, report: AnnualReport, footer: string): void {
	const labels = report.scheme.levelLabels;
	const columns: TableColumn[] = [
		{ header: 'N°', width: 7, wrap: false },
		{ header: 'Intitulé', width: 45 },
		{ header: labels[0] ?? 'Axe', width: 32 },
		{ header: labels.slice(1).join(' / ') || 'Niveau', width: 32 },
		{ header: 'État', width: 13 },
		{ header: 'Météo', width: 15 },
		{ header: 'Raisons de la météo', width: 40 },
		{ header: 'Pilote(s)', width: 28 },
		{ header: 'Partenaires', width: 36 },
		{ header: 'Priorité', width: 16 },
		{ header: 'Contexte / constats', width: 60 },
		{ header: 'Déclinaison opérationnelle', width: 60 },
		{ header: 'Public(s) visé(s)', width: 30 },
		{ header: 'Échéancier', width: 24 },
		{ header: 'Début', width: 11, numFmt: NUMBER_FORMATS.date },
		{ header: 'Fin', width: 11, numFmt: NUMBER_FORMATS.date },
		{ header: 'Résultats attendus', width: 60 },
		{ header: 'Liens avec d’autres schémas', width: 30 },
		{ header: 'Chiffres attendus', width: 10, numFmt: NUMBER_FORMATS.integer },
		{ header: 'Chiffres saisis', width: 10, numFmt: NUMBER_FORMATS.integer },
		{ header: 'Chiffres validés', width: 10, numFmt: NUMBER_FORMATS.integer },
		{ header: 'Dernier bilan (période)', width: 16 },
		{ header: 'Dernier bilan', width: 80 },
		{ header: 'Fiche modifiée le', width: 12, numFmt: NUMBER_FORMATS.date }
	];
	const sheet = addTableSheet(workbook, REPORT_SHEETS.fiches, columns, {
		freezeFirstColumn: true,
		footer
	});
	for (const fiche of report.fiches) {
		const row = sheet.addRow(
			[
				fiche.number,
				fiche.title,
				fiche.axis,
				fiche.path.join('\n'),
				FICHE_STATE_LABELS[fiche.state],
				fiche.meteo ? METEO_LABELS[fiche.meteo] : 'Non calculée',
				fiche.meteoReasons.join('\n'),
				fiche.pilots.join('\n'),
				fiche.partners.join('\n'),
				fiche.priority,
				fiche.context,
				fiche.steps,
				fiche.targetPublic,
				fiche.schedule,
				excelDate(fiche.startDate),
				excelDate(fiche.endDate),
				fiche.results,
				fiche.links,
				fiche.progress.expected,
				fiche.progress.entered,
				fiche.progress.validated,
				fiche.lastBilan?.periodLabel ?? null,
				fiche.lastBilan?.text ?? null,
				excelDateTime(fiche.updatedAt)
			].map((v) => (v instanceof Date ? v : safeCellValue(v === '' ? null : v)))
		);
		row.getCell(5).fill = fill(FICHE_STATE_FILLS[fiche.state]);
		if (fiche.meteo) row.getCell(6).fill = fill(METEO_FILLS[fiche.meteo]);
	}
	setAutoFilter(sheet, columns.length);
}

// -----------------------------------------------------------------------------------------------
// Indicateurs

const KIND_LABELS = { realisation: 'Réalisation', resultat: 'Résultat' } as const;

function valueCell(line: ReportLine): { value: ExcelJS.CellValue; numFmt: string | null } {
	const value = line.value;
	if (!value) return { value: null, numFmt: null };
	switch (value.kind) {
		case 'number':
			return {
				value: unitCell(line.indicator.unit, value.value),
				numFmt: unitFormat(line.indicator.unit)
			};
		case 'boolean':
			return { value: value.value ? 'Oui' : 'Non', numFmt: null };
		case 'text':
			return { value: safeCellValue(value.value), numFmt: null };
		case 'not_available':
			return { value: 'Non disponible', numFmt: null };
		default:
			return { value: null, numFmt: null };
	}
}

function addIndicatorsSheet(
	workbook: ExcelJS.Workbook,
	report: AnnualReport,
	footer: string
): void {
	const year = report.selection.year;
	const columns: TableColumn[] = [
		{ header: 'N° fiche', width: 8, wrap: false },
		{ header: 'Fiche', width: 36 },
		{ header: 'Période', width: 10, wrap: false },
		{ header: 'Indicateur', width: 50 },
		{ header: 'Nature', width: 12 },
		{ header: 'Unité', width: 12 },
		{ header: 'Ventilation', width: 22 },
		{ header: 'Valeur de référence', width: 12 },
		{ header: 'Année de référence', width: 10, numFmt: '0' },
		{ header: `Cible ${year}`, width: 12 },
		{ header: 'Valeur', width: 14 },
		{ header: 'Écart à la cible', width: 12 },
		{ header: 'Hors cible', width: 9 },
		{ header: 'État du chiffre', width: 16 },
		{ header: 'Commentaire', width: 45 },
		{ header: 'Commentaire de la coordination', width: 35 },
		{ header: 'Saisi par', width: 22 },
		{ header: 'Modifié le', width: 16, numFmt: NUMBER_FORMATS.dateTime },
		{ header: 'Validé par', width: 22 },
		{ header: 'Validé le', width: 16, numFmt: NUMBER_FORMATS.dateTime },
		// Last, so the columns before keep their place for those who read them by position.
		{ header: 'Code territoire', width: 12, wrap: false }
	];
	const sheet = addTableSheet(workbook, REPORT_SHEETS.indicators, columns, {
		footer: report.demo ? `${footer} — chiffres fictifs de démonstration` : footer
	});
	for (const line of report.lines) {
		const unit = line.indicator.unit;
		const format = unitFormat(unit);
		const { value, numFmt } = valueCell(line);
		const row = sheet.addRow([
			safeCellValue(line.fiche.number),
			safeCellValue(line.fiche.title),
			line.period.code,
			safeCellValue(
				line.indicator.measure
					? `${line.indicator.label} — ${line.indicator.measure}`
					: line.indicator.label
			),
			KIND_LABELS[line.indicator.kind],
			INDICATOR_UNIT_LABELS[unit],
			line.breakdown ? safeCellValue(`${line.breakdown.group} : ${line.breakdown.label}`) : null,
			line.baseline && format ? unitCell(unit, line.baseline.value) : null,
			line.baseline?.year ?? null,
			line.target !== null && format ? unitCell(unit, line.target) : null,
			value,
			line.gap !== null ? unitCell(unit, line.gap) : null,
			line.offTarget === null ? null : line.offTarget ? 'Oui' : 'Non',
			line.stateLabel,
			safeCellValue(line.comment),
			safeCellValue(line.reviewerComment),
			safeCellValue(line.updatedBy),
			excelDateTime(line.updatedAt),
			safeCellValue(line.validatedBy),
			excelDateTime(line.validatedAt),
			line.breakdown?.code ?? null
		]);
		if (format) {
			row.getCell(8).numFmt = format;
			row.getCell(10).numFmt = format;
			row.getCell(12).numFmt = unitFormat(unit, true)!;
		}
		if (numFmt) row.getCell(11).numFmt = numFmt;
		else if (line.value?.kind === 'not_available') row.getCell(11).font = { italic: true };
		if (line.offTarget) {
			row.getCell(13).fill = fill(OFF_TARGET_FILL);
			row.getCell(13).font = { bold: true };
		}
		if (line.status) row.getCell(14).fill = fill(FIGURE_STATUS_FILLS[line.status]);
		else row.getCell(14).font = { italic: true, color: { argb: 'FF3A3A3A' } };
	}
	setAutoFilter(sheet, columns.length);
}

// -----------------------------------------------------------------------------------------------
// Bilans

function addBilansSheet(workbook: ExcelJS.Workbook, report: AnnualReport, footer: string): void {
	const columns: TableColumn[] = [
		{ header: 'N° fiche', width: 8, wrap: false },
		{ header: 'Fiche', width: 36 },
		{ header: 'Période', width: 16 },
		{ header: 'Actions mises en œuvre', width: 55 },
		{ header: 'Résultats constatés', width: 50 },
		{ header: 'Difficultés rencontrées', width: 45 },
		{ header: 'Perspectives / évolutions', width: 45 },
		{ header: 'Rédigé par', width: 22 },
		{ header: 'Modifié le', width: 16, numFmt: NUMBER_FORMATS.dateTime }
	];
	const sheet = addTableSheet(workbook, REPORT_SHEETS.bilans, columns, { footer });
	for (const bilan of report.bilans) {
		sheet.addRow([
			safeCellValue(bilan.fiche.number),
			safeCellValue(bilan.fiche.title),
			bilan.period.label,
			safeCellValue(bilan.actionsDone),
			safeCellValue(bilan.resultsObserved),
			safeCellValue(bilan.difficulties),
			safeCellValue(bilan.outlook),
			safeCellValue(bilan.updatedBy),
			excelDateTime(bilan.updatedAt)
		]);
	}
	if (report.bilans.length === 0) {
		const row = sheet.addRow([null, 'Aucun bilan rédigé pour cette période.']);
		row.getCell(2).font = { italic: true };
	}
	setAutoFilter(sheet, columns.length);
}

/** The report's workbook as a buffer (a department's report holds a few thousand rows). */
export async function writeAnnualReport(report: AnnualReport): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook();
	const title = reportTitle(report);
	setDocumentProperties(workbook, {
		title,
		subject: `Schéma départemental des services aux familles — ${report.scheme.departmentName} (${report.scheme.departmentCode}) — ${report.selection.label}`,
		company: report.scheme.departmentName,
		description: `${dataLine(report)}${report.demo ? ' Chiffres fictifs de démonstration.' : ''}`
	});
	workbook.category = 'Rapport annuel';
	// "Date of the data": the document's creation date is when its data were last changed.
	if (report.dataAsOf) workbook.created = new Date(report.dataAsOf);
	const footer = `${report.scheme.title} — ${report.selection.label}`;
	addSummarySheet(workbook, report, footer);
	addFichesSheet(workbook, report, footer);
	addIndicatorsSheet(workbook, report, footer);
	addBilansSheet(workbook, report, footer);
	addFundingSheet(workbook, report.funding ?? [], report.selection.year, footer);
	fitWrappedRows(workbook);
	return writeWorkbook(workbook);
}

/** "rapport-annuel-2018-haute-vienne-2017-2021.xlsx" */
export function reportFileName(report: AnnualReport): string {
	const what = report.selection.code.length === 4 ? 'rapport-annuel' : 'rapport-de-suivi';
	return `${what}-${report.selection.code}-${report.scheme.slug}.xlsx`;
}
