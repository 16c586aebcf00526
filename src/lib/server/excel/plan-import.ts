import type {
	FicheState,
	IndicatorKind,
	IndicatorUnit,
	OrganisationType,
	Periodicity,
	Polarity,
	SchemeState
} from '$lib/domain/enums';
import { inferMeasures } from '$lib/domain/indicator-rules';
import { matchOrganisation, organisationMatchKey } from '$lib/domain/organisation-matching';
import { can, PLATFORM } from '$lib/domain/policy';
import {
	planDocumentSchema,
	type ActorInput,
	type FicheInput,
	type IndicatorInput,
	type ListItem,
	type OrganisationInput,
	type PlanDocument,
	type PlanDocumentInput,
	type PlanNodeInput
} from '$lib/domain/plan-document';
import { slugify } from '$lib/domain/text';
import type { CurrentUser } from '../auth/auth.service';
import type { Db } from '../db/database';
import { loadMatchableOrganisations } from '../plan/organisation.queries';
import { findSchemeBySlug } from '../plan/plan.queries';
import { importPlanDocument } from '../plan/plan-import.service';
import { actorOf } from '../audit/audit.service';
import {
	ACTORS_SHEET,
	ENUM_LISTS,
	FICHES_SHEET,
	INDICATORS_SHEET,
	ORGANISATIONS_SHEET,
	PLAN_SHEETS,
	SCHEME_FIELDS,
	TABLE_SHEETS,
	TARGETS_SHEET,
	TREE_SHEET,
	enumCode,
	headerKey,
	listFromCell,
	type ColumnSpec,
	type TableSheetSpec
} from './plan-workbook-format';
import {
	UPLOAD_LIMITS,
	columnLetter,
	readXlsxUpload,
	type CellProblem,
	type CellValue,
	type SheetData,
	type UploadFailure
} from './xlsx-upload';

// Plan workbook → PlanDocument. Every problem is listed with its sheet, row and column, never
// only the first; the plan is imported only when there is none (all or nothing).

export type CellLocation = { sheet: string; row: number | null; column: string | null };
export type ParsedPlan = { ok: true; doc: PlanDocument; slugCell: CellLocation } | UploadFailure;

/** The sheets the import reads, in the workbook's order (Instructions and Listes are not read). */
const DATA_SHEETS: string[] = [PLAN_SHEETS.scheme, ...TABLE_SHEETS.map((s) => s.name)];

const cellKey = (at: CellLocation) => `${at.sheet}\u0000${at.row}\u0000${at.column}`;

/**
 * The problems found, starting with those of the reader (formulas, error values): a cell the
 * reader already refused is not reported a second time (« Valeur obligatoire » for a formula).
 */
class Problems {
	readonly list: CellProblem[] = [];
	count = 0;
	private readonly refused = new Set<string>();
	constructor(cellProblems: CellProblem[] = [], cellProblemCount = cellProblems.length) {
		for (const problem of cellProblems) {
			this.list.push(problem);
			this.refused.add(cellKey(problem));
		}
		this.count = cellProblemCount;
	}
	add(at: CellLocation, message: string): void {
		if (this.refused.has(cellKey(at))) return;
		this.count++;
		if (this.list.length < UPLOAD_LIMITS.maxProblems) this.list.push({ ...at, message });
	}
}

const pad = (n: number) => String(n).padStart(2, '0');
const frenchDate = (d: Date) =>
	`${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;

function cellText(raw: CellValue): string {
	if (raw === null) return '';
	if (raw instanceof Date) return frenchDate(raw);
	if (typeof raw === 'boolean') return raw ? 'Oui' : 'Non';
	return String(raw);
}

/** "1 234,5", "12,5 %", "1234.5" → number; null when it is not one. */
export function parseFrenchNumber(raw: CellValue): number | null {
	if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
	if (typeof raw !== 'string') return null;
	const compact = raw
		.replace(/[\s\u00a0\u202f]/g, '')
		.replace(/[%€]$/, '')
		.replace(',', '.');
	if (!/^[-+]?\d+(\.\d+)?$/.test(compact)) return null;
	return Number(compact);
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const DAY = 86_400_000;

function isoOf(year: number, month: number, day: number): string | null {
	const date = new Date(Date.UTC(year, month - 1, day));
	if (
		date.getUTCFullYear() !== year ||
		date.getUTCMonth() !== month - 1 ||
		date.getUTCDate() !== day
	)
		return null;
	return `${year}-${pad(month)}-${pad(day)}`;
}

/** A date cell, an Excel serial day number, "31/12/2018" or "2018-12-31" → "2018-12-31". */
export function parseDateCell(raw: CellValue): string | null {
	if (raw instanceof Date)
		return Number.isNaN(raw.getTime()) ? null : raw.toISOString().slice(0, 10);
	if (typeof raw === 'number') {
		if (!Number.isInteger(raw) || raw < 32_874 || raw > 73_051) return null;
		return new Date(EXCEL_EPOCH + raw * DAY).toISOString().slice(0, 10);
	}
	if (typeof raw !== 'string') return null;
	const text = raw.trim();
	const french = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
	if (french) return isoOf(Number(french[3]), Number(french[2]), Number(french[1]));
	const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
	if (iso) return isoOf(Number(iso[1]), Number(iso[2]), Number(iso[3]));
	return null;
}

type Read = { value: unknown } | { error: string };

/** One cell read as its column expects; blank gives null (or [] / false). */
export function readCell(column: ColumnSpec, raw: CellValue): Read {
	const text = cellText(raw).replace(/\r\n?/g, '\n');
	const blank = text.trim() === '';
	if (blank) {
		if (column.required) return { error: 'Valeur obligatoire.' };
		if (column.kind === 'list' || column.kind === 'lines') return { value: [] };
		if (column.kind === 'boolean') return { value: false };
		return { value: null };
	}
	switch (column.kind) {
		case 'text':
			return { value: text.trim() };
		case 'long':
			return { value: text.trim() };
		case 'list':
			return { value: listFromCell(text) };
		case 'lines':
			return {
				value: text
					.split('\n')
					.map((l) => l.trim())
					.filter(Boolean)
			};
		case 'enum':
		case 'boolean': {
			if (column.kind === 'boolean' && typeof raw === 'boolean') return { value: raw };
			const list = ENUM_LISTS[column.list!];
			const code = enumCode(list, text);
			if (code === null) {
				return {
					error: `« ${text.trim()} » n’est pas une valeur prévue : choisissez parmi ${Object.values(list.labels).join(', ')}.`
				};
			}
			return { value: column.kind === 'boolean' ? code === 'oui' : code };
		}
		case 'integer': {
			const n = parseFrenchNumber(raw);
			if (n === null || !Number.isInteger(n))
				return { error: `« ${text.trim()} » n’est pas un nombre entier.` };
			return { value: n };
		}
		case 'number': {
			const n = parseFrenchNumber(raw);
			if (n === null) return { error: `« ${text.trim()} » n’est pas un nombre (exemple : 12,5).` };
			return { value: n };
		}
		case 'date': {
			const iso = parseDateCell(raw);
			if (iso === null)
				return { error: `« ${text.trim()} » n’est pas une date au format jj/mm/aaaa.` };
			return { value: iso };
		}
	}
}

type TableRow = {
	number: number;
	values: Record<string, unknown>;
	/** Keys whose cell had a problem (already reported). */
	invalid: Set<string>;
	at: (key: string) => CellLocation;
};

/** Rows of a data sheet, columns found by header; cell problems are reported on the way. */
function readTable(spec: TableSheetSpec, sheet: SheetData, problems: Problems): TableRow[] {
	const [header, ...rows] = sheet.rows;
	if (!header) return [];
	const positions = new Map<string, number>();
	header.cells.forEach((cell, index) => {
		const key = headerKey(cellText(cell));
		const column = spec.columns.find((c) => headerKey(c.header) === key);
		if (!column) return;
		if (positions.has(column.key)) {
			problems.add(
				{ sheet: sheet.name, row: header.number, column: columnLetter(index + 1) },
				`Colonne « ${column.header} » en double.`
			);
		}
		positions.set(column.key, index);
	});
	let complete = true;
	for (const column of spec.columns) {
		if (!positions.has(column.key) && column.required) {
			complete = false;
			problems.add(
				{ sheet: sheet.name, row: header.number, column: null },
				`Colonne « ${column.header} » absente : gardez les en-têtes du modèle.`
			);
		}
	}
	if (!complete) return [];
	return rows.map((row) => {
		const values: Record<string, unknown> = {};
		const invalid = new Set<string>();
		const at = (key: string): CellLocation => {
			const index = positions.get(key);
			return {
				sheet: sheet.name,
				row: row.number,
				column: index === undefined ? null : columnLetter(index + 1)
			};
		};
		for (const column of spec.columns) {
			const index = positions.get(column.key);
			const read = readCell(column, index === undefined ? null : (row.cells[index] ?? null));
			if ('error' in read) {
				invalid.add(column.key);
				problems.add(at(column.key), `${column.header} : ${read.error}`);
			} else {
				values[column.key] = read.value;
			}
		}
		return { number: row.number, values, invalid, at };
	});
}

const KEY_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

type SchemeRead = { scheme: PlanDocumentInput['scheme'] | null; slugCell: CellLocation };

function readScheme(sheet: SheetData, problems: Problems): SchemeRead {
	// Fields are found by their label in the first column; the value sits under "Valeur" (B).
	const header = sheet.rows.find((r) => headerKey(cellText(r.cells[0] ?? null)) === 'champ');
	let valueIndex = 1;
	header?.cells.forEach((cell, index) => {
		if (headerKey(cellText(cell)) === 'valeur') valueIndex = index;
	});
	const found = new Map<string, { raw: CellValue; at: CellLocation }>();
	for (const row of sheet.rows) {
		const key = headerKey(cellText(row.cells[0] ?? null));
		const field = SCHEME_FIELDS.find((f) => headerKey(f.header) === key);
		if (!field) continue;
		const at = { sheet: sheet.name, row: row.number, column: columnLetter(valueIndex + 1) };
		if (found.has(field.key)) problems.add(at, `Ligne « ${field.header} » en double.`);
		found.set(field.key, { raw: row.cells[valueIndex] ?? null, at });
	}
	const values: Record<string, unknown> = {};
	const atOf = (key: string): CellLocation =>
		found.get(key)?.at ?? { sheet: sheet.name, row: null, column: null };
	let ok = true;
	for (const field of SCHEME_FIELDS) {
		const cell = found.get(field.key);
		if (!cell) {
			if (field.required) {
				ok = false;
				problems.add(
					atOf(field.key),
					`Ligne « ${field.header} » absente de la feuille : gardez les lignes du modèle.`
				);
			}
			continue;
		}
		const read = readCell(field, cell.raw);
		if ('error' in read) {
			ok = false;
			problems.add(cell.at, `${field.header} : ${read.error}`);
		} else values[field.key] = read.value;
	}
	const check = (key: string, valid: boolean, message: string) => {
		if (values[key] !== null && values[key] !== undefined && !valid) {
			ok = false;
			problems.add(atOf(key), message);
		}
	};
	check(
		'slug',
		KEY_PATTERN.test(String(values.slug)),
		'Identifiant : en minuscules, chiffres et tirets seulement (exemple : « haute-vienne-2022-2026 »).'
	);
	check(
		'departmentCode',
		/^(\d{2,3}|2A|2B)$/.test(String(values.departmentCode)),
		'Code du département : deux ou trois chiffres, ou 2A / 2B.'
	);
	for (const field of SCHEME_FIELDS.filter((f) => f.kind === 'integer')) {
		const year = Number(values[field.key]);
		check(field.key, year >= 2000 && year <= 2100, `${field.header} : entre 2000 et 2100.`);
	}
	if (
		typeof values.startYear === 'number' &&
		typeof values.endYear === 'number' &&
		values.endYear < values.startYear
	) {
		ok = false;
		problems.add(atOf('endYear'), 'L’année de fin précède l’année de début.');
	}
	const levels = ['level1', 'level2', 'level3', 'level4'];
	const levelLabels: string[] = [];
	levels.forEach((key, index) => {
		const value = values[key];
		if (typeof value !== 'string') return;
		if (levelLabels.length !== index) {
			ok = false;
			problems.add(atOf(key), `Niveau ${index + 1} : renseignez d’abord le niveau ${index}.`);
			return;
		}
		levelLabels.push(value);
	});
	const slugCell = atOf('slug');
	if (!ok) return { scheme: null, slugCell };
	return {
		scheme: {
			slug: values.slug as string,
			departmentCode: values.departmentCode as string,
			departmentName: values.departmentName as string,
			title: values.title as string,
			subtitle: values.subtitle as string | null,
			startYear: values.startYear as number,
			endYear: values.endYear as number,
			state: values.state as SchemeState,
			levelLabels,
			description: values.description as string | null,
			source: values.source as string | null
		},
		slugCell
	};
}

/**
 * The sheets of the workbook, parsed and cross-checked into a plan document; `cellProblems` are
 * those the reader found (formulas…), listed with the others.
 */
export function parsePlanSheets(
	sheets: SheetData[],
	cellProblems: CellProblem[] = [],
	cellProblemCount = cellProblems.length
): ParsedPlan {
	const problems = new Problems(cellProblems, cellProblemCount);
	const byKey = new Map(sheets.map((s) => [headerKey(s.name), s]));
	const sheetOf = (name: string) => byKey.get(headerKey(name));
	const missing = DATA_SHEETS.filter((name) => !sheetOf(name));
	if (missing.length === DATA_SHEETS.length) {
		return {
			ok: false,
			status: 400,
			message:
				'Ce classeur ne suit pas le modèle d’import d’un plan (aucune des feuilles attendues) : téléchargez le modèle, remplissez-le puis téléversez-le.',
			problems: [],
			problemCount: 0
		};
	}
	for (const name of missing) {
		problems.add(
			{ sheet: name, row: null, column: null },
			`Feuille « ${name} » absente : gardez toutes les feuilles du modèle, même vides.`
		);
	}
	const empty = (name: string): SheetData => ({ name, rows: [] });
	const table = (spec: TableSheetSpec) =>
		readTable(spec, sheetOf(spec.name) ?? empty(spec.name), problems);

	const schemeSheet = sheetOf(PLAN_SHEETS.scheme);
	const { scheme, slugCell } = schemeSheet
		? readScheme(schemeSheet, problems)
		: { scheme: null, slugCell: { sheet: PLAN_SHEETS.scheme, row: null, column: null } };
	const depthLimit = scheme?.levelLabels.length ?? 4;

	// Organisations.
	const organisations: OrganisationInput[] = [];
	const organisationKeys = new Map<string, number>();
	for (const row of table(ORGANISATIONS_SHEET)) {
		const v = row.values;
		if (typeof v.key === 'string') {
			if (!KEY_PATTERN.test(v.key)) {
				problems.add(
					row.at('key'),
					'Clé : en minuscules, chiffres et tirets seulement (exemple : « caf-87 »).'
				);
				continue;
			}
			if (organisationKeys.has(v.key)) {
				problems.add(
					row.at('key'),
					`Clé « ${v.key} » déjà utilisée ligne ${organisationKeys.get(v.key)}.`
				);
				continue;
			}
			organisationKeys.set(v.key, row.number);
		}
		if (row.invalid.size) continue;
		organisations.push({
			key: v.key as string,
			name: v.name as string,
			shortName: v.shortName as string,
			type: v.type as OrganisationType,
			aliases: v.aliases as string[]
		});
	}

	// Tree: a parent is always above its children, so that the order of rows is the plan's.
	type NodeDraft = PlanNodeInput & {
		children: PlanNodeInput[];
		fiches: FicheInput[];
		depth: number;
	};
	const tree: NodeDraft[] = [];
	const nodes = new Map<string, NodeDraft>();
	const treeRows = table(TREE_SHEET);
	const allRefs = new Set(
		treeRows.map((r) => r.values.ref).filter((r): r is string => typeof r === 'string')
	);
	for (const row of treeRows) {
		const v = row.values;
		const ref = v.ref as string | undefined;
		if (ref !== undefined && nodes.has(ref)) {
			problems.add(row.at('ref'), `Réf. « ${ref} » déjà utilisée plus haut.`);
			continue;
		}
		let parent: NodeDraft | null = null;
		if (typeof v.parentRef === 'string') {
			parent = nodes.get(v.parentRef) ?? null;
			if (!parent) {
				problems.add(
					row.at('parentRef'),
					allRefs.has(v.parentRef) && v.parentRef !== ref
						? `Le parent « ${v.parentRef} » doit figurer plus haut dans la feuille.`
						: `Réf. du parent « ${v.parentRef} » introuvable dans la colonne « Réf. ».`
				);
				continue;
			}
		}
		const depth = parent ? parent.depth + 1 : 1;
		if (depth > depthLimit) {
			problems.add(
				row.at('parentRef'),
				`Cet élément serait au niveau ${depth}, alors que le schéma en compte ${depthLimit} (feuille « Schéma »).`
			);
			continue;
		}
		if (row.invalid.size) continue;
		const node: NodeDraft = {
			code: v.code as string,
			title: v.title as string,
			tocTitle: v.tocTitle as string | null,
			note: v.note as string | null,
			children: [],
			fiches: [],
			depth
		};
		nodes.set(ref!, node);
		(parent ? parent.children : tree).push(node);
	}
	if (treeRows.length === 0 && sheetOf(TREE_SHEET.name)) {
		problems.add(
			{ sheet: TREE_SHEET.name, row: null, column: null },
			'L’arborescence est vide : décrivez au moins un élément du premier niveau.'
		);
	}

	// Fiches.
	const fiches = new Map<string, { fiche: FicheInput; row: number }>();
	for (const row of table(FICHES_SHEET)) {
		const v = row.values;
		let usable = row.invalid.size === 0;
		const number = v.number as string | undefined;
		const slug = number ? slugify(number) : '';
		if (number !== undefined) {
			if (!slug) {
				problems.add(
					row.at('number'),
					`N° « ${number} » : il doit contenir au moins une lettre ou un chiffre.`
				);
				usable = false;
			} else if (fiches.has(slug)) {
				problems.add(
					row.at('number'),
					`N° « ${number} » déjà utilisé ligne ${fiches.get(slug)!.row}.`
				);
				continue;
			}
		}
		const node = typeof v.nodeRef === 'string' ? nodes.get(v.nodeRef) : undefined;
		if (typeof v.nodeRef === 'string' && !node) {
			problems.add(
				row.at('nodeRef'),
				`Réf. du rattachement « ${v.nodeRef} » introuvable dans la feuille « Arborescence ».`
			);
			usable = false;
		}
		if (
			typeof v.startDate === 'string' &&
			typeof v.endDate === 'string' &&
			v.endDate < v.startDate
		) {
			problems.add(row.at('endDate'), 'La date de fin précède la date de début.');
			usable = false;
		}
		const fiche: FicheInput = {
			number: number ?? '',
			title: v.title as string,
			tocTitle: v.tocTitle as string | null,
			priorityLabel: v.priorityLabel as string | null,
			context: v.context as string | null,
			steps: (v.steps as ListItem[]) ?? [],
			targetPublic: v.targetPublic as string | null,
			pilots: [],
			partners: [],
			schedule: v.schedule as string | null,
			startDate: v.startDate as string | null,
			endDate: v.endDate as string | null,
			results: {
				quantitative: (v.quantitative as ListItem[]) ?? [],
				qualitative: (v.qualitative as ListItem[]) ?? [],
				unclassified: (v.unclassified as ListItem[]) ?? []
			},
			indicators: [],
			links: v.links as string | null,
			state: v.state as FicheState,
			note: v.note as string | null
		};
		// Kept even when invalid, so that its actors and indicators do not add false alarms.
		if (slug) fiches.set(slug, { fiche, row: row.number });
		if (usable && node) node.fiches!.push(fiche);
	}
	const ficheOf = (row: TableRow) => {
		const number = row.values.fiche;
		if (typeof number !== 'string') return null;
		const found = fiches.get(slugify(number));
		if (!found)
			problems.add(
				row.at('fiche'),
				`Fiche n° « ${number} » introuvable dans la feuille « Fiches ».`
			);
		return found?.fiche ?? null;
	};

	// Actors.
	for (const row of table(ACTORS_SHEET)) {
		const v = row.values;
		const fiche = ficheOf(row);
		if (typeof v.org === 'string' && !organisationKeys.has(v.org)) {
			problems.add(
				row.at('org'),
				`Clé d’organisation « ${v.org} » introuvable dans la feuille « Organisations ».`
			);
			continue;
		}
		if (typeof v.org === 'string' && v.freeText === true) {
			problems.add(
				row.at('freeText'),
				'Texte libre : laissez vide quand une organisation est indiquée.'
			);
			continue;
		}
		if (!fiche || row.invalid.size) continue;
		const actor: ActorInput = { label: v.label as string };
		if (typeof v.org === 'string') actor.org = v.org;
		if (v.freeText === true) actor.freeText = true;
		(v.role === 'pilot' ? fiche.pilots! : fiche.partners!).push(actor);
	}

	// Indicators, in row order within each fiche.
	const indicators = new Map<string, { indicator: IndicatorInput; fiche: string }>();
	// Rows already reported as wrong: their targets should not add "not found" to the list.
	const reportedIndicators = new Set<string>();
	for (const row of table(INDICATORS_SHEET)) {
		const v = row.values;
		const fiche = ficheOf(row);
		let usable = row.invalid.size === 0 && fiche !== null;
		const id =
			fiche && typeof v.number === 'number' ? `${slugify(fiche.number)}#${v.number}` : null;
		if (typeof v.number === 'number' && v.number < 1) {
			problems.add(row.at('number'), 'N° d’indicateur : 1 ou plus.');
			usable = false;
		} else if (id && indicators.has(id)) {
			problems.add(
				row.at('number'),
				`N° d’indicateur ${v.number} déjà utilisé pour la fiche ${fiche!.number}.`
			);
			continue;
		}
		if (typeof v.measure === 'string' && !v.unit && !row.invalid.has('unit')) {
			problems.add(row.at('unit'), 'Unité obligatoire quand la mesure est indiquée.');
			usable = false;
		}
		const hasValue = typeof v.baselineValue === 'number';
		const hasYear = typeof v.baselineYear === 'number';
		if (
			hasValue !== hasYear &&
			!row.invalid.has('baselineValue') &&
			!row.invalid.has('baselineYear')
		) {
			problems.add(
				row.at(hasValue ? 'baselineYear' : 'baselineValue'),
				'La valeur de référence et son année vont ensemble : renseignez les deux ou aucune.'
			);
			usable = false;
		}
		if (hasYear && ((v.baselineYear as number) < 1990 || (v.baselineYear as number) > 2100)) {
			problems.add(row.at('baselineYear'), 'Année de référence entre 1990 et 2100.');
			usable = false;
		}
		const values = (v.breakdownValues as string[] | undefined) ?? [];
		if (typeof v.breakdownLabel === 'string' || values.length > 0) {
			if (typeof v.breakdownLabel !== 'string') {
				problems.add(
					row.at('breakdownLabel'),
					'Ventilation : donnez son nom (exemple : « Public »).'
				);
				usable = false;
			} else if (values.length < 2) {
				problems.add(
					row.at('breakdownValues'),
					'Valeurs de la ventilation : au moins deux, une par ligne.'
				);
				usable = false;
			} else if (new Set(values).size !== values.length) {
				problems.add(
					row.at('breakdownValues'),
					'Valeurs de la ventilation : chaque valeur une seule fois.'
				);
				usable = false;
			}
		}
		if (!usable || !fiche || !id) {
			if (id) reportedIndicators.add(id);
			continue;
		}
		const indicator: IndicatorInput = {
			kind: v.kind as IndicatorKind,
			kindLabel: v.kindLabel as string | null,
			label: v.label as string,
			polarity: (v.polarity as Polarity | null) ?? 'higher_better',
			periodicity: (v.periodicity as Periodicity | null) ?? 'annuelle',
			baseline: hasValue
				? { value: v.baselineValue as number, year: v.baselineYear as number }
				: null,
			targets: [],
			breakdown: typeof v.breakdownLabel === 'string' ? { label: v.breakdownLabel, values } : null,
			note: v.note as string | null
		};
		if (typeof v.measure === 'string')
			indicator.measures = [{ measure: v.measure, unit: v.unit as IndicatorUnit }];
		else if (v.unit) indicator.unit = v.unit as IndicatorUnit;
		indicators.set(id, { indicator, fiche: fiche.number });
		fiche.indicators!.push(indicator);
	}

	// Targets.
	for (const row of table(TARGETS_SHEET)) {
		const v = row.values;
		const fiche = ficheOf(row);
		if (!fiche || typeof v.indicator !== 'number') continue;
		const id = `${slugify(fiche.number)}#${v.indicator}`;
		const found = indicators.get(id);
		if (!found && reportedIndicators.has(id)) continue;
		if (!found) {
			problems.add(
				row.at('indicator'),
				`Indicateur n° ${v.indicator} de la fiche ${fiche.number} introuvable dans la feuille « Indicateurs ».`
			);
			continue;
		}
		const { indicator } = found;
		if (typeof v.year === 'number' && (v.year < 1990 || v.year > 2100)) {
			problems.add(row.at('year'), 'Année entre 1990 et 2100.');
			continue;
		}
		if (!indicator.measures && !indicator.unit && inferMeasures(indicator.label).length > 1) {
			problems.add(
				row.at('indicator'),
				`L’indicateur n° ${v.indicator} se lit comme plusieurs mesures : indiquez son unité (ou une ligne par mesure) pour lui donner des cibles.`
			);
			continue;
		}
		if (indicator.targets!.some((t) => t.year === v.year)) {
			problems.add(row.at('year'), `Cible ${v.year} déjà donnée pour cet indicateur.`);
			continue;
		}
		if (row.invalid.size) continue;
		indicator.targets!.push({ year: v.year as number, value: v.value as number });
	}

	// Targets are kept by year, as the database reads them back.
	for (const { indicator } of indicators.values())
		indicator.targets!.sort((a, b) => a.year - b.year);
	if (problems.count > 0 || !scheme) return failure(problems);

	const strip = (node: NodeDraft): PlanNodeInput => ({
		code: node.code,
		title: node.title,
		tocTitle: node.tocTitle,
		note: node.note,
		children: (node.children as NodeDraft[]).map(strip),
		fiches: node.fiches
	});
	const input: PlanDocumentInput = { scheme, organisations, tree: tree.map(strip) };
	const parsed = planDocumentSchema.safeParse(input);
	if (!parsed.success) {
		// The checks above mirror the schema; this only catches what they might have missed.
		for (const issue of parsed.error.issues) {
			problems.add(
				{ sheet: '—', row: null, column: null },
				`${issue.path.join(' › ')} : ${issue.message}`
			);
		}
		return failure(problems);
	}
	return { ok: true, doc: parsed.data, slugCell };
}

function failure(problems: Problems): UploadFailure {
	const rank = (sheet: string) => {
		const index = DATA_SHEETS.indexOf(sheet);
		return index < 0 ? DATA_SHEETS.length : index;
	};
	const columnRank = (c: string | null) =>
		(c ?? '').split('').reduce((n, letter) => n * 26 + letter.charCodeAt(0) - 64, 0);
	const sorted = [...problems.list].sort(
		(a, b) =>
			rank(a.sheet) - rank(b.sheet) ||
			(a.row ?? 0) - (b.row ?? 0) ||
			columnRank(a.column) - columnRank(b.column)
	);
	return {
		ok: false,
		status: 400,
		message:
			problems.count === 1
				? 'Le fichier contient une erreur : rien n’a été importé. Corrigez-la puis téléversez le fichier à nouveau.'
				: `Le fichier contient ${problems.count} erreurs : rien n’a été importé. Corrigez-les puis téléversez le fichier à nouveau.`,
		problems: sorted,
		problemCount: problems.count
	};
}

const KNOWN_SHEETS = new Set(DATA_SHEETS.map(headerKey));

/** An uploaded plan workbook → a plan document, or every problem found (sheet, row, column). */
export async function parsePlanWorkbook(buffer: Buffer): Promise<ParsedPlan> {
	const read = await readXlsxUpload(buffer, {
		wanted: (name) => KNOWN_SHEETS.has(headerKey(name))
	});
	if (!read.ok) return read;
	return parsePlanSheets(read.sheets, read.problems, read.problemCount);
}

export type OrganisationMatch = {
	key: string;
	name: string;
	shortName: string;
	match: { slug: string; name: string; shortName: string; by: 'clé' | 'nom' | 'nom court' } | null;
};

export type ImportPreview = {
	scheme: {
		slug: string;
		title: string;
		subtitle: string | null;
		departmentCode: string;
		departmentName: string;
		startYear: number;
		endYear: number;
	};
	/** A scheme with this slug exists: the import would be refused. */
	slugTaken: boolean;
	slugCell: CellLocation;
	levels: { label: string; count: number }[];
	counts: {
		fiches: number;
		actors: number;
		indicators: number;
		targets: number;
		organisationsMatched: number;
		organisationsCreated: number;
	};
	organisations: OrganisationMatch[];
	/** Actors given without a key: how their label will be matched. */
	labelMatches: {
		label: string;
		fiches: string[];
		organisation: { name: string; shortName: string } | null;
	}[];
};

/** No such territory: only national organisations can match. */
const NO_TERRITORY_YET = -1;

/** What confirming would do: organisations matched or created, counts, and whether the slug is free. */
export async function previewPlanImport(
	db: Db,
	doc: PlanDocument,
	slugCell: CellLocation
): Promise<ImportPreview> {
	// Matched as the import will: organisations of the plan's département and national ones.
	const territory = await db
		.selectFrom('territory')
		.select('id')
		.where('kind', '=', 'departement')
		.where('code', '=', doc.scheme.departmentCode)
		.executeTakeFirst();
	const [existing, scheme] = await Promise.all([
		loadMatchableOrganisations(db, territory?.id ?? NO_TERRITORY_YET),
		findSchemeBySlug(db, doc.scheme.slug)
	]);
	// The same rules as importPlanDocument: key, then name, then short name; aliases join the match.
	const pool = existing.map((o) => ({ ...o, aliases: [...o.aliases] }));
	const organisations: OrganisationMatch[] = doc.organisations.map((org) => {
		const byKey = pool.find((e) => e.slug === org.key);
		const byName = byKey ? null : matchOrganisation(org.name, pool);
		const byShort = byKey || byName ? null : matchOrganisation(org.shortName, pool);
		const found = byKey ?? byName ?? byShort;
		if (found) found.aliases.push(org.name, org.shortName, ...org.aliases);
		else
			pool.push({
				id: -1,
				slug: org.key,
				name: org.name,
				shortName: org.shortName,
				territoryId: null,
				aliases: [...org.aliases]
			});
		return {
			key: org.key,
			name: org.name,
			shortName: org.shortName,
			match: found
				? {
						slug: found.slug,
						name: found.name,
						shortName: found.shortName,
						by: byKey ? 'clé' : byName ? 'nom' : 'nom court'
					}
				: null
		};
	});

	const levels = doc.scheme.levelLabels.map((label) => ({ label, count: 0 }));
	const counts = { fiches: 0, actors: 0, indicators: 0, targets: 0 };
	const labels = new Map<
		string,
		{ label: string; fiches: string[]; organisation: { name: string; shortName: string } | null }
	>();
	const visit = (nodes: PlanDocument['tree'], depth: number) => {
		for (const node of nodes) {
			if (levels[depth]) levels[depth].count++;
			for (const fiche of node.fiches) {
				counts.fiches++;
				for (const actor of [...fiche.pilots, ...fiche.partners]) {
					counts.actors++;
					if (actor.org || actor.freeText) continue;
					const key = organisationMatchKey(actor.label);
					const entry = labels.get(key) ?? {
						label: actor.label,
						fiches: [],
						organisation: (() => {
							const m = matchOrganisation(actor.label, pool);
							return m ? { name: m.name, shortName: m.shortName } : null;
						})()
					};
					if (!entry.fiches.includes(fiche.number)) entry.fiches.push(fiche.number);
					labels.set(key, entry);
				}
				for (const indicator of fiche.indicators) {
					const measures =
						indicator.measures?.length ??
						(indicator.unit ? 1 : inferMeasures(indicator.label).length);
					counts.indicators += measures;
					if (measures === 1) counts.targets += indicator.targets.length;
				}
			}
			visit(node.children, depth + 1);
		}
	};
	visit(doc.tree, 0);
	const matched = organisations.filter((o) => o.match).length;
	return {
		scheme: {
			slug: doc.scheme.slug,
			title: doc.scheme.title,
			subtitle: doc.scheme.subtitle,
			departmentCode: doc.scheme.departmentCode,
			departmentName: doc.scheme.departmentName,
			startYear: doc.scheme.startYear,
			endYear: doc.scheme.endYear
		},
		slugTaken: scheme !== undefined,
		slugCell,
		levels,
		counts: {
			...counts,
			organisationsMatched: matched,
			organisationsCreated: organisations.length - matched
		},
		organisations,
		labelMatches: [...labels.values()]
	};
}

export type ConfirmResult =
	| { ok: true; slug: string; fiches: number; organisationsCreated: number }
	| { ok: false; reason: 'forbidden' | 'slug_taken' };

/** Creates the new scheme from a checked document, in one transaction, recorded in the history. */
export async function confirmPlanImport(
	db: Db,
	user: CurrentUser,
	doc: PlanDocument
): Promise<ConfirmResult> {
	if (!can(user, 'platform.manage', PLATFORM)) return { ok: false, reason: 'forbidden' };
	if (await findSchemeBySlug(db, doc.scheme.slug)) return { ok: false, reason: 'slug_taken' };
	try {
		const result = await importPlanDocument(db, doc, actorOf(user));
		return {
			ok: true,
			slug: doc.scheme.slug,
			fiches: result.fiches,
			organisationsCreated: result.organisationsCreated
		};
	} catch (error) {
		// Created by someone else between the check and the write: the transaction left nothing.
		if (String(error).includes('UNIQUE') && (await findSchemeBySlug(db, doc.scheme.slug))) {
			return { ok: false, reason: 'slug_taken' };
		}
		throw error;
	}
}
