import ExcelJS from 'exceljs';
import {
	ENUM_LISTS,
	PLAN_SHEETS,
	SCHEME_FIELDS,
	SCHEME_SHEET_COLUMNS,
	TABLE_SHEETS,
	type ColumnSpec,
	type EnumListKey,
	type TableSheetSpec
} from './plan-workbook-format';
import {
	A4_PAPER,
	addTableSheet,
	headerFooterText,
	setAutoFilter,
	setDocumentProperties,
	fitWrappedRows
} from './workbook-style';
import { writeWorkbook } from './write-workbook';

// The plan workbook skeleton shared by the empty template and the export: an "Instructions"
// sheet in French, the data sheets with their headers, and drop-down lists fed by a hidden
// "Listes" sheet (labels may hold commas, which inline lists cannot).

export const DATE_FORMAT = 'dd/mm/yyyy';
/** Rows below the data that still get drop-down lists, so that a user can add lines. */
const SPARE_ROWS = 500;
const MIN_VALIDATED_ROWS = 1000;

export type PlanWorkbook = {
	workbook: ExcelJS.Workbook;
	scheme: ExcelJS.Worksheet;
	tables: Map<TableSheetSpec, ExcelJS.Worksheet>;
	listRanges: Record<EnumListKey, string>;
};

function addInstructionsSheet(workbook: ExcelJS.Workbook, footer: string): void {
	const sheet = workbook.addWorksheet(PLAN_SHEETS.instructions, {
		pageSetup: {
			paperSize: A4_PAPER,
			orientation: 'portrait',
			fitToPage: true,
			fitToWidth: 1,
			fitToHeight: 0,
			margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 }
		},
		headerFooter: { oddFooter: `&L${headerFooterText(footer)}&RPage &P / &N` }
	});
	sheet.columns = [
		{ width: 22, style: { alignment: { vertical: 'top', wrapText: true } } },
		{ width: 32, style: { alignment: { vertical: 'top', wrapText: true } } },
		{ width: 13, style: { alignment: { vertical: 'top', wrapText: true } } },
		{ width: 90, style: { alignment: { vertical: 'top', wrapText: true } } }
	];
	const paragraph = (text: string, font?: Partial<ExcelJS.Font>) => {
		const row = sheet.addRow([text]);
		sheet.mergeCells(row.number, 1, row.number, 4);
		row.getCell(1).alignment = { vertical: 'top', wrapText: true };
		if (font) row.getCell(1).font = font;
		// Merged cells do not grow by themselves: give long paragraphs room.
		row.height = Math.max(15, Math.ceil(text.length / 150) * 15);
	};
	paragraph('Modèle d’import d’un plan d’action — Pilotage SDSF', { bold: true, size: 14 });
	paragraph(
		'Ce classeur décrit un schéma départemental des services aux familles : son arborescence, ses fiches actions, leurs pilotes et partenaires, leurs indicateurs et leurs cibles. Il sert à charger un plan dans Pilotage SDSF (page « Importer un plan », réservée aux administrateurs de la plateforme). L’export d’un plan a exactement ce format : un export réimporté reproduit le plan à l’identique.'
	);
	paragraph('Étapes', { bold: true, size: 12 });
	for (const step of [
		'1. Feuille « Schéma » : une valeur par ligne, dans la colonne « Valeur ». L’identifiant doit être nouveau : l’import crée toujours un nouveau schéma.',
		'2. Feuille « Organisations » : les organisations pilotes ou partenaires. L’aperçu d’import indique celles qui correspondent à une organisation déjà connue (même clé, même nom ou même nom court, sans tenir compte des majuscules ni des accents) et celles qui seront créées.',
		'3. Feuille « Arborescence » : une ligne par élément, dans l’ordre du plan ; un élément renvoie à son parent par « Réf. du parent ».',
		'4. Feuille « Fiches » : une ligne par fiche action, rattachée à un élément de l’arborescence par « Réf. du rattachement ».',
		'5. Feuilles « Acteurs », « Indicateurs » et « Cibles » : une ligne par pilote ou partenaire, par indicateur, par cible annuelle, reliées à la fiche par son numéro.',
		'6. Téléversez le fichier. Chaque ligne est vérifiée et toutes les erreurs sont listées (feuille, ligne, colonne). Rien n’est enregistré tant que le fichier n’est pas entièrement correct ; après l’aperçu, « Confirmer l’import » enregistre tout en une fois.'
	]) {
		paragraph(step);
	}
	paragraph('Règles', { bold: true, size: 12 });
	for (const rule of [
		'• Format .xlsx uniquement (pas .xls ni .csv), 10 Mo au plus, 20 000 lignes par feuille au plus.',
		'• Des valeurs seulement : une cellule contenant une formule est refusée, avec son adresse.',
		'• Les listes déroulantes donnent les valeurs admises ; les colonnes peuvent être déplacées, les colonnes ajoutées sont ignorées, mais les en-têtes et les noms de feuilles doivent rester tels quels.',
		'• Dans une cellule, Alt+Entrée (Option+Entrée sur Mac) passe à la ligne. Les listes s’écrivent un élément par ligne ; deux espaces en début de ligne font un sous-point.',
		'• Les dates s’écrivent jj/mm/aaaa ; les nombres avec une virgule décimale (12,5).'
	]) {
		paragraph(rule);
	}
	paragraph('Colonnes', { bold: true, size: 12 });
	const header = sheet.addRow(['Feuille', 'Colonne', 'Obligatoire', 'Contenu attendu']);
	header.font = { bold: true };
	const describe = (sheetName: string, column: ColumnSpec) => {
		const list = column.list
			? ` Valeurs : ${Object.values(ENUM_LISTS[column.list].labels).join(' ; ')}.`
			: '';
		sheet.addRow([sheetName, column.header, column.required ? 'Oui' : 'Non', column.help + list]);
	};
	for (const field of SCHEME_FIELDS) describe(PLAN_SHEETS.scheme, field);
	for (const spec of TABLE_SHEETS) for (const column of spec.columns) describe(spec.name, column);
}

function addListsSheet(workbook: ExcelJS.Workbook): Record<EnumListKey, string> {
	const sheet = workbook.addWorksheet(PLAN_SHEETS.lists, { state: 'hidden' });
	const ranges = {} as Record<EnumListKey, string>;
	(Object.keys(ENUM_LISTS) as EnumListKey[]).forEach((key, index) => {
		const column = sheet.getColumn(index + 1);
		const labels = Object.values(ENUM_LISTS[key].labels) as string[];
		column.width = 30;
		column.values = [ENUM_LISTS[key].name, ...labels];
		const letter = column.letter;
		ranges[key] = `${PLAN_SHEETS.lists}!$${letter}$2:$${letter}$${labels.length + 1}`;
	});
	sheet.getRow(1).font = { bold: true };
	return ranges;
}

/** The workbook with instructions, lists and every data sheet's header, ready for rows. */
export function createPlanWorkbook(meta: {
	title: string;
	subject: string;
	company?: string | null;
	description?: string | null;
	footer: string;
}): PlanWorkbook {
	const workbook = new ExcelJS.Workbook();
	setDocumentProperties(workbook, meta);
	addInstructionsSheet(workbook, meta.footer);
	const scheme = addTableSheet(workbook, PLAN_SHEETS.scheme, SCHEME_SHEET_COLUMNS, {
		footer: meta.footer
	});
	for (const field of SCHEME_FIELDS) {
		const row = scheme.addRow([
			field.header,
			null,
			field.help + (field.required ? ' Obligatoire.' : '')
		]);
		row.getCell(1).font = { bold: true };
	}
	const tables = new Map<TableSheetSpec, ExcelJS.Worksheet>();
	for (const spec of TABLE_SHEETS) {
		const sheet = addTableSheet(
			workbook,
			spec.name,
			spec.columns.map((c) => ({
				header: c.header,
				width: c.width,
				wrap: true,
				numFmt: c.kind === 'date' ? DATE_FORMAT : undefined
			})),
			{ freezeFirstColumn: spec.freezeFirstColumn, footer: meta.footer }
		);
		tables.set(spec, sheet);
	}
	const listRanges = addListsSheet(workbook);
	return { workbook, scheme, tables, listRanges };
}

const listValidation = (formula: string, strict: boolean): ExcelJS.DataValidation => ({
	type: 'list',
	allowBlank: true,
	formulae: [formula],
	showErrorMessage: true,
	errorStyle: strict ? 'stop' : 'warning',
	errorTitle: 'Valeur non prévue',
	error: 'Choisissez une valeur dans la liste déroulante.'
});

const wholeValidation = (min: number, max: number): ExcelJS.DataValidation => ({
	type: 'whole',
	operator: 'between',
	allowBlank: true,
	formulae: [min, max],
	showErrorMessage: true,
	errorStyle: 'stop',
	errorTitle: 'Nombre entier attendu',
	error: `Saisissez un nombre entier entre ${min} et ${max}.`
});

// exceljs supports range validations but does not declare them.
type RangeValidations = {
	dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void };
};

/** Drop-down lists and number checks over the data and spare rows, then filters. */
export function finishPlanWorkbook(plan: PlanWorkbook): void {
	const stateRow = SCHEME_FIELDS.findIndex((f) => f.key === 'state') + 2;
	plan.scheme.getCell(`B${stateRow}`).dataValidation = listValidation(
		plan.listRanges.schemeState,
		true
	);
	for (const key of ['startYear', 'endYear']) {
		plan.scheme.getCell(`B${SCHEME_FIELDS.findIndex((f) => f.key === key) + 2}`).dataValidation =
			wholeValidation(2000, 2100);
	}
	setAutoFilter(plan.scheme, SCHEME_SHEET_COLUMNS.length);

	const organisationsSheet = [...plan.tables.keys()].find(
		(s) => s.name === PLAN_SHEETS.organisations
	)!;
	const organisationCount = plan.tables.get(organisationsSheet)!.rowCount;
	const organisationKeys = `${PLAN_SHEETS.organisations}!$A$2:$A$${Math.max(organisationCount + SPARE_ROWS, MIN_VALIDATED_ROWS)}`;

	for (const [spec, sheet] of plan.tables) {
		const last = Math.max(sheet.rowCount + SPARE_ROWS, MIN_VALIDATED_ROWS);
		const validations = (sheet as unknown as RangeValidations).dataValidations;
		spec.columns.forEach((column, index) => {
			const letter = sheet.getColumn(index + 1).letter;
			const range = `${letter}2:${letter}${last}`;
			if (column.list)
				validations.add(
					range,
					listValidation(plan.listRanges[column.list], column.kind !== 'boolean')
				);
			else if (column.key === 'org')
				validations.add(range, listValidation(organisationKeys, false));
			else if (column.kind === 'integer' && /year|Year/.test(column.key))
				validations.add(range, wholeValidation(1990, 2100));
			else if (column.kind === 'integer') validations.add(range, wholeValidation(1, 10_000));
		});
		setAutoFilter(sheet, spec.columns.length);
	}
}

/** The empty template offered for download on the import page. */
export async function writePlanTemplate(): Promise<Buffer> {
	const plan = createPlanWorkbook({
		title: 'Modèle d’import d’un plan d’action',
		subject: 'Schéma départemental des services aux familles — modèle à remplir',
		footer: 'Modèle d’import — Pilotage SDSF'
	});
	finishPlanWorkbook(plan);
	fitWrappedRows(plan.workbook);
	return writeWorkbook(plan.workbook);
}
