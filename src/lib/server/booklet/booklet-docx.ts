import {
	AlignmentType,
	Bookmark,
	BorderStyle,
	Document,
	Footer,
	HeadingLevel,
	InternalHyperlink,
	LevelFormat,
	Packer,
	PageNumber,
	Paragraph,
	ShadingType,
	TableLayoutType,
	Table,
	TableCell,
	TableRow,
	TextRun,
	WidthType,
	type ILevelsOptions,
	type ParagraphChild
} from 'docx';
import { FICHE_STATE_LABELS, INDICATOR_UNIT_LABELS } from '$lib/domain/enums';
import type { ListItem, PlanDocument } from '$lib/domain/plan-document';
import { formatDate, formatIndicatorValue } from '$lib/ui/format';
import { nodeLabel } from '$lib/ui/plan-tree';
import type { PlacedFiche } from '../excel/fiche-export';

// The booklet as committees sign it, written with the `docx` package: title page, preamble,
// contents by plan levels (« Action n°… », each a link to its fiche), then one fiche per page with
// the booklet's rubrics. Real Word styles throughout (Title, Heading 1 for a fiche, Heading 2 for a
// rubric, numbered and bulleted lists, a table for the indicators) so that the file opens in the
// navigation pane and can be edited into the next booklet.

type Fiche = PlacedFiche['fiche'];
type Indicator = Fiche['indicators'][number];

/** Lines added to « Lien avec les schémas existants » beyond the fiche's own text. */
export type FicheExtras = { links: string[] };

export type BookletOptions = {
	/** The whole plan (title page, preamble, contents) or one fiche alone. */
	whole: boolean;
	extras?: Map<string, FicheExtras>;
};

export const DOCX_CONTENT_TYPE =
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const FONT = 'Calibri';
const ACCENT = '1F3864';
const TO_ELABORATE = 'À élaborer';
const NOT_PROVIDED = 'Non renseigné';

const bullet = (level: number): ILevelsOptions => ({
	level,
	format: LevelFormat.BULLET,
	text: ['•', '◦', '▪'][level % 3],
	alignment: AlignmentType.LEFT,
	style: { paragraph: { indent: { left: 360 * (level + 1), hanging: 260 } } }
});
/** Numbered lists as the booklet writes them: « 1) », « 1- » or « 1. », sub-points bulleted. */
const NUMBER_STYLES = { paren: '%1)', dash: '%1-', dot: '%1.' } as const;
type NumberStyle = keyof typeof NUMBER_STYLES;
const numbered = (style: NumberStyle): ILevelsOptions[] => [
	{
		level: 0,
		format: LevelFormat.DECIMAL,
		text: NUMBER_STYLES[style],
		alignment: AlignmentType.LEFT,
		style: { paragraph: { indent: { left: 400, hanging: 400 } } }
	},
	bullet(1),
	bullet(2)
];

/** A bookmark name Word accepts: a letter first, letters, digits and underscores, 40 at most. */
export function ficheBookmark(number: string): string {
	return `fiche_${number.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '_')}`.slice(0, 40);
}

function numberStyleOf(items: ListItem[]): NumberStyle | null {
	const marker = items[0]?.marker?.trim() ?? '';
	if (!/^\d+/.test(marker)) return null;
	if (marker.endsWith('-')) return 'dash';
	if (marker.endsWith('.')) return 'dot';
	return 'paren';
}

class Writer {
	private instance = 0;
	readonly blocks: (Paragraph | Table)[] = [];

	text(text: string, options: { style?: string; bold?: boolean; italics?: boolean } = {}) {
		this.blocks.push(
			new Paragraph({
				style: options.style,
				children: [new TextRun({ text, bold: options.bold, italics: options.italics })]
			})
		);
	}

	/** Paragraphs separated by a blank line; lines starting with « - » are bullets. */
	prose(text: string | null, empty: string) {
		if (!text?.trim()) return this.text(empty, { italics: true });
		for (const block of text.split(/\n\s*\n/)) {
			const lines = block.split('\n').filter((l) => l.trim());
			let paragraph: string[] = [];
			const flush = () => {
				if (paragraph.length) this.text(paragraph.join(' '));
				paragraph = [];
			};
			for (const line of lines) {
				const item = /^\s*[-•]\s+(.*)$/.exec(line);
				if (item) {
					flush();
					this.blocks.push(
						new Paragraph({
							numbering: { reference: 'bullets', level: 0, instance: ++this.instance },
							children: [new TextRun(item[1])]
						})
					);
				} else paragraph.push(line.trim());
			}
			flush();
		}
	}

	list(items: ListItem[], empty: string | null) {
		if (!items.length) {
			if (empty) this.text(empty, { italics: true });
			return;
		}
		const style = numberStyleOf(items);
		const reference = style ? `numbered-${style}` : 'bullets';
		const instance = ++this.instance;
		const visit = (list: ListItem[], level: number) => {
			for (const item of list) {
				this.blocks.push(
					new Paragraph({
						numbering: { reference, level: Math.min(level, 2), instance },
						children: [new TextRun(item.text)]
					})
				);
				if (item.children?.length) visit(item.children, level + 1);
			}
		};
		visit(items, 0);
	}

	heading(text: string, level: 1 | 2, options: { pageBreak?: boolean; bookmark?: string } = {}) {
		const run = new TextRun(text);
		const children: ParagraphChild[] = options.bookmark
			? [new Bookmark({ id: options.bookmark, children: [run] })]
			: [run];
		this.blocks.push(
			new Paragraph({
				heading: level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
				pageBreakBefore: options.pageBreak,
				children
			})
		);
	}

	pageBreakParagraph(text: string, style: string) {
		this.blocks.push(
			new Paragraph({ style, pageBreakBefore: true, children: [new TextRun(text)] })
		);
	}
}

function indicatorUnit(indicator: Indicator) {
	const measure = indicator.measures?.length === 1 ? indicator.measures[0] : null;
	return { measure: measure?.measure ?? null, unit: measure?.unit ?? indicator.unit ?? 'nombre' };
}

const CELL_BORDER = { style: BorderStyle.SINGLE, size: 4, color: '929292' };
const BORDERS = {
	top: CELL_BORDER,
	bottom: CELL_BORDER,
	left: CELL_BORDER,
	right: CELL_BORDER,
	insideHorizontal: CELL_BORDER,
	insideVertical: CELL_BORDER
};

/** Column widths in twentieths of a point: the A4 text width (11 906 − 2 × 1 134). */
const TEXT_WIDTH = 9638;
const COLUMNS = [1400, 3450, 1950, 1400, 1438];

function cell(text: string, options: { header?: boolean; column: number; rowSpan?: number }) {
	return new TableCell({
		width: { size: COLUMNS[options.column], type: WidthType.DXA },
		rowSpan: options.rowSpan,
		shading: options.header
			? { type: ShadingType.CLEAR, color: 'auto', fill: 'E3E3FD' }
			: undefined,
		margins: { top: 40, bottom: 40, left: 80, right: 80 },
		children: text.split('\n').map(
			(line) =>
				new Paragraph({
					style: 'TableText',
					children: [new TextRun({ text: line, bold: options.header })]
				})
		)
	});
}

const sameLine = (a: Indicator | undefined, b: Indicator) =>
	!!a && a.label === b.label && a.kind === b.kind && a.kindLabel === b.kindLabel;

/**
 * « Indicateurs d'évaluation »: one row per measure, under the booklet's headings. A line holding
 * several measures is stored once per measure: its type and wording span their rows.
 */
function indicatorTable(indicators: Indicator[]): Table {
	const header = ['Type', 'Indicateur', 'Mesure', 'Référence', 'Cibles'];
	const rows = indicators.map((indicator, i) => {
		const { measure, unit } = indicatorUnit(indicator);
		const kind =
			indicator.kindLabel ?? (indicator.kind === 'realisation' ? 'De réalisation' : 'De résultat');
		const label = indicator.breakdown
			? `${indicator.label}\nVentilé par ${indicator.breakdown.label.toLocaleLowerCase('fr')} : ${indicator.breakdown.values.join(', ')}`
			: indicator.label;
		const baseline = indicator.baseline
			? `${formatIndicatorValue(indicator.baseline.value, unit)} (${indicator.baseline.year})`
			: '—';
		const targets = indicator.targets.length
			? indicator.targets
					.map((t) => `${t.year} : ${formatIndicatorValue(t.value, unit)}`)
					.join('\n')
			: '—';
		const unitLabel = INDICATOR_UNIT_LABELS[unit];
		// « Nombre (nombre) » says the same thing twice: the unit only when the measure does not.
		const sameAsUnit = measure?.toLocaleLowerCase('fr') === unitLabel.toLocaleLowerCase('fr');
		const measureText =
			measure && !sameAsUnit ? `${measure} (${unitLabel.toLocaleLowerCase('fr')})` : unitLabel;
		let span = 1;
		while (i + span < indicators.length && sameLine(indicators[i + span - 1], indicators[i + span]))
			span++;
		const continued = sameLine(indicators[i - 1], indicator);
		const cells = continued
			? []
			: [
					cell(kind, { column: 0, rowSpan: span > 1 ? span : undefined }),
					cell(label, { column: 1, rowSpan: span > 1 ? span : undefined })
				];
		cells.push(
			cell(measureText, { column: 2 }),
			cell(baseline, { column: 3 }),
			cell(targets, { column: 4 })
		);
		return new TableRow({ cantSplit: true, children: cells });
	});
	return new Table({
		width: { size: TEXT_WIDTH, type: WidthType.DXA },
		columnWidths: COLUMNS,
		layout: TableLayoutType.FIXED,
		borders: BORDERS,
		rows: [
			new TableRow({
				tableHeader: true,
				cantSplit: true,
				children: header.map((text, i) => cell(text, { header: true, column: i }))
			}),
			...rows
		]
	});
}

function schedule(fiche: Fiche): string | null {
	const parts: string[] = [];
	if (fiche.schedule) parts.push(fiche.schedule);
	if (fiche.startDate && fiche.endDate)
		parts.push(`Du ${formatDate(fiche.startDate)} au ${formatDate(fiche.endDate)}`);
	else if (fiche.startDate) parts.push(`À partir du ${formatDate(fiche.startDate)}`);
	else if (fiche.endDate) parts.push(`Jusqu’au ${formatDate(fiche.endDate)}`);
	return parts.length ? parts.join('\n\n') : null;
}

/** « Action n°11 bis : Développer des études dirigées… » */
export function actionTitle(fiche: { number: string; title: string }): string {
	return `Action n°${fiche.number} : ${fiche.title}`;
}

function writeFiche(
	w: Writer,
	placed: PlacedFiche,
	extras: FicheExtras | undefined,
	first: boolean
) {
	const { fiche, path } = placed;
	const blank = fiche.state === 'a_elaborer';
	const empty = blank ? TO_ELABORATE : NOT_PROVIDED;
	// The plan position, as the booklet prints it above each fiche.
	path.forEach((node, depth) => {
		const line = `${nodeLabel(node)} : ${node.title}`;
		if (depth === 0 && !first) w.pageBreakParagraph(line, 'PlanPath');
		else w.text(line, { style: 'PlanPath' });
	});
	if (fiche.priorityLabel)
		w.text(
			/^priorit/i.test(fiche.priorityLabel)
				? fiche.priorityLabel
				: `Priorité ${fiche.priorityLabel}`,
			{ style: 'Priority' }
		);
	w.heading(actionTitle(fiche), 1, {
		bookmark: ficheBookmark(fiche.number),
		pageBreak: path.length === 0 && !first
	});
	w.text(
		blank
			? 'Fiche à élaborer par ses pilotes, les commissions thématiques et les groupes de travail du schéma.'
			: `État : ${FICHE_STATE_LABELS[fiche.state]}`,
		{ style: 'FicheState' }
	);

	w.heading('Contexte / constats / problématiques', 2);
	w.prose(fiche.context, empty);
	w.heading('Déclinaison opérationnelle', 2);
	w.list(fiche.steps, empty);
	w.heading('Public(s) visé(s)', 2);
	w.prose(fiche.targetPublic, empty);
	w.heading('Pilote(s) de l’action', 2);
	w.list(
		fiche.pilots.map((p) => ({ text: p.label })),
		empty
	);
	w.heading('Partenaires associés', 2);
	w.list(
		fiche.partners.map((p) => ({ text: p.label })),
		empty
	);
	w.heading('Échéancier', 2);
	w.prose(schedule(fiche), empty);

	w.heading('Résultats attendus', 2);
	const { quantitative, qualitative, unclassified } = fiche.results;
	if (!quantitative.length && !qualitative.length && !unclassified.length)
		w.text(empty, { italics: true });
	if (quantitative.length) {
		w.text('Quantitatif :', { bold: true });
		w.list(quantitative, null);
	}
	if (qualitative.length) {
		w.text('Qualitatif :', { bold: true });
		w.list(qualitative, null);
	}
	w.list(unclassified, null);

	w.heading('Indicateurs d’évaluation', 2);
	if (fiche.indicators.length) w.blocks.push(indicatorTable(fiche.indicators));
	else w.text(empty, { italics: true });

	w.heading('Lien avec les schémas existants', 2);
	const linkLines = extras?.links ?? [];
	if (fiche.links || !linkLines.length) w.prose(fiche.links, empty);
	w.list(
		linkLines.map((text) => ({ text })),
		null
	);
}

function titlePage(w: Writer, doc: PlanDocument) {
	const s = doc.scheme;
	w.blocks.push(new Paragraph({ spacing: { before: 2400 } }));
	w.blocks.push(
		new Paragraph({
			heading: HeadingLevel.TITLE,
			alignment: AlignmentType.CENTER,
			children: [new TextRun(s.title)]
		})
	);
	w.text(`${s.startYear} – ${s.endYear}`, { style: 'Subtitle' });
	if (s.subtitle) w.text(s.subtitle, { style: 'Subtitle' });
	if (!/livret/i.test(s.subtitle ?? '')) w.text('Livret des fiches actions', { style: 'Subtitle' });
	w.text(`Département : ${s.departmentName} (${s.departmentCode})`, { style: 'Subtitle' });
}

function contents(w: Writer, placed: PlacedFiche[]) {
	w.heading('Sommaire', 1, { pageBreak: true });
	let previous: string[] = [];
	for (const { fiche, path } of placed) {
		const keys = path.map((n) => `${n.code}\u0000${n.title}`);
		path.forEach((node, depth) => {
			if (
				previous[depth] === keys[depth] &&
				keys.slice(0, depth).join() === previous.slice(0, depth).join()
			)
				return;
			w.text(`${nodeLabel(node)} : ${node.title}`, { style: `Contents${Math.min(depth + 1, 3)}` });
		});
		previous = keys;
		w.blocks.push(
			new Paragraph({
				style: 'ContentsAction',
				children: [
					new InternalHyperlink({
						anchor: ficheBookmark(fiche.number),
						children: [
							new TextRun({ text: `Action n°${fiche.number}`, bold: true }),
							new TextRun(` ${fiche.tocTitle ?? fiche.title}`),
							...(fiche.state === 'a_elaborer'
								? [new TextRun({ text: ' (à élaborer)', italics: true })]
								: [])
						]
					})
				]
			})
		);
	}
}

/** The .docx file of the booklet (or of the fiches given). */
export async function writeBookletDocx(
	doc: PlanDocument,
	placed: PlacedFiche[],
	options: BookletOptions
): Promise<Buffer> {
	const w = new Writer();
	if (options.whole) {
		titlePage(w, doc);
		w.heading('Préambule', 1, { pageBreak: true });
		w.prose(doc.scheme.description, 'Préambule à rédiger.');
		contents(w, placed);
	}
	placed.forEach((p, i) => {
		writeFiche(w, p, options.extras?.get(p.fiche.number), !options.whole && i === 0);
	});
	if (!placed.length) w.text('Aucune fiche action.', { italics: true });

	const document = new Document({
		creator: 'Pilotage SDSF',
		title: options.whole ? `${doc.scheme.title} – livret des fiches actions` : doc.scheme.title,
		description: `${doc.scheme.title} ${doc.scheme.startYear}–${doc.scheme.endYear}`,
		styles: {
			default: {
				document: { run: { font: FONT, size: 21 }, paragraph: { spacing: { after: 80 } } },
				title: { run: { font: FONT, size: 48, bold: true, color: ACCENT } },
				heading1: {
					run: { font: FONT, size: 30, bold: true, color: ACCENT },
					paragraph: { spacing: { before: 240, after: 160 }, keepNext: true }
				},
				heading2: {
					run: { font: FONT, size: 23, bold: true, color: ACCENT },
					paragraph: { spacing: { before: 180, after: 60 }, keepNext: true }
				}
			},
			paragraphStyles: [
				{
					id: 'Subtitle',
					name: 'Subtitle',
					basedOn: 'Normal',
					run: { size: 28, color: '404040' },
					paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 200 } }
				},
				{
					id: 'PlanPath',
					name: 'Position dans le plan',
					basedOn: 'Normal',
					run: { bold: true, color: '404040', size: 20 },
					paragraph: { spacing: { after: 40 }, keepNext: true }
				},
				{
					id: 'Priority',
					name: 'Priorité',
					basedOn: 'Normal',
					run: { italics: true, size: 20 },
					paragraph: { keepNext: true }
				},
				{
					id: 'FicheState',
					name: 'État de la fiche',
					basedOn: 'Normal',
					run: { italics: true, color: '595959' }
				},
				{
					id: 'Contents1',
					name: 'Sommaire niveau 1',
					basedOn: 'Normal',
					run: { bold: true, color: ACCENT },
					paragraph: { spacing: { before: 200, after: 60 }, keepNext: true }
				},
				{
					id: 'Contents2',
					name: 'Sommaire niveau 2',
					basedOn: 'Normal',
					run: { bold: true },
					paragraph: { indent: { left: 300 }, spacing: { before: 80 }, keepNext: true }
				},
				{
					id: 'Contents3',
					name: 'Sommaire niveau 3',
					basedOn: 'Normal',
					run: { italics: true },
					paragraph: { indent: { left: 600 }, keepNext: true }
				},
				{
					id: 'ContentsAction',
					name: 'Sommaire action',
					basedOn: 'Normal',
					paragraph: { indent: { left: 900 } }
				},
				{
					id: 'TableText',
					name: 'Texte de tableau',
					basedOn: 'Normal',
					run: { size: 18 },
					paragraph: { spacing: { after: 0 } }
				}
			]
		},
		numbering: {
			config: [
				{ reference: 'bullets', levels: [bullet(0), bullet(1), bullet(2)] },
				...(Object.keys(NUMBER_STYLES) as NumberStyle[]).map((style) => ({
					reference: `numbered-${style}`,
					levels: numbered(style)
				}))
			]
		},
		sections: [
			{
				properties: {
					page: {
						size: { width: 11906, height: 16838 },
						margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 }
					}
				},
				footers: {
					default: new Footer({
						children: [
							new Paragraph({
								alignment: AlignmentType.CENTER,
								children: [
									new TextRun({
										text: `${doc.scheme.title} ${doc.scheme.startYear}–${doc.scheme.endYear} — page `,
										size: 16,
										color: '595959'
									}),
									new TextRun({ children: [PageNumber.CURRENT], size: 16, color: '595959' })
								]
							})
						]
					})
				},
				children: w.blocks
			}
		]
	});
	return Buffer.from(await Packer.toBuffer(document));
}
