import {
	commentRequired,
	entryFieldNames,
	formatFigureValue,
	isNotAvailableWord,
	parseFigureInput,
	readEntryForm,
	type EntryRow,
	type FigureValue
} from '$lib/domain/figures';
import type { IndicatorUnit } from '$lib/domain/enums';
import type { CurrentUser } from '../auth/auth.service';
import type { Db } from '../db/database';
import {
	UPLOAD_LIMITS,
	columnLetter,
	readXlsxUpload,
	type CellProblem,
	type CellValue,
	type SheetData,
	type UploadLimits
} from '../excel/xlsx-upload';
import { saveDraft, submitFiche, type EntryLine } from '../reporting/figures.service';
import { storageOf } from '../reporting/reporting-context';
import { transact, type Forbidden, type Locked, type NotFound } from '../reporting/results';
import { nestedDb } from './nested-db';
import {
	FIGURES_COLUMNS,
	FIGURES_SHEETS,
	NO,
	TEMPLATE_KEYS,
	YES,
	columnOfHeader,
	type FiguresColumnKey
} from './template-format';
import {
	loadImportContext,
	type ImportContext,
	type ImportSheet,
	type PeriodWhere
} from './template';

// Reading a filled figures template back: every row is checked (the grid's zod schema, the unit
// rules, the locks and the versions the file was based on) and EVERY problem is reported with
// its sheet, row and column. Only a file without problems gives a preview — new, changed and
// unchanged lines — and the confirmation writes it through the grid's own saveDraft, every fiche
// in one transaction: all or nothing, same rights, locks and history as the grid.

export type ChangeKind = 'new' | 'changed' | 'unchanged';

export type PreviewLine = {
	kind: ChangeKind;
	row: number;
	fiche: { number: string; slug: string };
	indicator: string;
	breakdown: string | null;
	unit: IndicatorUnit;
	before: { display: string; comment: string | null } | null;
	after: { display: string; comment: string | null };
	/** Why a comment will be needed to submit (target missed, big variation), if so. */
	warning: string | null;
};

export type FiguresPreview = {
	scheme: { slug: string; title: string };
	period: { code: string; label: string };
	counts: { rows: number; new: number; changed: number; unchanged: number; fiches: number };
	/** New and changed lines first, then unchanged ones, in file order. */
	lines: PreviewLine[];
};

/** What waits between the preview and the confirmation: grid rows per fiche. */
export type PendingFigures = {
	scheme: string;
	period: string;
	sheets: { fiche: string; rows: EntryRow[] }[];
};

export type CheckFailure = {
	ok: false;
	status: 400 | 403 | 404 | 413 | 415 | 423;
	message: string;
	problems: CellProblem[];
	problemCount: number;
};

export type CheckResult =
	{ ok: true; preview: FiguresPreview; pending: PendingFigures } | CheckFailure;

const failure = (
	status: CheckFailure['status'],
	message: string,
	problems: CellProblem[] = [],
	problemCount = problems.length
): CheckFailure => ({ ok: false, status, message, problems, problemCount });

/** A refusal of the context (rights, period) as a check failure. */
export function contextFailure(result: NotFound | Forbidden | Locked): CheckFailure {
	return failure(
		result.reason === 'not_found' ? 404 : result.reason === 'forbidden' ? 403 : 423,
		result.message
	);
}

/** A number typed in a cell, as the grid would have received it ("12,5", "1234"). */
function numberText(value: number): string {
	if (Number.isInteger(value)) return String(value);
	// Spreadsheets store 0.1 + 0.2 as 0.30000000000000004: 12 significant digits is what they show.
	return String(Number(value.toPrecision(12))).replace('.', ',');
}

type Cells = Partial<Record<FiguresColumnKey, { value: CellValue; column: string }>>;

function text(cell: CellValue | undefined): string {
	if (cell === null || cell === undefined) return '';
	if (typeof cell === 'number') return numberText(cell);
	if (typeof cell === 'boolean') return cell ? 'oui' : 'non';
	if (cell instanceof Date) return cell.toISOString().slice(0, 10);
	return cell;
}

function sameValue(a: FigureValue, b: FigureValue): boolean {
	const x = storageOf(a);
	const y = storageOf(b);
	return (
		x.value_number === y.value_number &&
		x.value_text === y.value_text &&
		x.not_available === y.not_available
	);
}

type LineRef = { sheet: ImportSheet; line: EntryLine };

/**
 * Checks the rows of the « Chiffres » sheet against the lines the user may fill; returns the grid
 * rows to write and the preview, or every problem found.
 */
export function checkFiguresSheet(
	context: ImportContext,
	sheets: SheetData[],
	cellProblems: CellProblem[] = []
): CheckResult {
	// The reader's problems (formulas, error values) come first; a cell it refused is not
	// reported again by the checks below.
	const problems: CellProblem[] = [...cellProblems];
	const refused = new Set(cellProblems.map((p) => `${p.sheet}!${p.column}${p.row}`));
	const problem = (sheet: string, row: number | null, column: string | null, message: string) => {
		if (!refused.has(`${sheet}!${column}${row}`)) problems.push({ sheet, row, column, message });
	};

	// The file must be the template of this scheme and period.
	const instructions = sheets.find((s) => s.name === FIGURES_SHEETS.instructions);
	const figures = sheets.find((s) => s.name === FIGURES_SHEETS.figures);
	if (!figures)
		return failure(
			400,
			`Feuille « ${FIGURES_SHEETS.figures} » introuvable : téléversez le modèle téléchargé sur cette page, sans renommer ses feuilles.`
		);
	if (instructions) {
		for (const row of instructions.rows) {
			const label = row.cells[0];
			const value = text(row.cells[1]).trim();
			if (label === TEMPLATE_KEYS.scheme && value && value !== context.scheme.slug)
				problem(
					instructions.name,
					row.number,
					'B',
					`Ce fichier a été préparé pour le schéma « ${value} », pas pour « ${context.scheme.slug} » : téléchargez le modèle de ce schéma.`
				);
			if (label === TEMPLATE_KEYS.period && value && value.toUpperCase() !== context.period.code)
				problem(
					instructions.name,
					row.number,
					'B',
					`Ce fichier a été préparé pour la période ${value}, pas pour ${context.period.code} : téléchargez le modèle de cette période.`
				);
		}
	}

	// Columns by their header.
	const [header, ...rows] = figures.rows;
	const columns = new Map<FiguresColumnKey, number>();
	if (header && header.number === 1) {
		header.cells.forEach((cell, i) => {
			const key = columnOfHeader(cell);
			if (key && !columns.has(key)) columns.set(key, i);
		});
	}
	const missing = FIGURES_COLUMNS.filter((c) => c.required && !columns.has(c.key));
	if (missing.length) {
		for (const c of missing)
			problem(
				figures.name,
				1,
				null,
				`Colonne « ${c.header} » introuvable en ligne 1 : gardez les en-têtes du modèle (les colonnes masquées comprises).`
			);
		return failure(400, 'Le fichier n’a pas la forme du modèle de saisie.', problems);
	}
	const body = header && header.number === 1 ? rows : figures.rows;

	const byKey = new Map<string, LineRef>();
	for (const sheet of context.sheets)
		for (const line of sheet.lines) byKey.set(line.key, { sheet, line });
	const seen = new Map<string, number>();
	const writes = new Map<string, { fiche: string; rows: EntryRow[] }>();
	const preview: PreviewLine[] = [];

	for (const row of body) {
		const cells: Cells = {};
		for (const [key, index] of columns)
			cells[key] = { value: row.cells[index] ?? null, column: columnLetter(index + 1) };
		const at = (key: FiguresColumnKey) => cells[key]!.column;
		const say = (key: FiguresColumnKey, message: string) =>
			problem(figures.name, row.number, at(key), message);
		const valueText = text(cells.value?.value);
		const commentText = text(cells.comment?.value);
		const keyText = text(cells.key?.value).trim();
		if (!keyText) {
			if (valueText.trim() || commentText.trim())
				say(
					'key',
					'Ligne sans clé : ajoutez les chiffres sur les lignes du modèle, sans en créer de nouvelles.'
				);
			continue;
		}
		const ref = byKey.get(keyText);
		if (!ref) {
			say(
				'key',
				`Ligne inconnue (clé « ${keyText.slice(0, 20)} ») : elle n’est pas attendue pour vos fiches sur cette période. Téléchargez un nouveau modèle.`
			);
			continue;
		}
		const earlier = seen.get(keyText);
		if (earlier !== undefined) {
			say(
				'key',
				`Cette ligne figure deux fois dans le fichier (déjà en ligne ${earlier}) : gardez-en une seule.`
			);
			continue;
		}
		seen.set(keyText, row.number);
		const { line, sheet } = ref;

		const versionCell = cells.version?.value ?? null;
		const versionText = text(versionCell).trim();
		let rowOk = true;
		if (versionText && !/^[1-9]\d{0,8}$/.test(versionText)) {
			say('version', 'Version de la ligne illisible : ne modifiez pas les colonnes masquées.');
			rowOk = false;
		}
		const naCell = cells.notAvailable?.value ?? null;
		const naText = text(naCell).trim().toLowerCase();
		let notAvailable = false;
		if (naCell === true || ['oui', 'o', 'x', 'vrai'].includes(naText)) notAvailable = true;
		else if (!(naCell === null || naCell === false || ['', 'non', 'n', 'faux'].includes(naText))) {
			say('notAvailable', `Répondez « ${YES} » ou « ${NO} » (ou laissez vide).`);
			rowOk = false;
		}
		if (cells.value?.value instanceof Date) {
			say('value', 'Une date n’est pas une valeur attendue : écrivez le nombre ou le texte.');
			rowOk = false;
		}

		// The grid's own schema reads the row, then the unit's rules read the value.
		const names = entryFieldNames(line.key);
		const read = readEntryForm({
			[names.value]: valueText,
			[names.notAvailable]: notAvailable ? 'oui' : '',
			[names.comment]: commentText,
			[names.version]: rowOk ? versionText : ''
		});
		if (!read.ok) {
			for (const [field, message] of Object.entries(read.errors))
				say(field === names.comment ? 'comment' : 'value', message);
			continue;
		}
		if (!rowOk) continue;
		const entry = read.rows[0];
		let proposed: FigureValue;
		if (entry.notAvailable) {
			if (entry.value.trim() && !isNotAvailableWord(entry.value)) {
				say('value', `Videz la valeur ou choisissez « ${NO} » dans « Non disponible ».`);
				continue;
			}
			proposed = { kind: 'not_available' };
		} else {
			const parsed = parseFigureInput(line.indicator.unit, entry.value);
			if (!parsed.ok) {
				say('value', parsed.message);
				continue;
			}
			proposed = parsed.value;
		}

		const current = line.figure;
		const unchanged = current
			? sameValue(current.value, proposed) && (current.comment ?? null) === (entry.comment ?? null)
			: proposed.kind === 'empty' && !entry.comment;
		const unit = line.indicator.unit;
		const label = line.indicator.measure
			? `${line.indicator.label} — ${line.indicator.measure}`
			: line.indicator.label;
		const previewLine = (kind: ChangeKind): PreviewLine => ({
			kind,
			row: row.number,
			fiche: { number: sheet.fiche.number, slug: sheet.fiche.slug },
			indicator: label,
			breakdown: line.breakdown ? `${line.breakdown.groupLabel} : ${line.breakdown.label}` : null,
			unit,
			before: current ? { display: current.display, comment: current.comment } : null,
			after: { display: formatFigureValue(unit, proposed), comment: entry.comment },
			warning: null
		});
		if (unchanged) {
			preview.push(previewLine('unchanged'));
			continue;
		}
		if (!line.editable) {
			say(
				'value',
				current?.status === 'valide'
					? 'Ce chiffre est validé : il ne peut plus être modifié sans renvoi par la coordination. Remettez la valeur du modèle.'
					: 'Ce chiffre est soumis : il attend la validation de la coordination. Remettez la valeur du modèle.'
			);
			continue;
		}
		if ((current?.version ?? null) !== entry.version) {
			say(
				'value',
				current
					? `Ce chiffre a été modifié depuis la préparation du fichier (il vaut maintenant « ${current.display || 'vide'} ») : téléchargez un nouveau modèle.`
					: 'Ce chiffre a été supprimé depuis la préparation du fichier : téléchargez un nouveau modèle.'
			);
			continue;
		}
		const change = previewLine(current && current.value.kind !== 'empty' ? 'changed' : 'new');
		if (proposed.kind === 'number' && !entry.comment) {
			// The rule the submission will apply, said now so the pilot can add the comment.
			const rule = commentRequired({
				value: proposed.value,
				target: line.target,
				previous: line.previous?.value ?? null,
				polarity: line.indicator.polarity
			});
			change.warning = rule.required ? rule.message : null;
		}
		preview.push(change);
		const group = writes.get(sheet.fiche.slug) ?? { fiche: sheet.fiche.slug, rows: [] };
		group.rows.push(entry);
		writes.set(sheet.fiche.slug, group);
	}

	if (problems.length) {
		const shown = problems.slice(0, UPLOAD_LIMITS.maxProblems);
		return failure(
			400,
			`${problems.length === 1 ? 'Une erreur empêche' : `${problems.length} erreurs empêchent`} l’import : corrigez ${problems.length === 1 ? 'la cellule indiquée' : 'les cellules indiquées'} puis téléversez le fichier à nouveau. Rien n’a été enregistré.`,
			shown,
			problems.length
		);
	}
	if (seen.size === 0)
		return failure(
			400,
			`Aucune ligne du modèle dans la feuille « ${FIGURES_SHEETS.figures} » : rien à importer.`
		);
	const order: Record<ChangeKind, number> = { new: 0, changed: 0, unchanged: 1 };
	preview.sort((a, b) => order[a.kind] - order[b.kind] || a.row - b.row);
	return {
		ok: true,
		preview: {
			scheme: { slug: context.scheme.slug, title: context.scheme.title },
			period: { code: context.period.code, label: context.period.label },
			counts: {
				rows: seen.size,
				new: preview.filter((p) => p.kind === 'new').length,
				changed: preview.filter((p) => p.kind === 'changed').length,
				unchanged: preview.filter((p) => p.kind === 'unchanged').length,
				fiches: writes.size
			},
			lines: preview
		},
		pending: {
			scheme: context.scheme.slug,
			period: context.period.code,
			sheets: [...writes.values()]
		}
	};
}

/**
 * Reads an uploaded file for this user and period: context (rights, open period), then the
 * workbook (readXlsxUpload: type, size, zip checks, formulas refused), then every row.
 */
export async function checkFiguresUpload(
	db: Db,
	user: CurrentUser,
	where: PeriodWhere,
	file: Buffer,
	options: { limits?: UploadLimits; today?: string } = {}
): Promise<CheckResult> {
	const context = await loadImportContext(db, user, where, options.today);
	if (!context.ok) return contextFailure(context);
	if (context.sheets.length === 0)
		return failure(
			403,
			'Aucune de vos fiches n’attend de chiffres sur cette période : rien à importer.'
		);
	const read = await readXlsxUpload(file, {
		wanted: (name) => name === FIGURES_SHEETS.figures || name === FIGURES_SHEETS.instructions,
		limits: options.limits
	});
	if (!read.ok) return failure(read.status, read.message, read.problems, read.problemCount);
	return checkFiguresSheet(context, read.sheets, read.problems);
}

export type ConfirmResult =
	| {
			ok: true;
			saved: number;
			/** Figures sent to the coordinator (0 unless asked). */
			submitted: number;
			fiches: { slug: string; saved: number; submitted: number }[];
	  }
	| {
			ok: false;
			reason: 'not_found' | 'forbidden' | 'locked' | 'invalid' | 'conflict';
			message: string;
			fiche: string | null;
	  };

/**
 * Writes the previewed rows through saveDraft, every fiche inside ONE transaction: the grid's
 * checks run again (rights, open period, values, versions); the first refusal rolls everything
 * back, so either every row of the file is saved or none is. With `submit`, each imported fiche is
 * sent to the coordinator through the grid's submitFiche instead (same rules: every expected
 * line filled, comments where asked); a fiche that cannot be submitted rolls everything back.
 */
export async function confirmFiguresImport(
	db: Db,
	user: CurrentUser,
	where: PeriodWhere,
	pending: PendingFigures,
	options: { submit?: boolean } = {}
): Promise<ConfirmResult> {
	if (pending.scheme !== where.scheme || pending.period !== where.period.toUpperCase())
		return {
			ok: false,
			reason: 'invalid',
			message:
				'Cet aperçu concerne un autre schéma ou une autre période : téléversez le fichier à nouveau.',
			fiche: null
		};
	return transact<ConfirmResult>(db, async (tx, refuse) => {
		const inner = nestedDb(tx);
		const fiches: { slug: string; saved: number; submitted: number }[] = [];
		for (const sheet of pending.sheets) {
			const sheetWhere = { scheme: where.scheme, fiche: sheet.fiche, period: pending.period };
			const result = options.submit
				? await submitFiche(inner, user, sheetWhere, sheet.rows)
				: await saveDraft(inner, user, sheetWhere, sheet.rows);
			if (!result.ok) {
				const firstError = result.reason === 'invalid' ? Object.values(result.errors)[0] : null;
				const message =
					result.reason === 'conflict'
						? `Des chiffres de la fiche ${sheet.fiche} ont été modifiés depuis l’aperçu : rien n’a été enregistré. Téléchargez un nouveau modèle ou téléversez à nouveau le fichier.`
						: result.reason === 'invalid' && options.submit
							? `La fiche ${sheet.fiche} ne peut pas être soumise (${firstError ?? 'valeur invalide'}) : rien n’a été enregistré. Complétez-la dans le fichier, ou enregistrez les chiffres en brouillon sans les soumettre.`
							: result.reason === 'invalid'
								? `La fiche ${sheet.fiche} a refusé des valeurs (${firstError ?? 'valeur invalide'}) : rien n’a été enregistré.`
								: `${result.message} Rien n’a été enregistré.`;
				return refuse({ ok: false, reason: result.reason, message, fiche: sheet.fiche });
			}
			fiches.push({
				slug: sheet.fiche,
				saved: 'saved' in result ? result.saved : sheet.rows.length,
				submitted: 'submitted' in result ? result.submitted : 0
			});
		}
		return {
			ok: true,
			saved: fiches.reduce((n, f) => n + f.saved, 0),
			submitted: fiches.reduce((n, f) => n + f.submitted, 0),
			fiches
		};
	});
}
