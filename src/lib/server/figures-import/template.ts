import ExcelJS from 'exceljs';
import { INDICATOR_UNIT_LABELS, type IndicatorUnit } from '$lib/domain/enums';
import { can, schemeResource } from '$lib/domain/policy';
import { formatFigureValue } from '$lib/domain/figures';
import { formatDate, formatDateTime } from '$lib/ui/format';
import type { CurrentUser } from '../auth/auth.service';
import type { Db } from '../db/database';
import { safeCellValue } from '../excel/safe-cell';
import {
	addTableSheet,
	headerFooterText,
	setAutoFilter,
	setDocumentProperties,
	fitWrappedRows
} from '../excel/workbook-style';
import { getEntrySheet, type EntryLine } from '../reporting/figures.service';
import * as rq from '../reporting/reporting.queries';
import { loadScheme, toPeriodView, type PeriodView } from '../reporting/reporting-context';
import * as sq from '../scheme-reads/scheme-reads.queries';
import {
	forbidden,
	locked,
	notFound,
	today as todayIso,
	type Forbidden,
	type Locked,
	type NotFound
} from '../reporting/results';
import { FIGURES_COLUMNS, FIGURES_SHEETS, NO, TEMPLATE_KEYS, YES } from './template-format';
import { writeWorkbook } from '../excel/write-workbook';

// The figures template of a pilot for an open period: one row per line their fiches expect
// (indicator × breakdown value), prefilled with what is already saved, with hidden technical
// columns (line key, figure version) so the upload knows exactly what the file was based on.

export type PeriodWhere = { scheme: string; period: string };

export type ImportSheet = {
	fiche: { id: number; number: string; slug: string; title: string };
	lines: EntryLine[];
};

export type ImportContext = {
	scheme: { id: number; slug: string; title: string };
	period: PeriodView;
	sheets: ImportSheet[];
};

export const ENTRY_RESERVED =
	'La saisie par tableur est réservée aux pilotes des fiches et à la coordination du schéma.';

export function periodLockMessage(state: PeriodView['state']): string {
	return state === 'a_venir'
		? 'La saisie de cette période n’est pas encore ouverte.'
		: 'Cette période est close : seule la coordination du schéma peut la rouvrir.';
}

/**
 * The fiches this user may fill for the period, with their expected lines (the same lines, rules
 * and rights as the entry grid). Scheme and period come from the route.
 */
export async function loadImportContext(
	db: Db,
	user: CurrentUser,
	where: PeriodWhere,
	today: string = todayIso()
): Promise<({ ok: true } & ImportContext) | NotFound | Forbidden | Locked> {
	const scheme = await loadScheme(db, user, where.scheme);
	if ('reason' in scheme) return scheme;
	const resource = schemeResource(scheme);
	if (!can(user, 'scheme.report', resource)) return forbidden(ENTRY_RESERVED);
	const period = await rq.findPeriod(db, scheme.id, where.period.toUpperCase());
	if (!period) return notFound(`Aucune période « ${where.period} » dans ce schéma.`);
	if (period.state !== 'ouverte') return locked(periodLockMessage(period.state));
	const [fiches, pilots] = await Promise.all([
		rq.listFiches(db, scheme.id),
		sq.listPilots(db, scheme.id)
	]);
	const mine = fiches.filter((f) =>
		can(user, 'fiche.report', {
			...resource,
			pilotOrganisationIds: pilots.filter((p) => p.fiche_id === f.id).map((p) => p.organisation_id)
		})
	);
	const sheets: ImportSheet[] = [];
	for (const fiche of mine) {
		const result = await getEntrySheet(
			db,
			user,
			{ scheme: scheme.slug, fiche: fiche.slug, period: period.code },
			today
		);
		if (result.ok && result.sheet.lines.length)
			sheets.push({
				fiche: { id: fiche.id, number: fiche.number, slug: fiche.slug, title: fiche.title },
				lines: result.sheet.lines
			});
	}
	return {
		ok: true,
		scheme: { id: scheme.id, slug: scheme.slug, title: scheme.title },
		period: toPeriodView(period, today),
		sheets
	};
}

/** What the pilot types in « Valeur » for each unit, as the grid reads it. */
export const UNIT_HINTS: Record<IndicatorUnit, string> = {
	nombre: 'Nombre entier (ex. 1 234)',
	pourcentage: 'Pourcentage, 0 à 100 (ex. 12,5)',
	montant: 'Montant en euros (ex. 1 234,56)',
	oui_non: 'oui ou non',
	texte: 'Texte libre'
};

const INPUT_FILL: ExcelJS.Fill = {
	type: 'pattern',
	pattern: 'solid',
	fgColor: { argb: 'FFFFF6D5' }
};
const INFO_FILL: ExcelJS.Fill = {
	type: 'pattern',
	pattern: 'solid',
	fgColor: { argb: 'FFF2F2F2' }
};
const LOCKED_FONT: Partial<ExcelJS.Font> = { italic: true, color: { argb: 'FF3A3A3A' } };

// exceljs supports range validations but does not declare them.
type RangeValidations = {
	dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void };
};

function lineLabel(line: EntryLine): string {
	return line.indicator.measure
		? `${line.indicator.label} — ${line.indicator.measure}`
		: line.indicator.label;
}

function stateText(line: EntryLine): string {
	if (!line.figure) return 'Non saisi';
	if (!line.editable) return `${line.figure.statusLabel} (verrouillé)`;
	return line.figure.statusLabel;
}

function noteText(line: EntryLine): string | null {
	const notes: string[] = [];
	if (!line.editable)
		notes.push('Chiffre soumis ou validé : la ligne est ignorée si vous la laissez telle quelle.');
	if (line.figure?.reviewerComment) notes.push(`Coordination : ${line.figure.reviewerComment}`);
	if (line.commentRule.required) notes.push(`${line.commentRule.message} (pour la soumission)`);
	if (line.indicator.note) notes.push(line.indicator.note);
	return notes.length ? notes.join('\n') : null;
}

/** The template workbook for this user and period. */
export async function writeFiguresTemplate(
	context: ImportContext,
	user: CurrentUser
): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook();
	const { scheme, period } = context;
	const title = `Saisie des chiffres — ${period.label} — ${scheme.title}`;
	setDocumentProperties(workbook, {
		title,
		subject: `Modèle de saisie des chiffres pour ${user.organisationShortName ?? user.name}`,
		company: user.organisationShortName,
		description: `Préparé le ${formatDateTime(new Date().toISOString())} pour ${user.name}.`
	});
	workbook.category = 'Saisie des chiffres';
	const lineCount = context.sheets.reduce((n, s) => n + s.lines.length, 0);

	const instructions = workbook.addWorksheet(FIGURES_SHEETS.instructions, {
		pageSetup: {
			paperSize: 9,
			orientation: 'portrait',
			fitToPage: true,
			fitToWidth: 1,
			fitToHeight: 0
		},
		headerFooter: { oddFooter: `&L${headerFooterText(title)}&RPage &P / &N` },
		views: [{ showGridLines: false }]
	});
	instructions.columns = [
		{ width: 30, style: { alignment: { vertical: 'top', wrapText: true } } },
		{ width: 90, style: { alignment: { vertical: 'top', wrapText: true } } }
	];
	const heading = instructions.addRow([safeCellValue(title)]);
	heading.font = { bold: true, size: 14, color: { argb: 'FF000091' } };
	instructions.mergeCells(heading.number, 1, heading.number, 2);
	heading.height = 36;
	const pairs: [string, string][] = [
		['Schéma', scheme.title],
		['Période', `${period.label} — saisie ouverte jusqu’au ${formatDate(period.closesOn)}`],
		[
			'Préparé pour',
			`${user.name}${user.organisationShortName ? ` (${user.organisationShortName})` : ''}`
		],
		['Préparé le', formatDateTime(new Date().toISOString())],
		[
			'Lignes à remplir',
			`${lineCount} (${context.sheets.length} fiche${context.sheets.length > 1 ? 's' : ''})`
		],
		[TEMPLATE_KEYS.scheme, scheme.slug],
		[TEMPLATE_KEYS.period, period.code]
	];
	for (const [label, value] of pairs) {
		const row = instructions.addRow([label, safeCellValue(value)]);
		row.getCell(1).font = { bold: true };
	}
	instructions.addRow([]);
	const how = instructions.addRow(['Mode d’emploi']);
	how.font = { bold: true, size: 12 };
	const steps = [
		`Remplissez la feuille « ${FIGURES_SHEETS.figures} » : une ligne par indicateur attendu (et par valeur de ventilation). Seules les colonnes en jaune sont lues : « Valeur », « Non disponible » et « Commentaire ».`,
		'Valeur : écrivez-la comme dans la grille de saisie — nombre entier (« 1 234 »), pourcentage de 0 à 100 avec une décimale au plus (« 12,5 » ou « 12,5 % »), montant en euros (« 1 234,56 »), « oui » ou « non », ou un texte. La colonne « Unité attendue » le rappelle.',
		'Valeur inconnue : choisissez « Oui » dans « Non disponible » et laissez « Valeur » vide (« nd » dans « Valeur » est aussi compris). Un chiffre non disponible n’est jamais un zéro.',
		'Commentaire : facultatif pour enregistrer, mais requis pour soumettre quand la valeur n’atteint pas la cible ou varie de plus de 50 % (voir « À noter »).',
		'Ne modifiez pas les colonnes masquées (clé et version de la ligne) et ne renommez pas les feuilles. Vous pouvez trier, filtrer, ou supprimer les lignes que vous ne remplissez pas : elles restent telles quelles.',
		'Les lignes d’un chiffre déjà soumis ou validé sont verrouillées : elles sont ignorées si elles ne changent pas, refusées sinon.',
		'Téléversez ensuite le fichier sur la page « Saisie par tableur » du schéma. Chaque ligne est vérifiée ; toutes les erreurs sont listées avec leur feuille, leur ligne et leur colonne ; rien n’est enregistré tant qu’une ligne est invalide.',
		'Un aperçu montre ce qui change (nouveaux chiffres, chiffres modifiés, lignes inchangées) ; après votre confirmation, les chiffres sont enregistrés en brouillon, avec le même historique que la grille. Soumettez-les ensuite à la coordination depuis la grille de chaque fiche.',
		'Si quelqu’un modifie un chiffre entre le téléchargement de ce modèle et son import, la ligne est refusée : téléchargez un nouveau modèle.'
	];
	steps.forEach((text, i) => {
		const row = instructions.addRow([`${i + 1}.`, safeCellValue(text)]);
		row.getCell(1).alignment = { horizontal: 'right', vertical: 'top' };
		row.height = Math.max(15, Math.ceil(text.length / 95) * 15);
	});

	const sheet = addTableSheet(
		workbook,
		FIGURES_SHEETS.figures,
		FIGURES_COLUMNS.map((c) => ({ header: c.header, width: c.width })),
		{ footer: title }
	);
	sheet.views = [{ state: 'frozen', xSplit: 5, ySplit: 1, topLeftCell: 'F2', activeCell: 'J2' }];
	const index = (key: string) => FIGURES_COLUMNS.findIndex((c) => c.key === key) + 1;
	const valueColumn = sheet.getColumn(index('value'));
	valueColumn.numFmt = '@';
	FIGURES_COLUMNS.forEach((c, i) => {
		if (c.hidden) sheet.getColumn(i + 1).hidden = true;
	});
	for (const { fiche, lines } of context.sheets) {
		for (const line of lines) {
			const figure = line.figure;
			const row = sheet.addRow(
				FIGURES_COLUMNS.map((c) => {
					switch (c.key) {
						case 'key':
							return line.key;
						case 'version':
							return figure?.version ?? null;
						case 'fiche':
							return safeCellValue(fiche.number);
						case 'ficheTitle':
							return safeCellValue(fiche.title);
						case 'indicator':
							return safeCellValue(lineLabel(line));
						case 'breakdown':
							return line.breakdown
								? safeCellValue(`${line.breakdown.groupLabel} : ${line.breakdown.label}`)
								: null;
						case 'unit':
							return `${INDICATOR_UNIT_LABELS[line.indicator.unit]} — ${UNIT_HINTS[line.indicator.unit]}`;
						case 'target':
							return line.target === null
								? null
								: formatFigureValue(line.indicator.unit, { kind: 'number', value: line.target });
						case 'previous':
							return line.previous
								? safeCellValue(`${line.previous.display} (${line.previous.periodCode})`)
								: null;
						case 'value':
							return figure && !figure.notAvailable ? safeCellValue(figure.inputText) : null;
						case 'notAvailable':
							return figure?.notAvailable ? YES : NO;
						case 'comment':
							return safeCellValue(figure?.comment ?? null);
						case 'status':
							return stateText(line);
						case 'note':
							return safeCellValue(noteText(line));
					}
				})
			);
			FIGURES_COLUMNS.forEach((c, i) => {
				const cell = row.getCell(i + 1);
				if (c.input && line.editable) cell.fill = INPUT_FILL;
				else if (!c.hidden) cell.fill = INFO_FILL;
				if (c.input && !line.editable) cell.font = LOCKED_FONT;
			});
			row.getCell(index('value')).numFmt = '@';
		}
	}
	const last = Math.max(sheet.rowCount, 2);
	const validations = (sheet as unknown as RangeValidations).dataValidations;
	const letter = (key: string) => sheet.getColumn(index(key)).letter;
	validations.add(`${letter('notAvailable')}2:${letter('notAvailable')}${last}`, {
		type: 'list',
		allowBlank: true,
		formulae: [`"${YES},${NO}"`],
		showErrorMessage: true,
		errorStyle: 'stop',
		errorTitle: 'Oui ou Non',
		error: 'Choisissez « Oui » (valeur non disponible) ou « Non ».'
	});
	validations.add(`${letter('value')}2:${letter('value')}${last}`, {
		type: 'textLength',
		operator: 'lessThanOrEqual',
		allowBlank: true,
		formulae: [2000],
		showInputMessage: true,
		promptTitle: 'Valeur',
		prompt:
			'Comme dans la grille : 1 234 ; 12,5 ; 1 234,56 ; oui / non ; texte. Laissez vide si « Non disponible ».',
		showErrorMessage: true,
		errorStyle: 'stop',
		errorTitle: 'Valeur trop longue',
		error: '2 000 caractères au plus.'
	});
	setAutoFilter(sheet, FIGURES_COLUMNS.length);
	// Opens on the figures, the instructions one click away.
	workbook.views = [
		{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 1, visibility: 'visible' }
	];
	fitWrappedRows(workbook);
	return writeWorkbook(workbook);
}

/** "saisie-2019-haute-vienne-2017-2021.xlsx" */
export function templateFileName(context: ImportContext): string {
	return `saisie-${context.period.code}-${context.scheme.slug}.xlsx`;
}
