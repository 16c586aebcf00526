import ExcelJS from 'exceljs';
import { FICHE_STATE_LABELS, INDICATOR_UNIT_LABELS } from '$lib/domain/enums';
import { listToText } from '$lib/domain/list-text';
import type { PlanDocument } from '$lib/domain/plan-document';
import { formatDate, formatIndicatorValue } from '$lib/ui/format';
import { nodeLabel } from '$lib/ui/plan-tree';
import { safeCellValue } from './safe-cell';
import {
	A4_PAPER,
	addTableSheet,
	headerFooterText,
	setAutoFilter,
	setDocumentProperties,
	uniqueSheetName,
	fitWrappedRows
} from './workbook-style';
import { writeWorkbook } from './write-workbook';

// Fiches in the booklet's layout: one sheet per fiche, the path in the plan on top, then the
// two-column "label | content" rows of the printed booklet, A4 portrait fitted to the width,
// so that the file can serve as the next booklet.

type Fiche = PlanDocument['tree'][number]['fiches'][number];
type Indicator = Fiche['indicators'][number];
type PathNode = { code: string; title: string; levelLabel: string };
export type PlacedFiche = { fiche: Fiche; path: PathNode[] };

const LABEL_FILL: ExcelJS.Fill = {
	type: 'pattern',
	pattern: 'solid',
	fgColor: { argb: 'FFEEEEEE' }
};
const TITLE_FILL: ExcelJS.Fill = {
	type: 'pattern',
	pattern: 'solid',
	fgColor: { argb: 'FFE3E3FD' }
};
const THIN: ExcelJS.Border = { style: 'thin', color: { argb: 'FF929292' } };
const BOX = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const NOT_PROVIDED = 'Non renseigné';
const LABEL_WIDTH = 30;
const CONTENT_WIDTH = 90;

/** Every fiche of the plan in reading order, with the nodes above it. */
export function placeFiches(doc: PlanDocument): PlacedFiche[] {
	const placed: PlacedFiche[] = [];
	const visit = (nodes: PlanDocument['tree'], path: PathNode[]) => {
		for (const node of nodes) {
			const here = [
				...path,
				{
					code: node.code,
					title: node.title,
					levelLabel: doc.scheme.levelLabels[path.length] ?? ''
				}
			];
			for (const fiche of node.fiches) placed.push({ fiche, path: here });
			visit(node.children, here);
		}
	};
	visit(doc.tree, []);
	return placed;
}

/** Indicator lines as the booklet prints them, grouped under their heading ("De réalisation"). */
function indicatorGroups(indicators: Indicator[]): { heading: string; text: string }[] {
	const groups: { heading: string; lines: string[] }[] = [];
	let previous: Indicator | null = null;
	for (const indicator of indicators) {
		const heading =
			indicator.kindLabel ?? (indicator.kind === 'realisation' ? 'De réalisation' : 'De résultat');
		let group = groups.find((g) => g.heading === heading);
		if (!group) groups.push((group = { heading, lines: [] }));
		// A line holding several measures is stored once per measure: print it once.
		const sameLine =
			previous !== null && previous.label === indicator.label && previous.kind === indicator.kind;
		if (!sameLine) group.lines.push(`- ${indicator.label}`);
		const measure = indicator.measures?.length === 1 ? indicator.measures[0] : null;
		const unit = measure?.unit ?? indicator.unit ?? null;
		const details: string[] = [];
		if (measure?.measure)
			details.push(`${measure.measure} (${INDICATOR_UNIT_LABELS[measure.unit].toLowerCase()})`);
		if (indicator.baseline) {
			details.push(
				`Référence ${indicator.baseline.year} : ${formatIndicatorValue(indicator.baseline.value, unit ?? 'nombre')}`
			);
		}
		if (indicator.targets.length) {
			details.push(
				`Cible${indicator.targets.length > 1 ? 's' : ''} : ${indicator.targets
					.map((t) => `${t.year} : ${formatIndicatorValue(t.value, unit ?? 'nombre')}`)
					.join(' ; ')}`
			);
		}
		if (indicator.breakdown)
			details.push(
				`Ventilé par ${indicator.breakdown.label.toLowerCase()} : ${indicator.breakdown.values.join(', ')}`
			);
		for (const detail of details) group.lines.push(`    ${detail}`);
		previous = indicator;
	}
	return groups.map((g) => ({ heading: g.heading, text: g.lines.join('\n') }));
}

function period(fiche: Fiche): string | null {
	if (fiche.startDate && fiche.endDate)
		return `Du ${formatDate(fiche.startDate)} au ${formatDate(fiche.endDate)}`;
	if (fiche.startDate) return `À partir du ${formatDate(fiche.startDate)}`;
	if (fiche.endDate) return `Jusqu’au ${formatDate(fiche.endDate)}`;
	return null;
}

/** Height of a merged row: Excel does not grow merged cells by itself. */
function mergedHeight(text: string, charsPerLine: number, lineHeight = 15): number {
	const lines = text
		.split('\n')
		.reduce((sum, line) => sum + Math.max(1, Math.ceil(line.length / charsPerLine)), 0);
	return Math.max(lineHeight, lines * lineHeight);
}

function addFicheSheet(
	workbook: ExcelJS.Workbook,
	name: string,
	placed: PlacedFiche,
	schemeLine: string
): ExcelJS.Worksheet {
	const { fiche, path } = placed;
	const heading = `Action n°${fiche.number} : ${fiche.title}`;
	const sheet = workbook.addWorksheet(name, {
		pageSetup: {
			paperSize: A4_PAPER,
			orientation: 'portrait',
			fitToPage: true,
			fitToWidth: 1,
			fitToHeight: 0,
			horizontalCentered: true,
			margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 }
		},
		// The long scheme line has the header to itself: in the footer it ran over « Action n°… ».
		headerFooter: {
			oddHeader: `&L&8${headerFooterText(schemeLine)}`,
			oddFooter: `&L${headerFooterText(`Action n°${fiche.number}`)}&RPage &P / &N`
		},
		views: [{ showGridLines: false }]
	});
	sheet.columns = [
		{ width: LABEL_WIDTH, style: { alignment: { vertical: 'top', wrapText: true } } },
		{ width: CONTENT_WIDTH, style: { alignment: { vertical: 'top', wrapText: true } } }
	];
	const charsPerLine = LABEL_WIDTH + CONTENT_WIDTH;

	const banner = (text: string, font: Partial<ExcelJS.Font>, fill?: ExcelJS.Fill) => {
		const row = sheet.addRow([safeCellValue(text)]);
		sheet.mergeCells(row.number, 1, row.number, 2);
		const cell = row.getCell(1);
		cell.font = font;
		cell.alignment = { vertical: 'top', wrapText: true };
		if (fill) {
			cell.fill = fill;
			cell.border = BOX;
		}
		row.height = mergedHeight(text, charsPerLine * 0.9, font.size && font.size > 12 ? 18 : 15);
	};
	// A heading (sub-rows follow) leaves its content empty; a blank section says so in words.
	const line = (
		label: string,
		content: string | null,
		options: { sub?: boolean; heading?: boolean } = {}
	) => {
		const text = content && content.trim() ? content : options.heading ? null : NOT_PROVIDED;
		const row = sheet.addRow([label, safeCellValue(text)]);
		const [labelCell, contentCell] = [row.getCell(1), row.getCell(2)];
		labelCell.font = { bold: !options.sub, italic: options.sub };
		labelCell.fill = LABEL_FILL;
		labelCell.alignment = { vertical: 'top', wrapText: true, indent: options.sub ? 2 : 0 };
		labelCell.border = BOX;
		contentCell.border = BOX;
		if (text === NOT_PROVIDED) contentCell.font = { italic: true, color: { argb: 'FF666666' } };
	};

	banner(schemeLine, { italic: true, size: 9, color: { argb: 'FF3A3A3A' } });
	for (const node of path) banner(`${nodeLabel(node)} : ${node.title}`, { bold: true, size: 11 });
	if (fiche.priorityLabel) banner(fiche.priorityLabel, { italic: true, size: 10 });
	banner(heading, { bold: true, size: 14 }, TITLE_FILL);

	line('État d’avancement', FICHE_STATE_LABELS[fiche.state]);
	if (fiche.tocTitle && fiche.tocTitle !== fiche.title)
		line('Intitulé au sommaire', fiche.tocTitle);
	line('Contexte / Constats / problématiques', fiche.context);
	line('Déclinaison opérationnelle', listToText(fiche.steps));
	line('Public(s) visé(s)', fiche.targetPublic);
	line('Pilote(s) de l’action', fiche.pilots.map((a) => a.label).join('\n'));
	line('Partenaires associés', fiche.partners.map((a) => a.label).join('\n'));
	line('Echéancier', [fiche.schedule, period(fiche)].filter(Boolean).join('\n'));

	const { quantitative, qualitative, unclassified } = fiche.results;
	if (quantitative.length || qualitative.length) {
		line('Des résultats attendus', listToText(unclassified), { heading: true });
		line('Quantitatif', listToText(quantitative), { sub: true });
		line('Qualitatif', listToText(qualitative), { sub: true });
	} else {
		line('Des résultats attendus', listToText(unclassified));
	}

	const groups = indicatorGroups(fiche.indicators);
	if (groups.length) {
		line('Indicateurs d’évaluation', null, { heading: true });
		for (const group of groups) line(group.heading, group.text, { sub: true });
	} else {
		line('Indicateurs d’évaluation', null);
	}
	line('Lien avec les schémas existants', fiche.links);
	return sheet;
}

function schemeLineOf(doc: PlanDocument): string {
	return `${doc.scheme.title} — ${doc.scheme.startYear}-${doc.scheme.endYear}`;
}

/** One fiche or several, one sheet each; several fiches get a contents sheet first. */
export async function writeFichesWorkbook(
	doc: PlanDocument,
	fiches: PlacedFiche[]
): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook();
	const single = fiches.length === 1 ? fiches[0].fiche : null;
	setDocumentProperties(workbook, {
		title: single
			? `Fiche action n°${single.number} — ${single.title}`
			: `Fiches actions — ${doc.scheme.title}`,
		subject: `Schéma départemental des services aux familles ${doc.scheme.departmentName} ${doc.scheme.startYear}-${doc.scheme.endYear}`,
		company: doc.scheme.departmentName,
		description: doc.scheme.subtitle
	});
	const schemeLine = schemeLineOf(doc);
	const taken = new Set<string>();
	const names = fiches.map((p) => uniqueSheetName(`Fiche ${p.fiche.number}`, taken));

	if (!single) {
		const contents = addTableSheet(
			workbook,
			uniqueSheetName('Sommaire', taken),
			[
				{ header: 'N°', width: 8 },
				{ header: 'Intitulé', width: 60 },
				{ header: 'État', width: 14 },
				{ header: 'Pilote(s)', width: 35 },
				{ header: doc.scheme.levelLabels[0] ?? 'Axe', width: 40 },
				{ header: 'Onglet', width: 16 }
			],
			{ footer: schemeLine }
		);
		fiches.forEach((p, i) => {
			contents.addRow(
				[
					p.fiche.number,
					p.fiche.title,
					FICHE_STATE_LABELS[p.fiche.state],
					p.fiche.pilots.map((a) => a.label).join('\n'),
					p.path[0] ? `${nodeLabel(p.path[0])} : ${p.path[0].title}` : null,
					names[i]
				].map(safeCellValue)
			);
		});
		setAutoFilter(contents, 6);
	}
	fiches.forEach((p, i) => addFicheSheet(workbook, names[i], p, schemeLine));
	fitWrappedRows(workbook);
	return writeWorkbook(workbook);
}
